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

import argparse
import gc
import json
import logging
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

import mesa
import numpy as np
from tqdm import trange

from model import victim_dynamics
from model.agents import VictimState
from model.model import ScamScapeModel
from model.params import Params, VictimParams

F1_HELD_PERSONS = {"MMR": 120_000, "KHM": 100_000, "LAO": 40_000, "PHL": 40_000}
"""Persons held per host country around 2023 (F1); the benchmark keeps these shares."""
MARKET_HEADROOM = 350_000 / 300_000
"""Market capacity over persons held at start: the default parameters' ratio to the F1 level."""
Z_TOLERANCE = 4.0
"""Largest allowed difference of the two runs' weekly counts, in standard deviations."""


class HeldVictim(mesa.Agent):
    """Reference: a held victim as a plain Mesa agent that draws its own weekly transition."""

    def __init__(self, model: ReferenceModel) -> None:
        super().__init__(model)
        self.state = VictimState.HELD

    def step(self) -> None:
        """Escape with ``p_escape`` or be released with ``p_release`` (per week), if still held."""
        if self.state != VictimState.HELD:
            return
        draw = self.random.random()
        if draw < self.model.p_escape:
            self.state = VictimState.ESCAPED
        elif draw < self.model.p_escape_or_release:
            self.state = VictimState.RELEASED


class ReferenceModel(mesa.Model):
    """Reference: ``held`` :class:`HeldVictim` agents, stepped in random order once a week.

    Args:
        held: held victim agents at start.
        victims: the victims' parameters (``p_escape``, ``p_release``: per held victim per week).
        rng: seed; agents draw from the stdlib generator (Mersenne Twister) Mesa seeds with it,
            independent of the NumPy generator (PCG64) of a ScamScapeModel with the same seed.
    """

    def __init__(self, held: int, victims: VictimParams, rng: int) -> None:
        super().__init__(rng=rng)
        self.p_escape = victims.p_escape
        self.p_escape_or_release = victims.p_escape + victims.p_release
        for _ in range(held):
            HeldVictim(self)

    def step(self) -> None:
        """One week: every agent steps, in random order."""
        self.agents.shuffle_do("step")

    def counts_by_state(self) -> np.ndarray:
        """Number of agents in each state, indexed by :class:`VictimState`."""
        states = np.fromiter((agent.state for agent in self.agents), dtype=np.int8)
        return np.bincount(states, minlength=len(VictimState))


def full_scale_params(held: int) -> Params:
    """Default parameters with one agent per person and ``held`` persons held at start, F1 shares."""
    params = Params()
    params.world.population_scale = 1
    total = sum(F1_HELD_PERSONS.values())
    params.world.initial_held_persons = {
        code: round(held * persons / total) for code, persons in F1_HELD_PERSONS.items()
    }
    params.compounds.market_capacity_persons = held * MARKET_HEADROOM
    return params


def timed_weeks(
    step: Callable[[], object], counts: Callable[[], np.ndarray], weeks: int, label: str
) -> tuple[list[float], np.ndarray]:
    """Run ``weeks`` weeks of ``step``, timing each week, with a progress bar on stderr.

    Args:
        step: advances the run by one week.
        counts: agents per :class:`VictimState` now.
        weeks: weeks to run.
        label: the progress bar's label.

    Returns:
        Seconds per week, and the counts before the first week and after each week (taken outside
        the timing), an array of shape ``(weeks + 1, len(VictimState))``.
    """
    times, rows = [], [counts()]
    for _ in trange(weeks, desc=label, unit="week"):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
        rows.append(counts())
    return times, np.array(rows)


