"""ScamScape: a stylized agent-based model of the cyber-scam compound industry.

The simulation only: it never imports Hydra. Build a model with ``ScamScapeModel(Params(), rng=1)``.
"""

from model.model import ScamScapeModel
from model.params import ConfigError, Params

__all__ = ["ConfigError", "Params", "ScamScapeModel"]
