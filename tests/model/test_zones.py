"""The host-zone table: sourced, unique, inside its countries; every country of the world has a zone."""

import numpy as np
import pandas as pd
import pytest

from model.geo import haversine_km
from model.params import ConfigError, WorldParams
from model.recruitment_market import compound_access
from model.world import DATA_DIR, build_world, load_country_table
from model.zones import LAST_SOURCE_YEAR, MAX_KM_FROM_CENTRE, load_zone_table

ZONES = DATA_DIR / "zones.csv"
REQUIRED_ZONES = (  # the places the issue names, as reported up to 2023
    "MMR-myawaddy",
    "MMR-laukkai",
    "MMR-tachileik",
    "MMR-wa-region",
    "KHM-sihanoukville",
    "KHM-phnom-penh",
    "KHM-bavet",
    "KHM-poipet",
    "LAO-golden-triangle-sez",
    "PHL-metro-manila",
    "PHL-clark-pampanga",
)


@pytest.fixture(scope="module")
def tables():
    countries = load_country_table(DATA_DIR / "countries.csv")
    borders = pd.read_csv(DATA_DIR / "land_borders.csv", keep_default_na=False)
    return countries, borders


def test_the_zone_table_holds_the_named_places_with_sources_up_to_2023(tables):
    zones = load_zone_table(ZONES, *tables)
    assert set(REQUIRED_ZONES) <= set(zones.id)
    assert zones.id.is_unique
    assert (zones.source.str.len() > 20).all()
    assert (zones.source_year <= LAST_SOURCE_YEAR).all()
    assert zones.state_reach.between(0, 1).all()
    for zone in zones.itertuples():
        assert zone.id.startswith(f"{zone.iso3}-")


def test_zones_lie_near_their_country_and_are_given_to_two_decimals_at_most(tables):
    countries, _ = tables
    zones = pd.read_csv(ZONES, dtype=str)
    for column in ("lat", "lon"):  # a town's centre, never a finer point
        assert (zones[column].str.split(".").str[1].str.len() <= 2).all(), column
    centres = countries.set_index("iso3").loc[zones.iso3]
    km = haversine_km(
        zones.lat.astype(float).to_numpy(),
        zones.lon.astype(float).to_numpy(),
        centres.lat.to_numpy(),
        centres.lon.to_numpy(),
    )
    assert (km < MAX_KM_FROM_CENTRE).all()


def test_every_country_of_the_world_has_a_zone_and_countries_without_named_ones_one_national(
    default_world,
):
    zones = default_world.zones
    assert set(zones.country) == set(range(default_world.size))
    national = zones[zones.kind == "national"]
    assert national.country.is_unique
    named = zones[zones.kind != "national"]
    assert not set(named.country) & set(national.country)
    assert set(named.iso3) >= {"MMR", "KHM", "LAO", "PHL"}
    assert (zones.iso3.to_numpy() == default_world.iso3[zones.country]).all()


def _write(tmp_path, edit):
    table = pd.read_csv(ZONES, dtype=str, keep_default_na=False)
    edit(table)
    path = tmp_path / "zones.csv"
    table.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.loc.__setitem__((1, "id"), t.id[0]), "column id has duplicates"),
        (lambda t: t.loc.__setitem__((0, "iso3"), "ATL"), "unknown codes ['ATL']"),
        (lambda t: t.loc.__setitem__((0, "kind"), "compound"), "column kind for ['MMR-myawaddy']"),
        (lambda t: t.loc.__setitem__((0, "state_reach"), "1.5"), "column state_reach out of range"),
        (lambda t: t.loc.__setitem__((0, "source_year"), "2024"), "source_year after 2023"),
        (lambda t: t.loc.__setitem__((0, "lat"), "-30.00"), "farther than 1500 km"),
        (
            lambda t: t.loc.__setitem__((0, "power_from"), "FRA"),
            "column power_from for ['MMR-myawaddy']",
        ),
        (lambda t: t.loc.__setitem__((0, "source"), " "), "empty values in columns ['source']"),
        (lambda t: t.pop("protection"), "missing columns ['protection']"),
    ],
)
def test_a_faulty_zone_table_names_the_row_and_column(tmp_path, tables, edit, message):
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_zone_table(_write(tmp_path, edit), *tables)


def test_a_data_folder_without_zones_gives_national_zones_only(tmp_path):
    for name in ("countries.csv", "air_routes.csv", "land_borders.csv"):
        (tmp_path / name).write_bytes((DATA_DIR / name).read_bytes())
    world = build_world(WorldParams(data_dir=str(tmp_path), countries=["MMR", "THA", "KHM", "LAO"]))
    assert (world.zones.kind == "national").all() and len(world.zones) == world.size


def test_the_leg_to_a_zone_is_its_road_from_the_country_centre_and_recruits_pay_it(make_model):
    model = make_model(seed=1)
    world, p = model.world, model.params.world
    zones = world.zones
    national = zones.kind == "national"
    assert (zones.leg_km[national] == 0).all() and (zones.leg_km[~national] > 0).all()
    centre = world.countries.iloc[zones.country.to_numpy()]
    km = haversine_km(zones.lat, zones.lon, centre.lat.to_numpy(), centre.lon.to_numpy())
    np.testing.assert_allclose(zones.leg_km[~national], km[~national])
    np.testing.assert_allclose(zones.leg_cost_usd, p.land_usd_per_km * zones.leg_km)
    np.testing.assert_allclose(zones.leg_weeks, zones.leg_km / p.land_km_per_week)
    arrays = model.compound_arrays
    cost = world.travel_cost_usd[:, arrays.country] + zones.leg_cost_usd.to_numpy()[arrays.zone]
    expected = np.exp(-cost / model.params.recruitment.access_cost_usd)
    np.testing.assert_allclose(compound_access(model, np.arange(world.size)), expected)
