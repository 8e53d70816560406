"""Sweeps: parallel equals one by one, a killed sweep resumes, a failed job is counted, submitit runs."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from experiments.config import CONFIG_DIR
from experiments.gather import find_jobs, gather, job_status, parameters
from experiments.outputs import MANIFEST, is_complete, sha256
from experiments.sweep import DEFAULTS, sweep_arguments

ENV = {"PYTHONPATH": str(CONFIG_DIR.parent), "PATH": "/usr/bin:/bin"}
KEYS = {"results": ["scenario", "seed", "step"], "by_country": ["scenario", "seed", "step", "iso3"]}


def sweep_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "experiments.sweep", *arguments]


def run_sweep(cwd: Path, *arguments: str) -> str:
    result = subprocess.run(
        sweep_command(*arguments), cwd=cwd, capture_output=True, text=True, timeout=300, env=ENV
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def read_tables(sweep_dir: Path) -> dict[str, pd.DataFrame]:
    return {
        kind: pd.read_parquet(sweep_dir / f"{kind}.parquet").sort_values(keys).reset_index(drop=True)
        for kind, keys in KEYS.items()
    }


def test_parallel_sweep_gathers_the_same_table_as_jobs_run_one_by_one(tmp_path):
    parallel = tmp_path / "parallel"
    line = run_sweep(
        tmp_path, "experiment=smoke", f"hydra.sweep.dir={parallel}", "hydra.launcher.n_jobs=2"
    )
    assert line == f"sweep smoke: 0 skipped, 4 run, 0 failed; results: {parallel / 'results.parquet'}"
    one_by_one = tmp_path / "one_by_one"
    run_sweep(tmp_path, "experiment=smoke", f"hydra.sweep.dir={one_by_one}", "hydra/launcher=basic")

    tables = read_tables(parallel)
    for kind, table in read_tables(one_by_one).items():
        pd.testing.assert_frame_equal(tables[kind], table)
    results = tables["results"]
    assert list(results.columns[:5]) == ["experiment", "scenario", "seed", "step", "date"]
    assert set(results.scenario) == {"baseline", "unilateral_crackdown"}
    assert results.groupby("scenario").seed.unique().map(sorted).tolist() == [[1, 2], [1, 2]]
    assert len(results) == 4 * 8 and set(results.experiment) == {"smoke"}
    assert tables["by_country"].iso3.nunique() == 10
    record = json.loads((parallel / "sweep.json").read_text())
    assert record["counts"] == {"skipped": 0, "run": 4, "failed": 0, "incomplete": 0}
    assert {"scenario=baseline", "seed=1"} <= set(record["jobs"][0]["overrides"])
    assert record["git_commit"] and "hydra-core" in record["versions"]
    assert is_complete(parallel) and not list(parallel.rglob("figures"))


def test_killed_sweep_resumes_without_running_a_job_twice(tmp_path):
    arguments = ["scenario=baseline,unilateral_crackdown", "seed=1,2", "world=mekong", "run.weeks=150"]
    arguments += ["hydra.sweep.dir=sweep", "hydra.launcher.n_jobs=2"]
    process = subprocess.Popen(
        sweep_command(*arguments),
        cwd=tmp_path,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not list((tmp_path / "sweep").glob(f"jobs/*/{MANIFEST}")) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()

    done = {
        job.folder: (job.manifest, (job.folder / MANIFEST).stat().st_mtime_ns)
        for job in find_jobs(tmp_path / "sweep")
        if job.manifest
    }
    assert 1 <= len(done) < 4
    line = run_sweep(tmp_path, *arguments)
    assert line.startswith(f"sweep sweep: {len(done)} skipped, {4 - len(done)} run, 0 failed;")
    jobs = find_jobs(tmp_path / "sweep")
    assert len(jobs) == 4 and all(job.manifest for job in jobs)
    for folder, (digest, mtime) in done.items():
        assert (sha256(folder / MANIFEST), (folder / MANIFEST).stat().st_mtime_ns) == (digest, mtime)
    assert not list((tmp_path / "sweep").rglob(".staging-*"))
    assert len(pd.read_parquet(tmp_path / "sweep" / "results.parquet")) == 4 * 150


def test_a_failed_job_is_counted_and_the_others_are_gathered(tmp_path):
    line = run_sweep(
        tmp_path, "world=mekong", "run.weeks=3", "victims.p_escape=0.01,1.5", "hydra.sweep.dir=sweep"
    )
    assert line.startswith("sweep sweep: 0 skipped, 1 run, 1 failed;")
    job = tmp_path / "sweep" / "jobs" / "run.weeks=3,victims.p_escape=1.5,world=mekong"
    failed = json.loads((job / "failed.json").read_text())
    assert failed == {"error": "ConfigError: victims.p_escape: 1.5 is out of range; allowed: [0.0, 1.0]"}
    results = pd.read_parquet(tmp_path / "sweep" / "results.parquet")
    assert len(results) == 3
    assert results[["victims.p_escape", "world", "run.weeks"]].drop_duplicates().values.tolist() == [
        [0.01, "mekong", 3]
    ]
    record = json.loads((tmp_path / "sweep" / "sweep.json").read_text())
    assert sorted(job["status"] for job in record["jobs"]) == ["failed", "run"]


def test_submitit_local_launcher_runs_a_sweep(tmp_path):
    pytest.importorskip("hydra_plugins.hydra_submitit_launcher")
    arguments = ["world=mekong", "run.weeks=2", "seed=1,2", "hydra/launcher=submitit_local"]
    line = run_sweep(tmp_path, *arguments, "hydra.sweep.dir=sweep")
    assert line.startswith("sweep sweep: 0 skipped, 2 run, 0 failed;")
    assert sorted(pd.read_parquet(tmp_path / "sweep" / "results.parquet").seed.unique()) == [1, 2]


def test_sweep_arguments_add_defaults_the_user_did_not_set():
    arguments = sweep_arguments(["seed=1,2", "output.figures=true", "hydra/launcher=basic"])
    assert arguments[0] == "--multirun"
    assert arguments[-3:] == ["seed=1,2", "output.figures=true", "hydra/launcher=basic"]
    assert "output.events=false" in arguments and "output.figures=false" not in arguments
    assert not any(a.startswith("hydra/launcher=joblib") for a in arguments)
    assert len(sweep_arguments(["-m"])) == 1 + len(DEFAULTS)
    assert "--multirun" not in sweep_arguments(["--cfg", "hydra"])


def test_parameters_are_resolved_values_or_group_options():
    config = {"victims": {"p_escape": 0.01}, "run": {"weeks": 3}}
    overrides = ["scenario=baseline", "seed=2", "output.events=false", "world=mekong"]
    assert parameters([*overrides, "victims.p_escape=1e-2", "+run.weeks=3"], config) == {
        "world": "mekong",
        "victims.p_escape": 0.01,
        "run.weeks": 3,
    }


def test_a_folder_without_a_valid_manifest_is_not_gathered(tmp_path):
    folder = tmp_path / "jobs" / "seed=1"
    (folder / ".hydra").mkdir(parents=True)
    (folder / ".hydra" / "overrides.yaml").write_text("- seed=1\n")
    (folder / "timeseries.parquet").write_text("half")
    (folder / MANIFEST).write_text(json.dumps({"files": {"timeseries.parquet": "0" * 64}}))
    jobs = find_jobs(tmp_path)
    assert [job_status(job, {}) for job in jobs] == ["incomplete"]
    assert gather(jobs, "x")["results"].empty
