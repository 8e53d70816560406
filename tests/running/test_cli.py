"""The run command line writes every promised file, traceably and atomically, for any scenario."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from experiments.common.atomic import MANIFEST, is_complete, write_run
from experiments.common.paths import CONFIG_DIR, PROJECT_ROOT
from experiments.common.provenance import sha256

TIMESERIES_COLUMNS = [
    "step",
    "date",
    "victims_held",
    "victims_in_transit",
    "recruited",
    "intercepted",
    "rescued",
    "escaped",
    "released",
    "repatriated",
    "re_trafficked",
    "compounds_active",
    "host_countries",
    "relocations",
    "revenue_usd",
    "arrests_operators",
    "arrests_recruiters",
    "nationalities_held",
    "share_held_southeast_asia",
]
BY_COUNTRY_COLUMNS = [
    "step",
    "date",
    "iso3",
    "victims_held",
    "compounds_active",
    "recruited_from",
    "rescued_in",
    "revenue_usd",
]
FIGURES = ["victims_held_by_region", "compounds_by_region", "revenue", "host_map", "zone_map"]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    cwd = tmp_path_factory.mktemp("cli")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "experiments.run",
            "world=mekong",
            "run.weeks=12",
            "seed=3",
            "hydra.run.dir=results/smoke",
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(CONFIG_DIR.parent), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert f"results: {cwd / 'results/smoke'}" in result.stdout
    return cwd / "results" / "smoke"


def test_cli_writes_tables_with_the_promised_columns(run_dir):
    timeseries = pd.read_parquet(run_dir / "timeseries.parquet")
    assert list(timeseries.columns[:2]) == ["step", "date"]
    assert set(TIMESERIES_COLUMNS) <= set(timeseries.columns)
    assert len(timeseries) == 12
    assert timeseries.victims_held.iloc[-1] > 0
    by_country = pd.read_parquet(run_dir / "by_country.parquet")
    assert set(BY_COUNTRY_COLUMNS) <= set(by_country.columns)
    assert len(by_country) == 12 * 10
    events = pd.read_parquet(run_dir / "events.parquet")
    assert {"week", "victim", "iso3", "state"} <= set(events.columns)
    assert "HELD" in set(events.state)


def test_cli_writes_figures(run_dir):
    for name in FIGURES:
        for suffix in ("png", "svg"):
            assert (run_dir / "figures" / f"{name}.{suffix}").stat().st_size > 1000


def test_manifest_traces_config_seed_code_and_files(run_dir):
    manifest = json.loads((run_dir / MANIFEST).read_text())
    assert manifest["seed"] == 3
    assert manifest["config"]["run"]["weeks"] == 12
    assert manifest["config"]["world"]["name"] == "mekong"
    assert {"mesa", "hydra-core", "numpy", "python"} <= set(manifest["versions"])
    assert manifest["git_commit"]
    assert manifest["simulation_wall_time_s"] > 0
    assert "timeseries.parquet" in manifest["files"]
    for name, digest in manifest["files"].items():
        assert sha256(run_dir / name) == digest
    assert is_complete(run_dir)
    assert not list(run_dir.glob(".staging-*"))


def test_interrupted_write_leaves_nothing_that_looks_finished(tmp_path):
    def crash_midway(folder: Path) -> None:
        (folder / "timeseries.parquet").write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_run(tmp_path, crash_midway, {"seed": 1})
    assert list(tmp_path.iterdir()) == []
    assert not is_complete(tmp_path)


def test_tampered_file_is_not_complete(tmp_path):
    write_run(tmp_path, lambda folder: (folder / "a.txt").write_text("x"), {"seed": 1})
    assert is_complete(tmp_path)
    (tmp_path / "a.txt").write_text("y")
    assert not is_complete(tmp_path)


def test_cli_runs_a_crackdown_in_another_country(tmp_path):
    run_dir = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "experiments.run",
            "scenario=unilateral_crackdown",
            "scenario.unilateral_crackdown.country=KHM",
            "world=mekong",
            "run.weeks=3",
            "output.figures=false",
            "output.progress=false",
            f"hydra.run.dir={run_dir}",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["scenario"] == "unilateral_crackdown"
    crackdown = manifest["config"]["scenario"]["unilateral_crackdown"]
    assert crackdown["country"] == "KHM"
    assert crackdown["enabled"] is True
    timeseries = pd.read_parquet(run_dir / "timeseries.parquet")
    assert len(timeseries) == 3
    assert {
        "raids",
        "compounds_raided",
        "compounds_reopened",
        "share_held_latin_america",
        "share_held_africa",
        "share_held_middle_east",
        "frozen_usd",
    } <= set(timeseries.columns)
    by_country = pd.read_parquet(run_dir / "by_country.parquet")
    assert {"relocations_in", "relocations_out"} <= set(by_country.columns)
    assert not (run_dir / "figures").exists()
