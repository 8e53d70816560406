"""Transit screening at hubs: more people in transit are recognised and stopped (F11 routes)."""

from __future__ import annotations

from dataclasses import dataclass

from model.param_fields import countries, param
from model.schedule import Scheduled


@dataclass
class TransitScreeningParams(Scheduled):
    """Screening surge at the hubs in ``countries``."""

    countries: list[str] = countries(
        ["ARE", "THA", "MYS", "SGP", "KEN", "QAT", "TUR"],
        "hubs screened",
        "F11: Dubai, Bangkok, Kuala Lumpur routes; others assumed",
    )
    screening_surge: float = param(
        20.0, "factor on travellers' interception at the hubs", "assumption", high=1000.0
    )


def apply(screening: TransitScreeningParams, model) -> None:
    """Multiply interception at the hubs while screening runs."""
    if screening.week_of(model.date) is None:
        return
    model.levers.screening_surge[model.world.present(screening.countries)] *= screening.screening_surge
