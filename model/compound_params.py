"""Parameters of the compound operators: revenue, costs, growth, risk learning, relocation and entry.

Declared like every parameter (:func:`model.param_fields.param`: unit, default, source or stated
assumption, allowed range) and gathered in :class:`model.params.Params` as ``compounds``.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.param_fields import param, probability


@dataclass
class CompoundParams:
    """Compound operators: revenue, costs, growth, risk learning, relocation and entry."""

    revenue_per_worker_week_usd: float = param(
        2760.0,
        "US$ per held worker per week",
        "F3/F4: US$43.8bn a year / 305,000 workers / 52 weeks",
        high=1e6,
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
    growth_reference_margin: float = param(
        0.5,
        "profit margin (share of gross revenue) at or above which growth runs at full pace",
        "assumption",
        low=0.01,  # a margin of 0 would divide by zero; 1 % is far below any reported margin
        high=1.0,
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
