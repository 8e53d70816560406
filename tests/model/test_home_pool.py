"""Re-trafficking clocks: a victim at home is lured in a week with that week's chance (a weekly draw)."""

from __future__ import annotations

import numpy as np
from scipy import stats

from model.home_pool import HomePool


def weeks_until_rung(chances: np.ndarray, victims: int, seed: int) -> np.ndarray:
    """Weeks each of ``victims`` waits at home (0 for never) under the weekly ``chances``."""
    rng = np.random.default_rng(seed)
    pool = HomePool()
    pool.add(np.arange(victims), rng.random(victims))
    waited = np.zeros(victims, dtype=np.int64)
    for week, chance in enumerate(chances, start=1):
        rang = pool.ring(chance)
        waited[rang] = week
    assert len(pool) == np.count_nonzero(waited == 0)
    return waited


def test_a_clock_rings_in_a_week_with_the_weeks_chance():
    """Constant chance: geometric waits; a chance that changes: the hazard of each week."""
    waited = weeks_until_rung(np.full(40, 0.05), 50_000, seed=1)
    observed = np.bincount(waited, minlength=41)[1:]
    expected = 50_000 * 0.05 * 0.95 ** np.arange(40)
    assert stats.chisquare(observed, expected * observed.sum() / expected.sum()).pvalue > 1e-3

    chances = np.array([0.0, 0.5, 0.0, 0.2, 1.0])
    waited = weeks_until_rung(chances, 20_000, seed=2)
    counts = np.bincount(waited, minlength=6)
    assert counts[1] == counts[3] == 0 and counts[0] == 0  # no chance, no ring; a sure week takes all
    assert abs(counts[2] / 20_000 - 0.5) < 0.015
    assert abs(counts[4] / (20_000 - counts[2]) - 0.2) < 0.015


def test_victims_added_later_and_put_back_are_kept_apart_and_sorted():
    pool = HomePool()
    pool.add(np.array([5, 1, 9]), np.array([0.9, 0.1, 0.5]))
    rang = pool.ring(1.0)
    np.testing.assert_array_equal(rang, [1, 5, 9])
    pool.add(np.array([7, 2]), np.array([0.99, 0.3]))
    pool.add(rang, np.array([0.2, 0.2, 0.2]))
    assert len(pool) == 5
    everyone = pool.ring(1.0)
    np.testing.assert_array_equal(everyone, [1, 2, 5, 7, 9])
    assert len(pool) == 0 and len(pool.ring(0.3)) == 0
