"""Paired effects of a sweep's scenarios against its baseline, with bootstrap CIs, and their verdicts.

Effects are paired: a scenario and the baseline run with the same seed share their random numbers, so
the difference is taken seed by seed (:func:`paired_effects`), after each run has been summarised over
the evaluation window (:func:`seed_summaries`): stocks as their mean over the window's weeks, flows as
their sum. The mean difference gets a BCa bootstrap 95 % confidence interval with a fixed random
state. :func:`policy_table` ranks the scenarios by harm reduced and harm displaced and gives a verdict.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy.stats import bootstrap

from experiments.comparison.metrics import EFFECT_METRICS, HOST_REGIONS, OUTSIDE_MAIN
from experiments.sweeps.results import Sweep, SweepFolderError
from model.world import REGIONS

MIN_SEEDS = 3
CONFIDENCE = 0.95
RESAMPLES = 9999
RANDOM_STATE = 20240101


def evaluation_window(
    results: pd.DataFrame, start: str, end: str | None
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last week of the evaluation window.

    Args:
        results: results.parquet, with ``date`` as Timestamp.
        start: first date of the window (ISO date).
        end: last date of the window (ISO date; None for the last week).

    Returns:
        The first and last week of the results that fall in the window.

    Raises:
        SweepFolderError: a date is not a date, or no week falls in the window.
    """
    try:
        first, last = pd.Timestamp(start), pd.Timestamp(end) if end else results.date.max()
    except ValueError as error:
        raise SweepFolderError(f"--from/--to: not a date ({error})") from error
    weeks = in_window(results, (first, last)).date
    if weeks.empty:
        raise SweepFolderError(
            f"no week between {first.date()} and {last.date()}; results run from "
            f"{results.date.min().date()} to {results.date.max().date()}"
        )
    return weeks.min(), weeks.max()


def in_window(table: pd.DataFrame, window) -> pd.DataFrame:
    """The rows of a table whose ``date`` lies in the window (first and last week included)."""
    return table[(table.date >= window[0]) & (table.date <= window[1])]


def main_region(sweep: Sweep, window: tuple[pd.Timestamp, pd.Timestamp]) -> str:
    """The region holding most of the baseline's victims over the window."""
    table = in_window(sweep.by_country, window)
    held = table[table.arm.map(sweep.is_baseline)].groupby("region").victims_held.sum()
    return str(held.idxmax()) if held.sum() > 0 else REGIONS[0]


def seed_summaries(sweep: Sweep, window: tuple[pd.Timestamp, pd.Timestamp], main: str) -> pd.DataFrame:
    """One row per arm and seed: every metric of :data:`EFFECT_METRICS` over the window.

    Args:
        sweep: the sweep.
        window: first and last week of the evaluation window.
        main: the baseline's main region, for the share held outside it.

    Returns:
        Columns ``arm``, ``seed``, the pairing keys and one column per metric, in the metric's unit.
    """
    keys = sweep.run_keys
    results = in_window(sweep.results, window)
    columns = {}
    for metric in EFFECT_METRICS:
        if metric.columns:
            values = results[list(metric.columns)].sum(axis=1) * metric.scale
            how = "mean" if metric.kind == "stock" else "sum"
            columns[metric.name] = values.groupby([results[k] for k in keys]).agg(how)
    countries = in_window(sweep.by_country, window)
    weekly = (
        countries.groupby([*keys, "date", "region"]).victims_held.sum().unstack("region", fill_value=0)
    )
    total = weekly.sum(axis=1)
    main_held = weekly[main] if main in weekly.columns else 0.0
    outside = 100 * (1 - main_held / total.where(total > 0))  # undefined in a week nobody is held
    columns[OUTSIDE_MAIN.name] = outside.groupby(keys).mean()  # over the weeks it is defined
    columns[HOST_REGIONS.name] = (weekly.groupby(keys).max() > 0).sum(axis=1)
    return pd.DataFrame(columns).reset_index()[[*keys, *(m.name for m in EFFECT_METRICS)]]


