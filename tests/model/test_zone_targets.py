"""Interventions aimed at zones: a supply cut reaches only the zones its country supplies; crackdowns
and joint raids aimed at zones raid only there; unknown zone ids and supplies are rejected."""

from __future__ import annotations

import numpy as np
import pytest

from model.interventions.supply_cut import SupplyCutParams, reach
from model.model import ScamScapeModel
from model.params import ConfigError
from model.scenario import ScenarioParams, apply_all
from tests.helpers.interventions import started_now
from tests.helpers.small_world import small_params

SUPPLIED_BY_THAILAND = {  # zone -> supplies from THA (model/data/zones.csv), read here independently
    "MMR-myawaddy": 3,
    "MMR-tachileik": 2,
    "KHM-poipet": 1,
}


@pytest.fixture
def idle_model(small_world):
    return ScamScapeModel(small_params(), rng=0, world=small_world)


def zone_index(model, ids):
    return np.flatnonzero(model.world.zones.id.isin(ids).to_numpy())


def test_a_supply_cut_reaches_only_the_zones_its_country_supplies(idle_model):
    counts = reach(SupplyCutParams(country="THA"), idle_model)
    reached = dict(zip(idle_model.world.zones.id[counts > 0], counts[counts > 0], strict=True))
    assert reached == SUPPLIED_BY_THAILAND
    scenario = ScenarioParams()
    scenario.supply_cut = SupplyCutParams(
        enabled=True, start=idle_model.date.isoformat(), country="THA", share_lost_per_week=0.1
    )
    apply_all(scenario, idle_model)
    loss = idle_model.levers.zone_supply_loss
    expected = np.zeros_like(loss)
    for zone, supplies in SUPPLIED_BY_THAILAND.items():
        expected[zone_index(idle_model, [zone])] = 1 - 0.9**supplies
    np.testing.assert_allclose(loss, expected)
    assert (idle_model.levers.supply_shock == 0).all()  # nothing country-wide


def test_a_supply_cut_of_power_only_or_of_some_zones_reaches_less(idle_model):
    power = reach(SupplyCutParams(country="THA", supplies=["power"]), idle_model)
    assert set(idle_model.world.zones.id[power > 0]) == {"MMR-myawaddy", "KHM-poipet"}
    aimed = reach(SupplyCutParams(country="THA", zones=["KHM-poipet"]), idle_model)
    assert set(idle_model.world.zones.id[aimed > 0]) == {"KHM-poipet"}
    assert reach(SupplyCutParams(country="VNM"), idle_model).sum() == 0


def test_a_supply_cut_shrinks_only_the_compounds_in_the_zones_it_reaches(small_world):
    staying = {"compounds__loss_tolerance": 1.0, "compounds__risk_tolerance": 1.0}  # nobody moves
    base = ScamScapeModel(small_params(**staying), rng=2, world=small_world)
    params = started_now(small_params(**staying), "supply_cut", country="THA", share_lost_per_week=0.5)
    cut = ScamScapeModel(params, rng=2, world=small_world)
    n = base.compound_arrays.size  # the initial compounds, in both runs
    for _ in range(3):
        base.step()
        cut.step()
    reached = np.isin(cut.compound_arrays.zone, zone_index(cut, list(SUPPLIED_BY_THAILAND)))
    assert reached[:n].any() and not reached[:n].all()
    assert np.array_equal(base.compound_arrays.zone[:n], cut.compound_arrays.zone[:n])
    before, after = base.compound_arrays.capacity[:n], cut.compound_arrays.capacity[:n]
    assert (after[reached[:n]] < 0.5 * before[reached[:n]]).all()
    np.testing.assert_allclose(after[~reached[:n]], before[~reached[:n]], rtol=0.2)


def test_a_crackdown_aimed_at_a_zone_raids_only_there(small_world):
    params = started_now(
        small_params(
            enforcement__p_detect_compound=1.0,
            enforcement__raids_per_unit_week=2.0,
            enforcement__p_raid_success=0.0,  # raids that free nobody, so compounds stay put
            compounds__risk_tolerance=1.0,
        ),
        "unilateral_crackdown",
        country="MMR",
        zones=["MMR-laukkai"],
    )
    model = ScamScapeModel(params, rng=5, world=small_world)
    laukkai = zone_index(model, ["MMR-laukkai"])
    assert np.isin(model.compound_arrays.zone, laukkai).any()
    for _ in range(4):
        model.step()
    raids = model.compound_arrays.events().query("event == 'raided'")
    mmr = raids[raids.country == model.world.index_of(["MMR"])[0]]
    assert len(mmr) > 5 and set(mmr.zone) == set(laukkai)
    assert model.levers.raid_focus[laukkai].all() and model.levers.raid_focus.sum() == 1
    assert (model.levers.zone_supply_loss[laukkai] > 0).all() and model.levers.supply_shock.sum() == 0


def test_a_crackdown_on_the_whole_country_raids_in_several_zones(small_world):
    params = started_now(
        small_params(
            enforcement__p_detect_compound=1.0,
            enforcement__raids_per_unit_week=2.0,
            enforcement__p_raid_success=0.0,
            compounds__risk_tolerance=1.0,
        ),
        "unilateral_crackdown",
        country="MMR",
    )
    model = ScamScapeModel(params, rng=5, world=small_world)
    for _ in range(4):
        model.step()
    raids = model.compound_arrays.events().query("event == 'raided'")
    assert raids[raids.country == model.world.index_of(["MMR"])[0]].zone.nunique() > 1


def test_joint_raids_aimed_at_zones_leave_other_zones_alone(idle_model):
    scenario = ScenarioParams()
    scenario.coordinated_raid.enabled = True
    scenario.coordinated_raid.start = idle_model.date.isoformat()
    scenario.coordinated_raid.zones = ["MMR-myawaddy", "KHM-bavet"]
    apply_all(scenario, idle_model)
    assert set(idle_model.world.zones.id[idle_model.levers.raid_focus]) == {"MMR-myawaddy", "KHM-bavet"}


@pytest.mark.parametrize(
    ("section", "values", "message"),
    [
        ("unilateral_crackdown", {"zones": ["MMR-atlantis"]}, "unknown zone id 'MMR-atlantis'"),
        ("supply_cut", {"zones": ["PER-lima"]}, "unknown zone id 'PER-lima'"),  # not in this world
        ("supply_cut", {"supplies": ["water"]}, "unknown name 'water'; allowed: power, internet, fuel"),
    ],
)
def test_unknown_zones_and_supplies_are_rejected_naming_the_key(small_world, section, values, message):
    params = started_now(small_params(), section, **values)
    key = f"scenario.{section}.{next(iter(values))}"
    with pytest.raises(ConfigError, match=f"^{key}: {message}"):
        ScamScapeModel(params, rng=0, world=small_world)
