"""One experiment: build and run the model, then write its tables, figures and manifest atomically.

The world (countries, routes, zones) is built once per process and world config
(:func:`world_for`): a sweep's worker runs many jobs on the same world, and the model only reads it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.common.atomic import write_run
from experiments.common.config import RunConfig
from experiments.common.provenance import git_commit, package_versions, run_config_digest
from experiments.running.figures import save_run_figures
from model import ConfigError, ScamScapeModel
from model.agents import VictimState
from model.params import WorldParams
from model.world import World, build_world

_WORLDS: dict[str, World] = {}
"""Worlds built in this process, by their world config (one per config a sweep uses)."""


NOT_READ_BY_BUILD = ("name", "population_scale", "initial_held_persons")
"""World config keys :func:`model.world.build_world` does not read (a label, and the model's own)."""


def world_for(params: WorldParams) -> World:
    """The world of ``params``, built the first time this process asks for it."""
    fields = dataclasses.asdict(params)
    read = {key: value for key, value in fields.items() if key not in NOT_READ_BY_BUILD}
    key = json.dumps(read, sort_keys=True, default=str)
    if key not in _WORLDS:
        _WORLDS[key] = build_world(params)
    return _WORLDS[key]


def run_experiment(config: RunConfig, run_dir: Path, resolved: dict) -> Path:
    """Build and run the model, then write its tables, figures and manifest into ``run_dir``.

    Returns:
        The manifest's path.
    """
    logging.getLogger("MESA").setLevel(logging.WARNING)
    started = time.perf_counter()
    model = ScamScapeModel(config, rng=config.seed, world=world_for(config.world))
    model.run(progress=config.output.progress)
    timeseries, by_country = model.recorder.timeseries(), model.recorder.by_country()
    by_zone = model.recorder.by_zone()
    check_finite({"timeseries": timeseries, "by_country": by_country, "by_zone": by_zone})

    def write_files(folder: Path) -> None:
        timeseries.to_parquet(folder / "timeseries.parquet", index=False)
        by_country.to_parquet(folder / "by_country.parquet", index=False)
        by_zone.to_parquet(folder / "by_zone.parquet", index=False)
        compound_events(model).to_parquet(folder / "compounds.parquet", index=False)
        if config.output.events:
            events = model.victims.events()
            events["iso3"] = model.world.iso3[events.country]
            events["state"] = [VictimState(s).name for s in events.state]
            events.drop(columns="country").to_parquet(folder / "events.parquet", index=False)
        if config.output.figures:
            save_run_figures(timeseries, by_country, by_zone, model.world, folder / "figures")

    manifest = {
        "scenario": config.scenario.name,
        "seed": config.seed,
        "config": resolved,
        "config_sha256": run_config_digest(resolved),
        "command": sys.argv,
        "git_commit": git_commit(),
        "versions": package_versions(),
        "simulation_wall_time_s": round(time.perf_counter() - started, 3),
    }
    return write_run(run_dir, write_files, manifest)


def check_finite(tables: dict[str, pd.DataFrame]) -> None:
    """Refuse results holding NaN or infinity (before anything is written), naming where they start.

    Raises:
        ConfigError: the first non-finite value's table, column and step.
    """
    for name, table in tables.items():
        numbers = table.select_dtypes("number")
        finite = np.isfinite(numbers.to_numpy(dtype=float))
        if not finite.all():
            row, column = np.argwhere(~finite)[0]
            raise ConfigError(
                f"results: {name}.{numbers.columns[column]} is not finite from step "
                f"{table.step.iloc[row]}; the parameters take the model beyond what it can compute "
                "(nothing written); allowed: values that keep every output finite"
            )


def compound_events(model: ScamScapeModel) -> pd.DataFrame:
    """The compounds' event log with readable places (zone ids of ``model/data/zones.csv``).

    Columns: ``week, date, compound, syndicate, parent, zone, iso3, event, workforce_held,
    capacity`` (persons) and ``cause`` (``model.compound_arrays.CAUSES``).
    """
    events = model.compound_arrays.events()
    zones = model.world.zones
    return pd.DataFrame(
        {
            "week": events.week,
            "date": [model.date_of(int(week)) for week in events.week],
            "compound": events.compound,
            "syndicate": events.syndicate,
            "parent": events.parent,
            "zone": zones.id.to_numpy()[events.zone.to_numpy(dtype=int)],
            "iso3": model.world.iso3[events.country.to_numpy(dtype=int)],
            "event": events.event.astype(str),
            "workforce_held": events.workforce_held,
            "capacity": events.capacity,
            "cause": events.cause.astype(str),
        }
    )
