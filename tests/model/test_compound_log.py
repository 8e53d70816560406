"""Compounds' arrays and event log: zones inside their country, syndicates, a log that agrees with the
time series, and per-zone tables that add up to the per-country ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from experiments.running.experiment import compound_events

BUSY = {  # raids, arrests, reopenings and relocations every few weeks on the small world
    "enforcement__p_detect_compound": 1.0,
    "enforcement__raids_per_unit_week": 0.5,
    "enforcement__p_raid_success": 0.8,
    "enforcement__p_arrest_operator": 0.3,
    "compounds__p_reopen": 0.3,
    "compounds__risk_tolerance": 0.02,
}
WEEKS = 40


@pytest.fixture(scope="module")
def busy_run(small_world):
    from model.model import ScamScapeModel
    from tests.helpers.small_world import small_params

    model = ScamScapeModel(small_params(**BUSY), rng=3, world=small_world)
    zones_seen = []
    for _ in range(WEEKS):
        model.step()
        zones_seen.append((model.compound_arrays.zone.copy(), model.compound_arrays.country.copy()))
    return model, zones_seen


def test_every_compound_sits_in_a_zone_of_its_country_every_week(busy_run):
    model, zones_seen = busy_run
    zone_country = model.world.zones.country.to_numpy()
    for zone, country in zones_seen:
        np.testing.assert_array_equal(zone_country[zone], country)
    assert model.compound_arrays.events().query("event == 'relocated'").shape[0] > 0


def test_the_log_counts_what_the_time_series_counts(busy_run):
    model, _ = busy_run
    series = model.recorder.timeseries().set_index("step")
    events = model.compound_arrays.events()
    weekly = events[events.week > 0].groupby(["week", "event"], observed=False).size().unstack()
    weekly = weekly.reindex(series.index, fill_value=0)
    for event, column in (
        ("raided", "raids"),
        ("closed", "compounds_closed"),
        ("relocated", "relocations"),
        ("exited", "compounds_exited"),
        ("split", "splits"),
    ):
        np.testing.assert_array_equal(weekly[event].to_numpy(), series[column].to_numpy(), err_msg=event)
    assert series.raids.sum() > 10 and series.compounds_closed.sum() > 0
    opened = events[events.event == "opened"]
    assert len(opened) == model.compound_arrays.size and opened.compound.is_unique
    # a new site opens full (a compound that split keeps a site of half its workforce wanted, at most
    # half its former site); an exited compound has no later event
    halved = events[events.event == "split"].groupby("compound").size()
    kept = opened[~opened.compound.isin(halved.index)]
    np.testing.assert_array_equal(
        kept.capacity.to_numpy(), model.compound_arrays.site_capacity[kept.compound.to_numpy()]
    )
    for compound, times in halved.items():
        first = opened.capacity[opened.compound == compound].iloc[0]
        assert model.compound_arrays.site_capacity[compound] <= first / 2**times
    exits = events[events.event == "exited"].groupby("compound").week.min()
    later = events.merge(exits.rename("exit_week"), left_on="compound", right_index=True)
    assert (later.week <= later.exit_week).all(), "an exited compound came back"
    closed = events[events.event == "closed"].groupby("compound").week.apply(list)
    for row in events[events.event == "reopened"].itertuples():
        assert min(closed[row.compound]) <= row.week, "reopened before closing"


def test_reopenings_within_a_year_match_the_series(busy_run):
    model, _ = busy_run
    events = model.compound_arrays.events()
    last_closed = {}
    within_year = np.zeros(WEEKS + 1, dtype=int)
    for row in events.sort_values("week", kind="stable").itertuples():
        if row.event == "closed":
            last_closed[row.compound] = row.week
        elif row.event == "reopened" and row.week - last_closed[row.compound] <= 52:
            within_year[row.week] += 1
    series = model.recorder.timeseries()
    np.testing.assert_array_equal(within_year[1:], series.compounds_reopened.to_numpy())
    assert series.compounds_reopened.sum() > 0


def test_by_zone_adds_up_to_by_country(busy_run):
    model, _ = busy_run
    columns = ["victims_held", "compounds_active", "revenue_usd", "rescued_in"]
    columns += ["relocations_in", "relocations_out"]
    zones = model.recorder.by_zone().groupby(["step", "iso3"])[columns].sum()
    countries = model.recorder.by_country().set_index(["step", "iso3"])[columns].loc[zones.index]
    pd.testing.assert_frame_equal(zones, countries, check_dtype=False, rtol=1e-9)
    assert zones.rescued_in.sum() > 0 and zones.relocations_in.sum() > 0


def test_the_written_log_names_places_and_dates(busy_run):
    model, _ = busy_run
    table = compound_events(model)
    assert set(table.zone) <= set(model.world.zones.id)
    assert set(table.iso3) <= set(model.world.iso3)
    assert (table.iso3 == table.zone.str.split("-").str[0]).all()
    assert table.date.iloc[-1] == model.date_of(int(table.week.iloc[-1]))


def test_initial_compounds_are_grouped_into_several_syndicates_and_spin_offs_join_them(small_world):
    from model.model import ScamScapeModel
    from tests.helpers.small_world import small_params

    model = ScamScapeModel(small_params(compounds__p_entry=1.0), rng=4, world=small_world)
    initial = model.compound_arrays.size
    sizes = np.bincount(model.compound_arrays.syndicate)
    assert 1 < len(sizes) < initial and sizes.max() > 1
    for _ in range(20):
        model.step()
    assert model.compound_arrays.size > initial
    parent = model.compound_arrays.parent
    assert (parent[:initial] == -1).all() and (parent[initial:] >= 0).all(), "every new site's parent"
    assert (parent[initial:] < np.arange(initial, len(parent))).all()
    spun_off = model.compound_arrays.syndicate[initial:]
    assert np.isin(spun_off, np.arange(len(sizes))).mean() > 0.4


def test_a_single_syndicate_when_the_concentration_is_tiny(small_world):
    from model.model import ScamScapeModel
    from tests.helpers.small_world import small_params

    model = ScamScapeModel(
        small_params(compounds__syndicate_concentration=1e-6), rng=4, world=small_world
    )
    assert (model.compound_arrays.syndicate == 0).all()
