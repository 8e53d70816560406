"""Victims in transit: hop by hop along their routes, interception at screened hubs, re-routing."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from model import victim_dynamics
from model.agents import CompoundOperator, VictimState
from tests.helpers.agents import compounds_in

# ---- helpers ----------------------------------------------------------------------------------


def next_week_move(model) -> None:
    """Advance the calendar by a week and run only the movement phase."""
    model.steps += 1
    model.move()


def send_victims(model, source: str, compound: CompoundOperator, count: int) -> np.ndarray:
    """Enlist ``count`` recruits from ``source`` bound for ``compound``; return their indices."""
    nationality = np.full(count, model.world.index_of([source])[0])
    return victim_dynamics.enlist(
        model, nationality, np.full(count, compound.compound_id), VictimState.RECRUITED
    )


def route(world, source: int, destination: int) -> np.ndarray:
    return world.route_nodes[source, destination, : world.route_length[source, destination]]


# ---- victims in transit --------------------------------------------------------------------------


def test_victims_in_transit_follow_graph_edges_hop_by_hop(make_model):
    # no relocations: travellers of a compound that moves are re-routed at their next node (tested below)
    model = make_model(seed=14, compounds__risk_tolerance=1.0)
    world, victims, graph = model.world, model.victims, model.world.graph
    hops = multi_hop = 0
    for _ in range(16):
        travelling = victims.in_state(VictimState.IN_TRANSIT)
        before = victims.location[travelling].copy()
        model.step()
        after = victims.location[travelling]
        for a, b in zip(before[before != after], after[before != after], strict=True):
            assert graph.has_edge(int(a), int(b)), (world.iso3[a], world.iso3[b])
            hops += 1
        in_transit = victims.state[travelling] == VictimState.IN_TRANSIT
        multi_hop += int((in_transit & (before != after)).sum())  # reached a transit node
        # every traveller stands on a node of its cheapest route, waiting for the next hop, or is on
        # the leg from its destination's centre to its compound's zone
        travellers = victims.in_state(VictimState.IN_TRANSIT)
        length = world.route_length[victims.origin[travellers], victims.destination[travellers]]
        on_leg = travellers[victims.hop[travellers] == length]
        np.testing.assert_array_equal(victims.location[on_leg], victims.destination[on_leg])
        leg_weeks = model.zone_leg_weeks[model.compound_arrays.zone[victims.compound[on_leg]]]
        assert (victims.hop_weeks_left[on_leg] <= np.ceil(leg_weeks)).all()
        now = travellers[victims.hop[travellers] < length]
        origin, destination, hop = victims.origin[now], victims.destination[now], victims.hop[now]
        np.testing.assert_array_equal(victims.location[now], world.route_nodes[origin, destination, hop])
        assert (hop < world.route_length[origin, destination] - 1).all()
        nxt = world.route_nodes[origin, destination, hop + 1]
        left = victims.hop_weeks_left[now]
        assert ((left >= 1) & (left <= world.hop_weeks[victims.location[now], nxt])).all()
        np.testing.assert_array_equal(destination, model.compound_arrays.country[victims.compound[now]])
    assert hops > 20
    assert multi_hop > 0, "no traveller passed through a transit node"


def test_recruits_reach_their_compound_after_the_routes_travel_weeks_and_the_zone_leg(make_model):
    model = make_model(seed=15, enforcement__screening_per_unit=0.0)  # nobody is intercepted
    world = model.world
    compound = compounds_in(model, "MMR")[0]
    leg = model.zone_leg_weeks[compound.zone]
    assert 0 < leg < 1, "the Myanmar zones lie a few hundred km from the country's centre"
    source = int(world.index_of(["IDN"])[0])
    nodes = route(world, source, compound.country)
    weeks = int(sum(world.hop_weeks[a, b] for a, b in itertools.pairwise(nodes)))
    assert len(nodes) >= 3 and weeks >= 3
    sent = send_victims(model, "IDN", compound, 400)
    path = [model.victims.location[sent[0]]]
    arrived_on_time = None
    for week in range(weeks + 2):
        next_week_move(model)
        path.append(model.victims.location[sent[0]])
        states = model.victims.state[sent]
        if week < weeks:
            assert (states == VictimState.IN_TRANSIT).all(), week
        if week == weeks:
            arrived_on_time = (states == VictimState.HELD).mean()
    # the leg of `leg` weeks takes a whole week for a share `leg` of them, none for the others
    assert 1 - arrived_on_time == pytest.approx(leg, abs=4 * np.sqrt(leg * (1 - leg) / len(sent)))
    assert (model.victims.state[sent] == VictimState.HELD).all()
    assert (model.victims.location[sent] == compound.country).all()
    visited = [int(n) for i, n in enumerate(path) if i == 0 or n != path[i - 1]]
    assert visited == [int(n) for n in nodes]


def test_victims_are_intercepted_at_a_screened_hub(make_model):
    model = make_model(seed=16, enforcement__max_interception=1.0)
    world = model.world
    compound = compounds_in(model, "MMR")[0]
    source = int(world.index_of(["IDN"])[0])
    hub = int(route(world, source, compound.country)[1])
    model.levers.screening_surge[hub] = 1e9  # the hub's units stop everyone; nobody else screens
    model.levers.screening_surge[np.arange(world.size) != hub] = 0.0
    rescued_before = model.victims.counts_by_state()[VictimState.RESCUED]
    sent = send_victims(model, "IDN", compound, 20)
    for _ in range(6):
        next_week_move(model)
    assert (model.victims.state[sent] == VictimState.RESCUED).all()
    assert (model.victims.location[sent] == hub).all()
    assert model.flows.intercepted == 20 * model.population_scale
    assert model.victims.counts_by_state()[VictimState.RESCUED] == rescued_before + 20
    trajectory = model.victim_agents[sent[0]].trajectory()
    assert trajectory.state.tolist() == ["RECRUITED", "IN_TRANSIT", "RESCUED"]
    assert trajectory.country.iloc[-1] == hub


def test_unit_screening_intercepts_travellers_in_a_run(make_model):
    model = make_model(
        seed=17,
        enforcement__screening_per_unit=1.0,
        enforcement__max_interception=0.9,
        enforcement__raids_per_unit_week=0.0,
    )
    for _ in range(10):
        model.step()
    assert model.interception.max() == pytest.approx(0.9)
    series = model.recorder.timeseries()
    assert series.intercepted.sum() > 0 and series.rescued.sum() == 0
    # with no raids, every rescue is an interception of a traveller at a screened node
    events = model.victims.events()
    rescues = events[events.state == VictimState.RESCUED]
    assert len(rescues) * model.population_scale == series.intercepted.sum()
    for victim, country in zip(rescues.victim, rescues.country, strict=True):
        assert model.victims.nationality[victim] == country or model.interception[country] > 0
        assert country != model.compound_arrays.country[model.victims.compound[victim]]


def test_recruits_of_a_relocated_compound_travel_to_its_new_site(make_model):
    model = make_model(seed=18, enforcement__screening_per_unit=0.0)  # nobody is intercepted
    world = model.world
    compound = compounds_in(model, "MMR")[0]
    sent = send_victims(model, "IDN", compound, 10)
    next_week_move(model)  # they set off towards Myanmar
    assert (model.victims.state[sent] == VictimState.IN_TRANSIT).all()
    new_site = int(world.index_of(["PHL"])[0])
    compound.move_to(int(model.zones_of_country[new_site][0]))
    for _ in range(20):
        next_week_move(model)
    victims = model.victims
    # wherever a traveller ends up, it got there along its route
    np.testing.assert_array_equal(victims.location[sent], victims.destination[sent])
    held = sent[victims.state[sent] == VictimState.HELD]
    assert (victims.location[held] == new_site).all()
