"""Stylized facts SF1-SF9 (docs/facts.md, issues 3 and 12), each over ten paired seeds.

The scenario and its baseline run with the same seeds, on the default world to mid-2025 at 40
persons per agent.

Each test prints the effect size it measured (run with ``-s`` to see them) and fails if the effect
disappears. Tolerances are set well inside the effects measured when the tests were written, and the
tests compare means over seeds, never one run.

Since compounds are sites of a hundred to a few thousand persons (issue 11), SF1, SF2 and SF5 no longer
hold with the stylized defaults: they rested on twenty-odd compounds of 10,000 persons or more, so that
each raid reached thousands and each relocation moved a city. They are marked ``xfail(strict=True)``
with the effects now measured, so they fail loudly the day they hold again. The first part of issue
12's displacement engine (zones known to each syndicate, a logit choice, losses as a trigger, real
moves, set-up costs) did not re-derive them with the stylized defaults: few operators' losses or risk
pass their tolerances at site resolution, and no syndicate learns of a Latin American zone. Their
tolerances are unchanged. See ``docs/facts.md``.
"""

import numpy as np
import pandas as pd
import pytest

from model.compound_arrays import closures
from tests.helpers.stylized import (
    SEEDS,
    displacement_shares,
    relocations_from_zone,
    run,
    timeseries,
    window,
)

pytestmark = pytest.mark.slow
BASELINE = ("scenario=baseline",)
AT_SITE_RESOLUTION = (
    "issues 11-12: at site resolution (hundreds of compounds of a hundred to a few thousand persons) "
    "the stylized raid rates reach 13 to 44 times fewer people, and few operators' losses or risk pass "
    "their tolerances, so few compounds move (docs/facts.md)"
)
HOSTS = "[IDN,KHM,LAO,MMR,MYS,PHL,THA,VNM]"
START = "2023-01-02"


def by_country(model) -> pd.DataFrame:
    table = model.recorder.by_country()
    return table.assign(date=pd.to_datetime(table.date))


def paired(metric, arm: tuple[str, ...]) -> np.ndarray:
    """``metric(scenario run) - metric(baseline run)`` for every seed."""
    return np.array([metric(run(arm, seed)) - metric(run(BASELINE, seed)) for seed in SEEDS])


def report(fact: str, **effects) -> None:
    text = ", ".join(
        f"{name} {np.mean(v):.3g} (seeds {np.round(v, 3).tolist()})" for name, v in effects.items()
    )
    print(f"\n[{fact}] {text}")


@pytest.mark.xfail(strict=True, reason=AT_SITE_RESOLUTION)
def test_fact1_unilateral_crackdown_displaces_more_than_it_reduces():
    """SF1: a crackdown in Myanmar alone cuts victims held there sharply, the world total much less,
    and the number of host countries does not fall.

    At site resolution (issue 11) the 26-week crackdown's raids reach a few of Myanmar's sites:
    victims held there fall by 21 % (seeds 1-10: 18-25 %), not by half, and the world total by 62 %
    of that (commit 8049a60). With issue 12's loss trigger, 0 to 2 compounds a seed leave Myanmar in
    the crackdown (11 of 11 to neighbouring countries): its cuts and extra costs come to about 9 % of
    a compound's revenue, under the 10 % loss tolerance; the fall is mostly shrinking and shedding.
    Where the leavers went is printed."""
    arm = ("scenario=unilateral_crackdown",)  # Myanmar, 26 weeks from 2023-10-30

    def held_in_myanmar(model):
        table = by_country(model)
        return window(table[table.iso3 == "MMR"], "2024-01-29", 13).victims_held.mean()

    def held_in_world(model):
        return window(timeseries(model), "2024-01-29", 13).victims_held.mean()

    def host_countries(model):
        return window(timeseries(model), "2023-10-30", 52).host_countries.mean()

    local = paired(held_in_myanmar, arm)
    world = paired(held_in_world, arm)
    local_base = np.array([held_in_myanmar(run(BASELINE, s)) for s in SEEDS])
    hosts = paired(host_countries, arm)
    ratio = world.mean() / local.mean()
    report("SF1", local_drop_share=-local / local_base, world_over_local=[ratio], extra_hosts=hosts)
    went = [displacement_shares(run(arm, s), "MMR", "2023-10-30", 26) for s in SEEDS]
    report("SF1 where compounds leaving Myanmar went", **{k: [w[k] for w in went] for k in went[0]})
    assert (-local / local_base).mean() > 0.5, "the crackdown no longer cuts victims held in Myanmar"
    assert ratio < 0.5, "the world total falls nearly as much as the local one: no displacement"
    assert hosts.mean() >= 0, "the number of host countries fell"


