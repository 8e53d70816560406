"""The benchmark runs end to end on a small world and its count check holds (no timing asserted)."""

import json

from experiments import benchmark


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
