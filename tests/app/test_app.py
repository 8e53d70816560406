"""The explorer (experiments/app) without a browser: its model, levers, table, components and CLI."""

from __future__ import annotations

import socket
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("solara", reason="the explorer needs the viz extra: pip install -e '.[viz]'")

import ipyvuetify as v
import ipywidgets
import solara
from matplotlib.figure import Figure
from mesa.visualization.solara_viz import ModelController

from experiments.app.charts import CHARTS, chart_components, style_chart
from experiments.app.explorer import ExplorerModel
from experiments.app.levers import LEVERS, lever_overrides, scenario_names
from experiments.app.page import make_page, model_params
from experiments.app.weekly_table import CHART_COLUMNS, HELD_BY_REGION
from experiments.app.world_map import draw_world_map, draw_zone_map, week_summary, zone_week
from experiments.common.cli import parameter_sets
from experiments.common.config import compose_config
from experiments.common.paths import CONFIG_DIR
from model.model import ScamScapeModel

SMALL = {"scale": 100}


@pytest.fixture(scope="module")
def stepped_model() -> ExplorerModel:
    model = ExplorerModel(scenario_name="coordinated_raid", seed=2, **SMALL)
    for _ in range(3):
        model.step()
    return model


def test_explorer_model_is_the_runners_model():
    explorer = ExplorerModel(
        scenario_name="awareness_campaign", seed=3, awareness_campaign=0.7, raid_intensity=2, **SMALL
    )
    runner = ScamScapeModel(compose_config(explorer.overrides), rng=3)
    for _ in range(4):
        explorer.step()
        runner.step()
    pd.testing.assert_frame_equal(explorer.recorder.timeseries(), runner.recorder.timeseries())
    assert explorer.command.startswith("python -m experiments.run scenario=awareness_campaign seed=3")


def test_the_calibrated_parameter_set_reaches_the_model():
    model = ExplorerModel(scenario_name="baseline", parameter_set="calibrated", **SMALL)
    calibrated = compose_config(["params=calibrated"])
    assert "params=calibrated" in model.overrides and "calibrated" in parameter_sets()
    assert (
        model.params.victims.p_release
        == calibrated.victims.p_release
        != compose_config().victims.p_release
    )


def test_same_controls_same_model():
    first, second = (ExplorerModel(seed=5, coordination=4, **SMALL) for _ in range(2))
    for _ in range(3):
        first.step()
        second.step()
    pd.testing.assert_frame_equal(first.recorder.timeseries(), second.recorder.timeseries())


def test_neutral_levers_leave_the_scenario_unchanged():
    base = compose_config(["scenario=financial_interdiction"])
    assert lever_overrides(base, **{lever.name: lever.value for lever in LEVERS}) == []


def test_levers_arrive_in_the_config():
    model = ExplorerModel(
        scenario_name="baseline",
        raid_intensity=2.0,
        coordination=4,
        awareness_campaign=0.4,
        transit_screening=10,
        financial_interdiction=0.25,
        victim_protection=3,
        **SMALL,
    )
    base, scenario = compose_config(), model.params.scenario
    assert model.params.enforcement.raids_per_unit_week == pytest.approx(
        2 * base.enforcement.raids_per_unit_week
    )
    assert scenario.sustained_pressure.enabled and scenario.sustained_pressure.every_weeks == 13
    assert scenario.awareness_campaign.enabled and scenario.awareness_campaign.awareness == 0.4
    assert scenario.transit_screening.enabled and scenario.transit_screening.screening_surge == 10
    assert (
        scenario.financial_interdiction.enabled and scenario.financial_interdiction.freeze_share == 0.25
    )
    assert scenario.victim_protection.enabled and scenario.victim_protection.repatriation_multiplier == 3
    assert model.population_scale == SMALL["scale"]


def test_a_lever_keeps_the_scenarios_window():
    model = ExplorerModel(scenario_name="unilateral_crackdown", awareness_campaign=0.3, **SMALL)
    assert model.params.scenario.unilateral_crackdown.enabled
    assert (
        model.params.scenario.awareness_campaign.start
        == compose_config().scenario.awareness_campaign.start
    )


def test_scenario_picker_lists_the_scenario_files():
    names = scenario_names()
    assert names[0] == "baseline"
    assert set(names) == {path.stem for path in (CONFIG_DIR / "scenario").glob("*.yaml")}


def test_model_stops_at_the_end_of_the_calendar():
    model = ExplorerModel(**SMALL)
    model.params.run.weeks = 2
    model.step()
    assert model.running
    model.step()
    assert not model.running


