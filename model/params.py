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
        200.0, "persons reached per recruiter per week", "assumption: job ads on social media (F10)"
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
        0.005, "new recruiters per person of unfilled orders per week", "assumption"
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
        0.005, "per held victim per week", "F14: captivity a week to a year; assumed"
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
class CompoundParams:
    """Compound operators: revenue, costs, growth, risk learning, relocation and entry."""

    revenue_per_worker_week_usd: float = param(
        2760.0,
        "US$ per held worker per week",
        "F3/F4: US$43.8bn a year / 305,000 workers / 52 weeks",
    )
    guard_cost_per_worker_week_usd: float = param(300.0, "US$ per held worker per week", "assumption")
    protection_share: float = probability(
        0.2, "share of gross revenue owed for protection at protection strength 1", "assumption"
    )
    protection_shield: float = probability(
        0.6,
        "share of raids defeated by protection at protection strength 1 (paid up)",
        "assumption",
    )
    protection_grace_weeks: float = param(
        4.0,
        "weeks of unpaid protection after which a compound's raid shield has lapsed entirely (it "
        "wears away in proportion to the arrears before)",
        "assumption: protectors tolerate a month of arrears",
        low=0.0,
        high=520.0,
    )
    growth_per_week: float = param(
        0.025,
        "relative change per week at full pace of a compound's workforce wanted (up to its site's "
        "size; beyond it, into new sites) or shrinkage",
        "assumption (logistic, F1)",
    )
    growth_reference_margin: float = probability(
        0.5,
        "profit margin (share of gross revenue) at or above which growth runs at full pace",
        "assumption",
    )
    share_sold_on_closure: float = probability(
        0.5,
        "share of the workforce a compound lets go (closed, given up, shed) that is sold to another "
        "compound with room in its country (its zone first, then its syndicate)",
        "F13: people sold between compounds; share assumed",
    )
    shed_share_per_week: float = probability(
        0.5,
        "share of a compound's workforce above its capacity let go each week (sold or released)",
        "assumption: operators stop guarding and feeding workers they cannot use within weeks",
    )
    market_capacity_persons: float = param(
        400000.0,
        "persons: world workforce capacity at which growth stops",
        "assumption: above the 300,000+ held in 2023 (F1, F4); recruitment limits the workforce",
        low=1.0,
    )
    p_entry: float = probability(
        0.1, "new ventures (spin-offs to a new site) per week at zero market saturation", "assumption"
    )
    site_size_median_persons: float = param(
        500.0,
        "persons a compound's site is built for: median of a log-normal",
        "S-SIZE: 2,760 foreign workers found in 10 raided Sihanoukville sites (Aug-Oct 2022), "
        "about 2,000 in four, 403 and 223 in single buildings (VOD 2022)",
        low=1.0,
        high=1e5,
    )
    site_size_log_sd: float = param(
        0.9,
        "standard deviation of ln(persons) of a site's size",
        "assumption: from a hundred to several thousand persons (5-95 %: 110 to 2,200); the largest "
        "complexes hold thousands (F1, S-SIZE)",
        high=3.0,
    )
    exit_capacity_share: float = probability(
        0.1,
        "share of its site's size below which an operator gives a shrinking compound up (exit)",
        "assumption: a site run at a tenth of its size no longer pays its guards and rent",
    )
    risk_memory: float = probability(
        0.1, "weight of this week's raids in the learned risk (EWMA)", "NarcoLogic (Magliocca 2019)"
    )
    risk_spillover: float = probability(
        0.3, "weight of raids in neighbouring countries", "NarcoLogic; assumption"
    )
    risk_tolerance: float = probability(
        0.15,
        "learned raid risk per week above which an operator reconsiders where it stands",
        "NarcoLogic; assumed",
    )
    loss_memory: float = probability(
        0.1,
        "weight of this week in an operator's recent losses and revenue (EWMA; about 10 weeks)",
        "assumption: NarcoLogic's nodes weigh their recent seizures",
    )
    loss_tolerance: float = probability(
        0.1,
        "recent losses as a share of recent gross revenue above which an operator reconsiders "
        "where it stands (losses: workforce freed by raids and capacity disrupted or cut, valued at "
        "what replacing them costs, and extra running costs imposed on its zone or country)",
        "NarcoLogic's loss tolerance (Magliocca et al. 2019); value assumed: a tenth of revenue is "
        "about a fifth of a compound's margin",
    )
    setup_cost_usd: float = param(
        5e6,
        "US$ of fixed costs to set up a site in a new zone (premises, equipment, protection "
        "arrangements), whatever its size",
        "assumption: four months of a hundred-person site's profit, a week of a "
        "two-thousand-person site's; so small sites hit hard close and large ones move "
        "(Short et al. 2010)",
    )
    share_let_go_on_move: float = probability(
        0.2,
        "share of a relocating compound's workforce let go (sold or released) rather than moved",
        "assumption: operators move the workers they can guard on the road (F13: resale)",
    )
    planning_weeks: float = param(
        52.0, "weeks of profit weighed in a relocation or entry choice", "assumption", low=1.0
    )
    weeks_lost_per_log_distance: float = param(
        10.0,
        "weeks of production lost per unit of ln(1 + km / 1000) moved (new protection, laundering)",
        "assumption: networks are regional (F15: Laukkai to Myawaddy) but reach other continents (F9)",
    )
    prior_risk: float = probability(
        0.02,
        "floor of the weekly raid risk operators expect in a country, at host suitability 0",
        "assumption",
    )
    disruption_share: float = probability(
        0.2, "share of capacity lost to a successful raid without arrest", "assumption"
    )
    choice_temperature: float = param(
        0.02,
        "temperature of the logit choice among known zones, as a share of the largest value at "
        "stake (options this far apart in value differ in odds by e)",
        "assumption, to be calibrated (issue 15); 0 is the argmax",
        high=10.0,
    )
    knowledge_radius_km: float = param(
        1000.0,
        "km: a syndicate knows every zone within this distance of a zone where it runs a compound",
        "F15: Laukkai's syndicates moved to Myawaddy, about 780 km away; assumption",
        high=20000.0,
    )
    scouting_per_week: float = probability(
        0.01,
        "weekly rate at which a syndicate learns of an unknown zone from each zone it holds, at "
        "travel cost 0 (decaying with cost, see scouting_cost_usd)",
        "assumption: new regions open gradually (F9: signs in West Africa, victims from South "
        "America by mid-2023)",
    )
    scouting_cost_usd: float = param(
        200.0,
        "US$ of travel cost from a held zone that divides the scouting rate by e",
        "assumption: flights put distant regions within reach (F11: Uganda-Dubai-Thailand)",
        low=1.0,
    )
    knowledge_diffusion_per_week: float = probability(
        0.005,
        "weekly rate at which a syndicate hears of a zone, per compound other syndicates run there",
        "assumption: a zone hosting a hundred compounds is known to all within weeks, one compound "
        "to half the syndicates in about three years",
    )
    moving_cost_per_worker_usd: float = param(
        2000.0, "US$ per worker moved, plus travel cost", "assumption"
    )
    p_reopen: float = probability(
        0.05, "per closed compound per week (new owner)", "F15, MADTOR role replacement; assumed"
    )
    reopen_capacity_share: float = probability(
        0.5, "share of former capacity when reopened", "assumption"
    )
    syndicate_concentration: float = param(
        2.0,
        "concentration of the Chinese-restaurant draw that groups initial compounds into syndicates "
        "(expected syndicates among n compounds about c ln(1 + n / c))",
        "assumption: a few groups run several compounds each (Kokang's family groups, F15; "
        "sanctions cases up to 2023)",
        low=1e-6,
        high=1e6,
    )
    p_spinoff_own_syndicate: float = probability(
        0.7,
        "share of new compounds opened by their parent's syndicate (else a new syndicate)",
        "assumption: groups expand across zones and countries (sanctions cases up to 2023)",
    )


