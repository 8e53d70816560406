"""Interventions: schedules, the levers each one sets, their effects on the small world, configs, CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from conftest import small_params
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from experiments.common.config import register_schema
from experiments.common.paths import CONFIG_DIR
from model.agents import EnforcementUnit
from model.interventions.awareness_campaign import AwarenessCampaignParams
from model.interventions.coordinated_raid import CoordinatedRaidParams
from model.interventions.financial_interdiction import FinancialInterdictionParams
from model.interventions.sustained_pressure import SustainedPressureParams
from model.interventions.transit_screening import TransitScreeningParams
from model.interventions.unilateral_crackdown import UnilateralCrackdownParams
from model.interventions.victim_protection import VictimProtectionParams
from model.levers import PolicyLevers
from model.model import ScamScapeModel
from model.params import ConfigError, validate
from model.scenario import ScenarioParams, apply_all
from model.schedule import Scheduled
from model.world_changes.host_openings import HostOpeningsParams

register_schema()
PROJECT_ROOT = CONFIG_DIR.parent
LEVERS = [name for name in vars(PolicyLevers(1)) if name != "countries"]

# ---- helpers ----------------------------------------------------------------------------------


def weeks_before(date: dt.date, weeks: int) -> str:
    """The ISO date ``weeks`` weeks before ``date`` (negative: after it)."""
    return (date - dt.timedelta(weeks=weeks)).isoformat()


def assert_levers_equal(actual: PolicyLevers, expected: PolicyLevers) -> None:
    for name in LEVERS:
        np.testing.assert_array_equal(
            getattr(actual, name), getattr(expected, name), err_msg=f"lever {name}"
        )


def levers_as(world, changes: Callable[[PolicyLevers, Callable], None]) -> PolicyLevers:
    """Neutral levers with ``changes(levers, index)`` applied; ``index(codes)`` gives country indices."""
    levers = PolicyLevers(world.size)
    changes(levers, world.index_of)
    return levers


def run_weeks(params, world, weeks: int, seed: int = 0):
    """Run a model ``weeks`` weeks; return it and each week's flows."""
    model = ScamScapeModel(params, rng=seed, world=world)
    flows = []
    for _ in range(weeks):
        model.step()
        flows.append(model.flows)
    return model, flows


def started_now(params, section: str, **values):
    """Switch on the intervention ``scenario.<section>`` from the run's first week."""
    intervention = getattr(params.scenario, section)
    intervention.enabled = True
    intervention.start = params.run.start
    for name, value in values.items():
        setattr(intervention, name, value)
    return params


@pytest.fixture(scope="module")
def idle_model(small_world):
    """A model that is never stepped: its date is the run's start (2020-01-06)."""
    return ScamScapeModel(small_params(), rng=0, world=small_world)


# ---- 1. schedule ------------------------------------------------------------------------------


def test_week_of_counts_weeks_inside_the_window_only():
    start = dt.date(2023, 1, 2)
    on = Scheduled(enabled=True, start=start.isoformat(), weeks=3)
    assert on.week_of(start) == 0
    assert on.week_of(start + dt.timedelta(days=6)) == 0
    assert on.week_of(start + dt.timedelta(weeks=1)) == 1
    assert on.week_of(start + dt.timedelta(weeks=3, days=-1)) == 2
    assert on.week_of(start + dt.timedelta(weeks=3)) is None
    assert on.week_of(start + dt.timedelta(weeks=30)) is None
    assert on.week_of(start - dt.timedelta(days=1)) is None
    assert on.week_of(start - dt.timedelta(weeks=2)) is None
    off = Scheduled(enabled=False, start=start.isoformat(), weeks=3)
    assert off.week_of(start) is None
    assert off.week_of(start + dt.timedelta(weeks=1)) is None


# ---- 2. levers set by each intervention -------------------------------------------------------

