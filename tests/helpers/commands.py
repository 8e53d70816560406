"""The commands users know: the modules right under ``experiments/`` (``python -m experiments.NAME``)."""

from experiments.common.paths import PROJECT_ROOT

COMMAND_MODULES = sorted(
    path.stem for path in (PROJECT_ROOT / "experiments").glob("*.py") if path.stem != "__init__"
)
"""Every command module; ``experiments.app`` (a package with ``__main__``) is a command too."""
