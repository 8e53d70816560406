"""Benchmark of ScamScape at full scale, and of its vectorised victims against plain Mesa agents.

Run ``python -m experiments.benchmark``. It builds a world of about 300,000 held persons, one victim
agent each (``world.population_scale = 1``), runs it for ``--weeks`` weeks and reports build time,
time per simulated week and year, peak memory and memory per victim. Then it runs the held victims'
weekly transitions (escape, release) two ways on the same held victims: the model's vectorised kernel
(:func:`model.victim_dynamics.exploit`) and a reference where each held victim is a plain
:class:`mesa.Agent` that steps itself. It checks that both give the same weekly counts within sampling
error and prints the speed ratio. The last line of output is one JSON object; the exit status is 1
when the counts disagree.
"""

from __future__ import annotations

import json
import sys

from experiments.benchmarking.timing import Z_TOLERANCE, run_benchmark
from experiments.common.cli import OneLineParser, integer_at_least


def parse_args(argv: list[str] | None):
    """Command-line options; every count must be at least 1."""
    parser = OneLineParser(prog="python -m experiments.benchmark", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--weeks", type=integer_at_least(1), default=52, help="weeks of the full-scale run"
    )
    parser.add_argument("--seed", type=integer_at_least(0), default=1, help="seed of every run")
    parser.add_argument(
        "--reference-weeks",
        type=integer_at_least(1),
        default=10,
        help="weeks of the kernel-versus-reference runs",
    )
    parser.add_argument(
        "--held", type=integer_at_least(1), default=300_000, help="persons held at start"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and the JSON line; return 1 if the counts disagree."""
    args = parse_args(argv)
    result = run_benchmark(args.weeks, args.reference_weeks, args.held, args.seed)
    held, z, first = result["held"], result["max_abs_z"], min(args.weeks, args.reference_weeks)
    build_s, peak_rss_mib = result["build_s"], result["peak_rss_mib"]
    bytes_per_victim = result["bytes_per_victim"]
    reference_ms = result["reference_ms_per_week"]
    kernel_ms = result["vectorised_kernel_ms_per_week"]
    full_week_ms = result["full_week_ms_per_week"]
    verdict = "PASS" if result["counts_agree"] else "FAIL"
    rows = [
        f"ScamScape at full scale: {held:,} persons held at start, one agent each, seed {args.seed}",
        ("build time (world included)", build_s, "s"),
        (f"median time per simulated week ({args.weeks} weeks)", result["ms_per_week"], "ms"),
        ("time per simulated year (52 weeks, mean week)", result["s_per_sim_year"], "s"),
        (f"peak RSS (build and {args.weeks} weeks)", peak_rss_mib, "MiB"),
        ("memory per victim (build, tracemalloc)", bytes_per_victim, "bytes"),
        f"Held transitions of {held:,} held victims, {args.reference_weeks} weeks, median per week",
        ("plain Mesa agents, agents.shuffle_do('step')", reference_ms, "ms"),
        ("vectorised kernel, victim_dynamics.exploit", kernel_ms, "ms"),
        (f"full model week (first {first} weeks of the run above)", full_week_ms, "ms"),
        ("speedup, reference / kernel", result["speedup"], "x"),
        ("speedup, reference / full model week", result["speedup_vs_full_week"], "x"),
        (f"escaped, released agree (max |z| {z:.2f}, limit {Z_TOLERANCE:g})", verdict, ""),
        ("total wall time", result["total_s"], "s"),
    ]
    for row in rows:
        if isinstance(row, str):
            print(row)
        else:
            label, value, unit = row
            shown = f"{value:,.2f}" if isinstance(value, float) else value
            print(f"  {label:<52}{shown:>10} {unit}".rstrip())
    print(json.dumps({key: round(v, 4) if isinstance(v, float) else v for key, v in result.items()}))
    return 0 if result["counts_agree"] else 1


if __name__ == "__main__":
    sys.exit(main())
