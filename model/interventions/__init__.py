"""Interventions, one module each, kept apart from the agents' own dynamics.

Each module holds its parameters (switched on by config, with a start date, a duration, the countries
it acts in and its intensity) and an ``apply`` that sets this week's :class:`~model.levers.PolicyLevers`.
:class:`ScenarioParams` gathers them; :func:`apply_all` runs them at the start of every week.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from model.interventions import (
    awareness_campaign,
    coordinated_operation,
    financial_interdiction,
    host_openings,
    sustained_pressure,
    transit_screening,
    unilateral_crackdown,
    victim_protection,
)
from model.interventions.awareness_campaign import AwarenessCampaignParams
from model.interventions.coordinated_operation import CoordinatedOperationParams
from model.interventions.financial_interdiction import FinancialInterdictionParams
from model.interventions.host_openings import HostOpeningsParams
from model.interventions.sustained_pressure import SustainedPressureParams
from model.interventions.transit_screening import TransitScreeningParams
from model.interventions.unilateral_crackdown import CrackdownParams
from model.interventions.victim_protection import VictimProtectionParams
from model.param_fields import param


@dataclass
class ScenarioParams:
    """A scenario: its name and the interventions it switches on (all off in the baseline)."""

    name: str = param("baseline", "label", "configs/scenario/*.yaml", low=None)
    coordinated_operation: CoordinatedOperationParams = field(default_factory=CoordinatedOperationParams)
    sustained_pressure: SustainedPressureParams = field(default_factory=SustainedPressureParams)
    crackdown: CrackdownParams = field(default_factory=CrackdownParams)
    awareness: AwarenessCampaignParams = field(default_factory=AwarenessCampaignParams)
    screening: TransitScreeningParams = field(default_factory=TransitScreeningParams)
    finance: FinancialInterdictionParams = field(default_factory=FinancialInterdictionParams)
    protection: VictimProtectionParams = field(default_factory=VictimProtectionParams)
    openings: HostOpeningsParams = field(default_factory=HostOpeningsParams)


def apply_all(scenario: ScenarioParams, model) -> None:
    """Reset the levers, then let every intervention set its own for this week."""
    model.levers.reset()
    coordinated_operation.apply(scenario.coordinated_operation, model)
    sustained_pressure.apply(scenario.sustained_pressure, model)
    unilateral_crackdown.apply(scenario.crackdown, model)
    awareness_campaign.apply(scenario.awareness, model)
    transit_screening.apply(scenario.screening, model)
    financial_interdiction.apply(scenario.finance, model)
    victim_protection.apply(scenario.protection, model)
    host_openings.apply(scenario.openings, model)
