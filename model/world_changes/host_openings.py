"""Host openings: countries where compounds find new room (weak local enforcement, new protection).

Not an intervention but a change in the world that scenarios can switch on, such as the Latin American
openings behind the Malaysians lured to Peru (F8, F9, F11). Operators see less prior risk, cheaper
protection and new target markets there; whether they move is still their own choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.param_fields import countries, param, probability
from model.schedule import Scheduled


@dataclass
class HostOpeningsParams(Scheduled):
    """Openings in ``countries``."""

    weeks: int = param(520, "weeks the openings last", "scenario choice", low=1)
    countries: list[str] = countries(
        ["PER", "COL", "ECU", "BOL", "PRY", "MEX", "BRA"],
        "countries opening up",
        "F8, F9, F11: Peru; others assumed",
    )
    risk_discount: float = probability(0.9, "share of the prior raid risk removed there", "assumption")
    protection_discount: float = probability(
        0.8, "share of protection payments waived there (cheap new protection)", "assumption"
    )
    revenue_premium: float = param(
        0.15,
        "relative extra revenue per worker there (new target markets)",
        "assumption: F9, victims and targets now also in the Americas",
    )


def apply(openings: HostOpeningsParams, model) -> None:
    """Discount prior raid risk and protection, and add a revenue premium, in the opening countries."""
    if openings.week_of(model.date) is None:
        return
    members = model.world.present(openings.countries)
    model.levers.opening_risk_discount[members] = openings.risk_discount
    model.levers.protection_discount[members] = openings.protection_discount
    model.levers.revenue_premium[members] = openings.revenue_premium
