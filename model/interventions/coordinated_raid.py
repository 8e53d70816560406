"""Coordinated operation: units of many countries act in the same weeks, sharing what they know.

Capacity surges in every participant; participants pool intelligence (a compound in a participant
country that any freed victim has testified about becomes known); units join forces across
participants' borders; and protection's tip-offs are suppressed. The defaults
represent Interpol's Storm Makers II (FACTS F8: 27 countries, 16-20 October 2023). Its participants
are not listed in FACTS; the default list is an assumption: host, hub and source countries named in
F1, F8, F9 and F11.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.param_fields import countries, iso_date, param, probability, zones
from model.schedule import Scheduled

STORM_MAKERS_II = [
    "ARE",
    "BGD",
    "CHN",
    "GHA",
    "HKG",
    "IDN",
    "IND",
    "KEN",
    "KHM",
    "KOR",
    "LAO",
    "LKA",
    "MAC",
    "MMR",
    "MYS",
    "NGA",
    "NPL",
    "PAK",
    "PER",
    "PHL",
    "QAT",
    "SGP",
    "THA",
    "TUR",
    "UGA",
    "VNM",
    "ZAF",
]


@dataclass
class CoordinatedRaidParams(Scheduled):
    """A joint operation of many countries' units."""

    start: str = iso_date("2023-10-16", "first week of the operation", "F8: 16-20 October 2023")
    weeks: int = param(1, "weeks the operation lasts", "F8: five days", low=1)
    countries: list[str] = countries(STORM_MAKERS_II, "participants", "F8: 27 countries; list assumed")
    enforcement_surge: float = param(
        10.0,
        "factor on units' weekly raids and investigations",
        "assumption: F8, 450 hotspots checked in 5 days; to be calibrated (F7, F8)",
        high=1000.0,
    )
    share_intelligence: bool = param(True, "participants pool what they know", "F8", low=None)
    joint_raids: bool = param(
        True,
        "participants' units raid compounds in any participant (joint task forces)",
        "F8: joint operation across 27 countries",
        low=None,
    )
    tip_off_reduction: float = probability(
        0.8, "share of protection's tip-offs suppressed", "assumption: joint operations leak less"
    )
    zones: list[str] = zones(
        "zones the participants aim at (empty: all of theirs)", "F8: about 450 hotspots checked"
    )


def apply(operation: CoordinatedRaidParams, model, week: int | None = None) -> None:
    """Set the levers of the participants when the operation is on (``week`` from its schedule)."""
    week = operation.week_of(model.date) if week is None else week
    if week is None:
        return
    levers, members = model.levers, model.world.present(operation.countries)
    levers.enforcement_surge[members] *= operation.enforcement_surge
    levers.tip_off_reduction[members] = np.maximum(
        levers.tip_off_reduction[members], operation.tip_off_reduction
    )
    levers.shared_intelligence[members] |= operation.share_intelligence
    levers.joint_operation[members] |= operation.joint_raids
    if operation.zones:
        levers.raid_focus[model.world.zones.id.isin(operation.zones).to_numpy()] = True
