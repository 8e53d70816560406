"""The benchmark runs end to end on a small world and its count check holds (no timing asserted)."""

import json

import numpy as np
import pytest

from experiments import benchmark
from experiments.benchmarking.reference import ReferenceModel
from experiments.benchmarking.timing import (
    Z_TOLERANCE,
    ample_orders,
    full_scale_params,
    largest_z,
    victim_week,
)
from model.model import ScamScapeModel


def test_benchmark_prints_its_figures_and_the_counts_agree(capsys):
    status = benchmark.main(["--held", "20000", "--weeks", "3", "--reference-weeks", "4"])
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    result = json.loads(last_line)
    assert status == 0
    assert result["counts_agree"] is True
    for key in (
        "build_s",
        "ms_per_week",
        "s_per_sim_year",
        "peak_rss_mib",
        "bytes_per_victim",
        "speedup",
    ):
        assert result[key] > 0, key


def test_whole_run_mode_reports_each_simulated_year(capsys):
    status = benchmark.main(["--whole-run", "--whole-run-weeks", "55", "--held", "20000"])
    out = capsys.readouterr().out.strip().splitlines()
    result = json.loads(out[-1])
    assert status == 0
    for run in ("default", "f1_start"):
        years = result[run]["years"]
        assert [y["weeks"] for y in years] == [52, 3] and [y["year"] for y in years] == [2020, 2021]
        assert all(y["seconds"] > 0 and y["held_mean"] > 0 for y in years)
        assert all(0 < y["live_rows"] <= y["rows"] for y in years)
    assert result["last_over_first_year"] > 0 and result["peak_rss_mib"] > 0
    assert any(line.startswith("Goals (issue 13)") for line in out)


def test_the_count_check_fails_when_the_reference_differs():
    """The agreement check can fail: a reference releasing three times as often is caught."""
    model = ScamScapeModel(full_scale_params(30_000), rng=3)
    for _ in range(12):
        model.step()
    reference = ReferenceModel(model, rng=3)
    reference.world.p_release *= 3
    orders = ample_orders(model)
    kernel_counts, reference_counts = [model.victims.counts_by_state()], [reference.counts_by_state()]
    for _ in range(4):
        victim_week(model, orders)
        reference.step()
        kernel_counts.append(model.victims.counts_by_state())
        reference_counts.append(reference.counts_by_state())
    z = largest_z(np.array(kernel_counts), np.array(reference_counts), model.victims.size)
    assert z > Z_TOLERANCE


def test_one_mode_at_a_time_with_one_line(capsys):
    for argv in (["--whole-run", "--sweeps", "2"], ["--whole-run-weeks", "3"]):
        with pytest.raises(SystemExit) as exit_:
            benchmark.main(argv)
        assert exit_.value.code == 2
        error = capsys.readouterr().err.strip().splitlines()
        assert len(error) == 1 and error[0].startswith("error: ")
