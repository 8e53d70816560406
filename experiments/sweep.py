"""Sweeps: ``python -m experiments.sweep [experiment=NAME] [scenario=a,b] [seed=1,2] [key=v1,v2] ...``.

A Hydra multirun of :func:`experiments.run.run_experiment`, one job per combination of the
comma-separated values, each in its own folder ``jobs/<its overrides>`` under ``hydra.sweep.dir``
(``results/sweeps/NAME`` for ``experiment=NAME``, else ``results/sweeps/DATE/TIME``). Jobs run on
every core through hydra-joblib-launcher unless ``hydra/launcher=...`` names another launcher
(docs/cluster.md), and write no figures and no event log unless ``output.figures=true`` or
``output.events=true`` is given.

Before anything is launched, every override (sweeps included, and the grid of ``experiment=NAME``)
is checked for a misspelled key or an unknown config group option: one line on stderr, exit status 2,
no folder (:func:`check_sweep_arguments`).

Rerunning a command into the same folder skips the jobs that are current: complete outputs made with
the job's present resolved config (``config_sha256`` of its manifest, without ``output``) at the
present git commit. Other jobs run; a stale one's old files are replaced atomically. A job that
raises writes its one-line error to ``failed.json`` and the others go on. At the end
:class:`SweepCallback` writes ``results.parquet``, ``by_country.parquet`` and ``sweep.json`` into
the sweep folder (:func:`experiments.gather.write_sweep`; the ``experiment`` column is the
experiment's name, or the sweep folder's name without one) and prints the first failed jobs' errors
and how many jobs were skipped, run (and of those rerun because stale) and failed. The command exits
with status 1 if a job failed.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

import hydra
from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra._internal.utils import get_args_parser
from hydra.core.global_hydra import GlobalHydra
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Glob, Override
from hydra.errors import HydraException, OverrideParseException
from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf
from tqdm import tqdm

from experiments.cli import fail
from experiments.config import CONFIG_DIR
from experiments.design import apply_design
from experiments.gather import (
    FAILED,
    FINISHED,
    STALE,
    STATUSES,
    find_jobs,
    finished_jobs,
    write_sweep,
)
from experiments.outputs import MANIFEST, config_digest, git_commit, is_complete
from experiments.run import PROJECT_ROOT, check_group_choices, check_keys, one_line, run_experiment
from model import ConfigError

log = logging.getLogger("experiments.sweep")  # also when run as __main__

# Set for every sweep unless the command line sets the same key.
DEFAULTS = {
    "hydra/launcher": "joblib",
    "hydra.sweep.subdir": "jobs/${hydra.job.override_dirname}",
    "hydra.job.config.override_dirname.exclude_keys": (
        "[experiment,output.progress,output.figures,output.events,design.table]"
    ),
    "+hydra.callbacks.sweep": "{_target_:experiments.sweep.SweepCallback}",
    "output.progress": "false",
    "output.figures": "false",
    "output.events": "false",
    # No "[HYDRA] #n : ..." line per job; warnings and errors still show.
    "hydra.hydra_logging.root.level": "WARNING",
    # Jobs log their info lines to their sweep.log only.
    "++hydra.job_logging.handlers.console.level": "WARNING",
}
FAILURES_SHOWN = 5  # failed jobs whose error the summary prints
# The counts of the last sweep of this process (``STATUSES`` and ``STALE``), set by SweepCallback.
COUNTS: dict[str, int] | None = None
# Hydra's modes other than --multirun (``--cfg hydra`` shows the sweep's composed config).
OTHER_MODES = {"--run", "-r", "--cfg", "-c", "--info", "-i", "--shell-completion", "-sc"}


def sweep_arguments(arguments: list[str]) -> list[str]:
    """The multirun's command line: ``--multirun``, each default the user did not set, then theirs.

    A default is set by the user if they give its key, or choose the config group it lies in
    (``hydra/job_logging=disabled`` sets ``hydra.job_logging.*``).
    """
    given = {argument.partition("=")[0].lstrip("+~") for argument in arguments}

    def user_sets(key: str) -> bool:
        key = key.lstrip("+")
        return any(key == g or key.startswith(g.replace("/", ".") + ".") for g in given)

    defaults = [f"{key}={value}" for key, value in DEFAULTS.items() if not user_sets(key)]
    mode = [] if OTHER_MODES & set(arguments) else ["--multirun"]
    return [*mode, *defaults, *(a for a in arguments if a not in ("-m", "--multirun"))]


def check_sweep_arguments(arguments: list[str]) -> None:
    """Check a sweep's overrides before launching; on a fault print one line on stderr and exit 2.

    Every key must be a field of the schema (``+key`` too) and every value of a config group
    (``scenario=a,b``, ``choice(...)``, an experiment's ``hydra.sweeper.params``) one of its options.
    Values of other keys are checked by each job.
    """
    try:
        for override in task_overrides(get_args_parser().parse_args(arguments).overrides):
            key = override.key_or_group
            if (CONFIG_DIR / key).is_dir():
                check_group_choices([f"{key}={option}" for option in group_options(override)])
            else:
                check_keys([key])
    except ConfigError as error:
        fail(str(error))
    except OverrideParseException as error:
        fail(f"{error.override}: {one_line(error)}")
    except HydraException as error:
        fail(one_line(error))


def task_overrides(arguments: list[str]) -> list[Override]:
    """The parsed overrides of the model's config, followed by those of each ``experiment=NAME`` grid."""
    parser = OverridesParser.create()
    overrides = [o for o in parser.parse_overrides(arguments) if not o.is_hydra_override()]
    grids = []
    for override in overrides:
        if override.key_or_group != "experiment":
            continue
        check_group_choices([f"experiment={name}" for name in group_options(override)])
        for name in group_options(override):
            params = OmegaConf.select(
                OmegaConf.load(CONFIG_DIR / "experiment" / f"{name}.yaml"), "hydra.sweeper.params"
            )
            grids += [f"{key}={value}" for key, value in (params or {}).items()]
    return overrides + [o for o in parser.parse_overrides(grids) if not o.is_hydra_override()]


def group_options(override: Override) -> list[str]:
    """The options a config group override chooses (none for a glob: it matches only real ones)."""
    if override.is_sweep_override():
        if isinstance(override.value(), Glob) or not override.is_discrete_sweep():
            return []
        return list(override.sweep_string_iterator())
    value = override.value()
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values if v is not None]


