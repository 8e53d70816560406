"""Figures of one run, drawn from its tables (never by re-running the model).

Colours: one fixed colour per region (:mod:`experiments.common.style`). Each function takes tables and
returns a Matplotlib figure; :func:`save_run_figures` writes PNG and SVG.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import StrMethodFormatter

from experiments.common.host_map import draw_host_countries, map_extent
from experiments.common.style import REGION_COLOURS, REGION_LABELS, save_figure
from model.schedule import WEEKS_PER_YEAR
from model.world import REGIONS

HOST_MARKER = 1500
"""Marker area of the largest host country (or zone), points^2."""
ZONE_LABELS = 12
"""Zones labelled on the zone map: the largest by victims held."""


def _by_region(by_country: pd.DataFrame, column: str) -> pd.DataFrame:
    table = by_country.pivot_table(index="date", columns="region", values=column, aggfunc="sum")
    return table[[r for r in REGIONS if r in table.columns and table[r].sum() > 0]]


def stacked_by_region(by_country: pd.DataFrame, column: str, ylabel: str, title: str, ax=None):
    """A stacked area chart of a per-country column summed by region (on ``ax`` if given)."""
    table = _by_region(by_country, column)
    fig, ax = (ax.figure, ax) if ax is not None else plt.subplots(figsize=(8, 4.5), layout="constrained")
    if len(table.columns):
        ax.stackplot(
            pd.to_datetime(table.index),
            table.T.to_numpy(),
            labels=[REGION_LABELS[r] for r in table.columns],
            colors=[REGION_COLOURS[r] for r in table.columns],
        )
        ax.legend(loc="upper left", fontsize="small", frameon=False)
    else:  # a valid extreme: nobody, in any week (e.g. no victims at start and no recruiter)
        ax.text(0.5, 0.5, "none in any week", transform=ax.transAxes, ha="center", va="center")
    ax.set(xlabel="Date (week)", ylabel=ylabel, title=title)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.grid(alpha=0.3)
    return fig


def revenue(timeseries: pd.DataFrame):
    """World scam revenue, annualised, in billions of US$ per year."""
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    ax.plot(
        pd.to_datetime(timeseries.date), timeseries.revenue_usd * WEEKS_PER_YEAR / 1e9, color="#332288"
    )
    ax.set(
        xlabel="Date (week)",
        ylabel="Revenue (US$ bn per year, annualised)",
        title="Scam revenue of all compounds",
    )
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    return fig


def host_map(by_country: pd.DataFrame, countries: pd.DataFrame):
    """Host countries at the last week, at their longitude and latitude, sized by victims held."""
    last = by_country[by_country.step == by_country.step.max()].merge(
        countries[["iso3", "lon", "lat"]], on="iso3"
    )
    fig, ax = plt.subplots(figsize=(9, 4.8), layout="constrained")
    extent = map_extent(countries.lon, countries.lat)
    draw_host_countries(ax, countries, last, HOST_MARKER / max(last.victims_held.max(), 1), extent)
    ax.set_title(f"Victims held per host country, week of {last.date.iloc[0]}")
    return fig


def zone_map(by_zone: pd.DataFrame, zones: pd.DataFrame, countries: pd.DataFrame):
    """Host zones at the last week, at their main town, sized by victims held; the largest labelled.

    A country without named zones is drawn at its centre (its national zone).
    """
    last = by_zone[by_zone.step == by_zone.step.max()]
    last = last[last.victims_held > 0].merge(zones[["id", "lon", "lat"]], left_on="zone", right_on="id")
    last = last.assign(
        label=[f"{z} {v:,.0f}" for z, v in zip(last.zone, last.victims_held, strict=True)]
    )
    fig, ax = plt.subplots(figsize=(9, 6), layout="constrained")
    shown = last if len(last) else countries  # nobody held: the whole world
    extent = map_extent(shown.lon, shown.lat, pad=3.0, min_span=(20.0, 14.0))
    area = HOST_MARKER / max(last.victims_held.max(), 1)
    draw_host_countries(ax, countries, last, area, extent, labelled=ZONE_LABELS)
    ax.set_title(f"Victims held per host zone, week of {last.date.iloc[0] if len(last) else '-'}")
    return fig


def save_run_figures(
    timeseries: pd.DataFrame,
    by_country: pd.DataFrame,
    by_zone: pd.DataFrame,
    world,
    folder: Path,
) -> None:
    """Write the run's figures to ``folder`` as PNG and SVG (``world``: the run's countries, zones)."""
    countries = world.countries
    folder.mkdir(parents=True, exist_ok=True)
    figures = {
        "victims_held_by_region": stacked_by_region(
            by_country, "victims_held", "Victims held (persons)", "Victims held, by host region"
        ),
        "compounds_by_region": stacked_by_region(
            by_country, "compounds_active", "Active compounds", "Compounds, by host region"
        ),
        "revenue": revenue(timeseries),
        "host_map": host_map(by_country, countries),
        "zone_map": zone_map(by_zone, world.zones, countries),
    }
    for name, fig in figures.items():
        save_figure(fig, folder, name, dpi=150)
