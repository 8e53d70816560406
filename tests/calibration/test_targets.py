"""Calibration targets: the file loads, names outputs the model produces, and measures runs correctly."""

import datetime as dt

import pandas as pd
import pytest
import yaml

from experiments.calibration.fit import accept, distances
from experiments.calibration.targets import (
    TARGETS_FILE,
    Output,
    Target,
    check_outputs,
    load_targets,
    measure,
    scenarios_of,
    trajectory,
)
from model import ConfigError
from model.world import build_world

REQUIRED_FACTS = {"F1", "F3", "F4", "F5", "F7", "F8"}


def test_targets_cover_the_required_facts_with_sources():
    targets = load_targets()
    assert {t.fact for t in targets} >= REQUIRED_FACTS
    for t in targets:
        assert t.source and t.unit and t.date and t.tolerance
        assert t.value is not None or t.low is not None


def test_every_target_names_an_output_the_model_produces(make_model):
    model = make_model(seed=1)
    for _ in range(3):
        model.step()
    produced = {
        "timeseries": set(model.recorder.timeseries().columns),
        "by_country": set(model.recorder.by_country().columns),
    }
    table_iso3 = set(build_world(model.params.world).table_iso3)
    for t in load_targets():
        assert set(t.output.columns) <= produced[t.output.table], t.id
        assert set(t.output.countries) <= table_iso3, t.id
    assert scenarios_of(load_targets()) == ["baseline", "coordinated_raid", "storm_makers_i"]


def _target(**published) -> Target:
    output = Output(
        scenario="op",
        versus="baseline",
        table="timeseries",
        columns=("a", "b"),
        window=(dt.date(2022, 3, 7), dt.date(2022, 3, 20)),
        statistic="sum",
    )
    values = {"value": None, "low": None, "high": None} | published
    return Target(
        "T", "F0", "q", "persons", "2022", **values, tolerance="t", output=output, weight=1.0, source="s"
    )


def test_measure_sums_the_window_and_subtracts_the_paired_run():
    dates = pd.to_datetime(["2022-02-28", "2022-03-07", "2022-03-14", "2022-03-21"]).date
    rows = []
    for scenario, extra in (("op", 10), ("baseline", 0)):
        for seed in (1, 2):
            for i, date in enumerate(dates):
                in_window = 1 <= i <= 2
                rows.append(
                    {
                        "scenario": scenario,
                        "seed": seed,
                        "date": date,
                        "a": 1 + (extra if in_window else 0),
                        "b": seed,
                    }
                )
    results = pd.DataFrame(rows)
    measured = measure([_target(value=20.0, low=10.0, high=40.0)], results, results)
    # Two weeks in the window, each 10 more in the operation's run than in the baseline's.
    assert measured.set_index("seed")["value"].to_dict() == {1: 20, 2: 20}


def test_trajectory_is_the_running_sum_that_ends_at_the_measured_value():
    dates = pd.date_range("2022-02-28", periods=5, freq="7D").date
    rows = [
        {"scenario": scenario, "seed": 1, "date": date, "a": i * (2 if scenario == "op" else 1), "b": 0}
        for scenario in ("op", "baseline")
        for i, date in enumerate(dates)
    ]
    results = pd.DataFrame(rows)
    target = _target(low=1.0)
    curve = trajectory(target, results, results).set_index("date")["value"]
    # The window holds the weeks of 7 and 14 March (differences 1 and 2): a two-week running sum.
    assert (
        curve.loc[pd.Timestamp("2022-03-14")] == measure([target], results, results)["value"].item() == 3
    )
    assert curve.isna().sum() == 1


def test_runs_that_end_inside_a_window_are_an_error():
    results = pd.DataFrame(
        {
            "scenario": ["op", "baseline"],
            "seed": [1, 1],
            "date": [dt.date(2022, 3, 7)] * 2,
            "a": 1,
            "b": 1,
        }
    )
    long_window = Output(
        scenario="op",
        table="timeseries",
        columns=("a",),
        statistic="sum",
        window=(dt.date(2022, 3, 7), dt.date(2022, 12, 31)),
    )
    target = Target("T", "F0", "q", "persons", "2022", None, 1.0, None, "t", long_window, 1.0, "s")
    with pytest.raises(ValueError, match=r"cover only 2022-03-07\.\.2022-03-07"):
        measure([target], results, results)


def test_check_outputs_names_a_column_the_model_does_not_produce():
    check_outputs(load_targets())
    wrong = _target(low=1.0)
    with pytest.raises(ConfigError, match="'a' is not a column of timeseries; allowed: step, date"):
        check_outputs([wrong])


def test_a_window_outside_the_runs_is_an_error():
    results = pd.DataFrame(
        {"scenario": ["op"], "seed": [1], "date": [dt.date(2020, 1, 6)], "a": [1], "b": [1]}
    )
    with pytest.raises(ValueError, match="no week"):
        measure([_target(low=1.0)], results, results)


def test_reached_and_discrepancy_follow_the_published_figure():
    point = _target(value=100.0, low=75.0, high=125.0)
    assert point.published_within(90, 110) and not point.published_within(101, 130)
    assert point.discrepancy(100) == 0 and point.discrepancy(50) < 0 < point.discrepancy(200)
    assert point.discrepancy(float("nan")) == float("inf")
    bound = _target(low=300_000.0)  # "at least 300,000"
    assert bound.published_within(250_000, 310_000) and bound.published_within(400_000, 500_000)
    assert not bound.published_within(100_000, 200_000)
    assert bound.discrepancy(1e9) == 0


def test_abc_accepts_the_points_closest_to_the_targets():
    targets = [_target(value=100.0, low=75.0, high=125.0)]
    medians = pd.DataFrame(
        {"T": [100.0, 130.0, 500.0, 10.0]}, index=pd.Index(range(4), name="design.point")
    )
    distance = distances(medians, targets)
    assert distance[0] == 0 and distance[1] < distance[2]
    assert accept(distance, 0.25).tolist() == [True, False, False, False]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t["output"].update(table="weekly"), "allowed: timeseries, by_country"),
        (lambda t: t["output"].update(scenario="nope"), "unknown scenario 'nope'; allowed:"),
        (lambda t: t["output"].update(statistic="max"), "allowed: mean, sum"),
        (lambda t: t.pop("source"), "missing key 'source'"),
        (lambda t: t["output"].update(window=["2023-08-01"]), "ValueError: not enough values"),
        (lambda t: t.update(published=None), "AttributeError"),
        (lambda t: t.update(weight=-1), "weight -1.0; allowed: >= 0"),
        (lambda t: t["published"].update(value=1), r"published.value 1.0 is outside \[low, high\]"),
    ],
)
def test_a_faulty_targets_file_names_the_target_and_the_allowed_values(tmp_path, edit, message):
    entries = yaml.safe_load(TARGETS_FILE.read_text())
    edit(entries["targets"][0])
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump(entries))
    with pytest.raises(ConfigError, match=message):
        load_targets(path)