def test_weekly_table_has_the_chart_columns(stepped_model):
    empty = ExplorerModel(**SMALL).datacollector.get_model_vars_dataframe()
    assert empty.empty and set(CHART_COLUMNS) <= set(empty.columns)
    table = stepped_model.datacollector.get_model_vars_dataframe()
    assert list(table.index) == [1, 2, 3]
    assert set(CHART_COLUMNS) <= set(table.columns)
    np.testing.assert_allclose(table[list(HELD_BY_REGION)].sum(axis=1), table.victims_held)


def test_chart_style_names_lines_and_drops_empty_regions():
    ax = Figure().subplots()
    title, ylabel, columns = CHARTS[0]
    for column in columns:
        ax.plot([0, 5] if column in ("victims_held", "held_southeast_asia") else [0, 0], label=column)
    style_chart(title, ylabel)(ax)
    assert [line.get_label() for line in ax.get_lines()] == ["World", "Southeast Asia"]
    assert ax.get_title() == title


def test_map_and_summary_show_the_week(stepped_model):
    fig = draw_world_map(stepped_model)
    assert isinstance(fig, Figure)
    assert str(stepped_model.date) in fig.axes[0].get_title()
    title, settings, _ = week_summary(stepped_model)
    assert title == f"Week 3 of {stepped_model.params.run.weeks}: week of {stepped_model.date}"
    assert settings.startswith("scenario coordinated_raid, seed 2")


def test_zone_map_shows_the_zones_holding_victims(stepped_model):
    zones = zone_week(stepped_model)
    block = stepped_model.recorder.zone_blocks[-1]
    assert zones.victims_held.sum() == block["victims_held"].sum() > 0
    by_country = zones.groupby("iso3").victims_held.sum()
    countries = stepped_model.recorder.country_blocks[-1]["victims_held"]
    iso3 = list(stepped_model.world.iso3)
    assert all(held == countries[iso3.index(code)] for code, held in by_country.items())
    assert zones.zone.str.match(r"^[A-Z]{3}-").all()
    fig = draw_zone_map(stepped_model)
    assert str(stepped_model.date) in fig.axes[0].get_title()
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels and all(label.split()[0] in set(zones.zone) for label in labels)


def test_page_builds_with_map_and_charts():
    box, rendered = solara.render(make_page(), handle_error=False)
    images = rendered.find(ipywidgets.Image).widgets
    assert len(images) == 2 + len(CHARTS)  # the world map, the zone map, the charts
    assert all(image.value for image in images)
    box.close()


def test_chart_components_render(stepped_model):
    for component, page in chart_components():
        box, rendered = solara.render(component(stepped_model), handle_error=False)
        assert page == 0 and rendered.find(ipywidgets.Image).widget.value
        box.close()


def test_controls_are_the_models_keywords():
    params = model_params()
    assert set(params) == {
        "scenario_name",
        "parameter_set",
        "seed",
        "scale",
        *(lever.name for lever in LEVERS),
    }
    values = {name: p["value"] if isinstance(p, dict) else p.value for name, p in params.items()}
    assert ExplorerModel(**values).overrides[:2] == ["scenario=baseline", "seed=1"]


def test_reset_rebuilds_the_model_from_the_controls():
    model = solara.reactive(ExplorerModel(**SMALL))
    controls = solara.reactive(
        {"scenario_name": "victim_protection", "seed": 4, "financial_interdiction": 0.5, **SMALL}
    )
    controller = ModelController(
        model,
        model_parameters=controls,
        play_interval=solara.reactive(100),
        render_interval=solara.reactive(1),
        use_threads=solara.reactive(False),
    )
    box, rendered = solara.render(controller, handle_error=False)
    rendered.find(v.Btn, children=["Step"]).widget.click()
    assert model.value.steps == 1
    rendered.find(v.Btn, children=["Reset"]).widget.click()
    assert model.value.steps == 0
    assert model.value.params.scenario.name == "victim_protection" and model.value.params.seed == 4
    assert model.value.params.scenario.financial_interdiction.freeze_share == 0.5
    box.close()


def _serve(*arguments: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "experiments.app", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--port", "0"], "error: --port: 0 is out of range; allowed: [1, 65535]"),
        (["--port", "x"], "error: argument --port: invalid int value: 'x'"),
        (["--colour", "red"], "error: unrecognized arguments: --colour red"),
    ],
)
def test_cli_rejects_bad_arguments_in_one_line(arguments, message):
    result = _serve(*arguments)
    assert result.returncode == 2
    assert result.stderr.strip() == message


def test_cli_rejects_a_busy_port():
    with socket.create_server(("127.0.0.1", 0)) as busy:
        result = _serve("--port", str(busy.getsockname()[1]))
    assert result.returncode == 2
    assert result.stderr.startswith("error: --host 127.0.0.1 --port") and result.stderr.count("\n") == 1
