"""The four agent roles on the ten-country world: victims, recruiters, enforcement, operators."""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest

from model import victim_dynamics
from model.agents import CompoundOperator, EnforcementUnit, Recruiter, Victim, VictimState
from model.agents.recruiter import allocate_recruits
from model.site_choice import site_values

# ---- helpers ----------------------------------------------------------------------------------


def held_in(model, compound_id: int) -> np.ndarray:
    held = model.victims.in_state(VictimState.HELD)
    return held[model.victims.compound[held] == compound_id]


def compounds_in(model, code: str) -> list[CompoundOperator]:
    country = int(model.world.index_of([code])[0])
    return [c for c in model.compounds if c.active and c.country == country]


def unit_in(model, country: int) -> EnforcementUnit:
    return next(u for u in model.agents_by_type[EnforcementUnit] if u.country == country)


def state_counts(model) -> np.ndarray:
    return model.victims.counts_by_state().copy()


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


# ---- victims as Mesa agents -------------------------------------------------------------------


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
        assert held_at == model.compound_country[model.victims.compound[agent.index]]


def test_trajectory_has_the_documented_date_column(make_model):
    model = make_model(seed=2)
    model.step()
    trajectory = next(iter(model.agents_by_type[Victim])).trajectory()
    assert {"week", "date", "country", "state"} <= set(trajectory.columns)


# ---- recruiters ---------------------------------------------------------------------------------


def test_recruiter_without_open_orders_recruits_nobody(make_model):
    model = make_model(seed=3)
    recruiter = next(iter(model.agents_by_type[Recruiter]))
    orders = np.zeros(len(model.compounds), dtype=np.int64)
    access = model.compound_access(recruiter.country)
    allocation = allocate_recruits(model.rng, 50, orders, access)
    assert allocation.sum() == 0 and len(allocation) == len(model.compounds)
    assert (orders == 0).all()
    assert recruiter.delivered_persons == 0 and recruiter.fees_usd == 0


def test_recruiter_fills_no_more_than_the_open_orders(make_model):
    model = make_model(seed=3)
    recruiter = next(iter(model.agents_by_type[Recruiter]))
    orders = np.zeros(len(model.compounds), dtype=np.int64)
    orders[[1, 4]] = [3, 2]
    access = model.compound_access(recruiter.country)
    allocation = allocate_recruits(model.rng, 100, orders, access)
    np.testing.assert_array_equal(allocation[[1, 4]], [3, 2])
    assert allocation.sum() == 5 and (orders == 0).all()
    recruiter.deliver(allocation.sum() * model.population_scale)
    assert recruiter.delivered_persons == 5 * model.population_scale
    assert recruiter.fees_usd == 5 * model.population_scale * model.params.recruitment.fee_usd

    orders[:] = 0
    orders[2] = 40
    allocation = allocate_recruits(model.rng, 7, orders, access)
    assert allocation[2] == 7 and allocation.sum() == 7 and orders[2] == 33


@pytest.mark.parametrize("market_capacity", [1.0, 1e7])
def test_compounds_at_capacity_order_nobody(make_model, market_capacity):
    """No turnover, no raids: only growth (room in the market) opens orders."""
    model = make_model(
        seed=4,
        victims__p_escape=0.0,
        victims__p_release=0.0,
        enforcement__raids_per_unit_week=0.0,
        compounds__market_capacity_persons=market_capacity,
    )
    assert (model.open_orders() == 0).all()
    start = model.victims.size
    for _ in range(8):
        model.step()
    recruited = model.recorder.timeseries().recruited
    assert model.recorder.timeseries().recruiters.min() > 0
    if market_capacity == 1.0:
        assert (recruited == 0).all()
        assert model.victims.size == start
        assert model.recorder.timeseries().compounds_active.eq(len(model.compounds)).all()
    else:
        assert recruited.sum() > 0
        assert model.victims.size > start


# ---- enforcement ----------------------------------------------------------------------------------


def test_successful_raid_rescues_held_victims(make_model):
    model = make_model(seed=5, enforcement__share_rescued_per_raid=0.5)
    compound = compounds_in(model, "MMR")[0]
    inside = held_in(model, compound.compound_id)
    before = state_counts(model)
    capacity = compound.capacity

    model.record_raid(compound, success=True, arrested=False)

    rescued = inside[model.victims.state[inside] == VictimState.RESCUED]
    assert 0 < len(rescued) < len(inside)
    after = state_counts(model)
    assert after[VictimState.RESCUED] - before[VictimState.RESCUED] == len(rescued)
    assert before[VictimState.HELD] - after[VictimState.HELD] == len(rescued)
    assert model.flows.rescued == len(rescued) * model.population_scale
    assert model.flows.rescued_in[compound.country] == model.flows.rescued
    assert model.flows.raids == 1
    assert (model.victims.location[rescued] == compound.country).all()
    assert compound.active
    assert compound.capacity == pytest.approx(capacity * (1 - model.params.compounds.disruption_share))
    assert compound.intelligence > 0, "freed victims' testimony adds intelligence"


