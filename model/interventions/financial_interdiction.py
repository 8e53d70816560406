"""Financial interdiction: crypto proceeds are frozen and protection costs more.

Stands for wallet freezes and sanctions on laundering networks (F3, F5: tens of US$ billions).
"""

from __future__ import annotations

from dataclasses import dataclass

from model.param_fields import param, probability
from model.schedule import Scheduled


@dataclass
class FinancialInterdictionParams(Scheduled):
    """A freeze of compounds' proceeds, world-wide."""

    freeze_share: float = probability(0.3, "share of compounds' revenue frozen", "assumption")
    protection_cost_multiplier: float = param(
        1.5, "factor on protection payments (officials fear sanctions)", "assumption", high=1000.0
    )


def apply(interdiction: FinancialInterdictionParams, model) -> None:
    """Freeze a share of proceeds and make protection dearer while interdiction runs."""
    if interdiction.week_of(model.date) is None:
        return
    levers = model.levers
    levers.freeze_share = max(levers.freeze_share, interdiction.freeze_share)
    levers.protection_cost_multiplier *= interdiction.protection_cost_multiplier
