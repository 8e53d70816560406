"""One job of a sweep: run it in its folder unless that folder already holds its current outputs.

A job is current when its folder holds complete outputs made with the job's present resolved config
(``config_sha256`` of its manifest, without ``output``) at the present git commit. Other jobs run; a
stale one's old files are replaced atomically. A job that raises writes its one-line error to
``failed.json`` and the others go on. Whatever the outcome, the job touches its
:data:`~experiments.sweeps.gather.FINISHED` marker last, which the sweep's progress bar counts.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from experiments.common.atomic import MANIFEST, is_complete, write_json
from experiments.common.design import apply_design
from experiments.common.provenance import git_commit, run_config_digest
from experiments.running.experiment import run_experiment
from experiments.sweeps.gather import FAILED, FINISHED
from model import ConfigError

log = logging.getLogger("experiments.sweep")


def is_current(run_dir: Path, resolved: dict) -> bool:
    """Whether a complete job folder was made with this resolved config and the present git commit."""
    manifest = json.loads((run_dir / MANIFEST).read_text())
    same_config = manifest.get("config_sha256") == run_config_digest(resolved)
    return same_config and manifest.get("git_commit") == git_commit()


def run_job(cfg: DictConfig, run_dir: Path) -> str:
    """The job of ``cfg`` in ``run_dir``, with its finished marker touched last.

    Returns:
        "skipped", "run" or "failed" (a failure is written to ``failed.json``, not raised).
    """
    try:
        return _job(cfg, run_dir)
    finally:
        (run_dir / FINISHED).touch()


def _job(cfg: DictConfig, run_dir: Path) -> str:
    """The job of ``cfg`` in ``run_dir``: skipped, run or failed."""
    try:
        apply_design(cfg)
    except ConfigError as error:
        write_json(run_dir / FAILED, {"error": f"ConfigError: {error}"})
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
        write_json(run_dir / FAILED, {"error": message})
        return "failed"
    return "run"
