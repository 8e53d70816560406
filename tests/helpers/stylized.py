"""Paired runs for the stylized-fact tests: the same seeds for a scenario and its baseline."""

from __future__ import annotations

import functools

import pandas as pd

from experiments.common.config import compose_config
from model import ScamScapeModel
from model.world import build_world

SEEDS = tuple(range(1, 11))
HORIZON = ("run.start=2020-01-06", "run.weeks=286", "world.population_scale=40")
"""To mid-2025, 40 persons per agent: long enough for a year after each intervention, fast enough."""


def config(*overrides: str):
    """The run config for ``overrides`` (scenario choice and any field), on the test horizon."""
    return compose_config([*HORIZON, *overrides])


@functools.cache
def world():
    """The default world, built once."""
    return build_world(config().world)


@functools.cache
def run(overrides: tuple[str, ...], seed: int) -> ScamScapeModel:
    """Run one configuration with one seed (cached, so baselines are shared between tests)."""
    model = ScamScapeModel(config(*overrides), rng=seed, world=world())
    model.run()
    return model


def timeseries(model: ScamScapeModel) -> pd.DataFrame:
    """The model's weekly table with dates as timestamps."""
    table = model.recorder.timeseries()
    return table.assign(date=pd.to_datetime(table.date))


def window(table: pd.DataFrame, start: str, weeks: int) -> pd.DataFrame:
    """Rows from ``start`` for ``weeks`` weeks."""
    begin = pd.Timestamp(start)
    return table[(table.date >= begin) & (table.date < begin + pd.Timedelta(weeks=weeks))]
