"""Shared fixtures: a ten-country world built once per session, and a factory of small models.

The plain functions and constants behind them are in :mod:`tests.helpers.small_world`.
"""

from __future__ import annotations

import pytest

from model.model import ScamScapeModel
from model.params import WorldParams
from model.world import build_world
from tests.helpers.small_world import small_params, small_world_params


@pytest.fixture
def world_params() -> WorldParams:
    """Fresh world parameters of the ten-country test world."""
    return small_world_params()


@pytest.fixture(scope="session")
def small_world():
    """The ten-country world, built once; models must not mutate it."""
    return build_world(small_world_params())


@pytest.fixture(scope="session")
def default_world():
    """The default world of every country with complete data."""
    return build_world(WorldParams())


@pytest.fixture(scope="session")
def make_model(small_world):
    """Factory: ``make_model(seed, **overrides)`` builds a model on the shared small world."""

    def make(seed: int = 0, **overrides) -> ScamScapeModel:
        return ScamScapeModel(small_params(**overrides), rng=seed, world=small_world)

    return make
