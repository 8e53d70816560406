"""Awareness campaign in source countries: fewer contacts fall for fake job offers (F10)."""

from __future__ import annotations

from dataclasses import dataclass

from model.param_fields import countries, probability
from model.schedule import Scheduled


@dataclass
class AwarenessCampaignParams(Scheduled):
    """A prevention campaign in ``countries``."""

    countries: list[str] = countries(
        ["CHN", "IDN", "IND", "MYS", "PHL", "THA", "VNM", "KEN", "UGA", "NGA"],
        "countries reached",
        "assumption: main source countries named in F8, F9, F11",
    )
    awareness: float = probability(0.5, "share of contacts who recognise a fake offer", "assumption")


def apply(campaign: AwarenessCampaignParams, model) -> None:
    """Raise awareness in the campaign's countries while it runs."""
    if campaign.week_of(model.date) is None:
        return
    members = model.world.present(campaign.countries)
    model.levers.awareness[members] = campaign.awareness
