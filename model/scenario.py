"""A scenario: the interventions and world changes it switches on, applied every week.

Interventions live in ``model/interventions/``, world changes that are not interventions (new host
openings) in ``model/world_changes/``.

Each intervention or world change is a module that holds its parameters (switched on by config, with a
start date, a duration, the countries or zones it acts in and its intensity) and an ``apply`` that sets
this week's :class:`~model.levers.PolicyLevers`. Its scenario field, module and parameter class share one
name (``unilateral_crackdown``, ``model/interventions/unilateral_crackdown.py``,
``UnilateralCrackdownParams``). :class:`ScenarioParams` gathers them; :func:`apply_all` runs them at the
start of every week.

A scenario is also a timeline: ``events`` holds named, dated events, each one intervention of any kind
(``kind``) with its own settings, so a scenario can hold several events of one kind (two crackdowns in
two countries) and replay what happened (``configs/scenario/history.yaml``). An event takes the
scenario's own section of its kind as defaults (so a parameter set such as ``params=calibrated``
reaches every event of that kind), with the event's fields on top; it acts whether or not that section
is switched on. Events act after the sections, in the order of their names.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Any

from omegaconf import OmegaConf
from omegaconf.errors import OmegaConfBaseException

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
from model.param_fields import ConfigError, param
from model.schedule import Scheduled
from model.world_changes import host_openings
from model.world_changes.host_openings import HostOpeningsParams


@dataclass
class ScenarioParams:
    """A scenario: its name, the interventions it switches on (all off in the baseline), its events."""

    name: str = param("baseline", "label", "configs/scenario/*.yaml", low=None, kind="label")
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
    events: dict[str, Any] = param(
        {},
        "named, dated events: NAME: {kind: KIND, FIELD: VALUE, ...}, each with the fields of KIND",
        "configs/scenario/history.yaml; scenario choice",
        low=None,
        kind="events",
    )


APPLY = {
    "coordinated_raid": coordinated_raid.apply,
    "sustained_pressure": sustained_pressure.apply,
    "unilateral_crackdown": unilateral_crackdown.apply,
    "awareness_campaign": awareness_campaign.apply,
    "transit_screening": transit_screening.apply,
    "financial_interdiction": financial_interdiction.apply,
    "victim_protection": victim_protection.apply,
    "supply_cut": supply_cut.apply,
    "host_openings": host_openings.apply,
}
"""Each kind of intervention or world change (a section of :class:`ScenarioParams`) and its ``apply``."""


Event = tuple[str, str, Scheduled]
"""An event: its name, its kind and its parameters (switched on)."""


def scenario_events(scenario: ScenarioParams) -> list[Event]:
    """The scenario's events as ``(name, kind, parameters)``, sorted by name.

    Raises:
        ConfigError: an event is not a mapping, names no known ``kind``, or has a field its kind lacks
            or a value of the wrong type; the message names ``scenario.events.NAME`` and what is
            allowed.
    """
    events = []
    for name in sorted(scenario.events):
        fields = scenario.events[name]
        key = f"scenario.events.{name}"
        if not isinstance(fields, dict) or fields.get("kind") not in APPLY:
            kind = fields.get("kind") if isinstance(fields, dict) else None
            raise ConfigError(
                f"{key}.kind: {kind!r} is not a kind of event; allowed: {', '.join(APPLY)}"
            )
        defaults = replace(copy.deepcopy(getattr(scenario, fields["kind"])), enabled=True)
        settings = {k: v for k, v in fields.items() if k != "kind"}
        try:
            merged = OmegaConf.merge(OmegaConf.structured(defaults), settings)
        except OmegaConfBaseException as error:
            field_key = getattr(error, "full_key", "") or ""
            allowed = ", ".join(f for f in vars(defaults) if f != "enabled")
            raise ConfigError(
                f"{key}.{field_key}: {str(error).splitlines()[0]}; allowed fields of "
                f"{fields['kind']}: kind, {allowed}"
            ) from None
        events.append((name, fields["kind"], OmegaConf.to_object(merged)))
    return events


def apply_all(scenario: ScenarioParams, model, events: list[Event] | None = None) -> None:
    """Reset the levers, then let every intervention and event set its own for this week.

    Args:
        scenario: the scenario.
        model: the model whose levers are set.
        events: the scenario's events parsed once (:func:`scenario_events`); parsed here if None.
    """
    model.levers.reset()
    for kind, apply in APPLY.items():
        apply(getattr(scenario, kind), model)
    for _, kind, params in scenario_events(scenario) if events is None else events:
        APPLY[kind](params, model)
