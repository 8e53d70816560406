"""The interactive explorer: a Mesa ``SolaraViz`` page to watch the world and pull the levers.

``python -m experiments.app`` serves it (``page.py``); the model is the runners' model built from the
same Hydra config (``explorer.py``), the controls map to ``experiments.run`` overrides (``levers.py``).
Needs the ``viz`` extra: ``pip install -e ".[viz]"``.
"""
