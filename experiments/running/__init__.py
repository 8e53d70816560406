"""One run: building and running the model, writing its tables, figures and manifest; the gallery."""
