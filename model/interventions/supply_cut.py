"""Supply cut: a country cuts the power, internet and fuel it supplies to scam zones across its border.

Stands for cuts such as Thailand's of electricity to two Myanmar border towns in the Myawaddy area in
June 2023 (``model/data/SOURCES.md``). Its reach comes from the zone table: only the zones whose
``power_from``, ``internet_from`` or ``fuel_from`` names the cutting country lose that supply, and
only their compounds lose capacity. How operators answer (generators, smuggled fuel, moving) is the
operators' own decision; here the cut shrinks what a compound can run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.param_fields import choices, iso_date, param, probability, zones
from model.schedule import Scheduled

SUPPLIES = ("power", "internet", "fuel")
"""What a neighbouring country can supply to a zone (columns ``power_from`` ... of the zone table)."""


@dataclass
class SupplyCutParams(Scheduled):
    """``country`` stops supplying ``supplies`` to the zones it supplies (or to ``zones`` of them)."""

    start: str = iso_date(
        "2023-06-05", "first week of the cut", "June 2023 Thai cut of power to Myawaddy-area towns"
    )
    weeks: int = param(52, "weeks the cut lasts", "scenario choice", low=1)
    country: str = param(
        "THA",
        "ISO3 code of the country that cuts",
        "zone table: Thailand supplies Myawaddy",
        low=None,
        kind="iso3",
    )
    supplies: list[str] = choices(list(SUPPLIES), SUPPLIES, "supplies cut", "scenario choice")
    zones: list[str] = zones("zones cut off (empty: every zone the country supplies)", "scenario choice")
    share_lost_per_week: float = probability(
        0.05,
        "share of an affected compound's capacity lost per week for each supply cut",
        "assumption: generators and smuggled fuel make up for most of a cut",
    )


def reach(cut: SupplyCutParams, model) -> np.ndarray:
    """Number of the cut supplies that each zone of the world gets from the cutting country."""
    zone_table = model.world.zones
    counts = sum((zone_table[f"{supply}_from"] == cut.country).to_numpy(int) for supply in cut.supplies)
    if cut.zones:
        counts = counts * zone_table.id.isin(cut.zones).to_numpy()
    return np.asarray(counts)


def apply(cut: SupplyCutParams, model) -> None:
    """While the cut lasts, each zone it reaches loses ``share_lost_per_week`` per supply cut."""
    if cut.week_of(model.date) is None:
        return
    kept = (1 - cut.share_lost_per_week) ** reach(cut, model)
    loss = model.levers.zone_supply_loss
    loss[:] = 1 - (1 - loss) * kept
