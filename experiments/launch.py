"""Running a sweep from another runner (calibration, reproduction, sensitivity analysis).

The runners do not schedule jobs themselves: they launch ``python -m experiments.sweep`` with their
grid, so jobs run through the same Hydra launcher as every sweep (joblib on every core by default,
Slurm or Ray with ``hydra/launcher=...``), resume when rerun, and show the sweep's progress bar.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from experiments.config import CONFIG_DIR


class SweepError(RuntimeError):
    """The sweep exited with an error (its own message has been printed)."""


def run_sweep(
    sweep_dir: Path, overrides: list[str], countries: Collection[str] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run a sweep into ``sweep_dir`` and return its gathered ``results`` and ``by_country`` tables.

    Only the rows of ``countries`` (ISO3) are read from ``by_country``: the whole table of a large
    sweep takes gigabytes (runs x weeks x 173 countries).

    Raises:
        SweepError: the sweep rejected its input (exit 2) or a job failed (exit 1).
    """
    command = [sys.executable, "-m", "experiments.sweep", f"hydra.sweep.dir={sweep_dir}", *overrides]
    status = subprocess.run(command, cwd=CONFIG_DIR.parent, check=False).returncode
    if status:
        raise SweepError(f"the sweep in {sweep_dir} exited with status {status} (see above)")
    by_country = pd.read_parquet(
        sweep_dir / "by_country.parquet", filters=[("iso3", "in", sorted(countries) or [""])]
    )
    return pd.read_parquet(sweep_dir / "results.parquet"), by_country
