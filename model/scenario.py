"""A scenario: the interventions and world changes it switches on, applied every week.

Interventions live in ``model/interventions/``, world changes that are not interventions (new host
openings) in ``model/world_changes/``.

Each intervention or world change is a module that holds its parameters (switched on by config, with a
start date, a duration, the countries it acts in and its intensity) and an ``apply`` that sets this
week's :class:`~model.levers.PolicyLevers`. Its scenario field, module and parameter class share one
name (``unilateral_crackdown``, ``model/interventions/unilateral_crackdown.py``,
``UnilateralCrackdownParams``). :class:`ScenarioParams` gathers them; :func:`apply_all` runs them at the
start of every week.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.interventions import (
    awareness_campaign,
    coordinated_raid,
    financial_interdiction,
    supply_cut,
    sustained_pressure,
    transit_screening,
    unilateral_crackdown,
    victim_protection,
)
from model.interventions.awareness_campaign import AwarenessCampaignParams
from model.interventions.coordinated_raid import CoordinatedRaidParams
from model.interventions.financial_interdiction import FinancialInterdictionParams
from model.interventions.supply_cut import SupplyCutParams
from model.interventions.sustained_pressure import SustainedPressureParams
from model.interventions.transit_screening import TransitScreeningParams
from model.interventions.unilateral_crackdown import UnilateralCrackdownParams
from model.interventions.victim_protection import VictimProtectionParams
from model.param_fields import param
from model.world_changes import host_openings
from model.world_changes.host_openings import HostOpeningsParams


@dataclass
class ScenarioParams:
    """A scenario: its name and the interventions it switches on (all off in the baseline)."""

    name: str = param("baseline", "label", "configs/scenario/*.yaml", low=None)
    coordinated_raid: CoordinatedRaidParams = field(default_factory=CoordinatedRaidParams)
    sustained_pressure: SustainedPressureParams = field(default_factory=SustainedPressureParams)
    unilateral_crackdown: UnilateralCrackdownParams = field(default_factory=UnilateralCrackdownParams)
    awareness_campaign: AwarenessCampaignParams = field(default_factory=AwarenessCampaignParams)
    transit_screening: TransitScreeningParams = field(default_factory=TransitScreeningParams)
    financial_interdiction: FinancialInterdictionParams = field(
        default_factory=FinancialInterdictionParams
    )
    victim_protection: VictimProtectionParams = field(default_factory=VictimProtectionParams)
    supply_cut: SupplyCutParams = field(default_factory=SupplyCutParams)
    host_openings: HostOpeningsParams = field(default_factory=HostOpeningsParams)


def apply_all(scenario: ScenarioParams, model) -> None:
    """Reset the levers, then let every intervention set its own for this week."""
    model.levers.reset()
    coordinated_raid.apply(scenario.coordinated_raid, model)
    sustained_pressure.apply(scenario.sustained_pressure, model)
    unilateral_crackdown.apply(scenario.unilateral_crackdown, model)
    awareness_campaign.apply(scenario.awareness_campaign, model)
    transit_screening.apply(scenario.transit_screening, model)
    financial_interdiction.apply(scenario.financial_interdiction, model)
    victim_protection.apply(scenario.victim_protection, model)
    supply_cut.apply(scenario.supply_cut, model)
    host_openings.apply(scenario.host_openings, model)