def test_failed_raid_frees_nobody(make_model):
    model = make_model(seed=5)
    compound = compounds_in(model, "MMR")[0]
    before = state_counts(model)
    model.record_raid(compound, success=False, arrested=False)
    np.testing.assert_array_equal(state_counts(model), before)
    assert model.flows.raids == 1 and model.flows.rescued == 0 and compound.active


def test_unit_raid_with_certain_success_and_arrest_closes_the_compound(make_model):
    model = make_model(
        seed=6,
        enforcement__p_raid_success=1.0,
        enforcement__p_arrest_operator=1.0,
        enforcement__share_rescued_per_raid=0.5,
    )
    target, *others = compounds_in(model, "MMR")
    target.intelligence = 1e6  # success probability is capped at 1
    unit = unit_in(model, target.country)
    assert unit.raid_success_probability(target) == 1.0
    inside = held_in(model, target.compound_id)
    held_in_others = sum(len(held_in(model, c.compound_id)) for c in others)

    unit.raid(target)

    assert not target.active and not model.compound_active[target.compound_id]
    assert unit.raids == 1 and unit.arrests == 1
    assert model.flows.arrests_operators == 1
    assert len(held_in(model, target.compound_id)) == 0
    rescued = (model.victims.state[inside] == VictimState.RESCUED).sum()
    assert rescued > 0 and model.flows.rescued == rescued * model.population_scale
    # of the rest, a share is sold to the largest other compound in the country, the others released
    sold = sum(len(held_in(model, c.compound_id)) for c in others) - held_in_others
    released = (model.victims.state[inside] == VictimState.RELEASED).sum()
    assert sold > 0 and released > 0
    assert sold + released == len(inside) - rescued
    assert model.flows.released == released * model.population_scale
    assert target.open_order(0, 0) == 0
    assert model.open_orders()[target.compound_id] == 0

    unit.raid(target)  # a closed compound cannot be raided
    assert unit.raids == 1 and model.flows.raids == 1


def test_closing_the_last_compound_of_a_country_releases_its_workforce(make_model):
    model = make_model(seed=7, enforcement__share_rescued_per_raid=0.0)
    philippines = compounds_in(model, "PHL")
    assert len(philippines) == 2
    workforce = np.concatenate([held_in(model, c.compound_id) for c in philippines])
    for compound in philippines:
        model.record_raid(compound, success=True, arrested=True)
    assert (model.victims.state[workforce] == VictimState.RELEASED).all()
    assert model.flows.released == len(workforce) * model.population_scale
    assert model.flows.arrests_operators == 2
    assert not any(c.active for c in philippines)


def test_raid_success_falls_with_protection_and_rises_with_intelligence(make_model):
    model = make_model(seed=8, enforcement__p_raid_success=0.5)
    myanmar, philippines = compounds_in(model, "MMR")[0], compounds_in(model, "PHL")[0]
    unit = unit_in(model, myanmar.country)
    low = unit.raid_success_probability(myanmar)
    assert 0 < low < 0.5 * model.world.state_capacity[myanmar.country]
    myanmar.intelligence = 0.5
    assert unit.raid_success_probability(myanmar) == pytest.approx(1.5 * low)
    shielded = model.params.compounds.protection_shield * model.world.corruption
    expected = 0.5 * model.world.state_capacity * (1 - shielded)
    assert unit.raid_success_probability(philippines) == pytest.approx(expected[philippines.country])


def test_strong_enforcement_rescues_arrests_and_closes_over_a_run(make_model):
    model = make_model(
        seed=9,
        enforcement__p_detect_compound=1.0,
        enforcement__raids_per_unit_week=1.0,
        enforcement__p_raid_success=1.0,
        enforcement__p_arrest_operator=0.5,
        compounds__p_reopen=0.0,
    )
    for _ in range(10):
        model.step()
    series = model.recorder.timeseries()
    assert series.raids.sum() > 5
    assert series.rescued.sum() > 0 and series.arrests_operators.sum() > 0
    assert model.victims.counts_by_state()[VictimState.RESCUED] > 0
    assert (~model.compound_active).sum() > 0


def test_an_arrested_recruiter_cannot_be_arrested_again(make_model):
    model = make_model(seed=10, enforcement__p_arrest_recruiter=1.0)
    recruiter = next(iter(model.agents_by_type[Recruiter]))
    unit = unit_in(model, recruiter.country)
    for _ in range(200):
        unit.investigate(recruiter)
        if model.flows.arrests_recruiters:
            break
    assert model.flows.arrests_recruiters == 1
    assert recruiter not in model.agents
    for _ in range(30):
        unit.investigate(recruiter)
    assert model.flows.arrests_recruiters == 1
    assert unit.arrests == 1


def test_a_week_raises_no_warning_from_the_model(make_model):
    model = make_model(seed=19)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(2):
            model.step()
    ours = [f"{w.filename}:{w.lineno}: {w.message}" for w in caught if "/model/" in w.filename]
    assert not ours


# ---- compound operators ------------------------------------------------------------------------------


