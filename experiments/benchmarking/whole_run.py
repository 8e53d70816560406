"""The benchmark's whole-run mode: a 2020-2026 run at one person per agent, timed year by year.

Two runs, one after the other in the same process:

* ``default``: the default world and scenario at one person per agent (``world.population_scale``
  1), the run the speed goals of issue 13 name (at most 12 s for the whole run, at most 400 MiB);
* ``F1 start``: the same with the F1 level of about 300,000 persons held from the start
  (:func:`experiments.benchmarking.timing.full_scale_params`), so that victims held stay about equal
  from the first year to the last while the victims ever recruited grow: its last year over its
  first shows whether a week's cost follows the people held or everyone ever recruited (goal: at
  most 1.3).

For each simulated year it gives the seconds the model took (weeks stepped, results not written),
the mean victims held, and the live victim rows (in the system: not home) and all rows at its end.
"""

from __future__ import annotations

import logging
import resource
import statistics
import time

from tqdm import trange

from model.agents import VictimState
from model.model import ScamScapeModel
from model.params import Params
from model.schedule import WEEKS_PER_YEAR

GOALS = {"default_total_s": 12.0, "peak_rss_mib": 400.0, "last_over_first_year": 1.3}
"""Issue 13's goals for one person per agent, printed beside what was measured (never asserted)."""


def timed_years(params: Params, seed: int, label: str) -> dict:
    """Run ``params.run.weeks`` weeks; return the build time, the total and one row per year.

    A last, partial year is reported as such (``weeks`` below 52).
    """
    logging.getLogger("MESA").setLevel(logging.WARNING)
    start = time.perf_counter()
    model = ScamScapeModel(params, rng=seed)
    build_s = time.perf_counter() - start
    years, week_s, held = [], [], 0
    for week in trange(1, params.run.weeks + 1, desc=label, unit="week"):
        start = time.perf_counter()
        model.step()
        week_s.append(time.perf_counter() - start)
        held += int(model.victims.counts_by_state()[VictimState.HELD]) * model.population_scale
        if week % WEEKS_PER_YEAR == 0 or week == params.run.weeks:
            years.append(
                {
                    "year": model.date.year,
                    "weeks": len(week_s),
                    "seconds": sum(week_s),
                    "median_week_s": statistics.median(week_s),
                    "held_mean": held / len(week_s),
                    "live_rows": len(model.victims.live()),
                    "rows": model.victims.size,
                }
            )
            week_s, held = [], 0
    return {
        "build_s": build_s,
        "total_s": sum(year["seconds"] for year in years),
        "years": years,
    }


def run_whole(seed: int, held_at_start: int, weeks: int | None = None) -> dict:
    """Both whole runs (module docstring), with the peak memory after the default one.

    Args:
        seed: seed of both runs.
        held_at_start: persons held at start in the ``F1 start`` run.
        weeks: weeks of each run (default: the calendar's ``run.weeks``, 2020-2026).
    """
    from experiments.benchmarking.timing import full_scale_params

    default = Params()
    default.world.population_scale = 1
    f1_start = full_scale_params(held_at_start)
    if weeks is not None:
        default.run.weeks = f1_start.run.weeks = weeks
    result = {"default": timed_years(default, seed, "default, one person per agent")}
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["f1_start"] = timed_years(f1_start, seed, "F1 start, one person per agent")
    first, last = result["f1_start"]["years"][0], result["f1_start"]["years"][-1]
    result["last_over_first_year"] = last["median_week_s"] / first["median_week_s"]
    result["last_over_first_year_per_held"] = (last["median_week_s"] / last["held_mean"]) / (
        first["median_week_s"] / first["held_mean"]
    )
    result["goals"] = GOALS
    return result
