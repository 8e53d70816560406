"""Helpers shared by the intervention tests: comparing levers, starting an intervention, listing them."""

from __future__ import annotations

import numpy as np

from model.levers import PolicyLevers
from model.scenario import ScenarioParams
from model.schedule import Scheduled

LEVERS = [name for name in vars(PolicyLevers(1, 1)) if name not in ("countries", "zones")]


def assert_levers_equal(actual: PolicyLevers, expected: PolicyLevers) -> None:
    for name in LEVERS:
        np.testing.assert_array_equal(
            getattr(actual, name), getattr(expected, name), err_msg=f"lever {name}"
        )


def started_now(params, section: str, **values):
    """Switch on the intervention ``scenario.<section>`` from the run's first week."""
    intervention = getattr(params.scenario, section)
    intervention.enabled = True
    intervention.start = params.run.start
    for name, value in values.items():
        setattr(intervention, name, value)
    return params


def enabled_interventions(scenario: ScenarioParams) -> list[str]:
    return [
        name for name, value in vars(scenario).items() if isinstance(value, Scheduled) and value.enabled
    ]
