"""Operators act on losses; moves are real (travel, interception, idle weeks); small sites close."""

from __future__ import annotations

import numpy as np
import pytest

from model import compound_dynamics
from model.agents import CompoundOperator, VictimState
from model.site_choice import moving_cost_per_person
from tests.helpers.agents import compounds_in


@pytest.mark.parametrize("tolerance", [0.1, 1.0])
def test_operators_reconsider_when_recent_losses_pass_their_tolerance(
    make_model, monkeypatch, tolerance
):
    model = make_model(seed=31, compounds__loss_tolerance=tolerance, compounds__risk_tolerance=1.0)
    arrays = model.compound_arrays
    operator = compounds_in(model, "KHM")[0]
    arrays.revenue[:] = 1e6  # US$ a week of recent revenue, every compound
    arrays.losses[operator.compound_id] = 0.5e6  # half of it lost at its site recently
    calls = []
    monkeypatch.setattr(CompoundOperator, "reconsider", lambda self, cause: calls.append((self, cause)))
    compound_dynamics.adapt(model)
    if tolerance < 0.5:
        assert calls == [(operator, "losses")]
    else:
        assert calls == []


def test_recent_losses_are_an_average_of_the_weeks_losses(make_model):
    model = make_model(seed=32, compounds__loss_memory=0.25)
    arrays = model.compound_arrays
    arrays.losses_week[0] = 4000.0
    compound_dynamics.adapt(model)
    assert arrays.losses[0] == pytest.approx(1000.0) and arrays.losses_week[0] == 0.0


@pytest.mark.parametrize(("size", "expected"), [(30.0, "exited"), (3000.0, "relocated")])
def test_a_small_site_hit_hard_closes_and_a_large_one_moves(make_model, size, expected):
    """The set-up cost is the same for every site, so only a large workforce repays a move."""
    model = make_model(seed=33, compounds__choice_temperature=0.0)
    operator = compounds_in(model, "MMR")[0]
    operator.site_capacity = operator.capacity = size
    operator.losses = 3000.0 * size  # US$ a week: more than its margin, if it stays
    operator.cash = 1e9  # money is not what stops the small one
    operator.reconsider("losses")
    events = model.compound_arrays.events()
    mine = events[(events.compound == operator.compound_id) & (events.event != "opened")]
    assert list(mine.event) == [expected] and list(mine.cause) == ["losses"]
    assert operator.exited == (expected == "exited")


def test_a_moving_workforce_travels_can_be_intercepted_and_the_compound_idles(make_model):
    model = make_model(
        seed=34,
        compounds__share_let_go_on_move=0.25,
        enforcement__raids_per_unit_week=0.0,
        enforcement__screening_per_unit=1.0,
        enforcement__max_interception=0.2,
    )
    model.step()  # screening is set for the week
    operator = max(compounds_in(model, "MMR"), key=lambda c: len(model.held_in(c.compound_id)))
    workforce = model.held_in(operator.compound_id)
    manila = int(np.flatnonzero(model.world.zones.id == "PHL-metro-manila")[0])
    operator.cash = cash = 1e9  # it can pay its guards on arrival
    operator.move_to(manila)
    sold = model.victims.compound[workforce] != operator.compound_id
    let_go = sold | (model.victims.state[workforce] == VictimState.RELEASED)
    assert 0.1 < let_go.mean() < 0.45, "about a quarter is sold or released rather than moved"
    assert operator.cash < cash - model.params.compounds.setup_cost_usd
    assert operator.idle_until > model.steps + 5, "a move across the sea costs weeks"
    for _ in range(operator.idle_until - model.steps - 1):
        model.step()
        assert model.compound_arrays.profit[operator.compound_id] <= 0, "no production on the move"
    states = model.victims.state[workforce[~let_go]]
    assert (states == VictimState.RESCUED).any(), "some were intercepted at screened nodes"
    assert (states == VictimState.HELD).mean() > 0.3, "most of the others got there"
    held = workforce[~let_go][states == VictimState.HELD]
    assert len(held) > 0 and (model.victims.location[held] == operator.country).all()
    model.step()
    assert model.compound_arrays.profit[operator.compound_id] > 0, "it produces again"


