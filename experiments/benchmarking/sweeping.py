"""The benchmark's sweep mode: throughput of a sweep on this machine's cores, and a job's start-up.

``quick_comparison`` (25 jobs: five scenarios x seeds 1-5, the default world at 40 persons per
agent, 2020-2026) is swept twice into temporary folders, with Hydra's basic launcher (jobs one after
another in one process) and with the joblib launcher's ``n_jobs`` workers; each sweep's wall time is
measured from the command's start to its end. A job's start-up is measured in a fresh Python process:
importing the sweep's code, composing one job's config with Hydra, and building its world (which a
worker does once, ``experiments.running.experiment.world_for``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from experiments.common.paths import CONFIG_DIR

START_UP = """
import json, time
start = time.perf_counter()
import experiments.sweep, experiments.running.experiment  # noqa: F401
from experiments.common.config import compose_config
from model.world import build_world
imported = time.perf_counter()
config = compose_config(["experiment=quick_comparison"])
composed = time.perf_counter()
build_world(config.world)
built = time.perf_counter()
print(json.dumps({"imports_s": imported - start, "compose_s": composed - imported,
                  "world_s": built - composed}))
"""


def timed_sweep(folder: Path, launcher: list[str]) -> float:
    """Wall seconds of ``experiment=quick_comparison`` swept into ``folder`` with ``launcher``."""
    command = [
        sys.executable,
        "-m",
        "experiments.sweep",
        "experiment=quick_comparison",
        f"hydra.sweep.dir={folder}",
        *launcher,
    ]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=CONFIG_DIR.parent)
    return time.perf_counter() - start


def run_sweeps(workers: int) -> dict:
    """Start-up of one job, and the basic and joblib sweeps' wall times and their ratio."""
    output = subprocess.run(
        [sys.executable, "-c", START_UP],
        check=True,
        capture_output=True,
        text=True,
        cwd=CONFIG_DIR.parent,
    ).stdout
    result = {"start_up": json.loads(output.strip().splitlines()[-1]), "workers": workers}
    with tempfile.TemporaryDirectory(prefix="scamscape-sweeps-") as temporary:
        root = Path(temporary)
        result["basic_s"] = timed_sweep(root / "basic", ["hydra/launcher=basic"])
        result["joblib_s"] = timed_sweep(root / "joblib", [f"hydra.launcher.n_jobs={workers}"])
    result["speedup"] = result["basic_s"] / result["joblib_s"]
    return result
