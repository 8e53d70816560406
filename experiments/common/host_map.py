"""The map of host countries that figures and the explorer draw: countries at their longitude, latitude.

Grey dots are the world's countries; host countries are circles whose area is proportional to the
victims they hold, coloured by region, the largest labelled. Coordinates are the coarse country centres
of ``model/data/countries.csv`` (degrees).
"""

from __future__ import annotations

import pandas as pd

from experiments.common.style import REGION_COLOURS

WORLD = (-180.0, 180.0, -60.0, 80.0)
"""Longitude and latitude limits of every map, degrees."""
COUNTRY_DOT = 6
"""Marker area of a country that holds no victims, points^2."""


def draw_host_countries(
    ax, countries: pd.DataFrame, hosts: pd.DataFrame, area_per_person: float, labelled: int | None = None
) -> None:
    """Draw the world's countries and the host countries on ``ax``.

    Args:
        ax: a Matplotlib axis.
        countries: ``lon, lat`` of every country of the world.
        hosts: ``iso3, lon, lat, region, victims_held`` of the host countries, and optionally ``label``
            (default ``ISO3 victims_held``); rows holding no victims are left out.
        area_per_person: marker area per person held, points^2.
        labelled: how many of the largest hosts are labelled (None: all).
    """
    ax.scatter(countries.lon, countries.lat, s=COUNTRY_DOT, color="#DDDDDD", zorder=1)
    hosts = hosts[hosts.victims_held > 0]
    ax.scatter(
        hosts.lon,
        hosts.lat,
        s=area_per_person * hosts.victims_held,
        c=[REGION_COLOURS[r] for r in hosts.region],
        alpha=0.75,
        edgecolor="black",
        linewidth=0.5,
        zorder=4,
    )
    shown = hosts if labelled is None else hosts.nlargest(labelled, "victims_held")
    labels = (
        shown["label"] if "label" in shown else shown.iso3 + shown.victims_held.map(" {:,.0f}".format)
    )
    for lon, lat, label in zip(shown.lon, shown.lat, labels, strict=True):
        ax.annotate(label, (lon, lat), fontsize=7, xytext=(4, 4), textcoords="offset points", zorder=5)
    ax.set_xlabel("Longitude (degrees)")
    ax.set_ylabel("Latitude (degrees)")
    ax.grid(alpha=0.3)


def map_extent(
    lon: pd.Series, lat: pd.Series, pad: float = 10.0, min_span: tuple[float, float] = (0.0, 0.0)
) -> tuple[float, float, float, float]:
    """Longitude and latitude limits around the points, padded by ``pad`` degrees, within the world.

    Each axis spans at least ``min_span`` degrees (longitude, latitude), centred on the points.
    """
    if lon.empty:
        return WORLD
    limits = []
    for values, (low, high), span in ((lon, WORLD[:2], min_span[0]), (lat, WORLD[2:], min_span[1])):
        centre = (values.min() + values.max()) / 2
        half = max(values.max() - values.min() + 2 * pad, span) / 2
        limits += [max(low, centre - half), min(high, centre + half)]
    return tuple(limits)