# section of ScenarioParams -> (params class, non-default settings, expected levers while active)
LEVER_CASES = {
    "coordinated_raid": (
        CoordinatedRaidParams,
        {
            "countries": ["MMR", "SGP"],
            "enforcement_surge": 4.0,
            "tip_off_reduction": 0.7,
            "share_intelligence": True,
            "joint_raids": True,
        },
        lambda lv, ix: (
            lv.enforcement_surge.__setitem__(ix(["MMR", "SGP"]), 4.0),
            lv.tip_off_reduction.__setitem__(ix(["MMR", "SGP"]), 0.7),
            lv.shared_intelligence.__setitem__(ix(["MMR", "SGP"]), True),
            lv.joint_operation.__setitem__(ix(["MMR", "SGP"]), True),
        ),
    ),
    "unilateral_crackdown": (
        UnilateralCrackdownParams,
        {
            "country": "KHM",
            "enforcement_surge": 3.0,
            "supply_shock": 0.1,
            "extra_cost_per_worker_week_usd": 50.0,
        },
        lambda lv, ix: (
            lv.enforcement_surge.__setitem__(ix(["KHM"]), 3.0),
            lv.supply_shock.__setitem__(ix(["KHM"]), 0.1),
            lv.extra_cost_per_worker_week_usd.__setitem__(ix(["KHM"]), 50.0),
        ),
    ),
    "awareness_campaign": (
        AwarenessCampaignParams,
        {"countries": ["VNM", "PHL"], "awareness": 0.4},
        lambda lv, ix: lv.awareness.__setitem__(ix(["VNM", "PHL"]), 0.4),
    ),
    "transit_screening": (
        TransitScreeningParams,
        {"countries": ["THA", "SGP"], "screening_surge": 5.0},
        lambda lv, ix: lv.screening_surge.__setitem__(ix(["THA", "SGP"]), 5.0),
    ),
    "financial_interdiction": (
        FinancialInterdictionParams,
        {"freeze_share": 0.25, "protection_cost_multiplier": 1.2},
        lambda lv, ix: (
            setattr(lv, "freeze_share", 0.25),
            setattr(lv, "protection_cost_multiplier", 1.2),
        ),
    ),
    "victim_protection": (
        VictimProtectionParams,
        {"repatriation_multiplier": 2.5, "retraffick_multiplier": 0.4, "intelligence_multiplier": 3.5},
        lambda lv, ix: (
            setattr(lv, "repatriation_multiplier", 2.5),
            setattr(lv, "retraffick_multiplier", 0.4),
            setattr(lv, "intelligence_multiplier", 3.5),
        ),
    ),
    "host_openings": (
        HostOpeningsParams,
        {
            "countries": ["LAO", "PHL"],
            "risk_discount": 0.6,
            "protection_discount": 0.7,
            "revenue_premium": 0.2,
        },
        lambda lv, ix: (
            lv.opening_risk_discount.__setitem__(ix(["LAO", "PHL"]), 0.6),
            lv.protection_discount.__setitem__(ix(["LAO", "PHL"]), 0.7),
            lv.revenue_premium.__setitem__(ix(["LAO", "PHL"]), 0.2),
        ),
    ),
}
WEEKS = 5
# window case -> (enabled, weeks the intervention started before the model's date)
ACTIVE_WINDOWS = {"first week": (True, 0), "last week": (True, WEEKS - 1)}
NEUTRAL_WINDOWS = {
    "disabled": (False, 0),
    "before start": (True, -1),
    "at start + weeks": (True, WEEKS),
    "long after": (True, 3 * WEEKS),
}


def scenario_with(model, section: str, enabled: bool, started_weeks_ago: int) -> ScenarioParams:
    cls, settings, _ = LEVER_CASES[section]
    scenario = ScenarioParams()
    start = weeks_before(model.date, started_weeks_ago)
    setattr(scenario, section, cls(enabled=enabled, start=start, weeks=WEEKS, **settings))
    return scenario


@pytest.mark.parametrize("window", list(ACTIVE_WINDOWS))
@pytest.mark.parametrize("section", list(LEVER_CASES))
def test_active_intervention_sets_exactly_its_levers(idle_model, section, window):
    enabled, ago = ACTIVE_WINDOWS[window]
    apply_all(scenario_with(idle_model, section, enabled, ago), idle_model)
    assert_levers_equal(idle_model.levers, levers_as(idle_model.world, LEVER_CASES[section][2]))


