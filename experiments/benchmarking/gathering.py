"""The benchmark's gathering mode: memory and time of gathering a sweep of many jobs.

One small job (``experiment=smoke``'s first: the Mekong world, 16 weeks) is run once into a
temporary folder, then copied ``n`` times into a sweep folder (hard links: its files are the same
bytes, the copies differ by their overrides), and each sweep folder is gathered in a fresh Python
process (:func:`experiments.sweeps.gather.write_sweep`), which reports its own peak memory. Gathering
reads one job's tables at a time and streams them to the sweep's files, so the peak should stay flat
from tens of jobs to thousands.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from experiments.common.paths import CONFIG_DIR

GATHER = """
import json, resource, sys, time
from pathlib import Path
from experiments.sweeps.gather import write_sweep
start = time.perf_counter()
record = write_sweep(Path(sys.argv[1]), "gathering", {}, [])
print(json.dumps({"jobs": sum(record["counts"].values()) - record["counts"]["stale"],
                  "seconds": time.perf_counter() - start,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def one_job(folder: Path) -> Path:
    """Run smoke's first job (baseline, seed 1) as a sweep in ``folder``; return its job folder."""
    command = [
        sys.executable,
        "-m",
        "experiments.sweep",
        "experiment=smoke",
        "scenario=baseline",
        "seed=1",
        f"hydra.sweep.dir={folder}",
        "hydra/launcher=basic",
    ]
    subprocess.run(command, check=True, capture_output=True, cwd=CONFIG_DIR.parent)
    return next(path.parent.parent for path in folder.rglob(".hydra/overrides.yaml"))


def copies(job: Path, sweep: Path, n: int) -> None:
    """``n`` copies of ``job`` in ``sweep`` (files hard-linked, overrides told apart by the seed)."""
    for k in range(n):
        copy = sweep / f"job_{k}"
        (copy / ".hydra").mkdir(parents=True)
        for path in job.iterdir():
            if path.is_file():
                os.link(path, copy / path.name)
        (copy / ".hydra" / "overrides.yaml").write_text(f"- scenario=baseline\n- seed={k + 1}\n")


def run_gathering(counts: list[int]) -> list[dict]:
    """Gather sweeps of ``counts`` jobs each; per count, the jobs gathered, seconds and peak MiB."""
    results = []
    with tempfile.TemporaryDirectory(prefix="scamscape-gathering-") as temporary:
        root = Path(temporary)
        job = one_job(root / "source")
        for n in counts:
            sweep = root / f"sweep_{n}"
            start = time.perf_counter()
            copies(job, sweep, n)
            made_s = time.perf_counter() - start
            output = subprocess.run(
                [sys.executable, "-c", GATHER, str(sweep)],
                check=True,
                capture_output=True,
                text=True,
                cwd=CONFIG_DIR.parent,
            ).stdout
            results.append({"copied_s": made_s, **json.loads(output.strip().splitlines()[-1])})
    return results
