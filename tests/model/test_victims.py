"""Victims as Mesa agents backed by the victim arrays, and their trajectories."""

from __future__ import annotations

from model.agents import Victim, VictimState


def test_victims_are_mesa_agents_backed_by_the_arrays(make_model):
    model = make_model(seed=1)
    for _ in range(6):
        model.step()
    agents = list(model.agents_by_type[Victim])
    assert len(agents) == model.victims.size > 8000 // model.population_scale
    assert sorted(a.index for a in agents) == list(range(model.victims.size))
    for agent in agents[::7]:
        assert agent.state == VictimState(model.victims.state[agent.index])
        assert agent.nationality == model.world.iso3[model.victims.nationality[agent.index]]
        assert agent.location == model.world.iso3[model.victims.location[agent.index]]


def test_trajectory_lists_the_victims_changes_of_state(make_model):
    model = make_model(seed=2)
    initial_agents = model.victims.size
    for _ in range(10):
        model.step()
    agents = list(model.agents_by_type[Victim])
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
    trajectory = next(iter(model.agents_by_type[Victim])).trajectory()
    assert {"week", "date", "country", "state"} <= set(trajectory.columns)
