"""Victims as Mesa agents backed by the victim arrays, and their trajectories."""

from __future__ import annotations

import numpy as np

from model.agents import Victim, VictimState
from model.victim_arrays import VictimArrays


def test_victims_are_mesa_agents_backed_by_the_arrays(make_model):
    model = make_model(seed=1)
    for _ in range(6):
        model.step()
    agents = list(model.victim_agents)
    assert len(agents) == model.victims.size > 8000 // model.population_scale
    assert sorted(a.index for a in agents) == list(range(model.victims.size))
    for agent in agents[::7]:
        assert agent.state == VictimState(model.victims.state[agent.index])
        assert agent.nationality == model.world.iso3[model.victims.nationality[agent.index]]
        assert agent.location == model.world.iso3[model.victims.location[agent.index]]


def test_victim_agents_are_made_when_asked_for_and_kept(make_model):
    """No agent per recruit in the weekly dynamics; asked for, each victim is a registered agent."""
    model = make_model(seed=1)
    for _ in range(4):
        model.step()
    assert len(model.agents_by_type.get(Victim, [])) == 0
    agent = model.victim_agents[-1]
    assert agent is model.victim_agents[model.victims.size - 1]
    assert agent in model.agents and agent.index == model.victims.size - 1
    assert len(model.agents_by_type[Victim]) == 1


def test_trajectory_lists_the_victims_changes_of_state(make_model):
    model = make_model(seed=2)
    initial_agents = model.victims.size
    for _ in range(10):
        model.step()
    agents = list(model.victim_agents)
    initial = agents[0]
    first = initial.trajectory()
    assert first.state.iloc[0] == "HELD" and first.week.iloc[0] == 0
    for agent in agents[::4]:
        trajectory = agent.trajectory()
        assert len(trajectory) >= 1
        assert trajectory.week.is_monotonic_increasing
        assert trajectory.state.iloc[-1] == agent.state.name
    recruited = [a for a in agents[initial_agents:] if a.state == VictimState.HELD]
    assert recruited, "no recruit reached a compound in 10 weeks"
    for agent in recruited:
        states = agent.trajectory().state.tolist()
        assert states[:3] == ["RECRUITED", "IN_TRANSIT", "HELD"]
        held_at = agent.trajectory().country.iloc[2]
        assert held_at == model.compound_arrays.country[model.victims.compound[agent.index]]


def test_trajectory_has_the_documented_date_column(make_model):
    model = make_model(seed=2)
    model.step()
    trajectory = next(iter(model.victim_agents)).trajectory()
    assert {"week", "date", "country", "state"} <= set(trajectory.columns)


def test_live_rows_follow_victims_home_and_back():
    """The live rows are exactly those not at home, sorted, through departures and returns."""
    victims = VictimArrays(initial_capacity=4)
    rows = victims.append(10)
    victims.set_state(rows[[1, 4, 7]], VictimState.REPATRIATED, week=1)
    np.testing.assert_array_equal(victims.live(), [0, 2, 3, 5, 6, 8, 9])
    victims.set_state(np.array([7, 4]), VictimState.RECRUITED, week=2)
    more = victims.append(3)
    victims.set_state(more[:1], VictimState.REPATRIATED, week=2)
    expected = np.flatnonzero(victims.state[: victims.size] != VictimState.REPATRIATED)
    np.testing.assert_array_equal(victims.live(), expected)
    assert victims.counts_by_state()[VictimState.REPATRIATED] == 2
    np.testing.assert_array_equal(victims.in_state(VictimState.RECRUITED), expected)
    # home and back, and back and home again, between two looks at the live rows
    victims.set_state(np.array([2]), VictimState.REPATRIATED, week=3)
    victims.set_state(np.array([2]), VictimState.RECRUITED, week=3)
    victims.set_state(np.array([1]), VictimState.RECRUITED, week=3)
    victims.set_state(np.array([1]), VictimState.REPATRIATED, week=3)
    expected = np.flatnonzero(victims.state[: victims.size] != VictimState.REPATRIATED)
    np.testing.assert_array_equal(victims.live(), expected)