@pytest.mark.parametrize("window", list(NEUTRAL_WINDOWS))
@pytest.mark.parametrize("section", list(LEVER_CASES))
def test_intervention_outside_its_window_leaves_levers_neutral(idle_model, section, window):
    enabled, ago = NEUTRAL_WINDOWS[window]
    apply_all(scenario_with(idle_model, section, True, 0), idle_model)  # dirty the levers first
    apply_all(scenario_with(idle_model, section, enabled, ago), idle_model)
    assert_levers_equal(idle_model.levers, PolicyLevers(idle_model.world.size))


def test_baseline_scenario_leaves_levers_neutral(idle_model):
    apply_all(ScenarioParams(), idle_model)
    assert_levers_equal(idle_model.levers, PolicyLevers(idle_model.world.size))


PARTICIPANTS = ["MMR", "KHM", "LAO"]


def pressure(model, started_weeks_ago: int, rotate: bool) -> ScenarioParams:
    operation = CoordinatedRaidParams(
        enabled=True,
        weeks=2,
        countries=list(PARTICIPANTS),
        enforcement_surge=5.0,
        tip_off_reduction=0.6,
        share_intelligence=True,
        joint_raids=False,
    )
    scenario = ScenarioParams()
    scenario.sustained_pressure = SustainedPressureParams(
        enabled=True,
        start=weeks_before(model.date, started_weeks_ago),
        weeks=20,
        every_weeks=4,
        rotate=rotate,
        operation=operation,
    )
    return scenario


