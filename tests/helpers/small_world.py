"""The ten-country test world: its constants and fresh parameters (the fixtures are in conftest.py)."""

from __future__ import annotations

from model.params import Params, WorldParams

SMALL_COUNTRIES = ["MMR", "KHM", "LAO", "THA", "VNM", "CHN", "PHL", "MYS", "IDN", "SGP"]
SMALL_SCALE = 50
SMALL_HELD = {"MMR": 3000, "KHM": 3000, "LAO": 1000, "PHL": 1000}


def small_world_params() -> WorldParams:
    """World parameters of the ten-country test world: 160 victim agents in a dozen compounds."""
    return WorldParams(
        name="test",
        countries=list(SMALL_COUNTRIES),
        population_scale=SMALL_SCALE,
        initial_held_persons=dict(SMALL_HELD),
    )


def small_params(**overrides) -> Params:
    """Fresh parameters of the test world; ``overrides`` are dotted keys, e.g. ``victims__p_escape``."""
    params = Params(world=small_world_params())
    params.recruitment.initial_recruiters = 60
    for key, value in overrides.items():
        section, name = key.split("__")
        target = getattr(params, section)
        if not hasattr(target, name):
            raise AttributeError(f"Params.{section} has no field {name}")
        setattr(target, name, value)
    return params
