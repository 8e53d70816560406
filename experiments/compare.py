"""Compare a sweep's scenarios with its baseline: ``python -m experiments.compare PATH [options]``.

Reads a sweep folder (``results.parquet``, ``by_country.parquet``, ``sweep.json``; it never re-runs the
model) and writes into ``PATH/report/`` (or ``--out``), atomically with a manifest: time series with
their 90 % band over seeds, paired effects against the baseline with bootstrap 95 % confidence
intervals (``effects.csv``, forest plot), maps of victims held with net relocations between regions,
a policy table (harm reduced and harm displaced) and ``report.md`` / ``report.html``.

Effects are paired: a scenario and the baseline run with the same seed share their random numbers, so
the difference is taken seed by seed, then summarised over the evaluation window (``--from`` to
``--to``): stocks as their mean over the window's weeks, flows as their sum. A sweep that varies
parameters inside a scenario (columns named by dotted key, or by config group such as ``world``) is
split into arms, ``scenario[key=value]``, each paired with the baseline run that has the same seed and
the same non-scenario parameters.

This module holds the command line, :func:`compare` and the tables the figures draw; reading the sweep
is :mod:`experiments.sweep_results`, the statistics :mod:`experiments.effects`, the report
:mod:`experiments.report`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from experiments.effects import (
    evaluation_window,
    in_window,
    main_region,
    paired_effects,
    policy_table,
    seed_summaries,
)
from experiments.sweep_results import CompareError, Sweep, load_sweep

DEFAULT_FROM = "2023-01-01"
BAND = (0.05, 0.5, 0.95)  # quantiles over seeds of the time-series bands
ROLLING_WEEKS = 4  # weeks of the rolling mean of flows in the time series


def timeseries_bands(sweep: Sweep, columns: dict[str, tuple[str, ...]], flows: set[str]) -> pd.DataFrame:
    """Median and 90 % band over seeds of weekly series, per arm.

    Args:
        sweep: the sweep.
        columns: name of each series to the results columns added up to make it.
        flows: series that are flows; they are averaged over :data:`ROLLING_WEEKS` weeks first.

    Returns:
        Long table ``arm, date, series, low, median, high`` (5 %, 50 %, 95 % quantiles over seeds).
    """
    results = sweep.results.sort_values("date")
    keys = sweep.run_keys
    parts = []
    for name, sources in columns.items():
        values = results[list(sources)].sum(axis=1)
        if name in flows:
            values = values.groupby([results[k] for k in keys]).transform(
                lambda s: s.rolling(ROLLING_WEEKS, min_periods=1).mean()
            )
        quantiles = values.groupby([results.arm, results.date]).quantile(list(BAND)).unstack()
        quantiles.columns = ["low", "median", "high"]
        parts.append(quantiles.reset_index().assign(series=name))
    return pd.concat(parts, ignore_index=True)


def held_by_country(sweep: Sweep, dates: list[pd.Timestamp]) -> pd.DataFrame:
    """Median over seeds of victims held per host country, per arm, at the given weeks.

    Args:
        sweep: the sweep.
        dates: the weeks to show.

    Returns:
        ``arm, date, iso3, region, victims_held`` (persons), countries holding nobody left out.
    """
    table = sweep.by_country[sweep.by_country.date.isin(dates)]
    held = table.groupby(["arm", "date", "iso3", "region"]).victims_held.median().reset_index()
    return held[held.victims_held > 0]


def region_relocations(sweep: Sweep, window) -> pd.DataFrame:
    """Net compound relocations between regions over the window, mean per seed, per arm.

    by_country counts relocations out of and into each country, not their pairs; a region's net
    outflow is shared among the regions with a net inflow in proportion to their inflow.

    Args:
        sweep: the sweep.
        window: first and last week of the evaluation window.

    Returns:
        ``arm, source, target, compounds`` (compounds relocated, mean per seed over the window).
    """
    table = in_window(sweep.by_country, window)
    if not {"relocations_in", "relocations_out"} <= set(table.columns):
        return pd.DataFrame(columns=["arm", "source", "target", "compounds"])
    seeds = table.groupby("arm").seed.nunique()
    net = table.groupby(["arm", "region"])[["relocations_in", "relocations_out"]].sum()
    net = (net.relocations_in - net.relocations_out).div(seeds, level="arm")
    rows = []
    for arm, regions in net.groupby(level="arm"):
        regions = regions.droplevel("arm")
        sources, targets = regions[regions < 0], regions[regions > 0]
        for source, out in sources.items():
            for target, inflow in targets.items():
                rows.append((arm, source, target, -out * inflow / targets.sum()))
    return pd.DataFrame(rows, columns=["arm", "source", "target", "compounds"])


def compare(
    path: Path,
    baseline: str = "baseline",
    out: Path | None = None,
    start: str = DEFAULT_FROM,
    end: str | None = None,
) -> Path:
    """Compare a sweep's scenarios with its baseline and write the report; return the report folder.

    Args:
        path: the sweep folder.
        baseline: name of the baseline scenario.
        out: report folder (default ``path / "report"``).
        start: first date of the evaluation window (ISO date).
        end: last date of the evaluation window (ISO date; default the last week).

    Raises:
        CompareError: the folder lacks a table or the baseline, or the window is empty.
    """
    from experiments.report import Comparison, write_report

    sweep = load_sweep(path, baseline)
    window = evaluation_window(sweep.results, start, end)
    main = main_region(sweep, window)
    summaries = seed_summaries(sweep, window, main)
    effects = paired_effects(summaries, sweep)
    comparison = Comparison(
        sweep=sweep,
        path=path,
        window=window,
        main_region=main,
        summaries=summaries,
        effects=effects,
        policy=policy_table(effects, main),
    )
    out = out or path / "report"
    write_report(comparison, out)
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line: parse options, compare, print where the report went; one-line errors, exit 2."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "path", type=Path, help="sweep folder with results.parquet and by_country.parquet"
    )
    parser.add_argument("--baseline", default="baseline", help="name of the baseline scenario")
    parser.add_argument("--out", type=Path, help="report folder (default PATH/report)")
    parser.add_argument(
        "--from",
        dest="start",
        default=DEFAULT_FROM,
        help=f"first date of the evaluation window (default {DEFAULT_FROM})",
    )
    parser.add_argument("--to", dest="end", help="last date of the evaluation window (default: the end)")
    args = parser.parse_args(argv)
    try:
        out = compare(args.path, args.baseline, args.out, args.start, args.end)
    except CompareError as error:
        hint = "; use --from/--to to choose a window inside the runs" if "no week" in str(error) else ""
        print(f"error: {error}{hint}", file=sys.stderr)
        sys.exit(2)
    print(f"report: {out / 'report.html'}")


if __name__ == "__main__":
    main()
