"""The world: countries, their derived scores and the travel links between them.

Countries come from ``model/data/countries.csv`` (World Bank WDI/WGI 2022); links are airline routes
(OpenFlights 2014) and land borders (mledoze/countries), each with a travel time in weeks and a cost in
US$. Transit follows the cheapest path on this graph, through hubs. See ``model/data/SOURCES.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from model import country_scores
from model.geo import haversine_km
from model.params import ConfigError, WorldParams
from model.zones import COLUMNS as ZONE_COLUMNS
from model.zones import add_zone_legs, load_zone_table, world_zones

DATA_DIR = Path(__file__).parent / "data"
REQUIRED_COLUMNS = (
    "iso3",
    "name",
    "un_region",
    "un_subregion",
    "lat",
    "lon",
    "population",
    "gdp_per_capita_ppp",
    "unemployment_youth_pct",
    "internet_users_pct",
    "rule_of_law",
    "control_of_corruption",
    "political_stability",
)
COLUMN_RANGES = {
    "lat": (-90, 90),
    "lon": (-180, 180),
    "population": (1, 2e9),
    "gdp_per_capita_ppp": (1, 1e6),
    "unemployment_youth_pct": (0, 100),
    "internet_users_pct": (0, 100),
    "rule_of_law": (-3, 3),
    "control_of_corruption": (-3, 3),
    "political_stability": (-4, 3),
}
SCORE_COLUMNS = (
    "recruitment",
    "host_suitability",
    "hub_centrality",
    "state_capacity",
    "corruption",
    "population",
    "gdp_per_capita_ppp",
)
REGIONS = (
    "southeast_asia",
    "east_asia",
    "south_asia",
    "central_asia",
    "middle_east",
    "africa",
    "latin_america",
    "north_america",
    "europe",
    "oceania",
)
"""Analysis regions, from UN M49 (``middle_east`` is M49 Western Asia)."""

_SUBREGION_TO_REGION = {
    "South-eastern Asia": "southeast_asia",
    "Eastern Asia": "east_asia",
    "Southern Asia": "south_asia",
    "Central Asia": "central_asia",
    "Western Asia": "middle_east",
    "Latin America and the Caribbean": "latin_america",
    "Northern America": "north_america",
}
_REGION_TO_REGION = {"Africa": "africa", "Europe": "europe", "Oceania": "oceania"}


def analysis_region(un_region: str, un_subregion: str) -> str:
    """Map a UN M49 region and sub-region to one of :data:`REGIONS`."""
    region = _SUBREGION_TO_REGION.get(un_subregion) or _REGION_TO_REGION.get(un_region)
    if region is None:
        raise ConfigError(f"country table: unknown un_region/un_subregion {un_region}/{un_subregion}")
    return region


def read_data_csv(path: Path, **options) -> pd.DataFrame:
    """Read one of the world's data tables; raise :class:`ConfigError` naming the file if it cannot.

    Missing values are read as empty strings unless ``na_values`` says otherwise.
    """
    try:
        return pd.read_csv(path, keep_default_na=False, **options)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0]
        raise ConfigError(f"{path}: cannot be read as a CSV table ({reason})") from None


def load_country_table(path: Path) -> pd.DataFrame:
    """Read and check the country table; raise :class:`ConfigError` naming the faulty column."""
    table = read_data_csv(path, na_values=[""])
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise ConfigError(f"{path.name}: missing columns {missing}; required: {list(REQUIRED_COLUMNS)}")
    malformed = [i + 2 for i, code in enumerate(table.iso3) if not re.fullmatch(r"[A-Z]{3}", str(code))]
    if malformed:
        raise ConfigError(
            f"{path.name}: column iso3 is empty or not three capital letters on lines {malformed[:10]}; "
            "allowed: an ISO3 code on every row"
        )
    duplicated = table.iso3[table.iso3.duplicated()].tolist()
    if duplicated:
        raise ConfigError(f"{path.name}: column iso3 has duplicates {duplicated}; codes must be unique")
    for column, (low, high) in COLUMN_RANGES.items():
        values = pd.to_numeric(table[column], errors="coerce")
        bad = table.iso3[
            (values.notna() & ~values.between(low, high)) | values.isna() & table[column].notna()
        ].tolist()
        if bad:
            raise ConfigError(f"{path.name}: column {column} out of range [{low}, {high}] for {bad}")
    return table


@dataclass
class World:
    """Countries (index 0..n-1), their scores, and the travel graph with cheapest paths.

    Attributes:
        countries: one row per country with the source columns, ``region`` and the derived scores
            ``recruitment``, ``host_suitability``, ``hub_centrality``, ``state_capacity``,
            ``corruption`` (all in [0, 1]) and ``air_routes`` (international airline routes).
        graph: travel links between country indices, with ``mode``, ``distance_km``,
            ``travel_weeks`` and ``cost_usd`` on each edge.
        travel_cost_usd: cheapest path cost between every pair of countries, US$ (n x n).
        distance_km: great-circle distance between country centres, km (n x n).
        hop_weeks: travel weeks of each direct link, 0 where there is none (n x n).
        route_nodes: the cheapest path from i to j as node indices, padded with -1 (n x n x hops).
        route_length: number of nodes on each path (n x n; 1 from a country to itself).
        neighbours: land-border adjacency, row-normalised (n x n), for risk spillover.
        table_iso3: every ISO3 code of the country table, in the world or not.
        zones: the host zones of the world's countries (:func:`model.zones.world_zones`): the named
            zones of ``zones.csv``, and one national zone for each other country, with the leg from
            the country's centre to each (:func:`model.zones.add_zone_legs`).

    The score columns are also held as NumPy arrays (``world.recruitment`` and so on), since the
    model reads them every week.
    """

    countries: pd.DataFrame
    graph: nx.Graph
    travel_cost_usd: np.ndarray
    distance_km: np.ndarray
    hop_weeks: np.ndarray
    route_nodes: np.ndarray
    route_length: np.ndarray
    neighbours: np.ndarray
    table_iso3: frozenset[str] = frozenset()
    zones: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        for name in SCORE_COLUMNS:
            setattr(self, name, self.countries[name].to_numpy(dtype=float))

    @property
    def size(self) -> int:
        """Number of countries."""
        return len(self.countries)

    @property
    def iso3(self) -> np.ndarray:
        """ISO3 code of each country index."""
        return self.countries.iso3.to_numpy()

    def index_of(self, codes) -> np.ndarray:
        """Country indices of ISO3 codes (all must be in the world)."""
        lookup = {code: i for i, code in enumerate(self.iso3)}
        return np.array([lookup[c] for c in codes], dtype=np.int64)

    def present(self, codes) -> np.ndarray:
        """Country indices of those ``codes`` that are in the world (others are left out)."""
        lookup = {code: i for i, code in enumerate(self.iso3)}
        return np.array([lookup[c] for c in codes if c in lookup], dtype=np.int64)

    def region_mask(self, region: str) -> np.ndarray:
        """Boolean mask of the countries in an analysis region."""
        return (self.countries.region == region).to_numpy()

    def positions(self) -> dict[int, tuple[float, float]]:
        """Longitude and latitude of each country index (the Network layout)."""
        return {i: (row.lon, row.lat) for i, row in enumerate(self.countries.itertuples())}


def build_world(params: WorldParams) -> World:
    """Build the world chosen by ``params`` from the country, route and border tables."""
    data_dir = Path(params.data_dir) if params.data_dir else DATA_DIR
    table = load_country_table(data_dir / "countries.csv")
    air = read_data_csv(data_dir / "air_routes.csv")
    borders = read_data_csv(data_dir / "land_borders.csv")

    complete = table.dropna(subset=list(REQUIRED_COLUMNS))
    if params.countries is not None and len(params.countries) == 0:
        raise ConfigError(
            "world.countries: the list is empty; allowed: null (every country with complete data) "
            "or ISO3 codes of countries of model/data/countries.csv"
        )
    if params.countries is not None:
        unknown = sorted(set(params.countries) - set(complete.iso3))
        if unknown:
            allowed = ", ".join(sorted(complete.iso3))
            raise ConfigError(
                f"world.countries: unknown or incomplete ISO3 {unknown}; allowed: {allowed}"
            )
        complete = complete[complete.iso3.isin(params.countries)]
    countries = complete.sort_values("iso3").reset_index(drop=True)

    international = air[air.origin_iso3 != air.destination_iso3]
    routes_per_country = (
        international.groupby("origin_iso3")
        .routes.sum()
        .add(international.groupby("destination_iso3").routes.sum(), fill_value=0)
    )
    countries["air_routes"] = countries.iso3.map(routes_per_country).fillna(0).to_numpy()
    graph = _travel_graph(countries, international, borders, params)
    connected = _in_largest_component(countries, graph, params)
    if not connected.all():
        countries = countries[connected].reset_index(drop=True)
        graph = _travel_graph(countries, international, borders, params)
    world = _finish(countries, graph, borders, params)
    world.table_iso3 = frozenset(table.iso3)
    zones_path = data_dir / "zones.csv"  # optional in a custom data folder: national zones only
    named = (
        load_zone_table(zones_path, table, borders)
        if zones_path.is_file()
        else pd.DataFrame(columns=list(ZONE_COLUMNS))
    )
    world.zones = add_zone_legs(world_zones(named, world.countries), world.countries, params)
    return world


def _in_largest_component(countries: pd.DataFrame, graph: nx.Graph, params: WorldParams):
    """Mask of the countries linked to the largest connected part of the graph."""
    component = max(nx.connected_components(graph), key=len)
    keep = countries.index.isin(sorted(component))
    dropped = countries.iso3[~keep].tolist()
    if dropped and params.countries is not None:
        raise ConfigError(f"world.countries: {dropped} have no travel link to the other countries")
    return keep


def _travel_graph(countries, international, borders, params: WorldParams) -> nx.Graph:
    index = {code: i for i, code in enumerate(countries.iso3)}
    lat, lon = countries.lat.to_numpy(), countries.lon.to_numpy()
    graph = nx.Graph()
    graph.add_nodes_from((i, {"iso3": code}) for code, i in index.items())

    def add(a: int, b: int, mode: str) -> None:
        distance = float(haversine_km(lat[a], lon[a], lat[b], lon[b]))
        if mode == "air":
            cost, weeks = params.air_usd_base + params.air_usd_per_km * distance, 1
        else:
            cost = params.land_usd_base + params.land_usd_per_km * distance
            weeks = max(1, int(np.ceil(distance / params.land_km_per_week)))
        if graph.has_edge(a, b) and graph.edges[a, b]["cost_usd"] <= cost:
            return
        graph.add_edge(a, b, mode=mode, distance_km=distance, travel_weeks=weeks, cost_usd=cost)

    pairs = international[
        international.origin_iso3.isin(index) & international.destination_iso3.isin(index)
    ]
    links = pairs.assign(a=pairs.origin_iso3.map(index), b=pairs.destination_iso3.map(index)).assign(
        lo=lambda d: d[["a", "b"]].min(axis=1), hi=lambda d: d[["a", "b"]].max(axis=1)
    )
    for (a, b), routes in links.groupby(["lo", "hi"]).routes.sum().items():
        if routes >= params.min_air_routes:
            add(a, b, "air")
    for a, b in borders.itertuples(index=False):
        if a in index and b in index:
            add(index[a], index[b], "land")
    return graph


def _finish(countries, graph: nx.Graph, borders, params: WorldParams) -> World:
    n = len(countries)
    countries = countries.copy()
    countries["region"] = [
        analysis_region(r, s) for r, s in zip(countries.un_region, countries.un_subregion, strict=True)
    ]
    countries["recruitment"] = country_scores.recruitment_attractiveness(countries, params.scores)
    countries["host_suitability"] = country_scores.host_suitability(
        countries, countries.air_routes.to_numpy(), params.scores
    )
    countries["hub_centrality"] = country_scores.hub_centrality(countries.air_routes.to_numpy())
    countries["state_capacity"] = country_scores.state_capacity(countries)
    countries["corruption"] = country_scores.corruption(countries)

    rows, cols, cost, weeks = [], [], [], []
    for a, b, data in graph.edges(data=True):
        rows += [a, b]
        cols += [b, a]
        cost += [data["cost_usd"]] * 2
        weeks += [data["travel_weeks"]] * 2
    cost_matrix = csr_matrix((cost, (rows, cols)), shape=(n, n))
    travel_cost, predecessors = dijkstra(cost_matrix, directed=False, return_predecessors=True)
    hop_weeks = np.zeros((n, n), dtype=np.int16)
    hop_weeks[rows, cols] = weeks
    route_nodes, route_length = _paths(predecessors)

    index = {code: i for i, code in enumerate(countries.iso3)}
    neighbours = np.zeros((n, n))
    for a, b in borders.itertuples(index=False):
        if a in index and b in index:
            neighbours[index[a], index[b]] = neighbours[index[b], index[a]] = 1.0
    degree = neighbours.sum(axis=1, keepdims=True)
    neighbours = np.divide(neighbours, degree, out=np.zeros_like(neighbours), where=degree > 0)
    lat, lon = countries.lat.to_numpy(), countries.lon.to_numpy()
    distance = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    return World(
        countries, graph, travel_cost, distance, hop_weeks, route_nodes, route_length, neighbours
    )


def _paths(predecessors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All cheapest paths at once, walking the predecessor matrix backwards for every pair."""
    n = predecessors.shape[0]
    source = np.repeat(np.arange(n), n).reshape(n, n)
    current = np.tile(np.arange(n), (n, 1))
    backwards = [current]
    while True:
        step = predecessors[source, current]
        step = np.where(current == source, -9999, step)
        if (step < 0).all():
            break
        current = np.where(step >= 0, step, current)
        backwards.append(np.where(step >= 0, step, -1))
    stacked = np.stack(backwards, axis=-1)  # destination first, -1 after the source
    length = (stacked >= 0).sum(axis=-1)
    route_nodes = np.full_like(stacked, -1)
    for k in range(stacked.shape[-1]):
        take = k < length
        position = np.where(take, length - 1 - k, 0)
        picked = np.take_along_axis(stacked, position[..., None], axis=-1)[..., 0]
        route_nodes[..., k] = np.where(take, picked, -1)
    return route_nodes.astype(np.int16), length.astype(np.int16)
