"""Figures comparing a sweep's scenarios, drawn from the comparison's tables.

Every function takes tables and returns a Matplotlib figure
(:func:`experiments.common.style.save_figure` writes PNG and SVG and closes it). Colours are Paul Tol's
colour-blind-safe "muted" palette: one fixed colour per scenario of ``configs/scenario/`` (from their
sorted names, so a scenario has the same colour in every sweep), the baseline always grey; variants of a
scenario in one sweep differ by line style. Regions keep the colours of :mod:`experiments.common.style`.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import StrMethodFormatter

from experiments.common.config import group_options
from experiments.common.host_map import draw_host_countries, map_extent
from experiments.common.style import REGION_COLOURS, REGION_LABELS, TOL_MUTED
from experiments.sweeps.results import arm_scenario
from model.metrics import SHARE_REGIONS
from model.schedule import WEEKS_PER_YEAR

SAND = "#DDCC77"
SCENARIO_PALETTE = (*(c for c in TOL_MUTED if c != SAND), SAND)
"""Paul Tol's muted palette with the palest colour (sand) last, for scenarios."""
BASELINE_COLOUR = "#666666"
LINESTYLES = ("-", "--", ":", "-.")
MAP_PAD, MAP_MIN_SPAN = 12.0, (70.0, 40.0)  # degrees around hosts and arrows; smallest lon, lat span
MAX_MARKER = 900  # points^2 of the largest host country
MIN_ARROW = 0.1  # compounds per seed: smaller net relocations between regions are not drawn


@dataclass(frozen=True)
class Series:
    """A weekly series drawn per scenario.

    Attributes:
        name: series name.
        columns: columns of results.parquet added up.
        ylabel: axis label with unit.
        scale: factor from the columns' unit to the axis unit.
        flow: whether it is a weekly flow (averaged over 4 weeks before the band is taken).
    """

    name: str
    columns: tuple[str, ...]
    ylabel: str
    scale: float = 1.0
    flow: bool = False


MAIN_SERIES = (
    Series("victims_held", ("victims_held",), "Victims held (persons)"),
    Series("recruited", ("recruited",), "New victims recruited\n(persons/week, 4-week mean)", flow=True),
    Series("arrived", ("arrived",), "Arrivals at compounds\n(persons/week, 4-week mean)", flow=True),
    Series("rescued", ("rescued",), "Rescued in raids\n(persons/week, 4-week mean)", flow=True),
    Series(
        "revenue_usd",
        ("revenue_usd",),
        "Scam revenue\n(US$ bn/year, annualised, 4-week mean)",
        scale=WEEKS_PER_YEAR / 1e9,
        flow=True,
    ),
    Series(
        "arrests",
        ("arrests_operators", "arrests_recruiters"),
        "Arrests, operators + recruiters\n(persons/week, 4-week mean)",
        flow=True,
    ),
    Series("compounds_active", ("compounds_active",), "Compounds active (compounds)"),
    Series("host_countries", ("host_countries",), "Host countries (countries)"),
)
SHARE_SERIES = tuple(
    Series(
        f"share_held_{r}",
        (f"share_held_{r}",),
        f"Share held in {REGION_LABELS[r]}\n(% of victims held)",
        100.0,
    )
    for r in SHARE_REGIONS
)


def scenario_styles(arms: list[str], baseline: str) -> dict[str, dict]:
    """Colour and line style of each arm: fixed per scenario name, the baseline grey.

    Args:
        arms: arm labels, ``scenario`` or ``scenario[key=value, ...]``.
        baseline: name of the baseline scenario.

    Returns:
        Arm to ``{"color": ..., "linestyle": ...}``, the baseline's arms first, then sorted.
    """
    known = [name for name in group_options("scenario") if name != baseline]
    scenarios = sorted({arm_scenario(arm) for arm in arms} - {baseline})
    order = known + [s for s in scenarios if s not in known]
    styles, variants = {}, {}
    for arm in sorted(arms):
        scenario = arm_scenario(arm)
        index = order.index(scenario) if scenario != baseline else -1
        variant = variants.setdefault(scenario, 0)
        variants[scenario] += 1
        colour = BASELINE_COLOUR if index < 0 else SCENARIO_PALETTE[index % len(SCENARIO_PALETTE)]
        cycle = max(index, 0) // len(SCENARIO_PALETTE)
        styles[arm] = {"color": colour, "linestyle": LINESTYLES[(variant + cycle) % len(LINESTYLES)]}
    return {arm: styles[arm] for arm in sorted(arms, key=lambda a: arm_scenario(a) != baseline)}


