"""Sweeps: ``python -m experiments.sweep [experiment=NAME] [scenario=a,b] [seed=1,2] [key=v1,v2] ...``.

A Hydra multirun of :func:`experiments.run.run_experiment`, one job per combination of the
comma-separated values, each in its own folder ``jobs/<its overrides>`` under ``hydra.sweep.dir``
(``results/sweeps/NAME`` for ``experiment=NAME``, else ``results/sweeps/DATE/TIME``). Jobs run on
every core through hydra-joblib-launcher unless ``hydra/launcher=...`` names another launcher
(docs/cluster.md), and write no figures and no event log unless ``output.figures=true`` or
``output.events=true`` is given.

Rerunning a command into the same folder runs only the jobs without complete outputs. A job that
raises writes its one-line error to ``failed.json`` and the others go on. At the end
:class:`SweepCallback` writes ``results.parquet``, ``by_country.parquet`` and ``sweep.json`` into
the sweep folder (:func:`experiments.gather.write_sweep`; the ``experiment`` column is the
experiment's name, or the sweep folder's name without one) and prints how many jobs were skipped,
run and failed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

import hydra
from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.global_hydra import GlobalHydra
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf
from tqdm import tqdm

from experiments.gather import FAILED, find_jobs, finished_jobs, write_sweep
from experiments.outputs import is_complete
from experiments.run import run_experiment

log = logging.getLogger("experiments.sweep")  # also when run as __main__

# Set for every sweep unless the command line sets the same key.
DEFAULTS = {
    "hydra/launcher": "joblib",
    "hydra.sweep.subdir": "jobs/${hydra.job.override_dirname}",
    "hydra.job.config.override_dirname.exclude_keys": (
        "[experiment,output.progress,output.figures,output.events]"
    ),
    "+hydra.callbacks.sweep": "{_target_:experiments.sweep.SweepCallback}",
    "output.progress": "false",
    "output.figures": "false",
    "output.events": "false",
}
# Hydra's modes other than --multirun (``--cfg hydra`` shows the sweep's composed config).
OTHER_MODES = {"--run", "-r", "--cfg", "-c", "--info", "-i", "--shell-completion", "-sc"}


def sweep_arguments(arguments: list[str]) -> list[str]:
    """The multirun's command line: ``--multirun``, each default the user did not set, then theirs."""
    given = {argument.partition("=")[0].lstrip("+~") for argument in arguments}
    defaults = [f"{key}={value}" for key, value in DEFAULTS.items() if key.lstrip("+") not in given]
    mode = [] if OTHER_MODES & set(arguments) else ["--multirun"]
    return [*mode, *defaults, *(a for a in arguments if a not in ("-m", "--multirun"))]


@hydra.main(version_base="1.3", config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> str:
    """One job: run it in its folder unless that already holds its complete outputs.

    Returns:
        "skipped", "run" or "failed" (a failure is written to ``failed.json``, not raised).
    """
    run_dir = Path(HydraConfig.get().runtime.output_dir)
    if is_complete(run_dir):
        log.info("complete, skipped: %s", run_dir)
        return "skipped"
    (run_dir / FAILED).unlink(missing_ok=True)
    for staging in run_dir.glob(".staging-*"):  # left by a job killed while writing
        shutil.rmtree(staging, ignore_errors=True)
    try:
        run_experiment(OmegaConf.to_object(cfg), run_dir, OmegaConf.to_container(cfg, resolve=True))
    except Exception as error:
        log.exception("job failed: %s", run_dir)
        first_line = (str(error).strip().splitlines() or [""])[0]
        _write_json(run_dir / FAILED, {"error": f"{type(error).__name__}: {first_line}"})
        return "failed"
    return "run"


class SweepCallback(Callback):
    """Shows the sweep's progress while it runs; gathers its jobs and reports them when it ends."""

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Note which jobs are complete already and start the progress bar."""
        self.sweep_dir = Path(config.hydra.sweep.dir).absolute()
        self.before = {job.folder: job.manifest for job in find_jobs(self.sweep_dir)}
        self.progress = Progress(self.sweep_dir, expected_jobs(config))

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Gather the jobs; print the counts and where the results are."""
        self.progress.close()
        experiment = config.hydra.runtime.choices.get("experiment") or self.sweep_dir.name
        counts = write_sweep(self.sweep_dir, experiment, self.before, sys.argv)
        summary = ", ".join(f"{n} {name}" for name, n in counts.items() if n or name != "incomplete")
        print(f"sweep {experiment}: {summary}; results: {self.sweep_dir / 'results.parquet'}")

    def __getstate__(self) -> dict:
        # Launchers send the callbacks to the jobs, which need none of the parent's progress state.
        return {}


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
    """A tqdm bar of the jobs finished (complete or failed), counted in the sweep folder every 0.5 s."""

    def __init__(self, sweep_dir: Path, total: int | None) -> None:
        self.sweep_dir = sweep_dir
        self.bar = tqdm(total=total, initial=finished_jobs(sweep_dir), desc="sweep", unit="job")
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)
        self.thread.start()

    def _poll(self) -> None:
        while not self.stopped.wait(0.5):
            self._refresh()

    def _refresh(self) -> None:
        self.bar.n = finished_jobs(self.sweep_dir)
        self.bar.refresh()

    def close(self) -> None:
        """Stop counting, show the final count and close the bar."""
        self.stopped.set()
        self.thread.join()
        self._refresh()
        self.bar.close()


def _write_json(path: Path, content: dict) -> None:
    """Write ``content`` as JSON to ``path`` atomically (a temporary file renamed into place)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(content, indent=2))
    os.replace(partial, path)


if __name__ == "__main__":
    sys.argv[1:] = sweep_arguments(sys.argv[1:])
    main()
