"""Valid extremes run to the end with finite outputs (issue 14): no recruiters, no victims at the start,
everyone escaping, one agent standing for more persons than a compound holds."""

from __future__ import annotations

import numpy as np
import pytest

from model.model import ScamScapeModel
from tests.helpers.small_world import small_params


@pytest.mark.parametrize(
    "overrides",
    [
        {"recruitment__initial_recruiters": 0},
        {"world__initial_held_persons": {"MMR": 0, "KHM": 0, "LAO": 0, "PHL": 0}},
        {"victims__p_escape": 1.0},
        {"world__population_scale": 4000},
    ],
    ids=["no_recruiters", "no_initial_victims", "everyone_escapes", "huge_scale"],
)
def test_a_valid_extreme_runs_to_the_end_with_finite_outputs(small_world, overrides):
    model = ScamScapeModel(small_params(**overrides), rng=1, world=small_world)
    for _ in range(12):
        model.step()
    series = model.recorder.timeseries()
    assert len(series) == 12
    numbers = series.select_dtypes("number").to_numpy(dtype=float)
    assert np.isfinite(numbers).all()
    assert np.isfinite(model.recorder.by_zone().select_dtypes("number").to_numpy(dtype=float)).all()
