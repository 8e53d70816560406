"""Benchmark of ScamScape at full scale, and of its vectorised victims against plain Mesa agents.

Run ``python -m experiments.benchmark``. It builds a world of about 300,000 held persons, one victim
agent each (``world.population_scale = 1``), runs it for ``--weeks`` weeks and reports build time,
time per simulated week and year, peak memory and memory per victim. Then, from the state that run
ends in, it runs a whole week of victim transitions two ways: the model's vectorised functions
(``model/victim_dynamics.py``: re-trafficking, moves hop by hop, departures, arrivals, repatriation,
escapes and releases) and a reference where every victim is a plain :class:`mesa.Agent` with its own
``step()`` making the same transitions with the same parameters in the same frozen world
(:mod:`experiments.benchmarking.reference`). It checks that both give the same weekly counts by state
within sampling error and prints the speed ratios, the reference's week against the kernel's and
against the whole model week. The last line of output is one JSON object; the exit status is 1 when
the counts disagree.

With ``--sweeps 2`` it instead times the ``quick_comparison`` sweep with the basic launcher and with
joblib on 2 workers, and a job's start-up (:mod:`experiments.benchmarking.sweeping`). With
``--gather-jobs 25,10000`` it instead gathers sweeps of that many copies of one small job and
prints each one's time and peak memory (:mod:`experiments.benchmarking.gathering`). With
``--whole-run`` it instead runs 2020-2026 at one person per agent, twice (the default world,
and the same with the F1 level held from the start), and prints each simulated year's cost, victims
held and victim rows, beside issue 13's goals (:mod:`experiments.benchmarking.whole_run`).
"""

from __future__ import annotations

import json
import sys

from experiments.benchmarking.gathering import run_gathering
from experiments.benchmarking.sweeping import run_sweeps
from experiments.benchmarking.timing import Z_TOLERANCE, run_benchmark
from experiments.benchmarking.whole_run import run_whole
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
    modes = parser.add_mutually_exclusive_group()  # one measurement at a time
    modes.add_argument(
        "--whole-run",
        action="store_true",
        help="time whole 2020-2026 runs at one person per agent, year by year, instead",
    )
    parser.add_argument(
        "--whole-run-weeks",
        type=integer_at_least(1),
        default=None,
        help="weeks of each whole run (default: the calendar's, 2020-2026)",
    )
    modes.add_argument(
        "--gather-jobs",
        type=job_counts,
        default=None,
        help="time and measure the memory of gathering sweeps of these many jobs, e.g. 25,10000",
    )
    modes.add_argument(
        "--sweeps",
        type=integer_at_least(1),
        default=None,
        metavar="WORKERS",
        help="time quick_comparison with the basic launcher and with joblib on WORKERS workers",
    )
    args = parser.parse_args(argv)
    if args.whole_run_weeks is not None and not args.whole_run:
        parser.error("--whole-run-weeks: only with --whole-run")
    return args


def job_counts(text: str) -> list[int]:
    """``"25,10000"`` as ``[25, 10000]``; every count at least 1."""
    return [integer_at_least(1)(part) for part in text.split(",")]


