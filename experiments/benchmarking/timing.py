"""The benchmark's measurements: the model at full scale, its vectorised kernel against the reference.

The command and what it prints are described in :mod:`experiments.benchmark`.
"""

from __future__ import annotations

import gc
import logging
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
from tqdm import trange

from experiments.benchmarking.reference import ReferenceModel
from model import victim_dynamics
from model.agents import VictimState
from model.model import ScamScapeModel
from model.params import Params, VictimParams
from model.schedule import WEEKS_PER_YEAR

F1_HELD_PERSONS = {"MMR": 120_000, "KHM": 100_000, "LAO": 40_000, "PHL": 40_000}
"""Persons held per host country around 2023 (F1); the benchmark keeps these shares."""
MARKET_HEADROOM = 350_000 / 300_000
"""Market capacity over persons held at start: the default parameters' ratio to the F1 level."""
Z_TOLERANCE = 4.0
"""Largest allowed difference of the two runs' weekly counts, in standard deviations."""


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


def run_benchmark(weeks: int, reference_weeks: int, held_at_start: int, seed: int) -> dict:
    """Time the full-scale model and the kernel against the reference; return every figure.

    Args:
        weeks: weeks of the full-scale run.
        reference_weeks: weeks of the kernel-versus-reference runs.
        held_at_start: persons held at start (one agent each).
        seed: seed of every run.
    """
    logging.getLogger("MESA").setLevel(logging.WARNING)
    wall = time.perf_counter()
    params = full_scale_params(held_at_start)

    start = time.perf_counter()
    model = ScamScapeModel(params, rng=seed)
    build_s = time.perf_counter() - start
    world = model.world
    week_s, _ = timed_weeks(model.step, model.victims.counts_by_state, weeks, "full model")
    peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    del model
    gc.collect()

    # Rebuilt under tracemalloc (the world reused), to count what a build allocates per victim.
    tracemalloc.start()
    kernel_model = ScamScapeModel(params, rng=seed, world=world)
    bytes_per_victim = tracemalloc.get_traced_memory()[0] / kernel_model.victims.size
    tracemalloc.stop()
    held = int(kernel_model.victims.counts_by_state()[VictimState.HELD])

    def kernel_week() -> None:
        kernel_model.steps += 1  # the kernel's draws are keyed by week (model/random_streams.py)
        victim_dynamics.exploit(kernel_model)

    kernel_s, kernel_counts = timed_weeks(
        kernel_week,
        kernel_model.victims.counts_by_state,
        reference_weeks,
        "vectorised kernel",
    )
    reference = ReferenceModel(held, params.victims, rng=seed)
    reference_s, reference_counts = timed_weeks(
        reference.step, reference.counts_by_state, reference_weeks, "plain Mesa reference"
    )
    z = largest_z(kernel_counts, reference_counts, held, params.victims)

    first = min(weeks, reference_weeks)
    reference_ms = statistics.median(reference_s) * 1000
    kernel_ms = statistics.median(kernel_s) * 1000
    full_week_ms = statistics.median(week_s[:first]) * 1000
    result = {
        "held": held,
        "weeks": weeks,
        "reference_weeks": reference_weeks,
        "seed": seed,
        "build_s": build_s,
        "ms_per_week": statistics.median(week_s) * 1000,
        "s_per_sim_year": statistics.fmean(week_s) * WEEKS_PER_YEAR,
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
    return result
