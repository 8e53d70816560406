"""Money: every US$ of revenue is frozen, paid to someone or kept; protection is paid to the zone and
buys a shield that lapses with arrears; an opening acts through the state's reach, not a premium."""

from __future__ import annotations

import numpy as np
import pytest

from model import protection
from model.agents import EnforcementUnit
from model.scenario import ScenarioParams, apply_all
from model.world_changes.host_openings import HostOpeningsParams
from tests.helpers.agents import compounds_in

STRONG_ENFORCEMENT = {
    "enforcement__p_detect_compound": 0.3,
    "enforcement__raids_per_unit_week": 0.5,
    "enforcement__p_raid_success": 1.0,
    "enforcement__p_arrest_operator": 0.3,
    "compounds__risk_tolerance": 0.05,
}
PAID = ("frozen_usd", "fees_paid_usd", "running_paid_usd", "protection_paid_usd")


@pytest.mark.parametrize("freeze", [0.0, 0.6])
def test_money_is_conserved_week_by_week(make_model, freeze):
    """Revenue = frozen + fees + running costs + protection + change in cash + set-up + payouts."""
    model = make_model(seed=41, **STRONG_ENFORCEMENT)
    if freeze:
        model.params.scenario.financial_interdiction.enabled = True
        model.params.scenario.financial_interdiction.start = "2020-01-06"
        model.params.scenario.financial_interdiction.freeze_share = freeze
    cash = [model.compound_arrays.cash.sum()]
    for _ in range(40):
        model.step()
        cash.append(model.compound_arrays.cash.sum())
        assert (model.compound_arrays.cash >= 0).all(), "cash never goes negative"
    series = model.recorder.timeseries()
    kept = np.diff(cash) + series.setup_paid_usd + series.payout_usd
    np.testing.assert_allclose(
        series.revenue_usd, series[list(PAID)].sum(axis=1) + kept, rtol=1e-9, atol=1e-3
    )
    assert series.payout_usd.sum() > 0, "closures hand cash to the owners"
    if not freeze:
        assert series.setup_paid_usd.sum() > 0, "new sites and moves are paid for"
    assert (series.frozen_usd > 0).any() == bool(freeze)
    by_zone = model.recorder.by_zone().groupby("step").protection_paid_usd.sum()
    np.testing.assert_allclose(by_zone.to_numpy(), series.protection_paid_usd, rtol=1e-9)


def test_protection_is_stronger_and_dearer_where_the_state_does_not_reach(make_model):
    model = make_model(seed=42)
    zones = model.world.zones
    strength = protection.protection_strength(model)
    corruption = model.world.corruption[model.zone_country]
    national = (zones.state_reach == 1).to_numpy()
    np.testing.assert_allclose(strength[national], corruption[national])
    beyond = (zones.state_reach < 1).to_numpy()
    np.testing.assert_allclose(
        strength[beyond], 1 - zones.state_reach[beyond] * (1 - corruption[beyond])
    )
    assert (strength[beyond] > corruption[beyond]).any(), "stronger where the state reaches less"
    shares = protection.protection_shares(model)
    p = model.params.compounds
    np.testing.assert_allclose(shares, np.minimum(1, p.protection_share * strength))


def test_unpaid_protection_wears_the_raid_shield_away(make_model):
    model = make_model(seed=43)
    operator = compounds_in(model, "MMR")[0]
    grace = model.params.compounds.protection_grace_weeks
    dues = operator.revenue * protection.protection_shares(model)[operator.zone]
    shields = []
    for weeks_unpaid in (0, grace / 2, grace, 2 * grace):
        operator.protection_arrears = weeks_unpaid * dues
        shields.append(protection.raid_shield(model, operator, operator.country))
    assert shields[0] > 0
    assert shields[1] == pytest.approx(shields[0] / 2)
    assert shields[2] == shields[3] == 0.0


def test_a_full_freeze_drains_cash_builds_arrears_and_lets_the_shield_lapse(make_model):
    """With every US$ of proceeds frozen, compounds pay from what cash they hold until it runs out; then
    guards and protection go unpaid: victims escape, and raids succeed more often than against the
    same compounds paid up."""
    model = make_model(seed=44, enforcement__raids_per_unit_week=0.0, compounds__p_entry=0.0)
    for _ in range(20):
        model.step()
    arrays = model.compound_arrays
    active = np.flatnonzero(arrays.active)
    assert (arrays.cash[active] > 1e5).all()
    arrays.cash[active] = 1e5  # a few days of running costs left in the wallets not frozen
    scenario = model.params.scenario
    scenario.financial_interdiction.enabled = True
    scenario.financial_interdiction.start = model.date_of(model.steps + 1).isoformat()
    scenario.financial_interdiction.freeze_share = 1.0
    unit = next(iter(model.agents_by_type[EnforcementUnit]))
    before = [unit.raid_success_probability(model.compounds[i]) for i in active]
    for _ in range(30):
        model.step()
    still = [i for i in active if arrays.active[i]]
    assert len(still) > 0
    assert (arrays.cash[still] == 0).all(), "cash ran out"
    assert (arrays.protection_arrears[still] > 0).all(), "protection goes unpaid"
    held = model.held_persons_per_compound()[still]
    assert (arrays.guard_shortfall[still][held > 0] == 1).all(), "and so do the guards"
    assert model.recorder.timeseries().escaped_unpaid_guards.sum() > 0, "who let people escape"
    after = [unit.raid_success_probability(model.compounds[i]) for i in still]
    paid_up = [before[list(active).index(i)] for i in still]
    assert np.mean(after) > np.mean(paid_up), "the lapsed shield lets more raids succeed"


def test_an_opening_acts_only_through_the_states_reach(make_model):
    model = make_model(seed=45)
    manila = int(np.flatnonzero(model.world.zones.id == "PHL-metro-manila")[0])
    before = (
        model.perceived_risk()[manila],
        protection.protection_strength(model)[manila],
        protection.site_margins(model).copy(),
    )
    scenario = ScenarioParams()
    scenario.host_openings = HostOpeningsParams(
        enabled=True, start=model.date.isoformat(), countries=["PHL"], state_reach=0.2
    )
    model.levers.reset()
    apply_all(scenario, model)
    philippines = model.zone_country == model.world.index_of(["PHL"])[0]
    assert (protection.state_reach(model)[philippines] == 0.2).all()
    assert model.perceived_risk()[manila] < before[0], "less raid risk expected before any raid"
    assert protection.protection_strength(model)[manila] > before[1], "stronger protection for sale"
    margins = protection.site_margins(model)
    np.testing.assert_array_equal(margins[~philippines], before[2][~philippines])
    assert margins[manila] <= before[2][manila], "no premium: dearer protection, if anything"
