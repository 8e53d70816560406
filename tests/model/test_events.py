"""Scenarios as timelines: named, dated events of any kind, several of one kind, defaults from the
scenario's section of the kind, history composed from files, and faulty events rejected by key."""

from __future__ import annotations

import numpy as np
import pytest

from experiments.common.config import compose_config
from model.model import ScamScapeModel
from model.params import ConfigError
from model.scenario import scenario_events
from tests.helpers.small_world import small_params

HISTORY = {
    "cambodia_raids_2022": "unilateral_crackdown",
    "storm_makers_i": "coordinated_raid",
    "philippine_raids_2023": "unilateral_crackdown",
    "thai_power_cut_2023": "supply_cut",
    "storm_makers_ii": "coordinated_raid",
    "laukkai_crackdown_2023": "unilateral_crackdown",
}


def with_events(**events) -> object:
    params = small_params()
    params.scenario.events = events
    return params


def test_two_crackdowns_in_two_countries_both_act(small_world):
    start = small_params().run.start
    params = with_events(
        mmr={"kind": "unilateral_crackdown", "country": "MMR", "start": start, "enforcement_surge": 3.0},
        khm={"kind": "unilateral_crackdown", "country": "KHM", "start": start, "enforcement_surge": 5.0},
    )
    model = ScamScapeModel(params, rng=0, world=small_world)
    model.step()
    surge = model.levers.enforcement_surge
    mmr, khm, lao = small_world.index_of(["MMR", "KHM", "LAO"])
    assert (surge[mmr], surge[khm], surge[lao]) == (3.0, 5.0, 1.0)


def test_an_event_acts_only_in_its_window(small_world):
    params = with_events(cut={"kind": "supply_cut", "country": "THA", "start": "2020-01-20", "weeks": 2})
    model = ScamScapeModel(params, rng=0, world=small_world)
    reached = []
    for _ in range(5):
        model.step()
        reached.append(bool(model.levers.zone_supply_loss.any()))
    assert reached == [False, False, True, True, False]


def test_an_event_takes_the_scenarios_section_of_its_kind_as_defaults():
    config = compose_config(["scenario=history", "params=calibrated"])
    events = scenario_events(config.scenario)
    surges = {name: p.enforcement_surge for name, kind, p in events if kind == "coordinated_raid"}
    assert (
        surges["storm_makers_i"]
        == surges["storm_makers_ii"]
        == config.scenario.coordinated_raid.enforcement_surge
    )
    assert (
        surges["storm_makers_i"]
        != compose_config(["scenario=history"]).scenario.coordinated_raid.enforcement_surge
    )


def test_history_holds_the_sourced_events_and_a_counterfactual_builds_on_it():
    history = {
        name: kind for name, kind, _ in scenario_events(compose_config(["scenario=history"]).scenario)
    }
    assert history == HISTORY
    counterfactual = compose_config(["scenario=history_supply_cut"]).scenario
    names = {name for name, _, _ in scenario_events(counterfactual)}
    assert names == set(HISTORY) | {"thai_supply_cut_2024"}
    assert counterfactual.name == "history_supply_cut"


def test_an_event_added_from_the_command_line_acts():
    config = compose_config(
        ['+scenario.events.cut={kind:supply_cut,country:THA,start:"2020-01-06"}', "world=mekong"]
    )
    model = ScamScapeModel(config, rng=1)
    model.step()
    zones = model.world.zones.id[model.levers.zone_supply_loss > 0]
    assert set(zones) == {"MMR-myawaddy", "MMR-tachileik", "KHM-poipet"}


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (
            {"kind": "crackdown"},
            r"scenario.events.e.kind: 'crackdown' is not a kind of event; allowed: coordinated_raid",
        ),
        (
            {"kind": "supply_cut", "contry": "THA"},
            r"scenario.events.e.contry: .*allowed fields of supply_cut: kind, start",
        ),
        ({"kind": "supply_cut", "weeks": "many"}, r"scenario.events.e.weeks: .*could not be converted"),
        ({"kind": "supply_cut", "weeks": 0}, r"scenario.events.e.weeks: 0 is out of range"),
        (
            {"kind": "supply_cut", "start": "2031-01-06"},
            r"scenario.events.e.start: the event .* lies outside the run",
        ),
        (
            {"kind": "unilateral_crackdown", "zones": ["MMR-nowhere"]},
            r"scenario.events.e.zones: unknown zone id",
        ),
        (
            {"kind": "coordinated_raid", "countries": ["ATL"]},
            r"scenario.events.e.countries: unknown ISO3 code 'ATL'",
        ),
    ],
)
def test_a_faulty_event_is_rejected_naming_its_key(small_world, event, message):
    with pytest.raises(ConfigError, match=message):
        ScamScapeModel(with_events(e=event), rng=0, world=small_world)


@pytest.mark.parametrize("name", ["../elsewhere", "/tmp/x", "a/b", ".hidden", ""])
def test_a_scenario_name_that_could_reach_a_path_is_rejected(small_world, name):
    params = small_params()
    params.scenario.name = name
    with pytest.raises(ConfigError, match=r"scenario.name: .* is not a safe label"):
        ScamScapeModel(params, rng=0, world=small_world)


def test_events_leave_the_baseline_unchanged(small_world):
    base = ScamScapeModel(small_params(), rng=2, world=small_world)
    late = with_events(late={"kind": "supply_cut", "country": "THA", "start": "2020-03-02"})
    model = ScamScapeModel(late, rng=2, world=small_world)
    for _ in range(4):  # the event starts in week 9
        base.step()
        model.step()
    np.testing.assert_array_equal(
        base.victims.state[: base.victims.size], model.victims.state[: model.victims.size]
    )
