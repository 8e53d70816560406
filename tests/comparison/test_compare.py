"""The comparison of a sweep's scenarios: files, statistics, ranking and errors."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from experiments import compare
from experiments.common.atomic import MANIFEST, is_complete
from experiments.common.config import group_options
from experiments.comparison.comparison import DEFAULT_FROM, build_comparison
from experiments.comparison.effects import (
    evaluation_window,
    main_region,
    paired_effects,
    policy_table,
    seed_summaries,
)
from experiments.comparison.figures import BASELINE_COLOUR, scenario_styles
from experiments.comparison.metrics import EFFECT_METRICS, REQUIRED_RESULTS
from experiments.comparison.report import write_report
from experiments.sweeps.results import load_sweep
from tests.helpers.sweep_fixture import SCENARIOS, SEEDS, build_real_sweep, build_synthetic_sweep

FIGURES = ("timeseries", "timeseries_shares", "effects_forest", "host_maps")
TABLES = ("effects.csv", "seed_summaries.csv", "policy_table.csv", "policy_table.md")


@pytest.fixture(scope="module")
def real_sweep(tmp_path_factory):
    """A small real sweep (3 scenarios x 3 seeds, default world) and its report."""
    folder = build_real_sweep(tmp_path_factory.mktemp("sweep"))
    meta = json.loads((folder / "sweep.json").read_text())
    meta["jobs"].append(
        {"overrides": ["scenario=baseline", "seed=4"], "status": "failed", "error": "boom"}
    )
    (folder / "sweep.json").write_text(json.dumps(meta))
    report = folder / "report"
    write_report(build_comparison(folder), report)
    return folder, report


def _statistics(folder, baseline="baseline", start=DEFAULT_FROM):
    sweep = load_sweep(folder, baseline, REQUIRED_RESULTS)
    window = evaluation_window(sweep.results, start, None)
    main = main_region(sweep, window)
    effects = paired_effects(seed_summaries(sweep, window, main), sweep)
    return sweep, effects, policy_table(effects, main)


def test_report_has_every_file(real_sweep):
    _, report = real_sweep
    names = [f"{f}.{s}" for f in FIGURES for s in ("png", "svg")] + list(TABLES)
    for name in [*names, "report.md", "report.html"]:
        assert (report / name).stat().st_size > 500, name
    assert is_complete(report)
    assert set(json.loads((report / MANIFEST).read_text())["files"]) >= set(names)
    page = (report / "report.html").read_text()
    assert page.count("src='data:image/png;base64,") == len(FIGURES)
    assert "src='http" not in page and "<link" not in page and "<script" not in page
    markdown = (report / "report.md").read_text()
    assert all(f"({f}.png)" in markdown for f in FIGURES)
    assert "fixture" in markdown  # the sweep's commit
    assert "scenario=baseline seed=4: failed (boom)" in markdown


def test_effects_and_policy_table_of_real_sweep(real_sweep):
    _, report = real_sweep
    effects = pd.read_csv(report / "effects.csv")
    arms = [s for s in SCENARIOS if s != "baseline"]
    assert sorted(effects.scenario.unique()) == arms
    assert set(effects.metric) == {m.name for m in EFFECT_METRICS}
    assert (effects.n_pairs == len(SEEDS)).all()
    finite = effects.dropna(subset=["ci_low", "ci_high"])
    assert (finite.ci_low <= finite.difference + 1e-9).all() and (
        finite.difference <= finite.ci_high + 1e-9
    ).all()
    policy = pd.read_csv(report / "policy_table.csv")
    assert sorted(policy.harm_reduced_rank) == sorted(policy.harm_displaced_rank) == [1, 2]
    ordered = policy.sort_values("harm_reduced_rank").victims_held_change_pct
    assert ordered.is_monotonic_increasing
    assert policy.verdict.str.len().gt(0).all()


def test_ci_contains_true_effect_and_excludes_zero(tmp_path):
    folder = build_synthetic_sweep(tmp_path / "sweep", {"treated": -1000.0}, seeds=30)
    _, effects, _ = _statistics(folder)
    held = effects[effects.metric == "victims_held"].iloc[0]
    assert held.n_pairs == 30
    assert held.ci_low < -1000.0 < held.ci_high
    assert held.ci_high < 0
    assert held.difference == pytest.approx(-1000.0, abs=30)
    pd.testing.assert_frame_equal(effects, _statistics(folder)[1])  # fixed random state


def test_policy_table_ranks_by_harm_reduced(tmp_path):
    folder = build_synthetic_sweep(
        tmp_path / "sweep", {"strong": -2000.0, "weak": -500.0, "worse": 800.0}
    )
    _, _, policy = _statistics(folder)
    assert policy.scenario.tolist() == ["strong", "weak", "worse"]
    assert policy.harm_reduced_rank.tolist() == [1, 2, 3]
    assert policy.verdict.tolist()[0] == "reduces harm"
    assert policy.verdict.tolist()[2] == "increases harm"


def test_fewer_than_three_seeds_give_nan_cis_and_a_note(tmp_path):
    folder = build_synthetic_sweep(tmp_path / "sweep", {"treated": -1000.0}, seeds=2)
    _, effects, policy = _statistics(folder)
    assert effects.ci_low.isna().all() and effects.ci_high.isna().all()
    assert effects.note.str.contains("no CI").all()
    assert np.isfinite(effects.difference).all()
    assert policy.verdict.str.contains("no CI").all()


def test_swept_parameters_split_scenarios_into_arms(tmp_path):
    folder = build_synthetic_sweep(tmp_path / "sweep", {"treated": -1000.0}, seeds=4)
    for name in ("results", "by_country"):
        table = pd.read_parquet(folder / f"{name}.parquet")
        table["scenario.unilateral_crackdown.country"] = np.where(table.seed % 2 == 0, "MMR", "KHM")
        table.loc[table.scenario == "baseline", "scenario.unilateral_crackdown.country"] = "MMR"
        both = table[table.scenario == "treated"].assign(
            **{"scenario.unilateral_crackdown.country": "LAO"}
        )
        pd.concat([table, both]).to_parquet(folder / f"{name}.parquet")
    sweep, effects, _ = _statistics(folder)
    assert sweep.arms == [
        "baseline",
        "treated[country=KHM]",
        "treated[country=LAO]",
        "treated[country=MMR]",
    ]
    pairs = effects[effects.metric == "victims_held"].set_index("scenario").n_pairs
    assert pairs.to_dict() == {
        "treated[country=KHM]": 2,
        "treated[country=LAO]": 4,
        "treated[country=MMR]": 2,
    }


def test_scenario_colours_are_fixed_and_baseline_grey():
    styles = scenario_styles(["baseline", "coordinated_raid", "unilateral_crackdown"], "baseline")
    alone = scenario_styles(["unilateral_crackdown", "baseline"], "baseline")
    assert styles["baseline"]["color"] == BASELINE_COLOUR
    assert styles["unilateral_crackdown"] == alone["unilateral_crackdown"]
    # More scenarios than colours: a colour comes back with another line style, so no two look alike.
    everyone = scenario_styles(group_options("scenario"), "baseline")
    looks = [(style["color"], style["linestyle"]) for style in everyone.values()]
    assert len(set(looks)) == len(looks)
    assert styles["coordinated_raid"] != styles["unilateral_crackdown"]


def test_missing_results_exits_with_one_line(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "experiments.compare", str(tmp_path)], capture_output=True, text=True
    )
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "no results.parquet" in lines[0]
    assert not (tmp_path / "report").exists()


def test_missing_baseline_exits_with_one_line(tmp_path, capsys):
    folder = build_synthetic_sweep(tmp_path / "sweep", {"treated": -1000.0}, seeds=3)
    with pytest.raises(SystemExit) as stop:
        compare.main([str(folder), "--baseline", "nothing"])
    assert stop.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "no baseline scenario 'nothing'" in lines[0] and "treated" in lines[0]
    assert not (folder / "report").exists()


def test_empty_window_exits_with_one_line(tmp_path, capsys):
    folder = build_synthetic_sweep(tmp_path / "sweep", {"treated": -1000.0}, seeds=3)
    with pytest.raises(SystemExit):
        compare.main([str(folder), "--from", "2030-01-01"])
    assert "no week between 2030-01-01" in capsys.readouterr().err


def test_compound_survival_counts_compounds_open_a_year_after_their_first_raid():
    from experiments.comparison.tables import compound_survival
    from experiments.sweeps.results import Sweep

    start = pd.Timestamp("2020-01-06")

    def event(compound, week, kind, seed=1):
        date = start + pd.Timedelta(weeks=max(week - 1, 0))
        return {
            "arm": "a",
            "seed": seed,
            "compound": compound,
            "week": week,
            "date": date,
            "event": kind,
        }

    log = pd.DataFrame(
        [
            event(6, 0, "opened"),
            event(6, 8, "raided"),
            event(6, 40, "exited"),  # given up: no longer operating
            event(1, 0, "opened"),
            event(1, 10, "raided"),
            event(1, 10, "closed"),
            event(1, 30, "reopened"),  # reopened: still operating at week 62
            event(1, 70, "raided"),  # a later raid does not count again
            event(2, 0, "opened"),
            event(2, 12, "raided"),
            event(2, 12, "closed"),  # closed for good
            event(3, 0, "opened"),
            event(3, 100, "raided"),  # too late: fewer than 52 weeks of run after it
            event(4, 0, "opened"),
            event(4, 2, "raided"),  # before the window
            event(5, 0, "opened", seed=2),
            event(5, 20, "raided", seed=2),  # another seed, still open
        ]
    )
    results = pd.DataFrame({"arm": "a", "seed": [1, 2], "step": [120, 120]})
    sweep = Sweep(results, pd.DataFrame(), {}, "baseline", compounds=log)
    window = (start + pd.Timedelta(weeks=5), start + pd.Timedelta(weeks=119))
    survival = compound_survival(sweep, window).set_index("arm")
    assert survival.loc["a", "raided"] == 4 and survival.loc["a", "still_operating"] == 2
    assert survival.loc["a", "share"] == pytest.approx(2 / 4)


def test_the_report_shows_compound_survival(real_sweep):
    _, report = real_sweep
    survival = pd.read_csv(report / "compound_survival.csv")
    assert set(survival.columns) == {"arm", "raided", "still_operating", "share"}
    assert "compound_survival.csv" in json.loads((report / MANIFEST).read_text())["files"]
    assert set(survival.arm) == set(SCENARIOS) and (survival.raided > 0).all()
    assert "Raided compounds a year later" in (report / "report.md").read_text()


def test_the_report_counts_compounds_per_host_country_and_victims_per_zone(real_sweep):
    from experiments.comparison.tables import compounds_by_host, held_by_zone
    from experiments.sweeps.results import load_sweep

    folder, report = real_sweep
    sweep = load_sweep(folder, "baseline")
    end = sweep.results.date.max()
    compounds = compounds_by_host(sweep, end).set_index("arm")
    runs = sweep.by_country[sweep.by_country.date == end].groupby(["arm", "seed"]).compounds_active.sum()
    np.testing.assert_allclose(compounds["all"], runs.groupby("arm").median().loc[compounds.index])
    assert {"MMR", "KHM"} <= set(compounds.columns)
    zones = held_by_zone(sweep, end)
    assert list(zones.columns) == ["zone", "iso3", *sweep.arms]
    # the zones of a country add up to it in each run, so their medians cannot exceed its largest run
    mmr = zones[zones.iso3 == "MMR"]
    assert len(mmr) >= 2 and mmr.zone.str.startswith("MMR-").all()
    held = sweep.by_country[(sweep.by_country.date == end) & (sweep.by_country.iso3 == "MMR")]
    assert (mmr["baseline"] <= held[held.arm == "baseline"].victims_held.max()).all()
    text = (report / "report.md").read_text()
    assert "Compounds active per host country" in text and "Victims held per host zone" in text
