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
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import bootstrap

from experiments.config import CONFIG_DIR
from experiments.figures import REGION_LABELS
from model.metrics import SHARE_REGIONS
from model.world import REGIONS

ID_COLUMNS = ("experiment", "scenario", "seed", "step", "date")
REQUIRED_BY_COUNTRY = ("scenario", "seed", "step", "date", "iso3", "region", "victims_held")
MIN_SEEDS = 3
CONFIDENCE = 0.95
RESAMPLES = 9999
RANDOM_STATE = 20240101
DEFAULT_FROM = "2023-01-01"


class CompareError(Exception):
    """A fault of the sweep folder or the options, reported as one line."""


@dataclass(frozen=True)
class Metric:
    """A quantity compared between scenarios.

    Attributes:
        name: column of the per-seed summary table.
        label: readable name.
        unit: unit of the summary (after ``scale``).
        kind: ``stock`` (mean over the window's weeks), ``flow`` (sum over them) or ``regions``.
        columns: columns of results.parquet that are added up (empty for metrics from by_country).
        scale: factor from the columns' unit to ``unit`` (100 for shares to %).
        display_scale: factor from ``unit`` to ``display_unit`` in figures and tables.
        display_unit: unit shown in figures and tables.
    """

    name: str
    label: str
    unit: str
    kind: str
    columns: tuple[str, ...] = ()
    scale: float = 1.0
    display_scale: float = 1.0
    display_unit: str = ""

    @property
    def shown_unit(self) -> str:
        """Unit shown in figures and tables."""
        return self.display_unit or self.unit

    @property
    def summary(self) -> str:
        """How the weekly values are summarised over the window."""
        return {
            "stock": "mean over weeks",
            "flow": "sum over weeks",
            "regions": "regions with victims held in any week",
        }[self.kind]


SHARE_METRICS = tuple(
    Metric(
        f"share_held_{r}",
        f"Share held in {REGION_LABELS[r]}",
        "% of victims held",
        "stock",
        (f"share_held_{r}",),
        scale=100.0,
    )
    for r in SHARE_REGIONS
)
OUTSIDE_MAIN = Metric(
    "share_outside_main", "Share held outside the main region", "% of victims held", "stock"
)
HOST_REGIONS = Metric("host_regions", "Regions hosting victims", "regions", "regions")
EFFECT_METRICS = (
    Metric("victims_held", "Victims held", "persons", "stock", ("victims_held",)),
    Metric("recruited", "New victims (recruited)", "persons", "flow", ("recruited",)),
    Metric("rescued", "Rescued", "persons", "flow", ("rescued",)),
    Metric(
        "revenue_usd",
        "Scam revenue",
        "US$",
        "flow",
        ("revenue_usd",),
        display_scale=1e-9,
        display_unit="US$ bn",
    ),
    Metric(
        "arrests",
        "Arrests (operators + recruiters)",
        "persons",
        "flow",
        ("arrests_operators", "arrests_recruiters"),
    ),
    Metric("compounds_active", "Compounds active", "compounds", "stock", ("compounds_active",)),
    Metric("host_countries", "Host countries", "countries", "stock", ("host_countries",)),
    *SHARE_METRICS,
    OUTSIDE_MAIN,
    HOST_REGIONS,
)
METRICS = {m.name: m for m in EFFECT_METRICS}
REQUIRED_RESULTS = (*ID_COLUMNS, *dict.fromkeys(c for m in EFFECT_METRICS for c in m.columns), "arrived")


@dataclass
class Sweep:
    """A sweep's tables with an ``arm`` column, and how arms pair with the baseline.

    Attributes:
        results: results.parquet with ``date`` as Timestamp and ``arm`` (scenario, or scenario and
            the parameters that vary inside it).
        by_country: by_country.parquet with the same ``arm`` column.
        meta: sweep.json (empty if absent).
        baseline: name of the baseline scenario.
        pair_keys: columns besides ``seed`` that a scenario and its baseline run must share.
        notes: remarks on the data for the report.
    """

    results: pd.DataFrame
    by_country: pd.DataFrame
    meta: dict
    baseline: str
    pair_keys: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def arms(self) -> list[str]:
        """Arm labels, baselines first, then sorted."""
        arms = sorted(self.results.arm.unique())
        return sorted(arms, key=lambda a: not self.is_baseline(a))

    def is_baseline(self, arm: str) -> bool:
        """Whether an arm is (a variant of) the baseline scenario."""
        return arm == self.baseline or arm.startswith(f"{self.baseline}[")


