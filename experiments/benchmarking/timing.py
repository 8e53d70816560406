"""The benchmark's measurements: the model at full scale, its victims' week against a plain-Mesa one.

The command and what it prints are described in :mod:`experiments.benchmark`.
"""

from __future__ import annotations

import functools
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
from model.params import Params
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


def largest_z(vectorised: np.ndarray, reference: np.ndarray, victims: int) -> float:
    """Largest |z| of the difference of the two runs' weekly counts of victims in each state.

    Victims move independently between states (the world is frozen and orders are ample), so the
    count in a state in week t is a sum of ``victims`` independent Bernoulli variables, of variance at
    most ``victims * q * (1 - q)`` with ``q`` the mean chance of being in that state, estimated from
    both runs; the difference of two independent runs' counts has at most twice that variance.

    Args:
        vectorised: counts by state of the kernel run, shape ``(weeks + 1, len(VictimState))``.
        reference: the same for the reference run.
        victims: victims in each run.

    Returns:
        The largest |z| over the weeks run and the states (standard deviations); a state no victim
        is in, in either run, is left out.
    """
    q = (vectorised[1:] + reference[1:]) / (2 * victims)
    spread = np.sqrt(2 * victims * q * (1 - q))
    difference = vectorised[1:] - reference[1:]
    z = np.divide(difference, spread, out=np.zeros_like(q), where=spread > 0)
    return float(np.abs(z).max())


def ample_orders(model) -> np.ndarray:
    """Equal orders at each open compound: ten times its expected weekly re-trafficking, at least 10."""
    arrays, p = model.compound_arrays, model.params.victims
    open_ = np.flatnonzero(arrays.active)
    expected = p.p_retraffick * model.levers.retraffick_multiplier * len(model.home) / len(open_)
    orders = np.zeros(arrays.size, dtype=np.int64)
    orders[open_] = max(10, int(10 * expected))
    return orders


def victim_week(model, orders: np.ndarray) -> None:
    """The model's victim transitions of one week, nothing else (the kernel the reference matches).

    Re-trafficking against ``orders``, moves and departures, repatriation, then the held victims'
    escapes and releases (``model/victim_dynamics.py``), in the model's phase order.
    """
    model.steps += 1  # the draws are keyed by week (model/random_streams.py)
    victim_dynamics.retraffick(model, orders.copy())
    victim_dynamics.move(model)
    victim_dynamics.depart(model)
    victim_dynamics.repatriate(model)
    victim_dynamics.exploit(model)


def run_benchmark(weeks: int, reference_weeks: int, held_at_start: int, seed: int) -> dict:
    """Time the full-scale model, then its victims' week against the reference from the run's end.

    Args:
        weeks: weeks of the full-scale run (its median week is the "full model week").
        reference_weeks: weeks of the kernel-versus-reference runs, from the state the run ends in.
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
    held = int(model.victims.counts_by_state()[VictimState.HELD])

    # The reference copies the model's victims as they are after the run, in its frozen world; the
    # kernel then runs the model's own victim transitions from the same state.
    reference = ReferenceModel(model, rng=seed)
    reference_s, reference_counts = timed_weeks(
        reference.step, reference.counts_by_state, reference_weeks, "plain Mesa reference"
    )
    del reference
    gc.collect()
    orders = ample_orders(model)
    kernel_s, kernel_counts = timed_weeks(
        functools.partial(victim_week, model, orders),
        model.victims.counts_by_state,
        reference_weeks,
        "vectorised kernel",
    )
    z = largest_z(kernel_counts, reference_counts, model.victims.size)
    victims = model.victims.size
    del model
    gc.collect()

    # Rebuilt under tracemalloc (the world reused), to count what a build allocates per victim.
    tracemalloc.start()
    built = ScamScapeModel(params, rng=seed, world=world)
    bytes_per_victim = tracemalloc.get_traced_memory()[0] / built.victims.size
    tracemalloc.stop()
    del built

    reference_ms = statistics.median(reference_s) * 1000
    kernel_ms = statistics.median(kernel_s) * 1000
    full_week_ms = statistics.median(week_s) * 1000
    result = {
        "held": held,
        "victims": victims,
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