@dataclass
class EnforcementParams:
    """Enforcement units: numbers, effort and success rates."""

    units_per_10m_persons: float = param(
        2.0, "units per 10 million inhabitants at rule of law 2.5", "assumption: capacity rule"
    )
    max_units_per_country: int = param(8, "units", "assumption", low=1)
    raids_per_unit_week: float = param(
        0.03, "raid attempts per unit per week", "assumption: raids were rare until 2023 (F7, F8)"
    )
    p_raid_success: float = probability(
        0.5, "per raid at rule of law 2.5 and no protection", "assumption"
    )
    share_rescued_per_raid: float = probability(
        0.1, "share of held victims freed by a successful raid", "F8: 149 rescued in 450 hotspots"
    )
    p_arrest_operator: float = probability(0.3, "per successful raid", "assumption")
    p_detect_compound: float = probability(
        0.02, "per unknown compound per week at rule of law 2.5", "assumption"
    )
    intelligence_per_freed_person: float = param(
        1e-4, "intelligence (detection probability, raid bonus) per person freed", "assumption"
    )
    intelligence_decay: float = probability(
        0.05, "share of a compound's intelligence that goes stale each week", "assumption"
    )
    recruiter_actions_per_unit_week: float = param(
        0.05, "recruiter investigations per unit per week", "assumption"
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
