"""Every parameter of the model, with its unit, default and source.

Each field is declared with :func:`param`, which stores the unit, the source (or "assumption") and the
allowed range in the field's metadata. :func:`validate` checks the ranges and the ISO3 codes, and the
runners register :class:`Params` as Hydra's schema, so a misspelled key or a wrong type is rejected
before a run starts. This module never imports Hydra.

Sources are cited by their id in ``model/data/SOURCES.md`` (F1..F15 are the published figures of
``docs/facts.md``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from model.compound_params import CompoundParams
from model.param_fields import ConfigError, iso_date, param, probability
from model.scenario import ScenarioParams

__all__ = ["ConfigError", "Params", "param", "probability"]


@dataclass
class RunParams:
    """The calendar: weekly steps from a start date."""

    start: str = iso_date("2020-01-06", "first week (a Monday)", "assumption: start of 2020")
    weeks: int = param(
        364, "weeks (at most 100 years)", "assumption: 2020-01-06 to the end of 2026", low=1, high=5200
    )


@dataclass
class ScoreParams:
    """Weights of the country scores (logistic of weighted z-scores; see ``model/country_scores.py``).

    Weights are dimensionless multipliers of z-scores and may be negative.
    """

    recruitment_youth_unemployment: float = param(
        1.0, "weight per z", "assumption: unemployment pushes job seekers abroad (F10)", low=None
    )
    recruitment_low_income: float = param(
        1.0,
        "weight per z of -log GDP pc",
        "assumption: fake US$1,200-1,800 offers lure (F10)",
        low=None,
    )
    recruitment_internet: float = param(
        0.7, "weight per z", "assumption: ads on Facebook, Telegram need reach (F10)", low=None
    )
    host_weak_rule_of_law: float = param(
        1.0, "weight per z of -WGI RL", "assumption: NarcoLogic site choice; OHCHR 2023", low=None
    )
    host_corruption: float = param(
        1.0, "weight per z of -WGI CC", "assumption: protection bought from officials", low=None
    )
    host_instability: float = param(
        0.7,
        "weight per z of -WGI PV",
        "assumption: conflict zones (Myanmar border areas)",
        low=None,
    )
    host_connectivity: float = param(
        0.5, "weight per z of log air routes", "assumption: recruits arrive by air (F11)", low=None
    )
    host_internet: float = param(
        1.0, "weight per z of internet users", "assumption: online fraud needs internet (F3)", low=None
    )


@dataclass
class WorldParams:
    """The set of countries, their travel links and the scale of the victim agents."""

    name: str = param("default", "label", "configs/world/*.yaml", low=None)
    countries: list[str] | None = param(
        None,
        "ISO3 codes (null: every country with complete data)",
        "model/data/countries.csv",
        low=None,
    )
    data_dir: str | None = param(
        None,
        "folder with countries.csv, air_routes.csv, land_borders.csv (null: model/data)",
        "model/data/SOURCES.md",
        low=None,
    )
    population_scale: int = param(
        20, "persons per victim agent", "assumption: super-individuals for speed", low=1
    )
    initial_held_persons: dict[str, int] = param(
        {"MMR": 12000, "KHM": 12000, "LAO": 4000, "PHL": 4000},
        "persons held at start, per host country",
        "assumption: about 10% of the Aug 2023 level (F1), where the industry was in 2020 (F1, F15)",
        kind="iso3",
    )
    air_usd_base: float = param(150.0, "US$ per flight", "assumption: low-cost fare")
    air_usd_per_km: float = param(0.08, "US$ per km flown", "assumption: typical economy fare")
    land_usd_base: float = param(50.0, "US$ per border crossing", "assumption: smuggling fee")
    land_usd_per_km: float = param(0.05, "US$ per km by road", "assumption: bus or car")
    land_km_per_week: float = param(1500.0, "km per week by road", "assumption", low=1.0)
    min_air_routes: int = param(
        1, "airline routes for a travel link", "OpenFlights 2014 (model/data/SOURCES.md)", low=1
    )
    scores: ScoreParams = field(default_factory=ScoreParams)


@dataclass
class RecruitmentParams:
    """Recruiters: reach, conversion, fees, arrests and entry."""

    initial_recruiters: int = param(300, "recruiters (broker networks)", "assumption", low=0)
    contacts_per_week: float = param(
        200.0,
        "persons reached per recruiter per week",
        "assumption: job ads on social media (F10)",
        high=1e5,
    )
    p_conversion: float = probability(
        0.1, "persons recruited per contact, at attractiveness 1 and no awareness", "assumption"
    )
    fee_usd: float = param(
        1500.0, "US$ paid per person delivered", "assumption: below resale price US$10,000 (F13)"
    )
    access_cost_usd: float = param(
        800.0, "US$ of travel cost that divides a route's appeal by e", "assumption", low=1.0
    )
    recruiters_per_unfilled_person: float = param(
        0.005, "new recruiters per person of unfilled orders per week", "assumption", high=10.0
    )
    p_quit_when_idle: float = probability(
        0.05,
        "per recruiter per week, times the share of its country's applicants left unplaced",
        "assumption: brokers leave a trade with no demand",
    )
    recruiters_per_sqrt_million: float = param(
        6.0,
        "recruiters at which a country's per-recruiter yield halves, per sqrt(million people)",
        "assumption: recruiters compete for the same job seekers (PROTON-OC)",
        low=1e-6,
    )
    min_marginal_recruits: float = param(
        3.0,
        "persons a week a new recruiter must expect to place to enter a country",
        "assumption: brokers enter only where the trade pays",
    )
    population_exponent: float = param(
        0.5, "exponent of population in recruiter placement weight", "assumption"
    )
    awareness: dict[str, float] = param(
        {},
        "share of contacts who recognise a fake offer, per ISO3",
        "baseline: none",
        high=1.0,
        kind="iso3",
    )


@dataclass
class VictimParams:
    """Victims' profile (F2) and weekly transition probabilities (F14)."""

    p_male: float = probability(0.7, "share of victims", "F2: mostly men (OHCHR 2023); value assumed")
    age_band_shares: dict[str, float] = param(
        {"18-24": 0.35, "25-34": 0.45, "35-44": 0.15, "45+": 0.05},
        "share of victims per age band",
        "F2, F11 (Malaysians aged 18-36); shares assumed",
    )
    p_tertiary_education: float = probability(
        0.5, "share of victims", "F2: often educated; value assumed"
    )
    p_language_skills: float = probability(
        0.5, "share of victims", "F2: many with language skills; value assumed"
    )
    language_productivity_bonus: float = param(
        0.5, "relative extra revenue of a worker with language skills", "assumption"
    )
    p_escape: float = probability(
        0.005,
        "per held victim per week in ordinary weeks (full guarding); sets the deterrence of the "
        "escape rule (model/escapes.py); at most 1 - escape_threshold",
        "F14: captivity a week to a year; assumed",
    )
    escape_threshold: float = param(
        0.1,
        "grievance minus net risk (both in [0, 1]) above which a held victim attempts to escape",
        "Epstein 2002 (civil violence model: threshold T = 0.1); below 1, or nobody could attempt",
        high=0.99,
    )
    guarding_loss_per_supply_loss: float = probability(
        1.0,
        "share of a compound's guarding lost per unit share of its capacity a supply cut takes "
        "in a week (cameras, radios, fuel for patrols)",
        "assumption",
    )
    guarding_loss_per_raid_signal: float = probability(
        0.5,
        "share of a compound's guarding lost per unit of its zone's raid signal (guards "
        "distracted, help seen nearby)",
        "assumption",
    )
    p_release: float = probability(
        0.015, "per held victim per week (ransom or discard)", "F13, F14; assumed"
    )
    p_repatriate: float = probability(
        0.1, "per freed victim per week", "F14: repatriation takes weeks to months; assumed"
    )
    p_retraffick: float = probability(
        0.002, "per repatriated victim per week, while compounds order", "assumption"
    )


