"""The explorer's controls and the config overrides they stand for.

A scenario (a file of ``configs/scenario/``) sets which interventions run and when; the levers change
their intensity. Raid intensity multiplies the scenario's raids per unit per week. Every other lever
at 0 leaves the scenario as it is; above 0 it switches its intervention on, in the scenario's window
if the scenario has one or in the intervention's default window otherwise, at that intensity (with
the intervention's other parameters at their defaults). Each control becomes ``key=value`` overrides
of ``experiments.run``, so the page runs exactly what that command line would.
"""

from __future__ import annotations

from dataclasses import dataclass

from experiments.common.config import RunConfig, group_options
from model.schedule import WEEKS_PER_YEAR


@dataclass(frozen=True)
class Lever:
    """A slider: the keyword it sets, its label (with unit) and its range."""

    name: str
    label: str
    value: float
    low: float
    high: float
    step: float


LEVERS = (
    Lever("raid_intensity", "Raid intensity (x)", 1.0, 0.0, 5.0, 0.25),
    Lever("coordination", "Coordination (operations a year)", 0, 0, 12, 1),
    Lever("awareness_campaign", "Awareness (share)", 0.0, 0.0, 1.0, 0.05),
    Lever("transit_screening", "Transit screening (x)", 0, 0, 50, 1),
    Lever("financial_interdiction", "Financial interdiction (share)", 0.0, 0.0, 1.0, 0.05),
    Lever("victim_protection", "Victim protection (x)", 0, 0, 5, 1),
)
"""The levers of the page, in the order shown; ``value`` is neutral (the scenario unchanged)."""

LEVERS_HELP = (
    "Levers (press Reset to apply): raid intensity multiplies the scenario's raid attempts per unit "
    "per week. Each other lever at 0 leaves the scenario as it is; above 0 it switches its "
    "intervention on at that intensity: coordination, joint operations a year (sustained pressure); "
    "awareness, the share of contacts who spot a fake job offer; transit screening, the factor on "
    "interception at hubs; financial interdiction, the share of proceeds frozen; victim protection, "
    "the factor on freed victims' weekly chance of going home."
)
"""What the levers mean, shown on the page (the sliders' labels are short)."""

INTENSITY_KEYS = {
    "awareness_campaign": "scenario.awareness_campaign.awareness",
    "transit_screening": "scenario.transit_screening.screening_surge",
    "financial_interdiction": "scenario.financial_interdiction.freeze_share",
    "victim_protection": "scenario.victim_protection.repatriation_multiplier",
}
"""Lever name -> the intervention parameter it sets (``scenario.<intervention>.<intensity>``)."""


def scenario_names() -> list[str]:
    """The scenarios of ``configs/scenario/``, sorted, baseline first."""
    return sorted(group_options("scenario"), key=lambda name: name != "baseline")


def lever_overrides(base: RunConfig, **levers: float) -> list[str]:
    """The overrides that the levers add to the scenario's config ``base``.

    Args:
        base: the composed config of the scenario, before the levers.
        **levers: values by :data:`LEVERS` name; a missing or neutral lever adds nothing.

    Returns:
        ``key=value`` overrides in the syntax of ``python -m experiments.run``.
    """
    overrides = []
    raids = levers.get("raid_intensity", 1.0)
    if raids != 1.0:
        value = round(base.enforcement.raids_per_unit_week * raids, 10)
        overrides.append(f"enforcement.raids_per_unit_week={value!r}")
    per_year = levers.get("coordination", 0)
    if per_year > 0:
        every = max(1, round(WEEKS_PER_YEAR / per_year))
        overrides += [
            "scenario.sustained_pressure.enabled=true",
            f"scenario.sustained_pressure.every_weeks={every}",
        ]
    for name, key in INTENSITY_KEYS.items():
        value = levers.get(name, 0)
        if value > 0:
            section = key.rsplit(".", 1)[0]
            overrides += [f"{section}.enabled=true", f"{key}={float(value)!r}"]
    return overrides
