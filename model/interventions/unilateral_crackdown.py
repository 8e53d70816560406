"""Unilateral crackdown: one host country raids hard and cuts compounds' supplies, alone.

Stands for national campaigns such as the late-2023 Laukkai (Kokang) crackdown in northern Shan
(FACTS F15) or cuts of power, internet and fuel to border compounds. Neighbours do not help. Aimed at
``zones`` of the country, its units raid only the compounds they know there, and only those zones'
compounds lose supplies and pay the extra costs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.param_fields import param, probability, zones
from model.schedule import Scheduled


@dataclass
class UnilateralCrackdownParams(Scheduled):
    """A national crackdown in ``country``."""

    country: str = param(
        "MMR", "ISO3 code of the country", "F15: Myanmar, late 2023", low=None, kind="iso3"
    )
    enforcement_surge: float = param(
        15.0, "factor on the country's units' weekly raids and investigations", "assumption", high=1000.0
    )
    supply_shock: float = probability(
        0.02, "share of compound capacity lost per week to power, internet and fuel cuts", "assumption"
    )
    extra_cost_per_worker_week_usd: float = param(
        200.0, "US$ per worker-week of added running costs (generators, smuggled fuel)", "assumption"
    )
    zones: list[str] = zones(
        "zones of the country aimed at (empty: the whole country)", "F15: Laukkai in northern Shan"
    )


def apply(crackdown: UnilateralCrackdownParams, model) -> None:
    """Surge the country's units and shock its compounds while the crackdown lasts.

    A country outside the world is left out (the crackdown then has no effect).
    """
    if crackdown.week_of(model.date) is None:
        return
    levers, country = model.levers, model.world.present([crackdown.country])
    levers.enforcement_surge[country] *= crackdown.enforcement_surge
    if crackdown.zones:
        aimed = model.world.zones.id.isin(crackdown.zones).to_numpy()
        levers.raid_focus[aimed] = True
        levers.zone_supply_loss[aimed] = np.maximum(
            levers.zone_supply_loss[aimed], crackdown.supply_shock
        )
        levers.zone_extra_cost_per_worker_week_usd[aimed] += crackdown.extra_cost_per_worker_week_usd
        return
    levers.supply_shock[country] = np.maximum(levers.supply_shock[country], crackdown.supply_shock)
    levers.extra_cost_per_worker_week_usd[country] += crackdown.extra_cost_per_worker_week_usd