def load_sweep(path: Path, baseline: str) -> Sweep:
    """Read and check a sweep folder; raise :class:`CompareError` naming the first problem."""
    if not path.is_dir():
        raise CompareError(f"{path}: no such sweep folder")
    results = _read_table(path / "results.parquet", REQUIRED_RESULTS)
    by_country = _read_table(path / "by_country.parquet", REQUIRED_BY_COUNTRY)
    meta = json.loads((path / "sweep.json").read_text()) if (path / "sweep.json").is_file() else {}
    scenarios = sorted(results.scenario.astype(str).unique())
    if baseline not in scenarios:
        raise CompareError(
            f"{path / 'results.parquet'}: no baseline scenario {baseline!r}; "
            f"scenarios: {', '.join(scenarios)}"
        )
    if len(scenarios) < 2:
        raise CompareError(
            f"{path / 'results.parquet'}: only the baseline {baseline!r}; nothing to compare"
        )
    sweep = Sweep(results, by_country, meta, baseline)
    if not meta:
        sweep.notes.append("No sweep.json: configuration, versions and commit of the runs are unknown.")
    _label_arms(sweep)
    return sweep


def _read_table(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file():
        raise CompareError(f"{path.parent}: no {path.name}")
    try:
        table = pd.read_parquet(path)
    except Exception as error:  # pyarrow raises several types for unreadable files
        raise CompareError(f"{path}: unreadable ({str(error).splitlines()[0]})") from error
    if table.empty:
        raise CompareError(f"{path}: no rows")
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise CompareError(f"{path}: missing columns {missing}")
    for column in parameter_columns(table):  # a job that did not set a swept key ran the default
        table[column] = table[column].map(_hashable).astype(object).fillna("default")
    table["date"] = pd.to_datetime(table["date"])
    table["scenario"] = table["scenario"].astype(str)
    return table


def parameter_columns(table: pd.DataFrame) -> list[str]:
    """Columns of swept parameters: dotted keys, and config groups but ``scenario`` (``world``)."""
    return [c for c in table.columns if "." in c or (c != "scenario" and (CONFIG_DIR / c).is_dir())]


def _hashable(value):
    """A parameter value that can be grouped on: lists and arrays become their text."""
    return str(list(value)) if isinstance(value, list | tuple | np.ndarray) else value


def _label_arms(sweep: Sweep) -> None:
    """Add ``arm`` to both tables; choose the baseline's variant and the pairing keys."""
    results, baseline = sweep.results, sweep.baseline
    params = parameter_columns(results)
    varying = [c for c in params if results.groupby("scenario")[c].nunique(dropna=False).max() > 1]
    in_baseline = results.scenario == baseline
    ignored = [
        c for c in varying if c.startswith("scenario.") and results.loc[in_baseline, c].nunique() > 1
    ]
    if ignored:
        first = (
            results.loc[in_baseline, ignored].astype(str).drop_duplicates().sort_values(ignored).iloc[0]
        )
        results = results[~in_baseline | (results[ignored].astype(str) == first).all(axis=1)]
        sweep.notes.append(
            f"The baseline was run with several values of {ignored}; the runs with {dict(first)} are "
            "used (scenario parameters do not act in the baseline)."
        )
    sweep.pair_keys = [c for c in varying if not c.startswith("scenario.")]
    duplicated = int(results.duplicated(["scenario", "seed", "step", *varying]).sum())
    if duplicated:
        raise CompareError(f"results.parquet: {duplicated} duplicate rows of (scenario, seed, step)")
    missing = [c for c in varying if c not in sweep.by_country.columns]
    if missing:
        raise CompareError(f"by_country.parquet: missing the swept parameter columns {missing}")
    combos = results[["scenario", *varying]].drop_duplicates()
    short = _short_names(varying)
    labels = []
    for row in combos.itertuples(index=False):
        values = dict(zip(combos.columns, row, strict=True))
        shown = [
            f"{short[c]}={values[c]}"
            for c in varying
            if values["scenario"] != baseline or c in sweep.pair_keys
        ]
        labels.append(values["scenario"] + (f"[{', '.join(shown)}]" if shown else ""))
    combos = combos.assign(arm=labels)
    sweep.results = results.merge(combos, on=["scenario", *varying])
    sweep.by_country = sweep.by_country.merge(combos, on=["scenario", *varying])


def _short_names(columns: list[str]) -> dict[str, str]:
    """The last part of each dotted key, or the whole key where last parts collide."""
    last = [c.rsplit(".", 1)[-1] for c in columns]
    return {c: (s if last.count(s) == 1 else c) for c, s in zip(columns, last, strict=True)}


def evaluation_window(
    results: pd.DataFrame, start: str, end: str | None
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last week of the evaluation window; raise :class:`CompareError` if it is empty."""
    try:
        first, last = pd.Timestamp(start), pd.Timestamp(end) if end else results.date.max()
    except ValueError as error:
        raise CompareError(f"--from/--to: not a date ({error})") from error
    weeks = results.date[(results.date >= first) & (results.date <= last)]
    if weeks.empty:
        raise CompareError(
            f"no week between {first.date()} and {last.date()}; results run from "
            f"{results.date.min().date()} to {results.date.max().date()}"
        )
    return weeks.min(), weeks.max()


def main_region(sweep: Sweep, window: tuple[pd.Timestamp, pd.Timestamp]) -> str:
    """The region holding most of the baseline's victims over the window."""
    table = _in_window(sweep.by_country, window)
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
    keys = ["arm", "seed", *sweep.pair_keys]
    results = _in_window(sweep.results, window)
    columns = {}
    for metric in EFFECT_METRICS:
        if metric.columns:
            values = results[list(metric.columns)].sum(axis=1) * metric.scale
            how = "mean" if metric.kind == "stock" else "sum"
            columns[metric.name] = values.groupby([results[k] for k in keys]).agg(how)
    countries = _in_window(sweep.by_country, window)
    weekly = (
        countries.groupby([*keys, "date", "region"]).victims_held.sum().unstack("region", fill_value=0)
    )
    total = weekly.sum(axis=1)
    main_held = weekly[main] if main in weekly.columns else 0.0
    outside = (100 * (1 - main_held / total.where(total > 0))).fillna(0.0)
    columns[OUTSIDE_MAIN.name] = outside.groupby(keys).mean()
    columns[HOST_REGIONS.name] = (weekly.groupby(keys).max() > 0).sum(axis=1)
    return pd.DataFrame(columns).reset_index()[[*keys, *(m.name for m in EFFECT_METRICS)]]


def _in_window(table: pd.DataFrame, window) -> pd.DataFrame:
    return table[(table.date >= window[0]) & (table.date <= window[1])]


def paired_effects(summaries: pd.DataFrame, sweep: Sweep) -> pd.DataFrame:
    """Paired effects of every non-baseline arm on every metric, with bootstrap 95 % CIs.

    Each arm's seeds are matched with the baseline run of the same seed (and pairing keys); the
    per-seed differences (arm minus baseline) are bootstrapped (BCa, fixed random state).

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
    return {"percent_of_baseline": value, "percent_ci_low": low, "percent_ci_high": high}


def _mean(diff, axis=-1):
    return np.mean(diff, axis=axis)


def _ratio(diff, reference, axis=-1):
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


BAND = (0.05, 0.5, 0.95)
ROLLING_WEEKS = 4


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
    keys = ["arm", "seed", *sweep.pair_keys]
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

    Returns:
        ``arm, source, target, compounds`` (compounds relocated, mean per seed over the window).
    """
    table = _in_window(sweep.by_country, window)
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
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    print(f"report: {out}")


if __name__ == "__main__":
    main()