def timeseries(
    bands: pd.DataFrame,
    series: tuple[Series, ...],
    styles: dict,
    window,
    n_seeds: int,
    title: str,
    ncols: int = 2,
):
    """Median and 90 % band over seeds of each series, one panel per series, one line per scenario.

    Args:
        bands: ``arm, date, series, low, median, high`` (the series' own units, before ``scale``).
        series: the series to draw, in panel order.
        styles: arm to colour and line style (:func:`scenario_styles`).
        window: first and last week of the evaluation window, shaded.
        n_seeds: seeds per scenario, for the title.
        title: figure title.
        ncols: panels per row.
    """
    nrows = -(-len(series) // ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(6.2 * ncols, 3.1 * nrows + 1),
        layout="constrained",
        sharex=True,
        squeeze=False,
    )
    for ax, spec in zip(axes.flat, series, strict=False):
        table = bands[bands.series == spec.name]
        # Baselines last, on top; a scenario's band only over the window, where it can differ.
        for arm, style in sorted(styles.items(), key=lambda item: _is_baseline(item[1])):
            rows = table[table.arm == arm]
            band = rows if _is_baseline(style) else rows[rows.date >= window[0]]
            ax.fill_between(
                band.date,
                band.low * spec.scale,
                band.high * spec.scale,
                color=style["color"],
                alpha=0.15,
                linewidth=0,
            )
            ax.plot(
                rows.date,
                rows["median"] * spec.scale,
                linewidth=1.4,
                zorder=3 if _is_baseline(style) else 2,
                **style,
            )
        ax.axvspan(window[0], window[1], color="#000000", alpha=0.04, linewidth=0)
        ax.set_ylabel(spec.ylabel, fontsize=9)
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.6g}"))
        ax.grid(alpha=0.3)
        if table.empty or table.low.min() >= 0:
            ax.set_ylim(bottom=0, top=max(ax.get_ylim()[1], 1))
    for ax in axes.flat[len(series) :]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("Date (week)")
    fig.suptitle(f"{title}: median and 90 % band over {n_seeds} seeds; evaluation window shaded")
    fig.legend(
        *_legend(styles),
        loc="outside lower center",
        ncols=min(len(styles), 4),
        frameon=False,
        fontsize="small",
    )
    return fig


def _is_baseline(style: dict) -> bool:
    return style["color"] == BASELINE_COLOUR


def _legend(styles: dict):
    handles = [Line2D([], [], linewidth=2, **style) for style in styles.values()]
    return handles, list(styles)


def forest(effects: pd.DataFrame, metrics, styles: dict, ncols: int = 3):
    """Paired effects against the baseline with 95 % CIs, one panel per metric, one row per scenario.

    Args:
        effects: the table of :func:`experiments.effects.paired_effects`.
        metrics: :class:`experiments.sweep_results.Metric` objects, in panel order.
        styles: arm to colour (:func:`scenario_styles`).
        ncols: panels per row.
    """
    arms = [a for a in styles if a in set(effects.scenario)]
    nrows = -(-len(metrics) // ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(5.2 * ncols, (0.32 * len(arms) + 1.3) * nrows + 0.8),
        layout="constrained",
        sharey=True,
        squeeze=False,
    )
    y = np.arange(len(arms))[::-1]
    for ax, metric in zip(axes.flat, metrics, strict=False):
        table = effects[effects.metric == metric.name].set_index("scenario").reindex(arms)
        scale = metric.display_scale
        for position, (arm, row) in zip(y, table.iterrows(), strict=True):
            colour = styles[arm]["color"]
            has_ci = np.isfinite(row.ci_low) and np.isfinite(row.ci_high)
            if has_ci:
                ax.plot(
                    [row.ci_low * scale, row.ci_high * scale],
                    [position, position],
                    color=colour,
                    linewidth=2.2,
                    solid_capstyle="butt",
                )
            ax.plot(
                row.difference * scale,
                position,
                "o",
                color=colour,
                markersize=6,
                markerfacecolor=colour if has_ci else "white",
                markeredgecolor=colour,
            )
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_yticks(y, arms, fontsize=8)
        ax.set_title(f"{metric.label}\n({metric.summary})", fontsize=9)
        ax.set_xlabel(f"Scenario minus baseline ({metric.shown_unit})", fontsize=8)
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.6g}"))
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(axis="x", alpha=0.3)
        ax.margins(y=0.15)
    for ax in axes.flat[len(metrics) :]:
        ax.set_visible(False)
    fig.suptitle(
        "Paired effect against the baseline over the evaluation window: mean over seeds and "
        "95 % bootstrap CI (open marker: no CI, fewer than 3 seeds)"
    )
    return fig


