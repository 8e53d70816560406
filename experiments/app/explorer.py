"""The explorer's model: :class:`ScamScapeModel` built from the page's controls, as the runners build it.

Mesa's ``SolaraViz`` rebuilds a model on Reset by calling its class with the controls as keywords, so
:class:`ExplorerModel` takes the controls as keywords, turns them into the overrides of
``python -m experiments.run`` (:func:`run_overrides`), composes the same Hydra config the runners
compose and hands it to :class:`ScamScapeModel` unchanged. It adds no dynamics: it only stops at the
end of the calendar and exposes the recorder's table where Mesa's plot components read it.
"""

from __future__ import annotations

import threading

from experiments.app.levers import lever_overrides
from experiments.app.weekly_table import WeeklyTable
from experiments.common.cli import NO_PARAMETER_SET, params_overrides
from experiments.common.config import compose_config
from model.model import ScamScapeModel

_COMPOSE_LOCK = threading.Lock()
"""Hydra's compose uses a process-wide singleton; sessions of the server reset models concurrently."""


def run_overrides(
    scenario: str, seed: int, scale: int | None, parameter_set: str = NO_PARAMETER_SET, **levers: float
) -> list[str]:
    """The ``experiments.run`` overrides for the controls: scenario, seed, scale, then the levers.

    Args:
        scenario: a scenario of ``configs/scenario/``.
        seed: seed of the model's random generator.
        scale: persons per victim agent (``world.population_scale``); None keeps the world's.
        parameter_set: a parameter set of ``configs/params/`` (``params=NAME``), or ``none``
            for the stylized defaults of ``model/params.py``.
        **levers: lever values by name (see :mod:`experiments.app.levers`).
    """
    overrides = [f"scenario={scenario}", f"seed={int(seed)}"]
    overrides += params_overrides(parameter_set)
    if scale is not None:
        overrides.append(f"world.population_scale={int(scale)}")
    with _COMPOSE_LOCK:
        base = compose_config(overrides)
    return overrides + lever_overrides(base, **levers)


class ExplorerModel(ScamScapeModel):
    """The model of one run of ``python -m experiments.run OVERRIDES``, built from the page's controls.

    Attributes:
        overrides: the command-line overrides this model was built from.
        datacollector: the recorder's weekly table, read by Mesa's plot components.

    Args:
        scenario_name: a scenario of ``configs/scenario/`` (Mesa's ``SolaraViz`` reserves the keyword
            ``scenario`` for its own scenario objects).
        seed: seed of the model's random generator.
        scale: persons per victim agent; None keeps the world's default.
        parameter_set: ``none`` (the stylized defaults) or a parameter set of
            ``configs/params/`` (e.g. ``calibrated``).
        raid_intensity: factor on the scenario's raid attempts per unit per week.
        coordination: joint operations a year (0: as the scenario).
        awareness_campaign: share of contacts who recognise a fake offer (0: as the scenario).
        transit_screening: factor on interception at transit hubs (0: as the scenario).
        financial_interdiction: share of compounds' proceeds frozen (0: as the scenario).
        victim_protection: factor on freed victims' weekly chance of repatriation (0: as the
            scenario).
    """

    def __init__(
        self,
        scenario_name: str = "baseline",
        seed: int = 1,
        scale: int | None = None,
        parameter_set: str = NO_PARAMETER_SET,
        raid_intensity: float = 1.0,
        coordination: int = 0,
        awareness_campaign: float = 0.0,
        transit_screening: float = 0.0,
        financial_interdiction: float = 0.0,
        victim_protection: float = 0.0,
    ) -> None:
        self.overrides = run_overrides(
            scenario_name,
            seed,
            scale,
            parameter_set,
            raid_intensity=raid_intensity,
            coordination=coordination,
            awareness_campaign=awareness_campaign,
            transit_screening=transit_screening,
            financial_interdiction=financial_interdiction,
            victim_protection=victim_protection,
        )
        with _COMPOSE_LOCK:
            config = compose_config(self.overrides)
        super().__init__(config, rng=config.seed)
        self.datacollector = WeeklyTable(self.recorder)

    def step(self) -> None:
        """One week of the model; stop running at the end of the calendar (``run.weeks``)."""
        super().step()
        self.running = self.steps < self.params.run.weeks

    @property
    def command(self) -> str:
        """The command line that runs this model with the runner."""
        return "python -m experiments.run " + " ".join(self.overrides)
