"""Compound operators: relocating under risk to the zones they know, by a logit choice; sites of
drawn sizes that fill, expand and are given up."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from model import compound_dynamics
from model.agents import VictimState
from model.compound_openings import mean_site_size, site_sizes
from model.site_choice import (
    EXIT,
    Choice,
    choice_probabilities,
    choose_zone,
    split_values,
    zone_values,
)
from tests.helpers.agents import compounds_in


def test_operator_under_high_risk_relocates_to_the_best_zone_it_knows(make_model):
    model = make_model(seed=11, compounds__choice_temperature=0.0, compounds__share_let_go_on_move=0.0)
    operator = compounds_in(model, "MMR")[0]
    origin, country = operator.zone, operator.country
    workforce = model.held_in(operator.compound_id)
    model.raid_pressure[origin] = 1.0
    operator.risk = 0.9
    seen = model.perceived_risk()
    seen[origin] = operator.risk
    values = zone_values(model, origin, max(operator.capacity, 1.0), seen)
    known = model.zone_knowledge.known[operator.syndicate].copy()
    assert known[origin] and not known.all(), "a syndicate knows some zones of the world, not all"
    operator.cash = 1e9  # enough for any move

    operator.reconsider("risk")

    destination = operator.zone
    assert destination != origin and known[destination]
    assert values[destination] == values[known].max(), "at temperature 0: the best zone it knows"
    assert operator.country == model.zone_country[destination]
    assert (model.victims.compound[workforce] == operator.compound_id).all()
    travelling = model.victims.state[workforce] == VictimState.IN_TRANSIT
    held_there = (model.victims.state[workforce] == VictimState.HELD) & (
        model.victims.location[workforce] == operator.country
    )
    assert (travelling | held_there).all() and travelling.any(), "the workforce travels with it"
    assert operator.idle_until > model.steps + 1, "it produces nothing for the weeks of the move"
    assert model.flows.relocations == 1
    assert model.flows.relocations_out[country] == model.flows.relocations_in[operator.country] == 1
    assert not operator.known
    paid = model.flows.setup_paid_usd
    assert paid > model.params.compounds.setup_cost_usd, "set-up and moving costs are paid"
    assert operator.cash == pytest.approx(1e9 - paid), "from its cash"


def test_an_operator_moves_only_to_zones_it_can_pay_for(make_model):
    """Under the same risk, an operator without the set-up cost stays or gives up; with it, it moves."""
    outcomes = {}
    for cash in (0.0, 1e9):
        model = make_model(seed=11, compounds__choice_temperature=0.0)
        operator = compounds_in(model, "MMR")[0]
        origin = operator.zone
        model.raid_pressure[origin] = 1.0
        operator.risk, operator.cash = 0.9, cash
        operator.reconsider("risk")
        outcomes[cash] = (operator.zone != origin, model.flows.setup_paid_usd)
    assert outcomes[0.0] == (False, 0.0), "no cash, no move"
    assert outcomes[1e9][0] and outcomes[1e9][1] > 0


@pytest.mark.parametrize("pressure", [0.0, 1.0])
def test_operators_relocate_only_above_their_risk_tolerance(make_model, pressure):
    model = make_model(seed=12, compounds__choice_temperature=0.0)
    operator = compounds_in(model, "KHM")[0]
    origin = operator.zone
    model.raid_signal[origin] = pressure
    model.raid_pressure[origin] = pressure
    operator.risk = 0.9 if pressure else 0.0
    operator.cash = 1e9
    compound_dynamics.adapt(model)
    if pressure:
        assert operator.risk > 0 and operator.zone != origin
    else:
        assert operator.zone == origin and operator.risk == 0.0
        assert model.flows.relocations == 0


def test_an_operator_chooses_only_among_the_zones_its_syndicate_knows(make_model):
    model = make_model(seed=15)
    operator = compounds_in(model, "MMR")[0]
    knowledge = model.zone_knowledge
    other = int(np.flatnonzero(model.zone_country == model.world.index_of(["KHM"])[0])[0])
    knowledge.known[operator.syndicate] = False
    knowledge.known[operator.syndicate, [operator.zone, other]] = True
    model.raid_pressure[operator.zone] = 1.0
    operator.risk, operator.cash = 0.9, 1e9
    operator.reconsider("risk")
    assert operator.zone == other, "the one other zone it knows is worth more than staying raided"


def test_choice_probabilities_are_a_logit_with_the_temperature_as_a_share_of_the_stake():
    values = np.array([100.0, 90.0, 50.0, -20.0]) * 1e6
    for temperature in (0.01, 0.1, 1.0):
        chance = choice_probabilities(values, temperature)
        scale = temperature * 100e6 + 1.0
        assert chance.sum() == pytest.approx(1.0)
        assert chance[0] / chance[1] == pytest.approx(np.exp(10e6 / scale))
        assert chance[1] / chance[3] == pytest.approx(np.exp(110e6 / scale))
    assert choice_probabilities(values, 0.0).tolist() == [1.0, 0.0, 0.0, 0.0]
    assert choice_probabilities(np.array([3.0, 3.0, 1.0]), 0.0).tolist() == [0.5, 0.5, 0.0]


def test_a_hot_operator_chooses_zones_with_the_logit_frequencies(make_model):
    """The draws follow the logit's probabilities over staying, moves, splits and giving up
    (chi-square over 400 choices, keyed draws)."""
    model = make_model(seed=16, compounds__choice_temperature=0.2)
    operator = compounds_in(model, "MMR")[0]
    risk = model.perceived_risk()
    zones = np.union1d(np.flatnonzero(model.zone_knowledge.known[operator.syndicate]), [operator.zone])
    size = max(operator.capacity, 1.0)
    options = [Choice(int(z)) for z in zones] + [Choice(int(z), True) for z in zones] + [Choice(EXIT)]
    values = np.concatenate(
        [
            zone_values(model, operator.zone, size, risk)[zones],
            split_values(model, operator.zone, size, risk)[zones],
            [0.0],
        ]
    )
    expected = choice_probabilities(values, 0.2)
    picks = [
        choose_zone(model, operator.syndicate, operator.zone, size, risk, key, cash=np.inf)
        for key in range(400)
    ]
    assert set(picks) <= set(options), "only known zones, staying, splitting or giving up"
    counts = np.array([picks.count(option) for option in options])
    keep = expected * 400 >= 5
    observed = np.append(counts[keep], counts[~keep].sum())
    wanted = np.append(expected[keep], expected[~keep].sum()) * 400
    assert keep.sum() >= 2, "the test needs at least two likely options"
    assert stats.chisquare(observed[wanted > 0], wanted[wanted > 0]).pvalue > 0.001


def test_site_sizes_follow_the_configured_log_normal(make_model):
    model = make_model(seed=13, compounds__site_size_median_persons=800.0)
    sizes = site_sizes(model, 4000)
    p = model.params.compounds
    z = (np.log(sizes) - np.log(800.0)) / p.site_size_log_sd
    assert stats.kstest(z, stats.norm.cdf).pvalue > 0.01
    assert mean_site_size(model) == pytest.approx(sizes.mean(), rel=0.05)
    # the initial compounds hold each country's initial persons, in sites of several sizes
    arrays = model.compound_arrays
    for code, persons in model.params.world.initial_held_persons.items():
        here = arrays.country == model.world.index_of([code])[0]
        assert arrays.site_capacity[here].sum() == pytest.approx(persons)
    assert arrays.site_capacity.std() > 0


def test_full_profitable_compounds_expand_into_new_sites_in_their_zone(make_model):
    model = make_model(
        seed=13,
        enforcement__raids_per_unit_week=0.0,
        compounds__p_entry=0.0,  # no new ventures: every new compound is an expansion
        compounds__p_spinoff_own_syndicate=1.0,
    )
    initial = model.compound_arrays.size
    for _ in range(8):
        model.step()
    arrays = model.compound_arrays
    assert (arrays.capacity <= arrays.site_capacity + 1e-9).all(), "no compound outgrows its site"
    assert arrays.size > initial, "growth beyond full sites opens new ones"
    events = arrays.events()
    opened = events[(events.event == "opened") & (events.week > 0)]
    initial_zones = set(arrays.zone[:initial])
    initial_syndicates = set(arrays.syndicate[:initial])
    assert set(opened.zone) <= initial_zones and set(opened.syndicate) <= initial_syndicates


def test_without_growth_no_new_sites_open(make_model):
    model = make_model(
        seed=13,
        enforcement__raids_per_unit_week=0.0,
        compounds__p_entry=0.0,
        compounds__growth_per_week=0.0,
    )
    initial = model.compound_arrays.size
    for _ in range(8):
        model.step()
    assert model.compound_arrays.size == initial


def test_compounds_making_losses_shrink_and_are_given_up(make_model):
    model = make_model(
        seed=13,
        enforcement__raids_per_unit_week=0.0,
        compounds__revenue_per_worker_week_usd=0.0,
        compounds__p_entry=0.0,
        compounds__growth_per_week=0.5,  # shrink fast: below a tenth of the site in 4 weeks
    )
    initial = model.compound_arrays.size
    workforce = np.concatenate([model.held_in(i) for i in range(initial)])
    for _ in range(6):
        model.step()
    arrays = model.compound_arrays
    assert arrays.size == initial, "losses open no site"
    assert (arrays.cash == 0).all(), "cash never goes negative; what is left goes to the owners"
    paid = model.recorder.timeseries()[["running_paid_usd", "protection_paid_usd"]]
    assert (paid == 0).all(axis=None), "with no revenue and no cash, nobody is paid"
    assert arrays.exited.all() and not arrays.active.any()
    events = arrays.events()
    assert (events.event == "exited").sum() == initial
    assert (events.event == "resized").sum() >= initial, "each shrinking compound is logged resized"
    assert model.recorder.timeseries().compounds_exited.sum() == initial
    # the workforce of the last compounds given up in a country is released; nobody is held
    assert (model.victims.state[workforce] != VictimState.HELD).all()
    for _ in range(20):
        model.step()
    assert not model.compound_arrays.active.any(), "an exited compound never reopens"


@pytest.mark.parametrize("share", [0.5, 0.0])
def test_a_compound_above_its_capacity_lets_part_of_the_excess_go(make_model, share):
    model = make_model(
        seed=14,
        enforcement__raids_per_unit_week=0.0,
        compounds__p_entry=0.0,
        compounds__growth_per_week=0.0,
        compounds__shed_share_per_week=share,
    )
    operator = max(compounds_in(model, "MMR"), key=lambda c: len(model.held_in(c.compound_id)))
    workforce = model.held_in(operator.compound_id)
    operator.capacity = operator.capacity / 2  # a shock: capacity for half of those held
    kept = int(operator.capacity // model.population_scale)
    model.step()
    still = (model.victims.compound[workforce] == operator.compound_id) & (
        model.victims.state[workforce] == VictimState.HELD
    )
    let_go = len(workforce) - still.sum()
    series = model.recorder.timeseries()
    if share == 0:
        assert series.shed.sum() == 0 and still.sum() >= kept
        return
    excess = len(workforce) - kept
    assert 0 < let_go <= excess and still.sum() >= kept
    assert let_go == pytest.approx(share * excess, abs=4 * np.sqrt(excess * share * (1 - share)) + 2)
    assert series.shed.sum() >= let_go * model.population_scale * 0.9  # escapes count apart
    events = model.compound_arrays.events()
    assert ((events.event == "shed") & (events.compound == operator.compound_id)).sum() == 1
    # those let go are released or sold to another compound of its country
    gone = workforce[~still]
    sold = gone[model.victims.state[gone] == VictimState.HELD]
    freed = gone[model.victims.state[gone] != VictimState.HELD]
    arrays, buyers = model.compound_arrays, model.victims.compound[sold]
    assert (arrays.country[buyers] == operator.country).all()
    assert (buyers != operator.compound_id).all()
    assert len(freed) > 0