EFFORT_ARMS = {
    # the same raids: 2 weeks of joint action at once...
    "coordinated": (
        "scenario=coordinated_raid",
        f"scenario.coordinated_raid.start={START}",
        "scenario.coordinated_raid.weeks=2",
        "scenario.coordinated_raid.enforcement_surge=30",
    ),
    # ...spread over eight quarterly operations of the same participants...
    "spread_over_time": (
        "scenario=sustained_pressure",
        f"scenario.sustained_pressure.start={START}",
        "scenario.sustained_pressure.weeks=104",
        "scenario.sustained_pressure.operation.enforcement_surge=7.5",
    ),
    # ...or by one host country at a time, each alone (no pooled units, intelligence or fewer tip-offs)
    "one_country_at_a_time": (
        "scenario=sustained_pressure",
        f"scenario.sustained_pressure.start={START}",
        "scenario.sustained_pressure.weeks=104",
        "scenario.sustained_pressure.rotate=true",
        "scenario.sustained_pressure.operation.countries=[MMR,KHM,LAO,PHL]",
        "scenario.sustained_pressure.operation.enforcement_surge=320",
        "scenario.sustained_pressure.operation.share_intelligence=false",
        "scenario.sustained_pressure.operation.joint_raids=false",
        "scenario.sustained_pressure.operation.tip_off_reduction=0",
    ),
}


@pytest.mark.xfail(strict=True, reason=AT_SITE_RESOLUTION)
def test_fact2_coordinated_raids_cut_more_than_the_same_raids_spread_out():
    """SF2: with about the same number of raids, a coordinated operation cuts the world total of
    victims held (mean over the two years from its start) more than the same raids spread over time
    or done by one country at a time.

    At site resolution (issue 11) none of the three arms cuts the world total by more than 2.5 %
    (a raid frees a tenth of a few hundred persons), and the spread-over-time arm makes 1.7 times the
    coordinated arm's extra raids (502 against 293), out of the test's 0.5-1.5 band (commit
    8049a60)."""

    def held(model):
        return window(timeseries(model), START, 104).victims_held.mean()

    def raids(model):
        return window(timeseries(model), START, 104).raids.sum()

    base = np.array([held(run(BASELINE, s)) for s in SEEDS])
    cut = {name: -paired(held, arm) / base for name, arm in EFFORT_ARMS.items()}
    extra_raids = {name: paired(raids, arm) for name, arm in EFFORT_ARMS.items()}
    report("SF2 cut of world held", **cut)
    report("SF2 extra raids", **extra_raids)
    coordinated = extra_raids["coordinated"].mean()
    for name, count in extra_raids.items():
        assert 0.5 * coordinated <= count.mean() <= 1.5 * coordinated, f"{name}: not the same raids"
    assert cut["coordinated"].mean() > 0.05
    assert cut["coordinated"].mean() > cut["spread_over_time"].mean() + 0.03
    assert cut["coordinated"].mean() > cut["one_country_at_a_time"].mean() + 0.03
    assert (cut["coordinated"] > cut["spread_over_time"]).mean() >= 0.7


def test_fact3_most_raided_compounds_reopen_within_a_year():
    """SF3: most compounds closed by an arrest are reopened under new owners within a year."""
    shares = []
    for seed in SEEDS:
        model = run(EFFORT_ARMS["spread_over_time"], seed)
        table = closures(model.compound_arrays.events())
        closed = table[table.closed_week <= model.steps - 52]
        reopened = closed.reopened_week - closed.closed_week <= 52  # NaN (still closed) is False
        shares.append(reopened.sum() / len(closed))
    report("SF3 share reopened within a year", reopened=np.array(shares))
    assert np.mean(shares) > 0.6


def test_fact4_raids_leave_inflow_while_prevention_and_screening_cut_it():
    """SF4: raids alone leave the weekly inflow of new victims (arrivals at compounds, the year after
    the start) roughly unchanged while demand holds; awareness campaigns and transit screening cut it."""

    def inflow(model):
        return window(timeseries(model), START, 52).arrived.mean()

    base = np.array([inflow(run(BASELINE, s)) for s in SEEDS])
    raids = paired(inflow, EFFORT_ARMS["spread_over_time"]) / base
    awareness = paired(inflow, ("scenario=awareness_campaign",)) / base
    screening = paired(inflow, ("scenario=transit_screening",)) / base
    report("SF4 relative change of inflow", raids=raids, awareness=awareness, screening=screening)
    assert abs(raids.mean()) < 0.06, "raids alone changed the inflow"
    assert awareness.mean() < -0.05 and (awareness < 0).mean() >= 0.9
    assert screening.mean() < -0.03 and (screening < 0).mean() >= 0.9


