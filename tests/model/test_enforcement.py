"""Enforcement units: raids, rescues, arrests and closures on the ten-country world."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from model.agents import EnforcementUnit, Recruiter, VictimState
from tests.helpers.agents import compounds_in

# ---- helpers ----------------------------------------------------------------------------------


def unit_in(model, country: int) -> EnforcementUnit:
    return next(u for u in model.agents_by_type[EnforcementUnit] if u.country == country)


def state_counts(model) -> np.ndarray:
    return model.victims.counts_by_state().copy()


# ---- enforcement ----------------------------------------------------------------------------------


def test_successful_raid_rescues_held_victims(make_model):
    model = make_model(seed=5, enforcement__share_rescued_per_raid=0.5)
    compound = compounds_in(model, "MMR")[0]
    inside = model.held_in(compound.compound_id)
    before = state_counts(model)
    capacity = compound.capacity
    unit = unit_in(model, compound.country)

    unit.book_raid(compound, success=True, arrested=False)

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
    unit_in(model, compound.country).book_raid(compound, success=False, arrested=False)
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
    inside = model.held_in(target.compound_id)
    held_in_others = sum(len(model.held_in(c.compound_id)) for c in others)
    for other in others:  # room to buy workers (at the start every compound is full)
        other.capacity *= 3

    unit.raid(target)

    assert not target.active and not model.compound_arrays.active[target.compound_id]
    assert unit.raids == 1 and unit.arrests == 1
    assert model.flows.arrests_operators == 1
    assert len(model.held_in(target.compound_id)) == 0
    rescued = (model.victims.state[inside] == VictimState.RESCUED).sum()
    assert rescued > 0 and model.flows.rescued == rescued * model.population_scale
    # of the rest, a share is sold to the other compound with most room in its zone, syndicate or
    # country, the others released
    sold = sum(len(model.held_in(c.compound_id)) for c in others) - held_in_others
    released = (model.victims.state[inside] == VictimState.RELEASED).sum()
    assert sold > 0 and released > 0
    assert sold + released == len(inside) - rescued
    assert model.flows.released == released * model.population_scale
    assert model.open_orders()[target.compound_id] == 0

    unit.raid(target)  # a closed compound cannot be raided
    assert unit.raids == 1 and model.flows.raids == 1


def test_closing_the_last_compound_of_a_country_releases_its_workforce(make_model):
    model = make_model(seed=7, enforcement__share_rescued_per_raid=0.0)
    philippines = compounds_in(model, "PHL")
    assert philippines
    workforce = np.concatenate([model.held_in(c.compound_id) for c in philippines])
    unit = unit_in(model, philippines[0].country)
    for compound in philippines:
        unit.book_raid(compound, success=True, arrested=True)
    assert (model.victims.state[workforce] == VictimState.RELEASED).all()
    assert model.flows.released == len(workforce) * model.population_scale
    assert model.flows.arrests_operators == len(philippines)
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
    assert (~model.compound_arrays.active).sum() > 0


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