def largest_z(vectorised: np.ndarray, reference: np.ndarray, held: int, p: VictimParams) -> float:
    """Largest |z| of the difference of the two runs' weekly escaped and released counts.

    Each of ``held`` victims escapes (is released) in week t with probability
    ``q = stay**(t-1) * p_escape`` (``p_release``), ``stay`` being the weekly probability of staying,
    independently in each run; so the difference of two weekly counts has variance ``2 held q (1-q)``.

    Args:
        vectorised: counts by state of the kernel run, shape ``(weeks + 1, len(VictimState))``.
        reference: the same for the reference run.
        held: victims held at start in each run.
        p: the victims' parameters (probabilities per held victim per week).

    Returns:
        The largest |z| over weeks and the two states (standard deviations).
    """
    weeks = np.arange(1, len(vectorised))
    stay = 1 - p.p_escape - p.p_release
    worst = 0.0
    for state, p_state in ((VictimState.ESCAPED, p.p_escape), (VictimState.RELEASED, p.p_release)):
        q = stay ** (weeks - 1) * p_state
        difference = np.diff(vectorised[:, state]) - np.diff(reference[:, state])
        worst = max(worst, float(np.abs(difference / np.sqrt(2 * held * q * (1 - q))).max()))
    return worst


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options; every count must be at least 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=52, help="weeks of the full-scale run")
    parser.add_argument("--seed", type=int, default=1, help="seed of every run")
    parser.add_argument(
        "--reference-weeks", type=int, default=10, help="weeks of the kernel-versus-reference runs"
    )
    parser.add_argument("--held", type=int, default=300_000, help="persons held at start")
    args = parser.parse_args(argv)
    for name in ("weeks", "reference_weeks", "held"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table and the JSON line; return 1 if the counts disagree."""
    args = parse_args(argv)
    logging.getLogger("MESA").setLevel(logging.WARNING)
    wall = time.perf_counter()
    params = full_scale_params(args.held)

    start = time.perf_counter()
    model = ScamScapeModel(params, rng=args.seed)
    build_s = time.perf_counter() - start
    world = model.world
    week_s, _ = timed_weeks(model.step, model.victims.counts_by_state, args.weeks, "full model")
    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    del model
    gc.collect()

    # Rebuilt under tracemalloc (the world reused), to count what a build allocates per victim.
    tracemalloc.start()
    kernel_model = ScamScapeModel(params, rng=args.seed, world=world)
    bytes_per_victim = tracemalloc.get_traced_memory()[0] / kernel_model.victims.size
    tracemalloc.stop()
    held = int(kernel_model.victims.counts_by_state()[VictimState.HELD])

    def kernel_week() -> None:
        kernel_model.steps += 1  # the kernel's draws are keyed by week (model/random_streams.py)
        victim_dynamics.exploit(kernel_model)

    kernel_s, kernel_counts = timed_weeks(
        kernel_week,
        kernel_model.victims.counts_by_state,
        args.reference_weeks,
        "vectorised kernel",
    )
    reference = ReferenceModel(held, params.victims, rng=args.seed)
    reference_s, reference_counts = timed_weeks(
        reference.step, reference.counts_by_state, args.reference_weeks, "plain Mesa reference"
    )
    z = largest_z(kernel_counts, reference_counts, held, params.victims)

    first = min(args.weeks, args.reference_weeks)
    reference_ms = statistics.median(reference_s) * 1000
    kernel_ms = statistics.median(kernel_s) * 1000
    full_week_ms = statistics.median(week_s[:first]) * 1000
    result = {
        "held": held,
        "weeks": args.weeks,
        "reference_weeks": args.reference_weeks,
        "seed": args.seed,
        "build_s": build_s,
        "ms_per_week": statistics.median(week_s) * 1000,
        "s_per_sim_year": statistics.fmean(week_s) * 52,
        "peak_rss_mib": peak_rss_mib,
        "bytes_per_victim": bytes_per_victim,
        "bytes_per_victim_method": "tracemalloc",
        "reference_ms_per_week": reference_ms,
        "vectorised_kernel_ms_per_week": kernel_ms,
        "full_week_ms_per_week": full_week_ms,
        "speedup": reference_ms / kernel_ms,
        "speedup_vs_full_week": reference_ms / full_week_ms,
        "max_abs_z": z,
        "counts_agree": z <= Z_TOLERANCE,
        "total_s": time.perf_counter() - wall,
    }
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
