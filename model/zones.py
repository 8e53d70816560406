"""Host zones: the places inside countries where scam compounds were reported up to the end of 2023.

A zone is an area as public reports name it (a town, district, province or special economic zone),
never a compound or an address; its coordinates are its main town's centre, to two decimals. The named
zones are read from ``model/data/zones.csv`` (one source per row, provenance in
``model/data/SOURCES.md``). Every other country of the world gets one national zone with its national
scores (``state_reach`` 1, every supply domestic), so any country can still host.

Columns of a zone: ``id`` (``ISO3-name``), ``iso3``, ``name``, ``lat``, ``lon`` (degrees), ``kind``,
``protection`` (who sells protection there), ``state_reach`` (in [0, 1]: how far the national state
reaches there, a modifier of the country's governance scores), ``power_from``, ``internet_from``,
``fuel_from`` (``domestic`` or the ISO3 of the neighbouring country supplying it), ``source``,
``source_year``. :func:`add_zone_legs` adds the leg victims travel inside the country, from its centre
(where routes of the country graph end) to the zone's main town: ``leg_km``, ``leg_cost_usd``,
``leg_weeks``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from model.geo import haversine_km
from model.param_fields import ConfigError

KINDS = ("special_economic_zone", "border_town", "city", "region")
"""Kinds of named zone; a country's national zone has kind ``national``."""
PROTECTION = ("state_officials", "non_state_armed_group", "zone_authority")
"""Who provides protection in a zone."""
SUPPLIES = ("power_from", "internet_from", "fuel_from")
"""Columns naming where a zone's electricity, internet and fuel come from."""
DOMESTIC = "domestic"
LAST_SOURCE_YEAR = 2023
"""Inputs stop at the end of 2023; later reports are held out for validation."""
MAX_KM_FROM_CENTRE = 1500.0
"""Rough extent of a country: a zone farther than this from its country's centre is a typo, km.
Assumption: the country table has centres only, no borders; 1,500 km holds every Mekong country."""
COLUMNS = (
    "id",
    "iso3",
    "name",
    "lat",
    "lon",
    "kind",
    "protection",
    "state_reach",
    *SUPPLIES,
    "source",
    "source_year",
)


def load_zone_table(path: Path, countries: pd.DataFrame, borders: pd.DataFrame) -> pd.DataFrame:
    """Read and check the named zones; raise :class:`ConfigError` naming the row and column.

    Args:
        path: the zones CSV file.
        countries: the country table (``iso3``, ``lat``, ``lon``).
        borders: land borders (``iso3_a``, ``iso3_b``): a supplier must be a land neighbour.
    """
    try:
        table = pd.read_csv(path, keep_default_na=False, dtype=str)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path.name}: unreadable ({str(error).splitlines()[0]})") from error
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ConfigError(f"{path.name}: missing columns {missing}; required: {list(COLUMNS)}")
    empty = [c for c in COLUMNS if (table[c].str.strip() == "").any()]
    if empty:
        raise ConfigError(f"{path.name}: empty values in columns {empty}; every column is required")
    duplicated = table.id[table.id.duplicated()].tolist()
    if duplicated:
        raise ConfigError(f"{path.name}: column id has duplicates {duplicated}; ids must be unique")
    centres = countries.set_index("iso3")[["lat", "lon"]]
    unknown = sorted(set(table.iso3) - set(centres.index))
    if unknown:
        raise ConfigError(f"{path.name}: column iso3 has unknown codes {unknown}")
    _check_choice(path, table, "kind", KINDS)
    _check_choice(path, table, "protection", PROTECTION)
    for column, low, high in (("lat", -90, 90), ("lon", -180, 180), ("state_reach", 0, 1)):
        values = pd.to_numeric(table[column], errors="coerce")
        bad = table.id[values.isna() | ~values.between(low, high)].tolist()
        if bad:
            raise ConfigError(f"{path.name}: column {column} out of range [{low}, {high}] for {bad}")
        table[column] = values
    years = pd.to_numeric(table.source_year, errors="coerce")
    late = table.id[years.isna() | (years > LAST_SOURCE_YEAR)].tolist()
    if late:
        raise ConfigError(f"{path.name}: column source_year after {LAST_SOURCE_YEAR} for {late}")
    table["source_year"] = years.astype(int)
    centre = centres.loc[table.iso3]
    far = table.id[
        haversine_km(
            table.lat.to_numpy(), table.lon.to_numpy(), centre.lat.to_numpy(), centre.lon.to_numpy()
        )
        > MAX_KM_FROM_CENTRE
    ].tolist()
    if far:
        raise ConfigError(
            f"{path.name}: lat, lon farther than {MAX_KM_FROM_CENTRE:g} km from the country for {far}"
        )
    neighbours = set(zip(borders.iso3_a, borders.iso3_b, strict=True))
    for column in SUPPLIES:
        bad = [
            row.id
            for row in table.itertuples()
            if getattr(row, column) != DOMESTIC
            and {(row.iso3, getattr(row, column)), (getattr(row, column), row.iso3)}.isdisjoint(
                neighbours
            )
        ]
        if bad:
            raise ConfigError(
                f"{path.name}: column {column} for {bad}; allowed: {DOMESTIC} or a land neighbour's ISO3"
            )
    return table[list(COLUMNS)]


def world_zones(named: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """The zones of a world: its countries' named zones, and a national zone for every other country.

    Args:
        named: the checked zone table (:func:`load_zone_table`), or an empty one.
        countries: the world's countries (``iso3``, ``name``, ``lat``, ``lon``), in index order.

    Returns:
        One row per zone, sorted by country index then id, with ``country`` (the country index).
    """
    index = pd.Series(np.arange(len(countries)), index=countries.iso3.to_numpy())
    named = named[named.iso3.isin(index.index)]
    bare = countries[~countries.iso3.isin(named.iso3)]
    national = pd.DataFrame(
        {
            "id": bare.iso3 + "-national",
            "iso3": bare.iso3,
            "name": bare.name,
            "lat": bare.lat,
            "lon": bare.lon,
            "kind": "national",
            "protection": "state_officials",
            "state_reach": 1.0,
            **{column: DOMESTIC for column in SUPPLIES},
            "source": "national zone (no named zone up to 2023)",
            "source_year": LAST_SOURCE_YEAR,
        }
    )
    zones = pd.concat([named, national], ignore_index=True)
    zones["country"] = index.loc[zones.iso3].to_numpy()
    return zones.sort_values(["country", "id"]).reset_index(drop=True)


def add_zone_legs(zones: pd.DataFrame, countries: pd.DataFrame, params) -> pd.DataFrame:
    """Add each zone's leg from its country's centre to its main town, by road.

    ``leg_km`` is the great-circle distance (0 for a national zone), ``leg_cost_usd`` is
    ``land_usd_per_km * leg_km`` (no border fee: the leg stays in the country), ``leg_weeks`` is
    ``leg_km / land_km_per_week`` (mean weeks; victims draw whole weeks around it).

    Args:
        zones: the world's zones (:func:`world_zones`), with ``country``.
        countries: the world's countries (``lat``, ``lon``), in index order.
        params: the world parameters (``land_usd_per_km``, ``land_km_per_week``).
    """
    centre = countries.iloc[zones.country.to_numpy()]
    km = haversine_km(
        zones.lat.to_numpy(dtype=float),
        zones.lon.to_numpy(dtype=float),
        centre.lat.to_numpy(dtype=float),
        centre.lon.to_numpy(dtype=float),
    )
    km = np.where(zones.kind.to_numpy() == "national", 0.0, km)
    return zones.assign(
        leg_km=km, leg_cost_usd=params.land_usd_per_km * km, leg_weeks=km / params.land_km_per_week
    )


def _check_choice(path: Path, table: pd.DataFrame, column: str, allowed: tuple[str, ...]) -> None:
    bad = table.id[~table[column].isin(allowed)].tolist()
    if bad:
        raise ConfigError(f"{path.name}: column {column} for {bad}; allowed: {', '.join(allowed)}")
