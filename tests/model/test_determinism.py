"""Reproducibility: the seed alone fixes a run."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from experiments.running.experiment import world_for
from model.model import ScamScapeModel
from model.world import build_world
from tests.helpers.small_world import small_params, small_world_params

WEEKS = 20
ACTIVE = {
    "enforcement__p_detect_compound": 0.2,
    "enforcement__raids_per_unit_week": 0.3,
    "enforcement__screening_per_unit": 0.05,
    "compounds__risk_tolerance": 0.05,
}


def run(model, weeks: int = WEEKS):
    for _ in range(weeks):
        model.step()
    return model.recorder.timeseries(), model.recorder.by_country()


@pytest.fixture(scope="module")
def reference(make_model):
    model = make_model(seed=42, **ACTIVE)
    series, table = run(model)
    return series, table, model.victims.events()


def test_same_seed_gives_identical_records(make_model, reference):
    series, table, events = reference
    # the global random generators must not matter
    random.seed(1)
    np.random.seed(1)
    again = make_model(seed=42, **ACTIVE)
    series2, table2 = run(again)
    pd.testing.assert_frame_equal(series, series2)
    pd.testing.assert_frame_equal(table, table2)
    pd.testing.assert_frame_equal(events, again.victims.events())
    # the run was not trivially static
    assert series.recruited.sum() > 0 and series.raids.sum() > 0
    assert series.victims_held.nunique() > 1


def test_different_seed_gives_different_records(make_model, reference):
    series, table, _ = reference
    other_series, other_table = run(make_model(seed=43, **ACTIVE))
    assert not series.equals(other_series)
    assert not table.equals(other_table)
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(series, other_series)
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(table, other_table)
    # same calendar and shape, different outcomes
    pd.testing.assert_series_equal(series.date, other_series.date)
    assert table.shape == other_table.shape


def test_prebuilt_world_gives_the_same_run_as_building_it(make_model, small_world):
    built = make_model(seed=7)
    fresh = ScamScapeModel(built.params, rng=7)  # builds its world from built.params.world
    assert list(fresh.world.iso3) == list(small_world.iso3)
    series, table = run(built, 10)
    fresh_series, fresh_table = run(fresh, 10)
    pd.testing.assert_frame_equal(series, fresh_series)
    pd.testing.assert_frame_equal(table, fresh_table)


def test_interleaved_models_do_not_share_random_state(make_model):
    alone = make_model(seed=5)
    alone_series, _ = run(alone, 10)
    first, second = make_model(seed=5), make_model(seed=6)
    for _ in range(10):
        first.step()
        second.step()
    pd.testing.assert_frame_equal(first.recorder.timeseries(), alone_series)


def test_a_world_shared_with_earlier_runs_gives_the_run_of_a_fresh_world(make_model, reference):
    """Sweep workers build the world once and run many jobs on it: the model must not change it."""
    series, table, _ = reference
    run(make_model(seed=7, **ACTIVE), weeks=30)  # another run on the shared world first
    again_series, again_table = run(make_model(seed=42, **ACTIVE))
    pd.testing.assert_frame_equal(series, again_series)
    fresh_world = build_world(small_world_params())
    again_series, again_table = run(ScamScapeModel(small_params(**ACTIVE), rng=42, world=fresh_world))
    pd.testing.assert_frame_equal(series, again_series)
    pd.testing.assert_frame_equal(table, again_table)


def test_a_process_builds_each_world_once():
    first = world_for(small_world_params())
    assert world_for(small_world_params()) is first
    rescaled = small_world_params()
    rescaled.population_scale += 1  # not read by the world's build: the same world
    assert world_for(rescaled) is first
    other = small_world_params()
    other.countries = other.countries[:-1]
    assert world_for(other) is not first
