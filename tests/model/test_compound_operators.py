"""Compound operators: relocating under risk, growing with profit."""

from __future__ import annotations

import pytest

from model.agents import VictimState
from model.site_choice import site_values
from tests.helpers.agents import compounds_in, held_in


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
