"""The speed benchmark: the model at full scale, and a plain-Mesa reference timed in the same run."""
