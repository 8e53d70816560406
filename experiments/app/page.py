"""The explorer page: Mesa's ``SolaraViz`` with the world map, the live charts and the controls.

Served by ``python -m experiments.app`` or ``solara run experiments.app.page``. The controls are
Mesa user parameters: changing them and pressing Reset rebuilds the model from them
(:class:`~experiments.app.explorer.ExplorerModel`); Step, play/pause and the play interval are
``SolaraViz``'s own.
"""

from __future__ import annotations

import logging

from mesa.visualization import Slider, SolaraViz

from experiments.app.charts import chart_components
from experiments.app.explorer import ExplorerModel
from experiments.app.levers import LEVERS, scenario_names
from experiments.app.world_map import WeekSummary, WorldMap, ZoneMap
from experiments.common.cli import NO_PARAMETER_SET, parameter_sets
from experiments.common.config import compose_config

PLAY_INTERVAL_MS = 200
"""Pause between weeks while playing, in milliseconds (each week redraws six figures)."""


def model_params() -> dict:
    """The controls: scenario, parameter set, seed, scale (persons per victim agent) and the levers."""
    default_scale = compose_config().world.population_scale
    return {
        "scenario_name": {
            "type": "Select",
            "value": "baseline",
            "values": scenario_names(),
            "label": "Scenario",
        },
        "parameter_set": {
            "type": "Select",
            "value": NO_PARAMETER_SET,
            "values": parameter_sets(),
            "label": "Parameters (configs/params/; none: the stylized defaults)",
        },
        "seed": Slider("Seed", 1, 0, 100, 1),
        "scale": Slider("Scale (persons per victim agent)", default_scale, 1, 100, 1),
        **{
            lever.name: Slider(lever.label, lever.value, lever.low, lever.high, lever.step)
            for lever in LEVERS
        },
    }


def make_page():
    """The ``SolaraViz`` page around a model of the default controls."""
    logging.getLogger("MESA").setLevel(logging.WARNING)
    params = model_params()
    model = ExplorerModel(
        scenario_name=params["scenario_name"]["value"],
        seed=params["seed"].value,
        scale=params["scale"].value,
    )
    return SolaraViz(
        model,
        components=[(WeekSummary, 0), (WorldMap, 0), (ZoneMap, 0), *chart_components()],
        model_params=params,
        name="ScamScape explorer",
        play_interval=PLAY_INTERVAL_MS,
    )


page = make_page()
