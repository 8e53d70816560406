"""Validation of intervention countries: codes outside the world, unknown codes, disabled ones."""

from __future__ import annotations

import re

import pytest

from model.levers import PolicyLevers
from model.model import ScamScapeModel
from model.params import ConfigError
from model.validation import validate
from tests.helpers.interventions import assert_levers_equal
from tests.helpers.small_world import small_params

# key -> (section path under scenario, field, value naming a country outside the small world)
OUTSIDE = {
    "scenario.awareness_campaign.countries": (["awareness_campaign"], "countries", ["MMR", "KEN"]),
    "scenario.transit_screening.countries": (["transit_screening"], "countries", ["THA", "ARE"]),
    "scenario.coordinated_raid.countries": (
        ["coordinated_raid"],
        "countries",
        ["MMR", "PER"],
    ),
    "scenario.host_openings.countries": (["host_openings"], "countries", ["PER"]),
    "scenario.unilateral_crackdown.country": (["unilateral_crackdown"], "country", "BRA"),
    "scenario.sustained_pressure.operation.countries": (
        ["sustained_pressure", "operation"],
        "countries",
        ["NGA"],
    ),
}


def params_naming_outside(key: str, enabled: bool):
    path, name, value = OUTSIDE[key]
    params = small_params()
    intervention = getattr(params.scenario, path[0])
    intervention.enabled = enabled
    node = intervention
    for part in path[1:]:
        node = getattr(node, part)
    setattr(node, name, value)
    return params


@pytest.mark.parametrize("key", list(OUTSIDE))
def test_enabled_intervention_acts_only_in_the_world_and_rejects_unknown_codes(small_world, key):
    params = params_naming_outside(key, enabled=True)
    path, name, value = OUTSIDE[key]
    codes = [value] if isinstance(value, str) else value
    if set(codes) & set(small_world.iso3):  # real codes, some elsewhere: acts where it can
        validate(params, set(small_world.iso3), set(small_world.table_iso3))
        ScamScapeModel(params, rng=0, world=small_world).step()
    else:  # real codes, none in this world: it would do nothing, so it is an error
        with pytest.raises(ConfigError, match=rf"^{re.escape(key)}: none of .* is in this world"):
            validate(params, set(small_world.iso3), set(small_world.table_iso3))
    node = getattr(params.scenario, path[0])
    for part in path[1:]:
        node = getattr(node, part)
    setattr(node, name, "XXX" if isinstance(value, str) else [*value, "XXX"])
    pattern = rf"^{re.escape(key)}: unknown ISO3 code 'XXX'"
    with pytest.raises(ConfigError, match=pattern):
        validate(params, set(small_world.iso3), set(small_world.table_iso3))
    with pytest.raises(ConfigError, match=pattern):
        ScamScapeModel(params, rng=0, world=small_world)


@pytest.mark.parametrize("key", list(OUTSIDE))
def test_disabled_intervention_outside_the_world_passes_validation(small_world, key):
    params = params_naming_outside(key, enabled=False)
    validate(params, set(small_world.iso3))
    model = ScamScapeModel(params, rng=0, world=small_world)
    model.step()
    assert_levers_equal(model.levers, PolicyLevers(small_world.size, len(small_world.zones)))


def test_an_unknown_code_is_refused_even_in_an_intervention_that_is_off(small_world):
    params = small_params()
    params.scenario.unilateral_crackdown.country = "XXX"
    assert not params.scenario.unilateral_crackdown.enabled
    pattern = r"^scenario.unilateral_crackdown.country: unknown ISO3 code 'XXX'"
    with pytest.raises(ConfigError, match=pattern):
        validate(params, set(small_world.iso3), set(small_world.table_iso3))