def host_maps(
    held: pd.DataFrame, relocations: pd.DataFrame, countries: pd.DataFrame, dates, styles: dict
):
    """Victims held per host country at two weeks, per scenario, with net relocations between regions.

    Args:
        held: ``arm, date, iso3, region, victims_held`` (persons, median over seeds).
        relocations: ``arm, source, target, compounds`` (net relocations between regions over the
            window, mean per seed), drawn as arrows on the second column.
        countries: ``iso3, region, lon, lat`` of the world's countries.
        dates: the two weeks (start and end of the evaluation window).
        styles: arm to style; its keys give the rows and their order.
    """
    arms = list(styles)
    fig, axes = plt.subplots(
        len(arms), 2, figsize=(13, 2.9 * len(arms) + 1.2), layout="constrained", squeeze=False
    )
    biggest = max(held.victims_held.max(), 1) if not held.empty else 1
    relocations = relocations[relocations.compounds >= MIN_ARROW]
    widest = max(relocations.compounds.max(), 1e-9) if not relocations.empty else 1
    centroids = countries.groupby("region")[["lon", "lat"]].mean()
    hosts = held.merge(countries[["iso3", "lon", "lat"]])
    ends = centroids.loc[sorted(set(relocations.source) | set(relocations.target))]
    extent = map_extent(
        pd.concat([hosts.lon, ends.lon]), pd.concat([hosts.lat, ends.lat]), MAP_PAD, MAP_MIN_SPAN
    )
    for row, arm in zip(axes, arms, strict=True):
        for ax, date, when in zip(row, dates, ("start", "end"), strict=True):
            week = hosts[(hosts.arm == arm) & (hosts.date == date)]
            draw_host_countries(ax, countries, week, MAX_MARKER / biggest, extent, labelled=5)
            if when == "end":
                _arrows(ax, relocations[relocations.arm == arm], centroids, widest)
            ax.set_title(
                f"{arm}: {when}, week of {pd.Timestamp(date).date()} "
                f"({week.victims_held.sum():,.0f} held: sum of country medians)",
                fontsize=9,
                color="black",
            )
            ax.xaxis.label.set_fontsize(8)
            ax.yaxis.label.set_fontsize(8)
            ax.tick_params(labelsize=7)
    regions = sorted(set(held.region), key=list(REGION_COLOURS).index)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=REGION_COLOURS[r], markersize=8) for r in regions
    ]
    handles.append(Line2D([], [], color="black", linewidth=2, marker=">"))
    labels = [REGION_LABELS[r] for r in regions] + ["net compound relocations between regions (number)"]
    fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=min(len(labels), 6),
        frameon=False,
        fontsize="small",
    )
    fig.suptitle(
        "Victims held per host country (median over seeds; circle area proportional, largest "
        f"{biggest:,.0f} persons); arrows: net compound relocations between regions over the window "
        "(mean per seed)",
        fontsize=10,
    )
    return fig


def _arrows(ax, relocations: pd.DataFrame, centroids: pd.DataFrame, widest: float) -> None:
    """Arrows between region centroids, width proportional to compounds, labelled at the middle."""
    for move in relocations.itertuples():
        start = centroids.loc[move.source].to_numpy()
        end = centroids.loc[move.target].to_numpy()
        ax.annotate(
            "",
            xy=end,
            xytext=start,
            arrowprops={
                "arrowstyle": "-|>",
                "color": "black",
                "alpha": 0.7,
                "linewidth": 0.8 + 4 * move.compounds / widest,
                "mutation_scale": 12,
            },
        )
        ax.annotate(
            f"{move.compounds:.2g}",
            (start + end) / 2,
            fontsize=7,
            ha="center",
            va="center",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )
