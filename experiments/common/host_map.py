"""The map of host countries that figures and the explorer draw: countries at their longitude, latitude.

Grey dots are the world's countries; host countries (or zones) are circles whose area is proportional
to the victims they hold, coloured by region, the largest labelled where their labels do not overlap.
Coordinates are the coarse country centres of ``model/data/countries.csv`` and the zones' main towns
(degrees).
"""

from __future__ import annotations

import pandas as pd

from experiments.common.style import REGION_COLOURS

WORLD = (-180.0, 180.0, -60.0, 80.0)
"""Longitude and latitude limits of every map, degrees."""
COUNTRY_DOT = 6
"""Marker area of a country that holds no victims, points^2."""


def draw_host_countries(
    ax,
    countries: pd.DataFrame,
    hosts: pd.DataFrame,
    area_per_person: float,
    extent: tuple[float, float, float, float],
    labelled: int | None = None,
) -> None:
    """Draw the world's countries and the host countries (or zones) on ``ax``, within ``extent``.

    Args:
        ax: a Matplotlib axis.
        countries: ``lon, lat`` of every country of the world.
        hosts: ``iso3, lon, lat, region, victims_held`` of the hosts, and optionally ``label``
            (default ``ISO3 victims_held``); rows holding no victims are left out.
        area_per_person: marker area per person held, points^2.
        extent: longitude and latitude limits (:func:`map_extent`), degrees.
        labelled: how many of the largest hosts are labelled (None: all), placed so that no two
            labels overlap (a label that finds no free place is left out).
    """
    ax.scatter(countries.lon, countries.lat, s=COUNTRY_DOT, color="#DDDDDD", zorder=1)
    hosts = hosts[hosts.victims_held > 0]
    if hosts.empty:  # a valid extreme: nobody held that week
        ax.text(0.5, 0.5, "nobody held", transform=ax.transAxes, ha="center", va="center")
        ax.set(xlim=extent[:2], ylim=extent[2:], xlabel="Longitude (degrees)")
        ax.set_ylabel("Latitude (degrees)")
        return
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
    ax.set(xlim=extent[:2], ylim=extent[2:])
    shown = hosts.sort_values("victims_held", ascending=False)
    shown = shown if labelled is None else shown.head(labelled)
    labels = (
        shown["label"] if "label" in shown else shown.iso3 + shown.victims_held.map(" {:,.0f}".format)
    )
    _place_labels(ax, shown.lon.to_numpy(), shown.lat.to_numpy(), list(labels))
    ax.set_xlabel("Longitude (degrees)")
    ax.set_ylabel("Latitude (degrees)")
    ax.grid(alpha=0.3)


LABEL_FONT = 7
"""Font size of the map labels, points."""
_OFFSETS = ((4, 4), (4, -11), (-1, 4), (-1, -11), (4, 15), (4, -22), (-1, 15), (-1, -22))
"""Label offsets tried in turn, points: right or left (-1: the label ends left of the point), up or
down."""


def _place_labels(ax, lon, lat, labels: list[str]) -> None:
    """Annotate points in order, each at the first offset whose box overlaps no earlier label."""
    to_points = 72 / ax.figure.dpi
    taken: list[tuple[float, float, float, float]] = []
    for x, y, label in zip(lon, lat, labels, strict=True):
        px, py = (v * to_points for v in ax.transData.transform((x, y)))
        # a label's box in points: about 0.6 em a character, one line of the font plus a point
        width, height = 0.6 * LABEL_FONT * len(label), LABEL_FONT + 1
        for dx, dy in _OFFSETS:
            left = px + dx if dx > 0 else px - 4 - width
            box = (left, py + dy, left + width, py + dy + height)
            if not any(_overlap(box, other) for other in taken):
                taken.append(box)
                ax.annotate(
                    label,
                    (x, y),
                    fontsize=LABEL_FONT,
                    xytext=(left - px, dy),
                    textcoords="offset points",
                    zorder=5,
                )
                break


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


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
