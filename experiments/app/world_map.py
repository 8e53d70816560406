"""The explorer's world map: the model's Network of countries at their longitude and latitude.

Mesa's ``SpaceRenderer`` does not fit this model: its ``NetworkSpaceDrawer`` recomputes a spring
layout instead of the Network's own (longitude, latitude) positions, and it draws only agents placed
in cells, while ScamScape's agents carry a country index and its victims are array rows. So this
component draws the Network's cells at their ``position`` with Matplotlib and sizes each country by
the recorder's weekly per-country table: host countries by victims held (with their compounds),
source countries by persons recruited over the past year, and the top transit hubs marked. A zone
map beside it shows the host zones (``model/data/zones.csv``) by victims held, and a summary gives the
week's date and totals in text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import solara
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from mesa.visualization.utils import update_counter

from experiments.app.levers import LEVERS_HELP
from experiments.common.host_map import draw_host_countries, map_extent
from experiments.common.style import REGION_COLOURS

PERSONS_PER_POINT2 = 100
"""Marker area scale: persons per square point (a fixed scale, so growth shows week to week)."""
HUBS_MARKED = 12
"""Number of countries marked as transit hubs: the highest hub centrality (air routes)."""
HOSTS_LABELLED = 8
"""Number of the largest host countries labelled with their victims held and compounds."""
ZONES_LABELLED = 10
"""Number of the largest host zones labelled on the zone map."""
RECRUITMENT_WEEKS = 52
"""Weeks over which source countries' recruits are summed."""


def country_positions(model) -> np.ndarray:
    """Longitude and latitude (degrees) of each country index, from the model's Network cells."""
    positions = np.zeros((model.world.size, 2))
    for cell in model.space.all_cells:
        positions[cell.coordinate] = cell.position
    return positions


def country_week(model) -> dict[str, np.ndarray]:
    """Per country: victims held and compounds active this week, persons recruited in the past year.

    Before the first week every value is 0.
    """
    blocks = model.recorder.country_blocks
    if not blocks:
        zeros = np.zeros(model.world.size)
        return {"victims_held": zeros, "compounds_active": zeros, "recruited": zeros}
    return {
        "victims_held": blocks[-1]["victims_held"],
        "compounds_active": blocks[-1]["compounds_active"],
        "recruited": np.sum([b["recruited_from"] for b in blocks[-RECRUITMENT_WEEKS:]], axis=0),
    }


def draw_world_map(model) -> Figure:
    """The map of the model's current week (a Matplotlib figure, not attached to pyplot)."""
    lon, lat = country_positions(model).T
    week = country_week(model)
    colours = np.array([REGION_COLOURS[r] for r in model.world.countries.region])
    fig = Figure(figsize=(9, 4.8), layout="constrained")
    ax = fig.subplots()
    hubs = np.argsort(model.world.hub_centrality)[::-1][:HUBS_MARKED]
    ax.scatter(lon[hubs], lat[hubs], s=40, marker="D", facecolor="none", edgecolor="#333333", zorder=2)
    sources = week["recruited"] > 0
    ax.scatter(
        lon[sources],
        lat[sources],
        s=week["recruited"][sources] / PERSONS_PER_POINT2,
        marker="^",
        c=colours[sources],
        alpha=0.45,
        zorder=3,
    )
    iso3, held, compounds = model.world.iso3, week["victims_held"], week["compounds_active"]
    hosts = pd.DataFrame(
        {
            "lon": lon,
            "lat": lat,
            "region": model.world.countries.region.to_numpy(),
            "victims_held": held,
            "label": [f"{c} {h:,.0f} ({n:.0f})" for c, h, n in zip(iso3, held, compounds, strict=True)],
        }
    )
    extent = map_extent(hosts.lon, hosts.lat)
    draw_host_countries(ax, hosts, hosts, 1 / PERSONS_PER_POINT2, extent, labelled=HOSTS_LABELLED)
    ax.legend(handles=_legend_handles(), loc="lower left", fontsize="small", frameon=False)
    ax.set_title(f"Week of {model.date} ({model.params.scenario.name})")
    return fig


