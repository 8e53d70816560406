"""The world: country table, travel graph, derived scores and cheapest routes."""

from __future__ import annotations

import shutil

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from model.params import ConfigError, WorldParams
from model.world import DATA_DIR, build_world, load_country_table

SCORE_COLUMNS = ("recruitment", "host_suitability", "hub_centrality", "state_capacity", "corruption")


@pytest.fixture(scope="module")
def country_table():
    return pd.read_csv(DATA_DIR / "countries.csv", keep_default_na=False, na_values=[""])


def test_iso3_codes_are_unique_three_letter_codes(country_table):
    codes = country_table.iso3
    assert codes.is_unique, codes[codes.duplicated()].tolist()
    assert codes.str.fullmatch(r"[A-Z]{3}").all()
    # "NAM" (Namibia) must not be read as a missing value
    assert "NAM" in set(codes)


def test_world_countries_are_sorted_unique_and_indexed(default_world, small_world):
    for world in (default_world, small_world):
        codes = list(world.iso3)
        assert codes == sorted(set(codes))
        assert sorted(world.graph.nodes) == list(range(world.size))
        assert all(world.graph.nodes[i]["iso3"] == code for i, code in enumerate(codes))
        assert list(world.index_of(codes)) == list(range(world.size))


def test_small_world_has_exactly_the_chosen_countries(small_world, world_params):
    assert set(small_world.iso3) == set(world_params.countries)
    assert nx.is_connected(small_world.graph)


def _route_pairs(world) -> tuple[set[frozenset], set[frozenset]]:
    """Country pairs of the air-route and land-border rows whose both ends are in ``world``."""
    air = pd.read_csv(DATA_DIR / "air_routes.csv", keep_default_na=False)
    borders = pd.read_csv(DATA_DIR / "land_borders.csv", keep_default_na=False)
    inside = set(world.iso3)
    air_pairs = {
        frozenset((a, b))
        for a, b in zip(air.origin_iso3, air.destination_iso3, strict=True)
        if a != b and a in inside and b in inside
    }
    land_pairs = {
        frozenset((a, b))
        for a, b in zip(borders.iso3_a, borders.iso3_b, strict=True)
        if a in inside and b in inside
    }
    return air_pairs, land_pairs


@pytest.mark.parametrize("which", ["default_world", "small_world"])
def test_graph_edges_are_exactly_the_kept_route_and_border_rows(which, request):
    world = request.getfixturevalue(which)
    air_pairs, land_pairs = _route_pairs(world)
    iso3 = world.iso3
    edges = set()
    for a, b, data in world.graph.edges(data=True):
        assert 0 <= a < world.size and 0 <= b < world.size
        pair = frozenset((iso3[a], iso3[b]))
        assert len(pair) == 2, f"self-loop at {iso3[a]}"
        assert pair in (air_pairs if data["mode"] == "air" else land_pairs), pair
        edges.add(pair)
    # with min_air_routes = 1 every kept row is a link
    assert air_pairs | land_pairs == edges
    assert land_pairs, "no land border inside the world"


def test_default_world_is_large_and_connected(default_world):
    assert default_world.size > 150
    assert nx.is_connected(default_world.graph)
    assert default_world.graph.number_of_edges() > 1000


@pytest.mark.parametrize("code", ["MMR", "KHM", "LAO", "PHL", "THA", "ARE", "PER", "UGA", "MYS"])
def test_default_world_has_the_hosts_sources_and_hubs(default_world, code):
    assert code in set(default_world.iso3)


@pytest.mark.parametrize("which", ["default_world", "small_world"])
def test_scores_are_within_unit_interval(which, request):
    world = request.getfixturevalue(which)
    for column in SCORE_COLUMNS:
        values = world.countries[column].to_numpy(dtype=float)
        assert np.isfinite(values).all(), column
        assert ((values >= 0) & (values <= 1)).all(), column
        np.testing.assert_array_equal(getattr(world, column), values)
    # the scores discriminate between countries
    assert world.host_suitability.std() > 0.05
    assert world.hub_centrality.max() == pytest.approx(1.0)


def test_scores_rank_known_hosts_above_rule_of_law_states(default_world):
    hosts = default_world.index_of(["MMR", "KHM", "LAO"])
    strong = default_world.index_of(["SGP", "NOR", "CHE"])
    assert default_world.host_suitability[hosts].min() > default_world.host_suitability[strong].max()
    assert default_world.state_capacity[hosts].max() < default_world.state_capacity[strong].min()


