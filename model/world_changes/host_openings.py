"""Host openings: zones where protection goes on sale, because the state's reach there recedes.

Not an intervention but a change in the world that scenarios can switch on, such as the Latin American
openings behind the Malaysians lured to Peru (F8, F9, F11). From its start date the national state
reaches at most ``state_reach`` in every zone of ``countries`` (``levers.state_reach_cap``): protection
for sale there strengthens and the raid risk operators expect before any raid falls, through the same
formulas as in every other zone (``model/protection.py``). There is no revenue premium and no discount
named for these countries: whether compounds go there is left to the operators, who must first learn of
the zones (``model/zone_knowledge.py``) and find them worth the move.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.param_fields import countries, param, probability
from model.schedule import Scheduled


@dataclass
class HostOpeningsParams(Scheduled):
    """Openings in the zones of ``countries``."""

    weeks: int = param(520, "weeks the openings last", "scenario choice", low=1)
    countries: list[str] = countries(
        ["PER", "COL", "ECU", "BOL", "PRY", "MEX", "BRA"],
        "countries whose zones open up",
        "F8, F9, F11: Peru; others assumed",
    )
    state_reach: float = probability(
        0.3,
        "the most the national state reaches in their zones once protection is on sale there",
        "assumption: as in a self-administered zone of the Mekong (zones.csv: Laukkai 0.3)",
    )


def apply(openings: HostOpeningsParams, model) -> None:
    """Cap the state's reach in the zones of the opening countries."""
    if openings.week_of(model.date) is None:
        return
    members = model.world.present(openings.countries)
    zones = np.isin(model.zone_country, members)
    cap = model.levers.state_reach_cap
    cap[zones] = np.minimum(cap[zones], openings.state_reach)
