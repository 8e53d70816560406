"""Victim protection: non-punishment, faster repatriation and support for freed victims.

Lowers re-trafficking and raises the intelligence freed victims give enforcement (OHCHR 2023).
"""

from __future__ import annotations

from dataclasses import dataclass

from model.param_fields import param
from model.schedule import Scheduled


@dataclass
class VictimProtectionParams(Scheduled):
    """Protection of freed victims, world-wide."""

    repatriation_multiplier: float = param(
        2.0, "factor on freed victims' weekly chance of going home", "assumption", high=1000.0
    )
    retraffick_multiplier: float = param(
        0.3, "factor on repatriated victims' weekly chance of re-trafficking", "assumption", high=1000.0
    )
    intelligence_multiplier: float = param(
        3.0, "factor on the intelligence freed victims give enforcement", "assumption", high=1000.0
    )


def apply(protection: VictimProtectionParams, model) -> None:
    """Set the victim levers while protection runs."""
    if protection.week_of(model.date) is None:
        return
    levers = model.levers
    levers.repatriation_multiplier *= protection.repatriation_multiplier
    levers.retraffick_multiplier *= protection.retraffick_multiplier
    levers.intelligence_multiplier *= protection.intelligence_multiplier
