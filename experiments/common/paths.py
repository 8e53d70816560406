"""Where the project's folders are, worked out once from this file's place in the source tree."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
"""The project's root folder (the one holding ``configs/`` and ``results/``)."""
CONFIG_DIR = PROJECT_ROOT / "configs"
"""Hydra's config folder."""
RESULTS_DIR = PROJECT_ROOT / "results"
"""Generated outputs (git-ignored)."""