@pytest.mark.parametrize("rotate", [False, True])
def test_sustained_pressure_repeats_the_operation_every_period(idle_model, rotate):
    world = idle_model.world
    for week in range(22):
        apply_all(pressure(idle_model, week, rotate), idle_model)
        acting = week < 20 and week % 4 < 2
        if not acting:
            expected = PolicyLevers(world.size)
        else:
            turn = (week // 4) % len(PARTICIPANTS)
            members = [PARTICIPANTS[turn]] if rotate else PARTICIPANTS

            def changes(lv, ix, members=members):
                lv.enforcement_surge[ix(members)] = 5.0
                lv.tip_off_reduction[ix(members)] = 0.6
                lv.shared_intelligence[ix(members)] = True

            expected = levers_as(world, changes)
        try:
            assert_levers_equal(idle_model.levers, expected)
        except AssertionError as error:
            raise AssertionError(f"week {week} of the campaign (rotate={rotate}): {error}") from None


def test_rotating_pressure_cycles_through_the_participants_in_order(idle_model):
    surged = []
    for operation in range(5):  # the campaign's 20 weeks hold 5 operations
        apply_all(pressure(idle_model, operation * 4 + 1, rotate=True), idle_model)
        (members,) = np.nonzero(idle_model.levers.enforcement_surge != 1.0)
        surged.append(list(idle_model.world.iso3[members]))
    assert surged == [[code] for code in (PARTICIPANTS * 2)[:5]]


def test_stacked_interventions_combine_their_surges(idle_model):
    scenario = scenario_with(idle_model, "coordinated_raid", True, 0)
    scenario.unilateral_crackdown = UnilateralCrackdownParams(
        enabled=True, start=idle_model.date.isoformat(), country="MMR", enforcement_surge=3.0
    )
    apply_all(scenario, idle_model)
    surge = idle_model.levers.enforcement_surge
    mmr, sgp, khm = idle_model.world.index_of(["MMR", "SGP", "KHM"])
    assert (surge[mmr], surge[sgp], surge[khm]) == (12.0, 4.0, 1.0)


def test_sustained_pressure_with_its_operation_switched_off_does_not_crash(small_world):
    params = started_now(small_params(), "sustained_pressure")
    params.scenario.sustained_pressure.operation.enabled = False
    params.scenario.sustained_pressure.operation.countries = ["MMR", "ARE"]  # ARE: not in the world
    try:
        model = ScamScapeModel(params, rng=0, world=small_world)
    except ConfigError:
        return  # also a fix: validation refuses the countries the operation would use
    model.step()
    assert_levers_equal(model.levers, PolicyLevers(small_world.size))


# ---- 3. behavioural effects, paired with the same seed -----------------------------------------


def test_full_awareness_everywhere_stops_new_recruits_while_it_lasts(small_world):
    weeks = 3
    _, base = run_weeks(small_params(), small_world, 6)
    params = started_now(
        small_params(),
        "awareness_campaign",
        countries=list(small_world.iso3),
        awareness=1.0,
        weeks=weeks,
    )
    _, flows = run_weeks(params, small_world, 6)
    new = [f.recruited - f.re_trafficked for f in flows]
    base_new = [f.recruited - f.re_trafficked for f in base]
    assert sum(base_new[:weeks]) > 0, "baseline recruits nobody: the test proves nothing"
    assert new[:weeks] == [0.0] * weeks
    assert sum(new[weeks:]) > 0, "recruitment did not resume after the campaign"


def test_financial_interdiction_freezes_half_the_revenue_and_cuts_profit(small_world):
    base_model = ScamScapeModel(small_params(), rng=0, world=small_world)
    params = started_now(
        small_params(), "financial_interdiction", freeze_share=0.5, protection_cost_multiplier=1.0
    )
    model = ScamScapeModel(params, rng=0, world=small_world)
    for week in range(3):
        base_model.step()
        model.step()
        revenue = model.flows.revenue_usd.sum()
        assert revenue > 0
        assert model.flows.frozen_usd == pytest.approx(0.5 * revenue, rel=1e-12)
        assert base_model.flows.frozen_usd == 0.0
        if week == 0:  # same draws until the operators react to lower profits
            for ours, theirs in zip(model.compounds, base_model.compounds, strict=True):
                if ours.active:
                    assert ours.profit < theirs.profit
    assert sum(c.cash for c in model.compounds) < sum(c.cash for c in base_model.compounds)


def test_transit_screening_raises_interception_at_the_listed_hubs_only(small_world):
    hubs = ["THA", "MYS", "SGP"]
    base_model, _ = run_weeks(small_params(), small_world, 1)
    params = started_now(small_params(), "transit_screening", countries=hubs, screening_surge=20.0)
    model, _ = run_weeks(params, small_world, 1)
    listed = np.isin(small_world.iso3, hubs)
    cap = model.params.enforcement.max_interception
    base = base_model.interception
    assert (base[listed] > 0).all()
    np.testing.assert_allclose(model.interception[listed], np.minimum(20.0 * base[listed], cap))
    assert (model.interception[listed] > base[listed]).all()
    np.testing.assert_allclose(model.interception[~listed], base[~listed])


def test_victim_protection_raises_repatriation(small_world):
    _, base = run_weeks(small_params(), small_world, 5)
    params = started_now(small_params(), "victim_protection", repatriation_multiplier=10.0)
    _, flows = run_weeks(params, small_world, 5)
    # Week 2 is paired exactly: the same victims were freed in week 1 in both runs.
    assert flows[1].repatriated >= base[1].repatriated
    assert sum(f.repatriated for f in flows) > sum(f.repatriated for f in base)


def test_crackdown_supply_shock_shrinks_the_countrys_compounds(small_world):
    base_model, _ = run_weeks(small_params(), small_world, 1)
    params = started_now(
        small_params(),
        "unilateral_crackdown",
        country="MMR",
        supply_shock=0.3,
        enforcement_surge=1.0,  # same raids as the baseline: only the shock differs
        extra_cost_per_worker_week_usd=0.0,
    )
    model, _ = run_weeks(params, small_world, 1)
    mmr = int(small_world.index_of(["MMR"])[0])
    hit = [c.country == mmr for c in base_model.compounds]
    assert any(hit) and not all(hit)
    for ours, theirs, in_mmr in zip(model.compounds, base_model.compounds, hit, strict=True):
        expected = theirs.capacity * (0.7 if in_mmr else 1.0)
        assert ours.capacity == pytest.approx(expected, rel=1e-9)


def test_crackdown_keeps_shrinking_capacity_over_weeks(small_world):
    base_model, _ = run_weeks(small_params(), small_world, 4)
    params = started_now(small_params(), "unilateral_crackdown", country="MMR", supply_shock=0.3)
    model, _ = run_weeks(params, small_world, 4)
    mmr = int(small_world.index_of(["MMR"])[0])

    def mmr_capacity(m):
        return sum(c.capacity for c in m.compounds if c.active and c.country == mmr)

    assert mmr_capacity(model) < 0.5 * mmr_capacity(base_model)


def spy_on_targets(model, country: int) -> dict[int, list[tuple]]:
    """Record, each week, what ``country``'s first unit sees as raid targets when it acts."""
    seen: dict[int, list[tuple]] = {}
    original = model.raid_targets

    def raid_targets(asked: int):
        targets = original(asked)
        if asked == country:
            seen.setdefault(model.steps, [(c.country, c.active, c.known) for c in targets])
        return targets

    model.raid_targets = raid_targets
    return seen


def test_joint_raids_let_a_country_without_compounds_raid_a_participants(small_world):
    overrides = {"enforcement__p_detect_compound": 1.0, "enforcement__raids_per_unit_week": 1.0}
    sgp = int(small_world.index_of(["SGP"])[0])
    participants = set(small_world.index_of(["SGP", "MMR", "KHM"]).tolist())
    models, seen = {}, {}
    for joint in (False, True):
        params = small_params(**overrides)
        if joint:
            started_now(
                params,
                "coordinated_raid",
                countries=["SGP", "MMR", "KHM"],
                weeks=4,
                joint_raids=True,
            )
        models[joint] = model = ScamScapeModel(params, rng=0, world=small_world)
        seen[joint] = spy_on_targets(model, sgp)
        for _ in range(2):
            model.step()
    assert not any(c.country == sgp for c in models[True].compounds), "SGP must host no compound"
    assert all(targets == [] for targets in seen[False].values())
    assert set(seen[True]) == {1, 2}
    targets = [t for week in seen[True].values() for t in week]
    assert targets, "no compound of a participant is a target for Singapore's units"
    # Earlier units may have closed some this week (their raids are skipped), but all were known.
    assert all(known for _, _, known in targets)
    assert any(active for _, active, _ in targets)
    assert {country for country, _, _ in targets} <= participants - {sgp}

    def sgp_raids(m):
        return sum(u.raids for u in m.agents_by_type[EnforcementUnit] if u.country == sgp)

    assert sgp_raids(models[False]) == 0
    assert sgp_raids(models[True]) > 0


def test_coordinated_raid_without_joint_raids_keeps_units_at_home(small_world):
    overrides = {"enforcement__p_detect_compound": 1.0}
    params = started_now(
        small_params(**overrides),
        "coordinated_raid",
        countries=["SGP", "MMR", "KHM"],
        weeks=4,
        joint_raids=False,
    )
    model, _ = run_weeks(params, small_world, 2)
    sgp = int(small_world.index_of(["SGP"])[0])
    assert model.raid_targets(sgp) == []


# ---- 4. scenario configs ----------------------------------------------------------------------

SCENARIOS = sorted(p.stem for p in (CONFIG_DIR / "scenario").glob("*.yaml"))


def enabled_interventions(scenario: ScenarioParams) -> list[str]:
    return [
        name for name, value in vars(scenario).items() if isinstance(value, Scheduled) and value.enabled
    ]


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_config_composes_and_is_named_after_its_file(name):
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=[f"scenario={name}"])
    scenario = OmegaConf.to_object(cfg).scenario
    assert isinstance(scenario, ScenarioParams)
    assert scenario.name == name
    enabled = enabled_interventions(scenario)
    if name == "baseline":
        assert enabled == []
    else:
        assert enabled, f"scenario {name} switches on no intervention"


