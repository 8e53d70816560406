"""Protection and the terms of a site, per zone: who a compound pays, what it buys, what a site earns.

A compound pays its zone's protector (``world.zones.protection``: state officials, a non-state armed
group or a zone authority) a share of its proceeds; in return the protector shields it from raids
(bribes, tip-offs). How much protection is for sale in a zone is its **protection strength**, in [0, 1]:

    strength[z] = 1 - reach[z] * (1 - corruption[c])

with ``reach`` the zone's state reach (``world.zones.state_reach``, sourced per zone, capped while a
world change opens the zone, ``levers.state_reach_cap``) and ``corruption`` its country's (WGI control
of corruption, ``model/country_scores.py``). Where the national state reaches fully, protection is only
as strong as its officials are corrupt; where it does not reach, whoever controls the zone sells full
protection. The same reach weighs the country's governance in the zone's **suitability**,
``1 - reach * (1 - host_suitability[c])``, which sets the raid risk operators expect before any raid.

* price: ``share[z] = min(1, protection_share * multiplier * strength[z])`` of the gross revenue (the
  protector takes its cut of the business, whatever a freeze later takes from the proceeds);
* shield: ``protection_shield * strength[z] * cover`` of raids defeated, less the tip-offs a joint
  operation suppresses; ``cover = max(0, 1 - arrears / (protection_grace_weeks * dues))``, with
  ``dues = share[z] * recent revenue`` (EWMA, so a week without revenue is no cliff), falls as
  unpaid protection builds up (``model/compound_dynamics.py``, ``collect``) and is 1 when paid up;
* margin per worker-week of a site in each zone (what the site choice weighs,
  ``model/site_choice.py``): ``revenue * (1 - frozen share - share[z]) - running costs[z] - turnover
  * (recruiter fee + supply cost[c])``, the running costs being guards plus the extra costs policies
  impose on the zone or its country (:func:`running_costs`);
* supply loss: the share of a site's capacity cuts of power, internet and fuel take this week,
  ``1 - (1 - supply_shock[c]) * (1 - zone_supply_loss[z])`` (:func:`supply_loss`).

Formulas are in ``docs/ODD.md`` sections 7.5 (protection, accounts), 7.6 (shield) and 7.7
(margins). No zone gets a revenue premium or a discount named for it: an opening acts only through the
reach of the state there.
"""

from __future__ import annotations

import numpy as np


def state_reach(model) -> np.ndarray:
    """How far the national state reaches in each zone this week, in [0, 1].

    The zone's own reach (``world.zones.state_reach``, as ``model.zone_state_reach``) capped by the
    week's lever.
    """
    return np.minimum(model.zone_state_reach, model.levers.state_reach_cap)


def zone_suitability(model) -> np.ndarray:
    """Suitability of each zone to host compounds: ``1 - reach * (1 - host_suitability)``, [0, 1]."""
    suitability = model.world.host_suitability[model.zone_country]
    return 1 - state_reach(model) * (1 - suitability)


def protection_strength(model) -> np.ndarray:
    """Protection for sale in each zone: ``1 - reach * (1 - corruption)``, in [0, 1]."""
    corruption = model.world.corruption[model.zone_country]
    return 1 - state_reach(model) * (1 - corruption)


def protection_shares(model) -> np.ndarray:
    """Share of its gross revenue a compound owes its protector in each zone, in [0, 1]."""
    p, levers = model.params.compounds, model.levers
    return np.minimum(
        1.0, p.protection_share * levers.protection_cost_multiplier * protection_strength(model)
    )


def cover(arrears: float, dues: float, grace_weeks: float) -> float:
    """Share of its protection a compound still enjoys: 1 paid up, 0 after ``grace_weeks`` unpaid.

    ``max(0, 1 - arrears / (grace_weeks * dues))``, with ``dues`` its weekly protection bill, US$.
    """
    if arrears <= 0:
        return 1.0
    if dues <= 0 or grace_weeks <= 0:
        return 0.0
    return max(0.0, 1.0 - arrears / (grace_weeks * dues))


def raid_shield(model, compound, raiding_country: int) -> float:
    """Share of raids on ``compound`` its protection defeats, by a unit of ``raiding_country``."""
    p = model.params.compounds
    strength = protection_strength(model)[compound.zone]
    dues = compound.revenue * protection_shares(model)[compound.zone]
    paid = cover(compound.protection_arrears, dues, p.protection_grace_weeks)
    shield = p.protection_shield * strength * paid
    return shield * (1 - model.levers.tip_off_reduction[raiding_country])


def imposed_costs(model) -> np.ndarray:
    """Extra running costs per worker-week policies impose in each zone (its own and its country's)."""
    levers = model.levers
    return (
        levers.extra_cost_per_worker_week_usd[model.zone_country]
        + levers.zone_extra_cost_per_worker_week_usd
    )


def running_costs(model) -> np.ndarray:
    """Running costs per worker-week of a site in each zone: guards plus imposed costs, US$."""
    return model.params.compounds.guard_cost_per_worker_week_usd + imposed_costs(model)


def supply_loss(model) -> np.ndarray:
    """Share of a site's capacity this week's cuts of power, internet and fuel take, per zone."""
    levers = model.levers
    return 1 - (1 - levers.supply_shock[model.zone_country]) * (1 - levers.zone_supply_loss)


def site_margins(model) -> np.ndarray:
    """Expected profit per worker-week of a site in each zone, US$ (see the module docstring)."""
    p, levers = model.params, model.levers
    turnover = p.victims.p_escape + p.victims.p_release
    return (
        p.compounds.revenue_per_worker_week_usd * (1 - levers.freeze_share - protection_shares(model))
        - running_costs(model)
        - turnover * model.replacement_cost_usd[model.zone_country]
    )
