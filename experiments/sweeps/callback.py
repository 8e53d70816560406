"""The sweep's progress bar while it runs, and its gathering and summary when it ends.

At the end :class:`SweepCallback` writes ``results.parquet``, ``by_country.parquet`` and ``sweep.json``
into the sweep folder (:func:`experiments.sweeps.gather.write_sweep`; the ``experiment`` column is the
experiment's name, or the sweep folder's name without one) and prints the first failed jobs' errors
and how many jobs were skipped, run (and of those rerun because stale) and failed.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import Any

from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig
from tqdm import tqdm

from experiments.sweeps.gather import STALE, STATUSES, find_jobs, finished_jobs, write_sweep
from experiments.sweeps.hydra_internals import BasicSweeper

FAILURES_SHOWN = 5  # failed jobs whose error the summary prints
# The counts of the last sweep of this process (``STATUSES`` and ``STALE``), set by SweepCallback.
COUNTS: dict[str, int] | None = None


class SweepCallback(Callback):
    """Shows the sweep's progress while it runs; gathers its jobs and reports them when it ends."""

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Note which jobs are complete already and start the progress bar."""
        self.sweep_dir = Path(config.hydra.sweep.dir).absolute()
        self.before = {job.folder: job.manifest for job in find_jobs(self.sweep_dir)}
        self.progress = Progress(self.sweep_dir, expected_jobs(config))

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Gather the jobs; print the first failures, the counts and where the results are."""
        global COUNTS
        self.progress.close()
        experiment = config.hydra.runtime.choices.get("experiment") or self.sweep_dir.name
        record = write_sweep(
            self.sweep_dir, experiment, self.before, sys.argv, started=self.progress.started
        )
        COUNTS = record["counts"]
        failures = [job for job in record["jobs"] if job["status"] == "failed"]
        for job in failures[:FAILURES_SHOWN]:
            print(f"failed {job['folder']}: {job['error']}")
        if len(failures) > FAILURES_SHOWN:
            print(f"... and {len(failures) - FAILURES_SHOWN} more failed jobs (sweep.json lists them)")
        print(f"sweep {experiment}: {summary(COUNTS)}; results: {self.sweep_dir / 'results.parquet'}")

    def __getstate__(self) -> dict:
        # Launchers send the callbacks to the jobs, which need none of the parent's progress state.
        return {}


def summary(counts: dict[str, int]) -> str:
    """``3 skipped, 1 run, 0 failed``, then the incomplete and the stale reruns if there are any."""
    shown = [f"{counts[name]} {name}" for name in STATUSES if counts[name] or name != "incomplete"]
    if counts[STALE]:
        shown.append(f"{counts[STALE]} rerun (stale)")
    return ", ".join(shown)


def expected_jobs(config: DictConfig) -> int | None:
    """The number of jobs of the sweep if Hydra's basic sweeper runs it (a grid), else None."""
    sweeper = config.hydra.sweeper
    if sweeper._target_ != f"{BasicSweeper.__module__}.{BasicSweeper.__name__}":
        return None
    params = [f"{key}={value}" for key, value in (sweeper.params or {}).items()]
    parser = OverridesParser.create(config_loader=GlobalHydra.instance().config_loader())
    overrides = parser.parse_overrides([*params, *config.hydra.overrides.task])
    return sum(len(batch) for batch in BasicSweeper.split_arguments(overrides, None))


class Progress:
    """A tqdm bar of the jobs this sweep has finished (skipped, run or failed), counted every 0.5 s."""

    def __init__(self, sweep_dir: Path, total: int | None) -> None:
        self.sweep_dir = sweep_dir
        self.started = time.time()
        self.bar = tqdm(total=total, desc="sweep", unit="job")
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        while not self.stopped.wait(0.5):
            self._refresh()

    def _refresh(self) -> None:
        self.bar.n = finished_jobs(self.sweep_dir, since=self.started)
        self.bar.refresh()

    def close(self) -> None:
        """Stop counting, show the final count and close the bar."""
        self.stopped.set()
        self.thread.join()
        self._refresh()
        self.bar.close()