def test_all_interventions_are_covered_by_these_tests():
    assert set(enabled_interventions(ScenarioParams())) == set()
    sections = {n for n, v in vars(ScenarioParams()).items() if isinstance(v, Scheduled)}
    assert sections == set(LEVER_CASES) | {"sustained_pressure"}


# ---- 5. command line --------------------------------------------------------------------------


def test_cli_runs_a_crackdown_in_another_country(tmp_path):
    run_dir = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "experiments.run",
            "scenario=unilateral_crackdown",
            "scenario.unilateral_crackdown.country=KHM",
            "world=mekong",
            "run.weeks=3",
            "output.figures=false",
            "output.progress=false",
            f"hydra.run.dir={run_dir}",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["scenario"] == "unilateral_crackdown"
    crackdown = manifest["config"]["scenario"]["unilateral_crackdown"]
    assert crackdown["country"] == "KHM"
    assert crackdown["enabled"] is True
    timeseries = pd.read_parquet(run_dir / "timeseries.parquet")
    assert len(timeseries) == 3
    assert {
        "raids",
        "compounds_raided",
        "compounds_reopened",
        "share_held_latin_america",
        "share_held_africa",
        "share_held_middle_east",
        "frozen_usd",
    } <= set(timeseries.columns)
    by_country = pd.read_parquet(run_dir / "by_country.parquet")
    assert {"relocations_in", "relocations_out"} <= set(by_country.columns)
    assert not (run_dir / "figures").exists()


