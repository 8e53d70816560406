"""The only home of the private Hydra APIs the sweep code needs; checked against hydra-core 1.3.8.

Hydra has no public API for these two, so they are imported here and nowhere else, and
``tests/sweeps/test_hydra_internals.py`` fails loudly if a Hydra release moves or changes them:

* ``get_args_parser``: Hydra's own command-line parser, so a sweep's arguments are checked before
  launch exactly as Hydra will read them (``experiments/sweeps/arguments.py``);
* ``BasicSweeper``: the default sweeper's name and its ``split_arguments``, which expands a sweep's
  overrides into its jobs, so the progress bar knows how many to expect
  (``experiments/sweeps/callback.py``).
"""

from __future__ import annotations

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra._internal.utils import get_args_parser

CHECKED_HYDRA_VERSION = "1.3.8"
"""The hydra-core release these imports were checked against (``pyproject.toml`` pins <1.4)."""

__all__ = ["CHECKED_HYDRA_VERSION", "BasicSweeper", "get_args_parser"]
