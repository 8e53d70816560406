"""A comparison of a sweep's scenarios with its baseline: the sweep, its window, summaries and effects.

Effects are paired: a scenario and the baseline run with the same seed share their random numbers, so
the difference is taken seed by seed, then summarised over the evaluation window: stocks as their mean
over the window's weeks, flows as their sum (:mod:`experiments.comparison.effects`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from experiments.comparison.effects import (
    evaluation_window,
    main_region,
    paired_effects,
    policy_table,
    seed_summaries,
)
from experiments.comparison.metrics import REQUIRED_RESULTS
from experiments.sweeps.results import Sweep, load_sweep

DEFAULT_FROM = "2023-01-01"
"""First date of the default evaluation window."""


@dataclass
class Comparison:
    """Everything a report shows.

    Attributes:
        sweep: the sweep, with arms.
        path: the sweep folder.
        window: first and last week of the evaluation window.
        main_region: the region holding most of the baseline's victims over the window.
        summaries: per arm and seed, each metric over the window.
        effects: paired effects with CIs (:func:`experiments.effects.paired_effects`).
        policy: the policy table (:func:`experiments.effects.policy_table`).
    """

    sweep: Sweep
    path: Path
    window: tuple[pd.Timestamp, pd.Timestamp]
    main_region: str
    summaries: pd.DataFrame
    effects: pd.DataFrame
    policy: pd.DataFrame


def build_comparison(
    path: Path, baseline: str = "baseline", start: str = DEFAULT_FROM, end: str | None = None
) -> Comparison:
    """Read a sweep folder and compare its scenarios with its baseline over the window.

    Args:
        path: the sweep folder.
        baseline: name of the baseline scenario.
        start: first date of the evaluation window (ISO date).
        end: last date of the evaluation window (ISO date; default the last week).

    Raises:
        SweepFolderError: the folder lacks a table or the baseline, or the window is empty.
    """
    sweep = load_sweep(path, baseline, REQUIRED_RESULTS)
    window = evaluation_window(sweep.results, start, end)
    main = main_region(sweep, window)
    summaries = seed_summaries(sweep, window, main)
    effects = paired_effects(summaries, sweep)
    return Comparison(
        sweep=sweep,
        path=path,
        window=window,
        main_region=main,
        summaries=summaries,
        effects=effects,
        policy=policy_table(effects, main),
    )