def print_whole_run(result: dict, seed: int) -> None:
    """The whole-run tables, one row per simulated year, and the goals."""
    goals = result["goals"]
    for key, title in (("default", "default world"), ("f1_start", "F1 level held from the start")):
        run = result[key]
        print(f"Whole run, one person per agent, {title}, seed {seed}")
        print(
            f"  {'year':<6}{'weeks':>6}{'seconds':>10}{'median week (ms)':>18}{'held (mean)':>14}"
            f"{'live rows':>12}{'rows':>12}"
        )
        for year in run["years"]:
            print(
                f"  {year['year']:<6}{year['weeks']:>6}{year['seconds']:>10.2f}"
                f"{1000 * year['median_week_s']:>18.1f}{year['held_mean']:>14,.0f}"
                f"{year['live_rows']:>12,}{year['rows']:>12,}"
            )
        print(f"  build {run['build_s']:.2f} s, model time {run['total_s']:.2f} s")
    print("Goals (issue 13), measured / goal")
    rows = (
        ("default world, whole run (s)", result["default"]["total_s"], goals["default_total_s"]),
        ("peak RSS after the default run (MiB)", result["peak_rss_mib"], goals["peak_rss_mib"]),
        (
            "F1 start, last year / first (median week)",
            result["last_over_first_year"],
            goals["last_over_first_year"],
        ),
        (
            "  the same per person held",
            result["last_over_first_year_per_held"],
            goals["last_over_first_year"],
        ),
    )
    for label, measured, goal in rows:
        print(f"  {label:<40}{measured:10.2f} / {goal:g}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and the JSON line; return 1 if the counts disagree."""
    args = parse_args(argv)
    if args.sweeps:
        result = run_sweeps(args.sweeps)
        start_up = result["start_up"]
        print("A job's start-up in a fresh process (experiments/benchmarking/sweeping.py)")
        for key, label in (("imports_s", "imports"), ("compose_s", "config composition (Hydra)")):
            print(f"  {label:<40}{start_up[key]:8.2f} s")
        print(f"  {'world build (once per worker)':<40}{start_up['world_s']:8.2f} s")
        print("quick_comparison (25 jobs), wall time")
        print(f"  {'basic launcher (one process)':<40}{result['basic_s']:8.1f} s")
        print(f"  {f'joblib, {args.sweeps} workers':<40}{result['joblib_s']:8.1f} s")
        print(f"  {'speedup (goal: at least 1.8 on 2 cores)':<40}{result['speedup']:8.2f} x")
        print(json.dumps(_rounded(result)))
        return 0
    if args.gather_jobs:
        result = {"gathering": run_gathering(args.gather_jobs)}
        print("Gathering a sweep of copies of one small job (experiments/benchmarking/gathering.py)")
        print(f"  {'jobs':>8}{'seconds':>10}{'peak RSS (MiB)':>16}")
        for row in result["gathering"]:
            print(f"  {row['jobs']:>8,}{row['seconds']:>10.1f}{row['peak_rss_mib']:>16.0f}")
        print(json.dumps(_rounded(result)))
        return 0
    if args.whole_run:
        result = run_whole(args.seed, args.held, args.whole_run_weeks)
        print_whole_run(result, args.seed)
        print(json.dumps(_rounded(result)))
        return 0
    result = run_benchmark(args.weeks, args.reference_weeks, args.held, args.seed)
    held, z = result["held"], result["max_abs_z"]
    build_s, peak_rss_mib = result["build_s"], result["peak_rss_mib"]
    bytes_per_victim = result["bytes_per_victim"]
    reference_ms = result["reference_ms_per_week"]
    kernel_ms = result["vectorised_kernel_ms_per_week"]
    full_week_ms = result["full_week_ms_per_week"]
    verdict = "PASS" if result["counts_agree"] else "FAIL"
    rows = [
        f"ScamScape at full scale: {args.held:,} persons held at start (F1 shares), one agent each, "
        f"seed {args.seed}; {held:,} held after {args.weeks} weeks",
        ("build time (world included)", build_s, "s"),
        (f"median time per simulated week ({args.weeks} weeks)", result["ms_per_week"], "ms"),
        ("time per simulated year (52 weeks, mean week)", result["s_per_sim_year"], "s"),
        (f"peak RSS (build and {args.weeks} weeks)", peak_rss_mib, "MiB"),
        ("memory per victim (build, tracemalloc)", bytes_per_victim, "bytes"),
        f"A week of victim transitions from the run's end ({result['victims']:,} victims, "
        f"{held:,} held), {args.reference_weeks} weeks, median per week",
        ("plain Mesa agents, agents.shuffle_do('step')", reference_ms, "ms"),
        ("vectorised kernel, model/victim_dynamics.py", kernel_ms, "ms"),
        (f"full model week (median of the {args.weeks} weeks above)", full_week_ms, "ms"),
        ("speedup, reference / kernel", result["speedup"], "x"),
        ("speedup, reference / full model week", result["speedup_vs_full_week"], "x"),
        (f"counts by state agree (max |z| {z:.2f}, limit {Z_TOLERANCE:g})", verdict, ""),
        ("total wall time", result["total_s"], "s"),
    ]
    for row in rows:
        if isinstance(row, str):
            print(row)
        else:
            label, value, unit = row
            shown = f"{value:,.2f}" if isinstance(value, float) else value
            print(f"  {label:<52}{shown:>10} {unit}".rstrip())
    print(json.dumps(_rounded(result)))
    return 0 if result["counts_agree"] else 1


def _rounded(value):
    """``value`` with every float rounded to 4 decimals, through dicts and lists."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rounded(item) for item in value]
    return value


if __name__ == "__main__":
    sys.exit(main())
