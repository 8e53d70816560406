"""Running a sweep from another runner (calibration, reproduction, sensitivity analysis).

The runners do not schedule jobs themselves: they launch ``python -m experiments.sweep`` with their
grid, so jobs run through the same Hydra launcher as every sweep (joblib on every core by default,
Slurm or Ray with ``hydra/launcher=...``), resume when rerun, and show the sweep's progress bar.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Collection
from pathlib import Path

import pandas as pd

from experiments.common.cli import StepError
from experiments.common.paths import PROJECT_ROOT
from experiments.sweeps.gather import jobs_finished_since


class SweepError(StepError):
    """The sweep exited with an error (it printed its own message); ``status`` is its exit status."""


def run_sweep(
    sweep_dir: Path, overrides: list[str], countries: Collection[str] = ()
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run a sweep into ``sweep_dir`` and return the rows of its jobs from the gathered tables.

    The folder may hold jobs of earlier sweeps with other overrides (the sweep gathers them all):
    only the rows of the jobs this sweep ran or skipped are returned. Only the rows of ``countries``
    (ISO3) are read from ``by_country`` (none if empty): the whole table of a large sweep takes
    gigabytes (runs x weeks x 173 countries).

    Returns:
        ``results`` and ``by_country``, with the columns of :func:`experiments.gather.gather`.

    Raises:
        SweepError: the sweep rejected its input (status 2) or a job failed (status 1).
    """
    command = [sys.executable, "-m", "experiments.sweep", f"hydra.sweep.dir={sweep_dir}", *overrides]
    started = time.time()
    status = subprocess.run(command, cwd=PROJECT_ROOT, check=False).returncode
    if status:
        raise SweepError(f"the sweep in {sweep_dir} exited with status {status} (see above)", status)
    jobs = jobs_finished_since(sweep_dir, started)
    results = pd.read_parquet(sweep_dir / "results.parquet", filters=[("job", "in", jobs)])
    if not countries:
        return results, pd.DataFrame(columns=["job", "iso3", "date", "scenario", "seed"])
    by_country = pd.read_parquet(
        sweep_dir / "by_country.parquet",
        filters=[("job", "in", jobs), ("iso3", "in", sorted(countries))],
    )
    return results, by_country
