"""Per-victim draws: counter-based, the same for a row whoever else is drawn, and uniform."""

from __future__ import annotations

import numpy as np
from scipy import stats

from model.random_streams import RandomStreams, splitmix64


def test_splitmix64_gives_the_reference_outputs():
    """The first outputs of the reference C code (Vigna, splitmix64.c) for seeds 0 and 1234567."""
    first = [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F]
    assert [int(x) for x in splitmix64(np.uint64(0), np.arange(1, 4))] == first
    assert int(splitmix64(np.uint64(1234567), np.array([1]))[0]) == 6457827717110365317


def test_a_rows_draw_does_not_depend_on_the_other_rows_drawn():
    streams = RandomStreams(2024)
    everyone = streams.uniform("captivity", 7, np.arange(10_000))
    some = np.array([9_999, 3, 512, 40])
    np.testing.assert_array_equal(streams.uniform("captivity", 7, some), everyone[some])
    assert not np.array_equal(streams.uniform("captivity", 8, some), everyone[some])
    assert not np.array_equal(streams.uniform("captivity", 7, some, 1), everyone[some])
    assert not np.array_equal(RandomStreams(2025).uniform("captivity", 7, some), everyone[some])


def test_draws_are_uniform_and_independent_across_rows_keys_and_weeks():
    streams = RandomStreams(11)
    rows = np.arange(200_000)
    draws = streams.uniform("escape", 3, rows, 0)
    assert draws.min() >= 0.0 and draws.max() < 1.0
    assert stats.kstest(draws, "uniform").pvalue > 1e-3
    for other in (
        draws[1:],
        streams.uniform("escape", 3, rows, 1),
        streams.uniform("escape", 4, rows, 0),
    ):
        assert abs(np.corrcoef(draws[: len(other)], other)[0, 1]) < 0.01