def zone_week(model) -> pd.DataFrame:
    """The host zones of this week: ``zone, iso3, lon, lat, region, victims_held, compounds_active``.

    Zones holding nobody are left out (every zone before the first week).
    """
    zones, blocks = model.world.zones, model.recorder.zone_blocks
    held = blocks[-1]["victims_held"] if blocks else np.zeros(len(zones))
    compounds = blocks[-1]["compounds_active"] if blocks else np.zeros(len(zones))
    table = pd.DataFrame(
        {
            "zone": zones.id.to_numpy(),
            "iso3": zones.iso3.to_numpy(),
            "lon": zones.lon.to_numpy(dtype=float),
            "lat": zones.lat.to_numpy(dtype=float),
            "region": model.world.countries.region.to_numpy()[zones.country.to_numpy()],
            "victims_held": held,
            "compounds_active": compounds,
        }
    )
    return table[table.victims_held > 0]


def draw_zone_map(model) -> Figure:
    """The host zones of the current week at their main towns, sized by victims held."""
    lon, lat = country_positions(model).T
    hosts = zone_week(model)
    hosts = hosts.assign(
        label=[
            f"{z} {h:,.0f} ({n:.0f})"
            for z, h, n in zip(hosts.zone, hosts.victims_held, hosts.compounds_active, strict=True)
        ]
    )
    fig = Figure(figsize=(7, 4.8), layout="constrained")
    ax = fig.subplots()
    extent = map_extent(hosts.lon, hosts.lat, pad=3.0, min_span=(20.0, 14.0))
    countries = pd.DataFrame({"lon": lon, "lat": lat})
    draw_host_countries(ax, countries, hosts, 1 / PERSONS_PER_POINT2, extent, labelled=ZONES_LABELLED)
    ax.set_title(f"Host zones, week of {model.date}: persons held (compounds)")
    return fig


def _legend_handles() -> list[Line2D]:
    def marker(symbol: str, label: str, filled: bool) -> Line2D:
        face = "#999999" if filled else "none"
        return Line2D(
            [], [], marker=symbol, linestyle="", markerfacecolor=face, color="#333333", label=label
        )

    return [
        marker("o", "host: persons held (compounds)", True),
        marker("^", f"source: persons recruited in the past {RECRUITMENT_WEEKS} weeks", True),
        marker("D", f"transit hub (top {HUBS_MARKED} by hub centrality)", False),
    ]


def week_summary(model) -> tuple[str, str, str]:
    """The week and its date; the run's scenario, seed and scale; the week's totals."""
    week = country_week(model)
    held, compounds = week["victims_held"], week["compounds_active"]
    return (
        f"Week {model.steps} of {model.params.run.weeks}: week of {model.date}",
        f"scenario {model.params.scenario.name}, seed {model.params.seed}, "
        f"{model.population_scale} persons per victim agent",
        f"{held.sum():,.0f} persons held in {int((held > 0).sum())} host countries, "
        f"{int(compounds.sum())} compounds active",
    )


@solara.component
def WeekSummary(model) -> None:  # noqa: N802 (a Solara component)
    """The week, its date and totals, the runner command and what the levers mean.

    Plain text rather than Markdown: Solara's Markdown loads KaTeX from a CDN, which offline use lacks.
    """
    update_counter.get()
    title, settings, totals = week_summary(model)
    with solara.Column(gap="4px"):
        solara.Text(title, style={"font-weight": "bold", "font-size": "1.1em"})
        solara.Text(settings)
        solara.Text(totals)
        solara.Text("The same run from the command line:")
        solara.Text(
            model.command,
            style={"font-family": "monospace", "font-size": "0.85em", "overflow-wrap": "anywhere"},
        )
        solara.Text(LEVERS_HELP, style={"font-size": "0.85em"})


@solara.component
def WorldMap(model) -> None:  # noqa: N802 (a Solara component)
    """The world map of the current week; redrawn after every step."""
    update_counter.get()
    solara.FigureMatplotlib(draw_world_map(model), format="png", bbox_inches="tight")


@solara.component
def ZoneMap(model) -> None:  # noqa: N802 (a Solara component)
    """The zone map of the current week; redrawn after every step."""
    update_counter.get()
    solara.FigureMatplotlib(draw_zone_map(model), format="png", bbox_inches="tight")