@pytest.mark.parametrize(("size", "splits"), [(3000.0, True), (30.0, False)])
def test_a_large_compound_under_risk_splits_and_a_small_one_does_not(make_model, size, splits):
    """Two half-size sites are each less visible (``detection_size_exponent``): a large compound that
    knows no other zone repays the set-up cost of a second site in its own zone; a small one cannot."""
    model = make_model(seed=35, compounds__choice_temperature=0.0)
    operator = compounds_in(model, "MMR")[0]
    zone = operator.zone
    model.zone_knowledge.known[operator.syndicate] = False
    model.zone_knowledge.known[operator.syndicate, zone] = True
    operator.site_capacity = operator.capacity = size
    operator.risk, operator.cash = 0.3, 1e9
    held = model.held_in(operator.compound_id)
    compounds = model.compound_arrays.size
    operator.reconsider("risk")
    events = model.compound_arrays.events()
    mine = events[(events.compound == operator.compound_id) & (events.event != "opened")]
    if not splits:
        assert mine.empty and model.compound_arrays.size == compounds, "it stays as it is"
        return
    assert list(mine.event) == ["split"] and list(mine.cause) == ["risk"]
    new = model.compounds[compounds]
    assert (new.zone, new.syndicate) == (zone, operator.syndicate)
    assert operator.capacity == operator.site_capacity == new.site_capacity == size / 2
    moved = model.victims.compound[held] == new.compound_id
    assert moved.sum() == len(held) // 2, "half of those held change site"
    assert (model.victims.state[held] == VictimState.HELD).all(), "in its own zone nobody travels"
    assert model.flows.splits == 1
    assert model.flows.setup_paid_usd == model.params.compounds.setup_cost_usd
    left = 1e9 - model.params.compounds.setup_cost_usd
    assert operator.cash == new.cash == left / 2, "the cash left is shared"
    assert new.parent == operator.compound_id
    opened = events[(events.compound == new.compound_id)]
    assert list(opened.event) == ["opened"] and list(opened.cause) == ["split"]


def test_a_split_to_another_zone_sends_half_the_workforce_there(make_model):
    """The new site orders nobody while it waits, and its half of the cash pays its guards once its
    workforce arrives: no mass exit from unpaid guards."""
    model = make_model(seed=36, enforcement__raids_per_unit_week=0.0)
    operator = max(compounds_in(model, "MMR"), key=lambda c: len(model.held_in(c.compound_id)))
    held = model.held_in(operator.compound_id)
    manila = int(np.flatnonzero(model.world.zones.id == "PHL-metro-manila")[0])
    operator.cash = 1e9
    operator.losses, operator.revenue = 8e4, 6e5
    new = operator.split_to(manila, "losses", risk=0.05)
    leaving = held[model.victims.compound[held] == new.compound_id]
    assert len(leaving) == len(held) // 2
    assert (model.victims.state[leaving] == VictimState.IN_TRANSIT).all()
    assert new.zone == manila and new.country == model.zone_country[manila] and new.risk == 0.05
    assert new.idle_until > model.steps + 5, "the new site waits for its workforce and networks"
    assert model.flows.setup_paid_usd > model.params.compounds.setup_cost_usd, "moving costs too"
    assert (operator.losses, operator.revenue) == (4e4, 3e5), "the books are halved"
    for _ in range(new.idle_until - model.steps - 1):
        model.step()
        assert model.open_orders()[new.compound_id] == 0, "no orders while it waits"
        assert new.guard_shortfall == 0 and new.cash > 0
    assert model.recorder.timeseries().escaped_unpaid_guards.sum() == 0


def test_a_move_never_costs_more_than_the_cash(make_model):
    """Holding more than its capacity (a cut before shedding), an operator with just enough cash
    for its capacity moves those it can pay for and lets the others go; its cash stays >= 0."""
    model = make_model(seed=38, enforcement__raids_per_unit_week=0.0)
    operator = max(compounds_in(model, "MMR"), key=lambda c: len(model.held_in(c.compound_id)))
    held = model.held_in(operator.compound_id)
    operator.capacity /= 2
    manila = int(np.flatnonzero(model.world.zones.id == "PHL-metro-manila")[0])
    per_person = moving_cost_per_person(model, operator.zone)[manila]
    operator.cash = model.params.compounds.setup_cost_usd + per_person * operator.capacity
    operator.move_to(manila)
    travelling = model.victims.state[held] == VictimState.IN_TRANSIT
    assert operator.cash >= 0
    assert 0 < travelling.sum() * model.population_scale <= operator.capacity + 1e-9
    others = held[~travelling]
    sold = model.victims.compound[others] != operator.compound_id
    assert (sold | (model.victims.state[others] == VictimState.RELEASED)).all(), "let go"


def test_larger_sites_are_detected_more_often(make_model):
    """Detection scales with ``visibility``: an empty site is never found without testimony, a site a
    hundred times the median is found at once (chance 0.3 * state capacity * 10 >= 1)."""
    model = make_model(seed=37, enforcement__p_detect_compound=0.3)
    arrays = model.compound_arrays
    capable = model.world.state_capacity[arrays.country] >= 0.34
    big = np.flatnonzero(capable)[::2]
    arrays.known[:] = False
    arrays.intelligence[:] = 0.0
    arrays.capacity[:] = 0.0
    arrays.capacity[big] = 100 * model.params.compounds.site_size_median_persons
    compound_dynamics.detect(model)
    assert len(big) > 0
    assert arrays.known[big].all() and not np.delete(arrays.known, big).any()