# ---- 6. validation of intervention countries -------------------------------------------------

# key -> (section path under scenario, field, value naming a country outside the small world)
OUTSIDE = {
    "scenario.awareness_campaign.countries": (["awareness_campaign"], "countries", ["MMR", "KEN"]),
    "scenario.transit_screening.countries": (["transit_screening"], "countries", ["THA", "ARE"]),
    "scenario.coordinated_raid.countries": (
        ["coordinated_raid"],
        "countries",
        ["MMR", "PER"],
    ),
    "scenario.host_openings.countries": (["host_openings"], "countries", ["PER"]),
    "scenario.unilateral_crackdown.country": (["unilateral_crackdown"], "country", "BRA"),
    "scenario.sustained_pressure.operation.countries": (
        ["sustained_pressure", "operation"],
        "countries",
        ["NGA"],
    ),
}


def params_naming_outside(key: str, enabled: bool):
    path, name, value = OUTSIDE[key]
    params = small_params()
    intervention = getattr(params.scenario, path[0])
    intervention.enabled = enabled
    node = intervention
    for part in path[1:]:
        node = getattr(node, part)
    setattr(node, name, value)
    return params


@pytest.mark.parametrize("key", list(OUTSIDE))
def test_enabled_intervention_acts_only_in_the_world_and_rejects_unknown_codes(small_world, key):
    params = params_naming_outside(key, enabled=True)
    path, name, value = OUTSIDE[key]
    codes = [value] if isinstance(value, str) else value
    if set(codes) & set(small_world.iso3):  # real codes, some elsewhere: acts where it can
        validate(params, set(small_world.iso3), set(small_world.table_iso3))
        ScamScapeModel(params, rng=0, world=small_world).step()
    else:  # real codes, none in this world: it would do nothing, so it is an error
        with pytest.raises(ConfigError, match=rf"^{re.escape(key)}: none of .* is in this world"):
            validate(params, set(small_world.iso3), set(small_world.table_iso3))
    node = getattr(params.scenario, path[0])
    for part in path[1:]:
        node = getattr(node, part)
    setattr(node, name, "XXX" if isinstance(value, str) else [*value, "XXX"])
    pattern = rf"^{re.escape(key)}: unknown ISO3 code 'XXX'"
    with pytest.raises(ConfigError, match=pattern):
        validate(params, set(small_world.iso3), set(small_world.table_iso3))
    with pytest.raises(ConfigError, match=pattern):
        ScamScapeModel(params, rng=0, world=small_world)


@pytest.mark.parametrize("key", list(OUTSIDE))
def test_disabled_intervention_outside_the_world_passes_validation(small_world, key):
    params = params_naming_outside(key, enabled=False)
    validate(params, set(small_world.iso3))
    model = ScamScapeModel(params, rng=0, world=small_world)
    model.step()
    assert_levers_equal(model.levers, PolicyLevers(small_world.size))