@pytest.mark.xfail(strict=True, reason=AT_SITE_RESOLUTION)
def test_fact5_pressure_in_southeast_asia_displaces_to_latin_america():
    """SF5: under displacement_latam, compounds and victims held in Latin America rise from near zero,
    and victims' nationalities widen (more Latin American nationals held, more nationalities).

    With issue 12's bounded knowledge, Latin America holds no victims by mid-2025 in any seed, not
    5 %: scouting decays with travel cost (Peru is about 1,800 US$ from Cambodia) and no compound is
    there for other syndicates to hear of; ``host_openings`` acts only through the state's reach in
    the zones of its countries (issue 12, item 8)."""
    arm = ("scenario=displacement_latam",)

    def latin_share(model):
        return timeseries(model).share_held_latin_america.iloc[-1]

    def latin_compounds(model):
        table = by_country(model)
        last = table[(table.step == table.step.max()) & (table.region == "latin_america")]
        return last.compounds_active.sum()

    def latin_nationals(model):
        table = by_country(model)
        return table[
            (table.step == table.step.max()) & (table.region == "latin_america")
        ].held_nationals.sum()

    def nationalities(model):
        return timeseries(model).nationalities_held.iloc[-1]

    base_share = np.array([latin_share(run(BASELINE, s)) for s in SEEDS])
    share = paired(latin_share, arm) + base_share
    compounds = paired(latin_compounds, arm)
    nationals = paired(latin_nationals, arm)
    more_nationalities = paired(nationalities, arm)
    report(
        "SF5",
        latin_share_baseline=base_share,
        latin_share=share,
        extra_latin_compounds=compounds,
        extra_latin_nationals=nationals,
        extra_nationalities=more_nationalities,
    )
    assert base_share.max() < 0.02, "Latin America is not near zero in the baseline"
    assert share.mean() > 0.05 and (compounds > 0).mean() >= 0.8
    assert nationals.mean() > 0 and more_nationalities.mean() > 0


def test_fact6_a_supply_cut_sheds_workforces_within_weeks():
    """SF6 (issue 12's list): when a neighbour cuts the power, internet and fuel it supplies to scam
    zones (``supply_cut``: Thailand from 2023-06-05), their compounds let go the workers their shrunken
    capacity no longer needs: victims released in the ten weeks from the cut's start rise against the
    baseline by more than 3,000 persons on average, in at least 9 seeds of 10.

    It fails when the workforce does not follow capacity: with ``compounds.shed_share_per_week=0``
    (in the scenario and its baseline) the same rise is asserted to stay below that threshold."""
    start, weeks, threshold = "2023-06-05", 10, 3000.0
    cut = ("scenario=supply_cut",)
    no_shedding = "compounds.shed_share_per_week=0"

    def released(model):
        return window(timeseries(model), start, weeks).released.sum()

    rise = paired(released, cut)
    rise_without = np.array(
        [
            released(run((*cut, no_shedding), s)) - released(run((*BASELINE, no_shedding), s))
            for s in SEEDS
        ]
    )
    report("SF6 extra persons released in 10 weeks", shedding=rise, no_shedding=rise_without)
    assert rise.mean() > threshold and (rise > 0).mean() >= 0.9
    assert rise_without.mean() < threshold, "the rise does not come from shedding"


def test_fact7_more_interdiction_widens_the_footprint():
    """SF7 (issue 12's list; NarcoLogic's result, Magliocca et al. 2019): under sustained quarterly
    operations the compounds spread over more zones: zones hosting an active compound at the end
    (mid-2025) exceed the baseline's by more than 5 on average, and in at least 9 seeds of 10.

    It fails when operators do not reconsider where they stand: with ``compounds.risk_tolerance=1``
    and ``compounds.loss_tolerance=1`` (in the scenario and its baseline: a raid would have to make a
    compound certain of the next, or its losses exceed its revenue) the same widening is asserted to
    stay below that threshold."""
    threshold = 5.0
    pressure = ("scenario=sustained_pressure",)
    still = ("compounds.risk_tolerance=1", "compounds.loss_tolerance=1")

    def zones_hosting(model):
        arrays = model.compound_arrays
        return len(np.unique(arrays.zone[arrays.active]))

    wider = paired(zones_hosting, pressure)
    wider_still = np.array(
        [
            zones_hosting(run((*pressure, *still), s)) - zones_hosting(run((*BASELINE, *still), s))
            for s in SEEDS
        ]
    )
    report("SF7 extra zones hosting compounds", reconsidering=wider, not_reconsidering=wider_still)
    assert wider.mean() > threshold and (wider > 0).mean() >= 0.9
    assert wider_still.mean() < threshold, "the widening does not come from operators' choices"


