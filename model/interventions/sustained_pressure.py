"""Sustained pressure: coordinated operations repeated on a schedule instead of once."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from model.interventions import coordinated_raid
from model.interventions.coordinated_raid import CoordinatedRaidParams
from model.param_fields import param
from model.schedule import Scheduled


@dataclass
class SustainedPressureParams(Scheduled):
    """Repeat ``operation`` every ``every_weeks`` weeks while the window lasts.

    Each operation lasts ``operation.weeks``; the operation's own ``start`` is not used (the campaign's
    ``start`` is), and switching ``operation.enabled`` off stops the campaign's operations.
    """

    weeks: int = param(104, "weeks of the campaign", "scenario choice", low=1)
    every_weeks: int = param(13, "weeks between operations (13: quarterly)", "scenario choice", low=1)
    rotate: bool = param(
        False,
        "each operation in one participant only, in turn (one country at a time)",
        "scenario choice",
        low=None,
    )
    operation: CoordinatedRaidParams = field(
        default_factory=lambda: CoordinatedRaidParams(enabled=True, weeks=2)
    )


def apply(pressure: SustainedPressureParams, model) -> None:
    """Run the operation in the first ``operation.weeks`` weeks of each period.

    With ``rotate``, the n-th operation acts in the n-th participant only (cycling through them).
    """
    week = pressure.week_of(model.date)
    operation = pressure.operation
    if week is None or not operation.enabled or week % pressure.every_weeks >= operation.weeks:
        return
    if pressure.rotate:
        turn = (week // pressure.every_weeks) % len(operation.countries)
        operation = replace(operation, countries=[operation.countries[turn]])
    coordinated_raid.apply(operation, model, week=week)