@dataclass
class EnforcementParams:
    """Enforcement units: numbers, effort and success rates."""

    units_per_10m_persons: float = param(
        2.0, "units per 10 million inhabitants at rule of law 2.5", "assumption: capacity rule"
    )
    max_units_per_country: int = param(8, "units", "assumption", low=1)
    raids_per_unit_week: float = param(
        0.03,
        "raid attempts per unit per week",
        "assumption: raids were rare until 2023 (F7, F8)",
        high=100.0,
    )
    p_raid_success: float = probability(
        0.5, "per raid at rule of law 2.5 and no protection", "assumption"
    )
    share_rescued_per_raid: float = probability(
        0.1, "share of held victims freed by a successful raid", "F8: 149 rescued in 450 hotspots"
    )
    p_arrest_operator: float = probability(0.3, "per successful raid", "assumption")
    p_detect_compound: float = probability(
        0.02,
        "per unknown compound of the median site size per week at rule of law 2.5",
        "assumption",
    )
    detection_size_exponent: float = param(
        0.5,
        "exponent of a compound's size (over the median site's) in its chance of being detected: "
        "a site four times as large is found twice as often",
        "assumption: more escapees, witnesses and visible buildings; operators know it, so large "
        "sites gain by splitting (issue 12)",
        high=2.0,
    )
    intelligence_per_freed_person: float = param(
        1e-4, "intelligence (detection probability, raid bonus) per person freed", "assumption"
    )
    intelligence_decay: float = probability(
        0.05, "share of a compound's intelligence that goes stale each week", "assumption"
    )
    recruiter_actions_per_unit_week: float = param(
        0.05, "recruiter investigations per unit per week", "assumption", high=100.0
    )
    p_arrest_recruiter: float = probability(
        0.3, "per investigation at rule of law 2.5", "F7: 121 arrests; assumed"
    )
    screening_per_unit: float = probability(
        0.002, "interception probability per traveller per unit screening a hub", "assumption"
    )
    max_interception: float = probability(
        0.5, "upper bound of interception probability at a node", "assumption"
    )


@dataclass
class Params:
    """All parameters of one model run."""

    run: RunParams = field(default_factory=RunParams)
    world: WorldParams = field(default_factory=WorldParams)
    recruitment: RecruitmentParams = field(default_factory=RecruitmentParams)
    victims: VictimParams = field(default_factory=VictimParams)
    compounds: CompoundParams = field(default_factory=CompoundParams)
    enforcement: EnforcementParams = field(default_factory=EnforcementParams)
    scenario: ScenarioParams = field(default_factory=ScenarioParams)

    @property
    def start_date(self) -> dt.date:
        """The date of the first week."""
        return dt.date.fromisoformat(self.run.start)