def test_operator_under_high_risk_relocates_to_a_better_site(make_model):
    model = make_model(seed=11, compounds__choice_noise=0.0)
    operator = compounds_in(model, "MMR")[0]
    origin = operator.country
    workforce = held_in(model, operator.compound_id)
    model.raid_pressure[origin] = 1.0
    operator.risk = 0.9
    seen = model.perceived_risk()
    seen[origin] = operator.risk
    values = site_values(model, origin, max(operator.capacity, 1.0), seen)

    operator.relocate()

    destination = operator.country
    assert destination != origin
    assert values[destination] > values[origin]
    assert values[destination] >= values.max() - 1e3  # best site up to noise of scale US$1
    assert (model.victims.location[workforce] == destination).all()
    assert (model.victims.state[workforce] == VictimState.HELD).all()
    assert model.flows.relocations == 1
    assert model.flows.relocations_out[origin] == model.flows.relocations_in[destination] == 1
    assert not operator.known
    assert operator.cash < 0, "moving costs are paid"


@pytest.mark.parametrize("pressure", [0.0, 1.0])
def test_operator_adapt_relocates_only_above_its_risk_tolerance(make_model, pressure):
    model = make_model(seed=12, compounds__choice_noise=0.0)
    operator = compounds_in(model, "KHM")[0]
    origin = operator.country
    model.raid_signal[origin] = pressure
    model.raid_pressure[origin] = pressure
    operator.risk = 0.9 if pressure else 0.0
    operator.adapt()
    if pressure:
        assert operator.risk > 0 and operator.country != origin
    else:
        assert operator.country == origin and operator.risk == 0.0
        assert model.flows.relocations == 0


def test_profitable_compounds_grow_while_the_market_has_room(make_model):
    model = make_model(seed=13, enforcement__raids_per_unit_week=0.0)
    before = [c.capacity for c in model.compounds]
    for _ in range(4):
        model.step()
    grown = [c.capacity > b for c, b in zip(model.compounds, before, strict=False)]
    assert all(grown)


def test_compounds_making_losses_do_not_grow(make_model):
    model = make_model(
        seed=13,
        enforcement__raids_per_unit_week=0.0,
        compounds__revenue_per_worker_week_usd=0.0,
        compounds__p_entry=0.0,
    )
    before = [c.capacity for c in model.compounds]
    for _ in range(4):
        model.step()
    assert all(c.cash < 0 for c in model.compounds)
    assert all(c.capacity <= b for c, b in zip(model.compounds, before, strict=True))


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
        # every traveller stands on a node of its cheapest route, waiting for the next hop
        now = victims.in_state(VictimState.IN_TRANSIT)
        origin, destination, hop = victims.origin[now], victims.destination[now], victims.hop[now]
        np.testing.assert_array_equal(victims.location[now], world.route_nodes[origin, destination, hop])
        assert (hop < world.route_length[origin, destination] - 1).all()
        nxt = world.route_nodes[origin, destination, hop + 1]
        left = victims.hop_weeks_left[now]
        assert ((left >= 1) & (left <= world.hop_weeks[victims.location[now], nxt])).all()
        np.testing.assert_array_equal(destination, model.compound_country[victims.compound[now]])
    assert hops > 20
    assert multi_hop > 0, "no traveller passed through a transit node"


def test_recruits_reach_their_compound_after_the_routes_travel_weeks(make_model):
    model = make_model(seed=15, enforcement__screening_per_unit=0.0)  # nobody is intercepted
    world = model.world
    compound = compounds_in(model, "MMR")[0]
    source = int(world.index_of(["IDN"])[0])
    nodes = route(world, source, compound.country)
    weeks = int(sum(world.hop_weeks[a, b] for a, b in itertools.pairwise(nodes)))
    assert len(nodes) >= 3 and weeks >= 3
    sent = send_victims(model, "IDN", compound, 10)
    path = [model.victims.location[sent[0]]]
    for week in range(weeks + 1):
        next_week_move(model)
        path.append(model.victims.location[sent[0]])
        states = model.victims.state[sent]
        if week < weeks:
            assert (states == VictimState.IN_TRANSIT).all(), week
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
        assert country != model.compound_country[model.victims.compound[victim]]


def test_recruits_of_a_relocated_compound_travel_to_its_new_site(make_model):
    model = make_model(seed=18, enforcement__screening_per_unit=0.0)  # nobody is intercepted
    world = model.world
    compound = compounds_in(model, "MMR")[0]
    sent = send_victims(model, "IDN", compound, 10)
    next_week_move(model)  # they set off towards Myanmar
    assert (model.victims.state[sent] == VictimState.IN_TRANSIT).all()
    new_site = int(world.index_of(["PHL"])[0])
    model.move_compound(compound, new_site)
    for _ in range(20):
        next_week_move(model)
    victims = model.victims
    # wherever a traveller ends up, it got there along its route
    np.testing.assert_array_equal(victims.location[sent], victims.destination[sent])
    held = sent[victims.state[sent] == VictimState.HELD]
    assert (victims.location[held] == new_site).all()