def paired_effects(summaries: pd.DataFrame, sweep: Sweep) -> pd.DataFrame:
    """Paired effects of every non-baseline arm on every metric, with bootstrap 95 % CIs.

    Each arm's seeds are matched with the baseline run of the same seed (and pairing keys); the
    per-seed differences (arm minus baseline) are bootstrapped (BCa, fixed random state).

    Args:
        summaries: the table of :func:`seed_summaries`.
        sweep: the sweep, for its arms, baseline and pairing keys.

    Returns:
        One row per arm and metric: ``scenario, baseline, metric, label, unit, summary, n_pairs,
        baseline_value, scenario_value, difference, ci_low, ci_high`` (in the metric's unit),
        ``percent_of_baseline, percent_ci_low, percent_ci_high`` (difference as % of the baseline's
        mean) and ``note``.
    """
    on = ["seed", *sweep.pair_keys]
    base = summaries[summaries.arm.map(sweep.is_baseline)]
    rows = []
    for arm in (a for a in sweep.arms if not sweep.is_baseline(a)):
        paired = summaries[summaries.arm == arm].merge(base, on=on, suffixes=("", "_base"))
        for metric in EFFECT_METRICS:
            scenario, reference = (
                paired[metric.name].to_numpy(float),
                paired[f"{metric.name}_base"].to_numpy(float),
            )
            rows.append(
                {
                    "scenario": arm,
                    "baseline": paired.arm_base.iloc[0] if len(paired) else sweep.baseline,
                    "metric": metric.name,
                    "label": metric.label,
                    "unit": metric.unit,
                    "summary": metric.summary,
                    "n_pairs": len(paired),
                    "baseline_value": reference.mean() if len(paired) else np.nan,
                    "scenario_value": scenario.mean() if len(paired) else np.nan,
                    **paired_difference(scenario - reference, reference),
                }
            )
    return pd.DataFrame(rows)


def paired_difference(diff: np.ndarray, reference: np.ndarray) -> dict:
    """Mean paired difference with its bootstrap CI, absolute and as % of the reference's mean.

    Args:
        diff: per-seed differences, scenario minus baseline.
        reference: the baseline's per-seed values.

    Returns:
        ``difference, ci_low, ci_high, percent_of_baseline, percent_ci_low, percent_ci_high, note``;
        CIs are NaN, with a note, for fewer than :data:`MIN_SEEDS` pairs.
    """
    n = len(diff)
    if n == 0:
        return {
            **dict.fromkeys(("difference", "ci_low", "ci_high"), np.nan),
            **_percent(np.nan, np.nan, np.nan),
            "note": "no paired seeds",
        }
    mean, base_mean = diff.mean(), reference.mean()
    percent = 100 * mean / base_mean if base_mean else np.nan
    if n < MIN_SEEDS:
        return {
            "difference": mean,
            "ci_low": np.nan,
            "ci_high": np.nan,
            **_percent(percent, np.nan, np.nan),
            "note": f"{n} paired seed(s): no CI (needs {MIN_SEEDS})",
        }
    low, high = _bootstrap((diff,), _mean)
    nonzero = bool((reference != 0).all())
    p_low, p_high = _bootstrap((diff, reference), _ratio) if nonzero else (np.nan, np.nan)
    note = ""
    if base_mean and not np.isfinite(p_low):
        note = "no CI of the % change: " + (
            "the bootstrap is undefined" if nonzero else "the baseline is 0 in some seeds"
        )
    return {
        "difference": mean,
        "ci_low": low,
        "ci_high": high,
        **_percent(percent, p_low, p_high),
        "note": note,
    }


def _percent(value, low, high) -> dict:
    """The % change and its CI under their column names (% of the baseline's mean)."""
    return {"percent_of_baseline": value, "percent_ci_low": low, "percent_ci_high": high}


def _mean(diff, axis=-1):
    """Mean paired difference (the metric's unit), vectorised for :func:`scipy.stats.bootstrap`."""
    return np.mean(diff, axis=axis)


def _ratio(diff, reference, axis=-1):
    """Mean paired difference as % of the baseline's mean, vectorised for the bootstrap."""
    return 100 * np.mean(diff, axis=axis) / np.mean(reference, axis=axis)


