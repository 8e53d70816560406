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
