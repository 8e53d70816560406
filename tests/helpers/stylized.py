"""Paired runs for the stylized-fact tests: the same seeds for a scenario and its baseline."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from experiments.common.config import compose_config
from model import ScamScapeModel
from model.world import build_world

SEEDS = tuple(range(1, 11))
HORIZON = ("run.start=2020-01-06", "run.weeks=286", "world.population_scale=40")
"""To mid-2025, 40 persons per agent: long enough for a year after each intervention, fast enough."""


def config(*overrides: str):
    """The run config for ``overrides`` (scenario choice and any field), on the test horizon."""
    return compose_config([*HORIZON, *overrides])


@functools.cache
def world():
    """The default world, built once."""
    return build_world(config().world)


@functools.cache
def run(overrides: tuple[str, ...], seed: int) -> ScamScapeModel:
    """Run one configuration with one seed (cached, so baselines are shared between tests)."""
    model = ScamScapeModel(config(*overrides), rng=seed, world=world())
    model.run()
    return model


def timeseries(model: ScamScapeModel) -> pd.DataFrame:
    """The model's weekly table with dates as timestamps."""
    table = model.recorder.timeseries()
    return table.assign(date=pd.to_datetime(table.date))


def window(table: pd.DataFrame, start: str, weeks: int) -> pd.DataFrame:
    """Rows from ``start`` for ``weeks`` weeks."""
    begin = pd.Timestamp(start)
    return table[(table.date >= begin) & (table.date < begin + pd.Timedelta(weeks=weeks))]


def displacement_shares(model: ScamScapeModel, country: str, start: str, weeks: int) -> dict:
    """Where the compounds that left ``country``'s zones from ``start`` for ``weeks`` weeks went.

    Shares of those relocations (each counted once) ending in another zone of the same country, in
    a land neighbour, elsewhere in the same analysis region, or beyond; plus their number.
    """
    events = model.compound_arrays.events()
    events = events[events.event.isin(["opened", "relocated"])].sort_values(["compound", "week"])
    events["from_country"] = events.groupby("compound").country.shift()
    first = (pd.Timestamp(start) - pd.Timestamp(model.start_date)).days // 7 + 1
    moves = events[
        (events.event == "relocated")
        & (events.week >= first)
        & (events.week < first + weeks)
        & (events.from_country == model.world.index_of([country])[0])
    ]
    home = int(model.world.index_of([country])[0])
    to = moves.country.to_numpy(dtype=int)
    regions = model.world.countries.region.to_numpy()
    same = to == home
    neighbour = ~same & (model.world.neighbours[home, to] > 0)
    region = ~same & ~neighbour & (regions[to] == regions[home])
    count = max(len(moves), 1)
    return {
        "moves": len(moves),
        "same_country": same.sum() / count,
        "neighbours": neighbour.sum() / count,
        "rest_of_region": region.sum() / count,
        "beyond": (len(moves) - same.sum() - neighbour.sum() - region.sum()) / count,
    }


def relocations_from_zone(model: ScamScapeModel, zone_id: str, start: str, weeks: int) -> pd.DataFrame:
    """Compounds that left zone ``zone_id`` from ``start`` for ``weeks`` weeks: moves and split-offs.

    One row per relocation out of the zone and per new site a compound of the zone opened elsewhere
    by splitting, with ``compound, week, zone, country`` (the destination's indices) and ``nearby``:
    the destination is another zone of the same country or in a land neighbour.
    """
    origin = int(np.flatnonzero(model.world.zones.id == zone_id)[0])
    home = int(model.zone_country[origin])
    events = model.compound_arrays.events()
    first = (pd.Timestamp(start) - pd.Timestamp(model.start_date)).days // 7 + 1
    events = events[(events.week >= first) & (events.week < first + weeks) | (events.event == "opened")]
    placed = events[events.event.isin(["opened", "relocated"])].sort_values(
        ["compound", "week"], kind="stable"
    )
    placed = placed.assign(from_zone=placed.groupby("compound").zone.shift())
    moves = placed[(placed.event == "relocated") & (placed.from_zone == origin)]
    moves = moves[(moves.week >= first) & (moves.week < first + weeks)]
    splits = events[(events.event == "split") & (events.zone == origin)][["compound", "week"]]
    offshoots = events[(events.event == "opened") & (events.cause == "split")].merge(
        splits, left_on=["parent", "week"], right_on=["compound", "week"], suffixes=("", "_parent")
    )
    offshoots = offshoots[offshoots.zone != origin]
    left = pd.concat([moves, offshoots])[["compound", "week", "zone", "country"]]
    to = left.country.to_numpy(dtype=int)
    nearby = (to == home) | (model.world.neighbours[home, to] > 0)
    return left.assign(nearby=nearby)