def _bootstrap(data: tuple[np.ndarray, ...], statistic) -> tuple[float, float]:
    """95 % CI of a paired statistic: BCa, else percentile; a point if the data are constant."""
    if all(np.ptp(d) == 0 for d in data):
        value = float(statistic(*data))
        return value, value
    for method in ("BCa", "percentile"):
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore")
            interval = bootstrap(
                data,
                statistic,
                paired=True,
                vectorized=True,
                confidence_level=CONFIDENCE,
                n_resamples=RESAMPLES,
                method=method,
                random_state=RANDOM_STATE,
            ).confidence_interval
        if np.isfinite(interval.low) and np.isfinite(interval.high):
            return float(interval.low), float(interval.high)
    return np.nan, np.nan


def policy_table(effects: pd.DataFrame, main: str) -> pd.DataFrame:
    """Rank the scenarios by harm reduced and by harm displaced.

    Harm reduced: change of mean victims held (then of new victims) as % of the baseline, most
    negative first. Harm displaced: change of the share held outside the baseline's main region
    (percentage points), then of host countries, largest first. The verdict reads the 95 % CIs: a
    change counts where its CI excludes 0 (the point estimate's sign where there is no CI).

    Args:
        effects: the table of :func:`paired_effects`.
        main: the baseline's main region.

    Returns:
        One row per scenario, sorted by ``harm_reduced_rank``.
    """
    wide = effects.set_index(["scenario", "metric"])
    rows = []
    for arm in effects.scenario.unique():
        row = {"scenario": arm}
        for name, metric, column, prefix in (
            ("victims_held_change_pct", "victims_held", "percent_of_baseline", "percent_ci"),
            ("new_victims_change_pct", "recruited", "percent_of_baseline", "percent_ci"),
            ("share_outside_main_change_pp", OUTSIDE_MAIN.name, "difference", "ci"),
            ("host_countries_change", "host_countries", "difference", "ci"),
            ("host_regions_change", HOST_REGIONS.name, "difference", "ci"),
        ):
            effect = wide.loc[(arm, metric)]
            row |= {
                name: effect[column],
                f"{name}_ci_low": effect[f"{prefix}_low"],
                f"{name}_ci_high": effect[f"{prefix}_high"],
            }
        row["main_region"] = main
        row["verdict"] = _verdict(row)
        rows.append(row)
    table = pd.DataFrame(rows)
    reduced = table.sort_values(
        ["victims_held_change_pct", "new_victims_change_pct"], na_position="last"
    )
    table["harm_reduced_rank"] = table.index.map({i: r + 1 for r, i in enumerate(reduced.index)})
    displaced = table.sort_values(
        ["share_outside_main_change_pp", "host_countries_change"], ascending=False, na_position="last"
    )
    table["harm_displaced_rank"] = table.index.map({i: r + 1 for r, i in enumerate(displaced.index)})
    first = ["scenario", "harm_reduced_rank", "harm_displaced_rank", "verdict"]
    return table[first + [c for c in table.columns if c not in first]].sort_values("harm_reduced_rank")


def _sign(row: dict, name: str) -> tuple[int, bool]:
    """-1, 0 or +1 for a change whose CI is below, around or above 0; and whether a CI was used."""
    low, high, value = row[f"{name}_ci_low"], row[f"{name}_ci_high"], row[name]
    if np.isfinite(low) and np.isfinite(high):
        return (-1 if high < 0 else 1 if low > 0 else 0), True
    return (int(np.sign(value)) if np.isfinite(value) else 0), False


def _verdict(row: dict) -> str:
    """Whether a scenario reduces, displaces or increases harm, from the signs of its changes."""
    signs = {
        n: _sign(row, n)
        for n in (
            "victims_held_change_pct",
            "new_victims_change_pct",
            "share_outside_main_change_pp",
            "host_countries_change",
        )
    }
    held, recruited = signs["victims_held_change_pct"][0], signs["new_victims_change_pct"][0]
    displaces = signs["share_outside_main_change_pp"][0] > 0 or signs["host_countries_change"][0] > 0
    if held > 0:
        verdict = "increases harm"
    elif held < 0 or recruited < 0:
        verdict = "reduces and displaces harm" if displaces else "reduces harm"
    else:
        verdict = "displaces harm only" if displaces else "no clear change"
    return verdict if all(used for _, used in signs.values()) else f"{verdict} (point estimates: no CI)"
