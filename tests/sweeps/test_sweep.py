"""Sweeps: parallel equals one by one, a killed sweep resumes, stale jobs rerun, bad input is refused,
a failed job is counted and fails the command, submitit runs."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from experiments.common.atomic import MANIFEST, is_complete, write_run
from experiments.common.paths import CONFIG_DIR
from experiments.common.provenance import run_config_digest, sha256
from experiments.sweeps.arguments import DEFAULTS, check_sweep_arguments, sweep_arguments
from experiments.sweeps.gather import (
    FAILED,
    ZONE_VALUES,
    find_jobs,
    finished_jobs,
    gather,
    job_status,
    parameters,
)

ENV = {"PYTHONPATH": str(CONFIG_DIR.parent), "PATH": "/usr/bin:/bin"}
KEYS = {
    "results": ["scenario", "seed", "step"],
    "by_country": ["scenario", "seed", "step", "iso3"],
    "by_zone": ["scenario", "seed", "step", "zone"],
}


def sweep_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "experiments.sweep", *arguments]


def run_sweep(cwd: Path, *arguments: str, status: int = 0, env: dict | None = None) -> str:
    """Run a sweep, check its exit status and return the last line it printed (the summary)."""
    return run_sweep_lines(cwd, *arguments, status=status, env=env)[-1]


def run_sweep_lines(cwd: Path, *arguments: str, status: int = 0, env: dict | None = None) -> list[str]:
    result = subprocess.run(
        sweep_command(*arguments),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env or ENV,
    )
    assert result.returncode == status, result.stderr
    return result.stdout.strip().splitlines()


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
    in_memory = gather(find_jobs(parallel), "smoke", parallel)  # the file is streamed job by job
    for kind, table in in_memory.items():
        pd.testing.assert_frame_equal(pd.read_parquet(parallel / f"{kind}.parquet"), table)
    results = tables["results"]
    assert list(results.columns[:6]) == ["experiment", "scenario", "seed", "job", "step", "date"]
    assert all((parallel / job / "manifest.json").is_file() for job in results.job.unique())
    assert set(results.scenario) == {"baseline", "unilateral_crackdown"}
    assert results.groupby("scenario").seed.unique().map(sorted).tolist() == [[1, 2], [1, 2]]
    assert len(results) == 4 * 16 and set(results.experiment) == {"smoke"}
    assert str(results.date.min()) == "2023-10-02"  # four weeks before the crackdown starts
    assert tables["by_country"].iso3.nunique() == 10
    # by_zone keeps the zones with something in them; they add up to their countries
    zones, countries = tables["by_zone"], tables["by_country"]
    assert (zones[list(ZONE_VALUES)].to_numpy() != 0).any(axis=1).all()
    keys = ["scenario", "seed", "step", "iso3"]
    held = countries[countries.victims_held > 0].set_index(keys).victims_held
    pd.testing.assert_series_equal(
        zones.groupby(keys).victims_held.sum().reindex(held.index), held, check_dtype=False
    )
    record = json.loads((parallel / "sweep.json").read_text())
    assert record["counts"] == {"skipped": 0, "run": 4, "failed": 0, "incomplete": 0, "stale": 0}
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


def test_a_stale_job_is_rerun_and_a_current_one_skipped(tmp_path):
    arguments = ["world=mekong", "run.weeks=2", "seed=1,2,3,4", "hydra.sweep.dir=sweep"]
    run_sweep(tmp_path, *arguments, "hydra/launcher=basic")
    jobs = find_jobs(tmp_path / "sweep")
    folders = {next(o for o in job.overrides if o.startswith("seed")): job.folder for job in jobs}
    before = {seed: (f / MANIFEST).stat().st_mtime_ns for seed, f in folders.items()}
    manifests = {seed: json.loads((f / MANIFEST).read_text()) for seed, f in folders.items()}
    assert manifests["seed=1"]["config_sha256"] == run_config_digest(manifests["seed=1"]["config"])
    # seed=2: its config changed; seed=3: an old manifest without a digest; seed=4: the code changed.
    manifests["seed=2"]["config_sha256"] = "0" * 64
    del manifests["seed=3"]["config_sha256"]
    manifests["seed=4"]["git_commit"] = "0" * 40
    for seed in ("seed=2", "seed=3", "seed=4"):
        (folders[seed] / MANIFEST).write_text(json.dumps(manifests[seed]))

    rerun_started = time.time()
    assert finished_jobs(tmp_path / "sweep", since=rerun_started) == 0
    line = run_sweep(tmp_path, *arguments, "hydra/launcher=basic")
    assert line.startswith("sweep sweep: 1 skipped, 3 run, 0 failed, 3 rerun (stale);")
    # The progress bar counts the jobs this sweep ended, skipped and stale reruns alike.
    assert finished_jobs(tmp_path / "sweep", since=rerun_started) == 4
    assert (folders["seed=1"] / MANIFEST).stat().st_mtime_ns == before["seed=1"]
    for seed in ("seed=2", "seed=3", "seed=4"):
        manifest = json.loads((folders[seed] / MANIFEST).read_text())
        assert manifest["config_sha256"] == run_config_digest(manifest["config"])
        assert manifest["git_commit"] == manifests["seed=1"]["git_commit"] and is_complete(folders[seed])
    record = json.loads((tmp_path / "sweep" / "sweep.json").read_text())
    assert record["counts"] == {"skipped": 1, "run": 3, "failed": 0, "incomplete": 0, "stale": 3}
    assert [job.get("stale", False) for job in record["jobs"]] == [False, True, True, True]
    assert len(pd.read_parquet(tmp_path / "sweep" / "results.parquet")) == 4 * 2


def test_a_job_that_failed_after_being_complete_is_failed_and_not_gathered(tmp_path):
    folder = tmp_path / "jobs" / "seed=1"
    (folder / ".hydra").mkdir(parents=True)
    (folder / ".hydra" / "overrides.yaml").write_text("- seed=1\n")
    write_run(folder, lambda staging: (staging / "timeseries.parquet").write_text("old"), {})
    (folder / FAILED).write_text(json.dumps({"error": "ConfigError: bad"}))
    jobs = find_jobs(tmp_path)
    assert [job_status(job, {folder: jobs[0].manifest}) for job in jobs] == ["failed"]
    assert gather(jobs, "x", tmp_path)["results"].empty


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        ("scenario=baseline,nosuch", "error: scenario=nosuch: unknown scenario; allowed: "),
        ("victims.p_escpe=0.01,0.02", "error: victims.p_escpe: unknown key 'p_escpe' in victims; "),
        ("+victims.p_escpe=1", "error: victims.p_escpe: unknown key 'p_escpe' in victims; "),
        ("scenario=choice(baseline,nosuch)", "error: scenario=nosuch: unknown scenario; "),
        ("experiment=nosuch", "error: experiment=nosuch: unknown experiment; allowed: "),
        ("scenario=baseline,(", "error: scenario=baseline,(: mismatched input"),
        ("seed=range(1,1)", "error: seed=range(1,1): the sweep has no values; allowed: at least one"),
    ],
)
def test_a_bad_override_is_refused_before_launching(argument, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        check_sweep_arguments(["seed=1,2", argument, "hydra.sweep.dir=sweep"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.startswith(message) and err.count("\n") == 1


def test_good_overrides_pass_the_check():
    check_sweep_arguments(["experiment=policy_comparison", "seed=range(1,6)", "--cfg", "job"])
    check_sweep_arguments(["scenario=glob(*)", "+victims.p_escape=0.1", "world=mekong,default"])
    check_sweep_arguments(["hydra/launcher=basic", "hydra.launcher.n_jobs=2", "-m"])


def test_a_bad_sweep_exits_2_with_one_line_and_no_folder(tmp_path):
    for argument in ("scenario=baseline,nosuch", "victims.p_escpe=0.01,0.02"):
        result = subprocess.run(
            sweep_command(argument, "seed=1,2"), cwd=tmp_path, capture_output=True, text=True, env=ENV
        )
        assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
        assert result.stderr.startswith("error: ") and not result.stdout
    assert not list(tmp_path.iterdir())


def test_a_failed_job_fails_the_sweep_and_the_others_are_gathered(tmp_path):
    lines = run_sweep_lines(
        tmp_path,
        "world=mekong",
        "run.weeks=3",
        "victims.p_escape=0.01,1.5",
        "hydra.sweep.dir=sweep",
        status=1,
    )
    error = "ConfigError: victims.p_escape: 1.5 is out of range; allowed: [0.0, 1.0]"
    assert lines[-2:] == [
        f"failed jobs/run.weeks=3,victims.p_escape=1.5,world=mekong: {error}",
        f"sweep sweep: 0 skipped, 1 run, 1 failed; results: {tmp_path / 'sweep' / 'results.parquet'}",
    ]
    job = tmp_path / "sweep" / "jobs" / "run.weeks=3,victims.p_escape=1.5,world=mekong"
    failed = json.loads((job / "failed.json").read_text())
    assert failed == {"error": error}
    assert "Traceback" in (job / "sweep.log").read_text()
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
    logging = [a for a in sweep_arguments(["hydra/job_logging=disabled"]) if "job_logging" in a]
    assert logging == ["hydra/job_logging=disabled"]


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
    assert gather(jobs, "x", tmp_path)["results"].empty


def test_the_summary_counts_only_the_jobs_of_this_sweep(tmp_path):
    arguments = ["world=mekong", "run.weeks=2", "hydra.sweep.dir=sweep", "hydra/launcher=basic"]
    run_sweep(tmp_path, *arguments, "seed=1,2")
    line = run_sweep(tmp_path, *arguments, "seed=2,3")
    # seed=1 is an earlier sweep's job in the same folder: gathered, not counted.
    assert line.startswith("sweep sweep: 1 skipped, 1 run, 0 failed;")
    assert sorted(pd.read_parquet(tmp_path / "sweep" / "results.parquet").seed.unique()) == [1, 2, 3]


def test_a_dict_parameter_is_gathered_whole_in_both_readings(tmp_path):
    """A swept dict (persons held at start) is one value per row, in the file and in memory."""
    held = "world.initial_held_persons={MMR:400,KHM:400,LAO:200,PHL:200}"
    sweep = tmp_path / "sweep"
    run_sweep(tmp_path, "world=mekong", "run.weeks=2", "seed=1", held, f"hydra.sweep.dir={sweep}")
    in_memory = gather(find_jobs(sweep), "sweep", sweep)["results"]
    streamed = pd.read_parquet(sweep / "results.parquet")
    expected = {"MMR": 400, "KHM": 400, "LAO": 200, "PHL": 200}
    for table in (in_memory, streamed):
        assert all(value == expected for value in table["world.initial_held_persons"])
    pd.testing.assert_frame_equal(streamed, in_memory)