@pytest.mark.parametrize("which", ["default_world", "small_world"])
def test_cheapest_routes_walk_graph_edges_from_origin_to_destination(which, request):
    world = request.getfixturevalue(which)
    n = world.size
    nodes, length = world.route_nodes.astype(np.int64), world.route_length.astype(np.int64)
    adjacency = nx.to_numpy_array(world.graph, nodelist=range(n), weight=None) > 0
    cost = nx.to_numpy_array(world.graph, nodelist=range(n), weight="cost_usd")
    origin, destination = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")

    assert (length >= 1).all()
    np.testing.assert_array_equal(np.diag(length), 1)
    assert (length[~np.eye(n, dtype=bool)] >= 2).all()
    np.testing.assert_array_equal(nodes[..., 0], origin)
    last = np.take_along_axis(nodes, (length - 1)[..., None], axis=-1)[..., 0]
    np.testing.assert_array_equal(last, destination)
    hop = np.arange(nodes.shape[-1])
    on_route = hop < length[..., None]
    assert (nodes[on_route] >= 0).all()
    assert (nodes[~on_route] == -1).all()

    path_cost = np.zeros((n, n))
    for k in range(nodes.shape[-1] - 1):
        step = k + 1 < length
        a, b = nodes[..., k][step], nodes[..., k + 1][step]
        assert adjacency[a, b].all(), f"hop {k} is not a travel link"
        path_cost[step] += cost[a, b]
    # the route is the one whose cost is the world's travel cost, and that cost is the cheapest
    np.testing.assert_allclose(path_cost, world.travel_cost_usd, rtol=1e-9)
    for source in (0, n // 2, n - 1):
        cheapest = nx.single_source_dijkstra_path_length(world.graph, source, weight="cost_usd")
        np.testing.assert_allclose(
            world.travel_cost_usd[source], [cheapest[j] for j in range(n)], rtol=1e-9
        )
    np.testing.assert_allclose(world.travel_cost_usd, world.travel_cost_usd.T, rtol=1e-9)


@pytest.mark.parametrize("which", ["default_world", "small_world"])
def test_hop_weeks_at_least_one_on_every_edge_and_zero_elsewhere(which, request):
    world = request.getfixturevalue(which)
    on_edge = np.zeros((world.size, world.size), dtype=bool)
    for a, b, data in world.graph.edges(data=True):
        assert data["travel_weeks"] >= 1
        assert data["cost_usd"] > 0 and data["distance_km"] >= 0
        assert world.hop_weeks[a, b] == world.hop_weeks[b, a] == data["travel_weeks"]
        on_edge[a, b] = on_edge[b, a] = True
    assert (world.hop_weeks[~on_edge] == 0).all()
    modes = {data["mode"] for _, _, data in world.graph.edges(data=True)}
    assert modes == {"air", "land"}


def test_land_crossings_take_longer_over_longer_roads(default_world):
    weeks = {
        data["distance_km"]: data["travel_weeks"]
        for _, _, data in default_world.graph.edges(data=True)
        if data["mode"] == "land"
    }
    long_roads = [w for km, w in weeks.items() if km > 1500]
    assert long_roads and min(long_roads) >= 2


def test_neighbours_are_row_normalised_land_borders(small_world):
    rows = small_world.neighbours.sum(axis=1)
    assert np.all(np.isclose(rows, 1.0) | np.isclose(rows, 0.0))
    mmr, tha, sgp = small_world.index_of(["MMR", "THA", "SGP"])
    assert small_world.neighbours[mmr, tha] > 0
    assert small_world.neighbours[mmr, sgp] == 0


def test_unknown_country_is_rejected():
    with pytest.raises(ConfigError, match=r"world\.countries"):
        build_world(WorldParams(countries=["MMR", "THA", "XXX"]))


def _bad_data_dir(tmp_path, edit):
    table = pd.read_csv(DATA_DIR / "countries.csv", keep_default_na=False, na_values=[""])
    table = edit(table)
    table.to_csv(tmp_path / "countries.csv", index=False)
    for name in ("air_routes.csv", "land_borders.csv"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _duplicate_iso3(table):
    return pd.concat([table, table[table.iso3 == "THA"]], ignore_index=True)


def _rule_of_law_out_of_range(table):
    table.loc[table.iso3 == "THA", "rule_of_law"] = 7.5
    return table


def _population_not_a_number(table):
    table["population"] = table["population"].astype(object)
    table.loc[table.iso3 == "THA", "population"] = "many"
    return table


def _missing_column(table):
    return table.drop(columns="control_of_corruption")


def _empty_iso3(table):
    table["iso3"] = table["iso3"].astype(object)
    table.loc[table.iso3 == "THA", "iso3"] = None
    return table


@pytest.mark.parametrize(
    ("edit", "column"),
    [
        (_duplicate_iso3, "iso3"),
        (_rule_of_law_out_of_range, "rule_of_law"),
        (_population_not_a_number, "population"),
        (_missing_column, "control_of_corruption"),
        (_empty_iso3, "iso3 is empty"),
    ],
)
def test_bad_country_table_raises_config_error_naming_the_column(tmp_path, edit, column):
    data_dir = _bad_data_dir(tmp_path, edit)
    with pytest.raises(ConfigError, match=column) as raised:
        build_world(WorldParams(data_dir=str(data_dir)))
    assert "\n" not in str(raised.value)
    with pytest.raises(ConfigError, match=column):
        load_country_table(data_dir / "countries.csv")


@pytest.mark.parametrize("name", ["countries.csv", "air_routes.csv", "land_borders.csv"])
def test_a_data_file_that_is_not_a_table_is_named(tmp_path, name):
    data_dir = _bad_data_dir(tmp_path, lambda table: table)
    (data_dir / name).write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ConfigError, match=rf"{name}: cannot be read as a CSV table") as raised:
        build_world(WorldParams(data_dir=str(data_dir)))
    assert "\n" not in str(raised.value)


def test_unchanged_copy_of_the_data_builds_the_same_world(tmp_path, small_world, world_params):
    world_params.data_dir = str(_bad_data_dir(tmp_path, lambda table: table))
    copy = build_world(world_params)
    assert list(copy.iso3) == list(small_world.iso3)
    np.testing.assert_allclose(copy.travel_cost_usd, small_world.travel_cost_usd)
