"""The comparison's tables: bands, victims held per country and zone, compounds, moves, survival."""

from __future__ import annotations

import pandas as pd

from experiments.comparison.effects import in_window
from experiments.sweeps.results import Sweep

BAND = (0.05, 0.5, 0.95)  # quantiles over seeds of the time-series bands
ROLLING_WEEKS = 4  # weeks of the rolling mean of flows in the time series
SURVIVAL_WEEKS = 52  # a raided compound "still operates" if it is open this many weeks after the raid
TOP_HOSTS = 6  # host countries shown in the table of compounds per country
TOP_ZONES = 12  # host zones shown in the table of victims held per zone


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


def compound_survival(sweep: Sweep, window, weeks: int = SURVIVAL_WEEKS) -> pd.DataFrame:
    """Share of the compounds raided in the window that still operate ``weeks`` weeks later, per arm.

    A compound counts from its first raid in the window, if that raid is at least ``weeks`` weeks
    before the last week of the runs; it still operates if it is open then (never closed since, or
    reopened under a new owner; not given up). Read from the compounds' event log.

    Returns:
        ``arm, raided, still_operating, share`` (compounds summed over seeds; share of them), empty
        without a compounds log.
    """
    columns = ["arm", "raided", "still_operating", "share"]
    log = sweep.compounds
    if log.empty:
        return pd.DataFrame(columns=columns)
    keys = [*sweep.run_keys, "compound"]
    last_week = int(sweep.results.step.max())
    raids = log[(log.event == "raided") & log.date.between(*window)]
    first = raids.groupby(keys).week.min().rename("raided_week").reset_index()
    first = first[first.raided_week + weeks <= last_week]
    openings = log[log.event.isin(["opened", "reopened", "closed", "exited"])].merge(first, on=keys)
    later = openings[openings.week <= openings.raided_week + weeks].sort_values("week", kind="stable")
    state = later.groupby(keys).event.last().rename("state").reset_index()
    table = first.merge(state, on=keys, how="left")
    table["operating"] = ~table.state.isin(["closed", "exited"])
    rows = table.groupby("arm").operating.agg(raided="size", still_operating="sum").reset_index()
    rows["share"] = rows.still_operating / rows.raided
    return rows[columns]


def compounds_by_host(sweep: Sweep, date: pd.Timestamp, top: int = TOP_HOSTS) -> pd.DataFrame:
    """Compounds active per host country in the week ``date``: median over seeds, per arm.

    Returns:
        One row per arm: ``arm``, the ``top`` countries with the most compounds in any arm (ISO3
        columns), ``other`` and ``all`` (median over seeds of each run's total, so the columns need
        not add up to it); empty without a ``compounds_active`` column.
    """
    table = sweep.by_country[sweep.by_country.date == date]
    if "compounds_active" not in table or table.empty:
        return pd.DataFrame()
    runs = table.pivot_table(
        index=sweep.run_keys, columns="iso3", values="compounds_active", aggfunc="sum", fill_value=0
    )
    medians = runs.groupby(level="arm").median()
    shown = list(medians.max().nlargest(top).index)
    out = medians[shown].copy()
    out["other"] = runs.drop(columns=shown).sum(axis=1).groupby(level="arm").median()
    out["all"] = runs.sum(axis=1).groupby(level="arm").median()
    return out.reindex(sweep.arms).reset_index()


def held_by_zone(sweep: Sweep, date: pd.Timestamp, top: int = TOP_ZONES) -> pd.DataFrame:
    """Victims held per host zone in the week ``date``: median over seeds, per arm.

    Returns:
        One row per zone among the ``top`` holding the most in any arm: ``zone, iso3`` and one column
        per arm (persons); empty without a by_zone table.
    """
    if sweep.by_zone.empty:
        return pd.DataFrame()
    table = sweep.by_zone[sweep.by_zone.date == date]
    runs = table.pivot_table(
        index=sweep.run_keys, columns=["zone", "iso3"], values="victims_held", aggfunc="sum"
    ).fillna(0)
    medians = runs.groupby(level="arm").median().T
    medians = medians.loc[medians.max(axis=1).nlargest(top).index, sweep.arms]
    return medians.reset_index()