def job_digest(resolved: dict) -> str:
    """The ``config_sha256`` that :func:`experiments.run.run_experiment` writes for a resolved config."""
    return config_digest({key: value for key, value in resolved.items() if key != "output"})


def is_current(run_dir: Path, resolved: dict) -> bool:
    """Whether a complete job folder was made with this resolved config and the present git commit."""
    manifest = json.loads((run_dir / MANIFEST).read_text())
    same_config = manifest.get("config_sha256") == job_digest(resolved)
    return same_config and manifest.get("git_commit") == git_commit(PROJECT_ROOT)


@hydra.main(version_base="1.3", config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> str:
    """One job: run it in its folder unless that already holds its current complete outputs.

    Whatever the outcome, the job touches its :data:`~experiments.gather.FINISHED` marker last, which
    the sweep's progress bar counts.

    Returns:
        "skipped", "run" or "failed" (a failure is written to ``failed.json``, not raised).
    """
    run_dir = Path(HydraConfig.get().runtime.output_dir)
    try:
        return job(cfg, run_dir)
    finally:
        (run_dir / FINISHED).touch()


def job(cfg: DictConfig, run_dir: Path) -> str:
    """The job of :func:`main` in ``run_dir``: skipped, run or failed."""
    try:
        apply_design(cfg)
    except ConfigError as error:
        _write_json(run_dir / FAILED, {"error": f"ConfigError: {error}"})
        return "failed"
    resolved = OmegaConf.to_container(cfg, resolve=True)
    if is_complete(run_dir):
        if is_current(run_dir, resolved):
            log.info("complete, skipped: %s", run_dir)
            (run_dir / FAILED).unlink(missing_ok=True)  # a failed rerun of a config now undone
            return "skipped"
        log.info("stale (config or git commit changed), rerun: %s", run_dir)
    (run_dir / FAILED).unlink(missing_ok=True)
    for staging in run_dir.glob(".staging-*"):  # left by a job killed while writing
        shutil.rmtree(staging, ignore_errors=True)
    try:
        run_experiment(OmegaConf.to_object(cfg), run_dir, resolved)
    except Exception as error:
        first_line = (str(error).strip().splitlines() or [""])[0]
        message = f"{type(error).__name__}: {first_line}"
        log.error("job failed: %s: %s", run_dir, message)
        log.info("traceback of the failure:", exc_info=True)  # into sweep.log only
        _write_json(run_dir / FAILED, {"error": message})
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


def _write_json(path: Path, content: dict) -> None:
    """Write ``content`` as JSON to ``path`` atomically (a temporary file renamed into place)."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(content, indent=2))
    os.replace(partial, path)


if __name__ == "__main__":
    check_sweep_arguments(sys.argv[1:])
    sys.argv[1:] = sweep_arguments(sys.argv[1:])
    main()
    # Hydra instantiated SweepCallback from the module experiments.sweep, not from this __main__.
    counts = importlib.import_module("experiments.sweep").COUNTS
    if counts and counts["failed"]:
        sys.exit(1)