def test_fact8_a_shock_to_guarding_produces_a_mass_exit():
    """SF8 (issue 12's list; Epstein's threshold rule, model/escapes.py): a severe cut of the power,
    internet and fuel Thailand supplies (``supply_cut`` from 2023-06-05 with a fifth of capacity lost
    per supply per week, so that guarding halves) multiplies the escape rate per person held in the
    zones it reaches, in its first four weeks, by more than 5 against the baseline on average and by
    more than 3 in at least 9 seeds of 10; in ordinary weeks (the baseline after its first year) the
    world's weekly escape rate never passes 3 times ``p_escape``.

    It fails when escapes do not respond to guarding: with ``victims.guarding_loss_per_supply_loss=0``
    (the cut no longer weakens guarding; the baseline is unchanged by it) the same ratio is asserted
    to stay below 5."""
    start, weeks, threshold = "2023-06-05", 4, 5.0
    severe = ("scenario=supply_cut", "scenario.supply_cut.share_lost_per_week=0.2")
    unguarded = "victims.guarding_loss_per_supply_loss=0"

    def escape_rate(model):
        table = model.recorder.by_zone()
        table = table.assign(date=pd.to_datetime(table.date))
        zones = model.world.zones
        cut = zones.id[(zones[["power_from", "internet_from", "fuel_from"]] == "THA").any(axis=1)]
        rows = window(table[table.zone.isin(cut)], start, weeks)
        return rows.escaped.sum() / rows.victims_held.sum()

    def ratio(arm):
        return np.array([escape_rate(run(arm, s)) / escape_rate(run(BASELINE, s)) for s in SEEDS])

    def ordinary_peak(model):
        series = timeseries(model)
        rate = series.escaped / series.victims_held.shift(1)
        return rate.iloc[52:].max() / model.params.victims.p_escape

    responding, not_responding = ratio(severe), ratio((*severe, unguarded))
    peaks = np.array([ordinary_peak(run(BASELINE, s)) for s in SEEDS])
    report(
        "SF8 escape rate in the cut zones, 4 weeks, x baseline",
        responding=responding,
        not_responding=not_responding,
        ordinary_peak_x_p_escape=peaks,
    )
    assert responding.mean() > threshold and (responding > 3).mean() >= 0.9
    assert (peaks < 3).all(), "ordinary weeks bring no mass exit"
    assert not_responding.mean() < threshold, "the mass exit does not come from weakened guarding"


def test_fact9_displacement_goes_first_to_nearby_zones():
    """SF9 (issue 12's list; F15: after the late-2023 Laukkai crackdown syndicates moved to other
    Myanmar zones): in ``history``, of the compounds leaving the Laukkai zone during its crackdown
    (26 weeks from 2023-10-30), more than 60 % go to another zone of Myanmar or to a land neighbour,
    pooled over seeds 1-10, and more than half do so in at least 7 of the seeds where any left (so one
    seed's many moves cannot decide it).

    It fails when knowledge and distance do not bound the choice: with
    ``compounds.knowledge_radius_km=20000`` (every syndicate knows every zone) and
    ``compounds.weeks_lost_per_log_distance=0`` (a move across the world costs no production) the
    pooled share is asserted to stay below 60 %."""
    threshold, start, weeks = 0.6, "2023-10-30", 26
    history = ("scenario=history",)
    unbounded = (
        *history,
        "compounds.knowledge_radius_km=20000",
        "compounds.weeks_lost_per_log_distance=0",
    )

    def moves(arm):
        return pd.concat(
            [
                relocations_from_zone(run(arm, s), "MMR-laukkai", start, weeks).assign(seed=s)
                for s in SEEDS
            ]
        )

    bounded, free = moves(history), moves(unbounded)
    per_seed = bounded.groupby("seed").nearby.mean()
    report(
        "SF9 relocations out of Laukkai to Myanmar or its neighbours",
        bounded_share=np.array([bounded.nearby.mean()]),
        bounded_moves=np.array([len(bounded)]),
        bounded_share_by_seed=per_seed.to_numpy(),
        unbounded_share=np.array([free.nearby.mean()]),
        unbounded_moves=np.array([len(free)]),
    )
    assert len(bounded) >= 10, "too few moves to judge"
    assert bounded.nearby.mean() > threshold
    assert (per_seed > 0.5).sum() >= min(7, len(per_seed)) and len(per_seed) >= 5, "not one seed's"
    assert free.nearby.mean() < threshold, "the nearness does not come from bounded knowledge"
