"""Sweeps: ``python -m experiments.sweep [experiment=NAME] [scenario=a,b] [seed=1,2] [key=v1,v2] ...``.

A Hydra multirun of :func:`experiments.running.experiment.run_experiment`, one job per combination of the
comma-separated values, each in its own folder ``jobs/<its overrides>`` under ``hydra.sweep.dir``
(``results/sweeps/NAME`` for ``experiment=NAME``, else ``results/sweeps/DATE/TIME``). Jobs run on
every core through hydra-joblib-launcher unless ``hydra/launcher=...`` names another launcher
(docs/cluster.md), and write no figures and no event log unless ``output.figures=true`` or
``output.events=true`` is given.

Before anything is launched, every override (sweeps included, and the grid of ``experiment=NAME``)
is checked for a misspelled key or an unknown config group option: one line on stderr, exit status 2,
no folder (:func:`experiments.sweeps.arguments.check_sweep_arguments`).

Rerunning a command into the same folder skips the jobs that are current: complete outputs made with
the job's present resolved config (``config_sha256`` of its manifest, without ``output``) at the
present git commit. Other jobs run; a stale one's old files are replaced atomically. A job that
raises writes its one-line error to ``failed.json`` and the others go on. At the end
:class:`~experiments.sweeps.callback.SweepCallback` writes ``results.parquet``, ``by_country.parquet``
and ``sweep.json`` into the sweep folder (:func:`experiments.sweeps.gather.write_sweep`; the
``experiment`` column is the experiment's name, or the sweep folder's name without one) and prints
the first failed jobs' errors and how many jobs were skipped, run (and of those rerun because stale)
and failed. The command exits with status 1 if a job failed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from experiments.common.config import register_schema
from experiments.sweeps import callback
from experiments.sweeps.arguments import check_sweep_arguments, sweep_arguments
from experiments.sweeps.job import run_job

register_schema()


@hydra.main(version_base="1.3", config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> str:
    """One job in its folder: skipped, run or failed (:func:`experiments.sweeps.job.run_job`)."""
    return run_job(cfg, Path(HydraConfig.get().runtime.output_dir))


if __name__ == "__main__":
    check_sweep_arguments(sys.argv[1:])
    sys.argv[1:] = sweep_arguments(sys.argv[1:])
    main()
    if callback.COUNTS and callback.COUNTS["failed"]:
        sys.exit(1)
