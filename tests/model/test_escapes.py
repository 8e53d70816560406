"""Escapes: Epstein's threshold rule against the risk of being caught; guarding that shocks weaken."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from model import escapes
from model.agents import VictimState

THRESHOLD = 0.1


def test_attempt_share_is_the_share_whose_grievance_beats_their_net_risk():
    rng = np.random.default_rng(0)
    grievance, aversion = rng.random(400_000), rng.random(400_000)
    for capture in (0.0, 0.3, 0.9, 0.95, 1.0):
        simulated = (grievance - aversion * capture > THRESHOLD).mean()
        assert escapes.attempt_share(capture, THRESHOLD) == pytest.approx(simulated, abs=3e-3)


def test_the_ordinary_equilibrium_gives_p_escape_at_full_guarding():
    for p_escape in (0.001, 0.005, 0.05):
        share, deterrence = escapes.ordinary_equilibrium(p_escape, THRESHOLD)
        capture = 1 - np.exp(-deterrence / share)
        assert escapes.attempt_share(capture, THRESHOLD) == pytest.approx(share)
        assert share * (1 - capture) == pytest.approx(p_escape, rel=1e-9)
    assert escapes.ordinary_equilibrium(0.0, THRESHOLD)[1] == np.inf
    assert escapes.ordinary_equilibrium(1.0, THRESHOLD) == (pytest.approx(0.9), 0.0)


def one_week_of_escapes(model, **shock) -> tuple[int, int]:
    """Escapes (agents) among everyone held now, after setting ``shock`` on every compound."""
    arrays = model.compound_arrays
    arrays.guard_shortfall[:] = shock.get("shortfall", 0.0)
    model.levers.zone_supply_loss[:] = shock.get("supply_loss", 0.0)
    model.raid_signal[:] = shock.get("raid_signal", 0.0)
    held = model.victims.in_state(VictimState.HELD)
    return len(escapes.escape(model, held)), len(held)


def expected_rate(model, guard: float) -> float:
    capture = escapes.capture_probability(model, np.array([guard]))[0]
    return float(escapes.attempt_share(capture, model.params.victims.escape_threshold) * (1 - capture))


def test_with_full_guarding_escapes_run_at_p_escape(make_model):
    model = make_model(seed=51, world__population_scale=1)
    count, held = one_week_of_escapes(model)
    assert held > 5000
    assert stats.binomtest(count, held, model.params.victims.p_escape).pvalue > 0.001
    assert model.flows.escaped == count and model.flows.escaped_unpaid_guards == 0


@pytest.mark.parametrize(
    ("shock", "cause", "guard"),
    [
        ({"shortfall": 0.6}, "escaped_unpaid_guards", 0.4),
        ({"supply_loss": 0.6}, "escaped_supply_cut", 0.4),
        ({"raid_signal": 1.0}, "escaped_raids_nearby", 0.5),
    ],
)
def test_a_shock_to_guarding_produces_a_mass_exit_booked_to_its_cause(make_model, shock, cause, guard):
    """Guarding cut to 40-50 %: escapes rise more than ten-fold (a rate inversely proportional to
    guarding would not even triple); the rise is booked to what caused it."""
    model = make_model(seed=52, world__population_scale=1)
    count, held = one_week_of_escapes(model, **shock)
    rate = expected_rate(model, guard)
    assert rate > 10 * model.params.victims.p_escape, "a threshold rule, not a proportional one"
    assert stats.binomtest(count, held, rate).pvalue > 0.001
    ordinary = held * model.params.victims.p_escape
    booked = getattr(model.flows, cause)
    assert booked == pytest.approx(count * (1 - model.params.victims.p_escape / rate))
    assert booked > 5 * ordinary
    others = {"escaped_unpaid_guards", "escaped_supply_cut", "escaped_raids_nearby"} - {cause}
    assert all(getattr(model.flows, name) == 0 for name in others)


def test_without_the_guarding_response_a_supply_cut_frees_nobody_extra(make_model):
    """Switching the mechanism off (``guarding_loss_per_supply_loss=0``) leaves the ordinary rate."""
    model = make_model(seed=52, world__population_scale=1, victims__guarding_loss_per_supply_loss=0.0)
    count, held = one_week_of_escapes(model, supply_loss=0.6)
    assert stats.binomtest(count, held, model.params.victims.p_escape).pvalue > 0.001
    assert model.flows.escaped_supply_cut == 0


def test_escapes_are_recorded_per_zone(make_model):
    model = make_model(seed=53)
    for _ in range(10):
        model.step()
    zones = model.recorder.by_zone().groupby("step").escaped.sum().to_numpy()
    np.testing.assert_allclose(zones, model.recorder.timeseries().escaped.to_numpy())
