"""One experiment: build and run the model, then write its tables, figures and manifest atomically."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import pandas as pd

from experiments.common.atomic import write_run
from experiments.common.config import RunConfig
from experiments.common.provenance import git_commit, package_versions, run_config_digest
from experiments.running.figures import save_run_figures
from model import ScamScapeModel
from model.agents import VictimState


def run_experiment(config: RunConfig, run_dir: Path, resolved: dict) -> Path:
    """Build and run the model, then write its tables, figures and manifest into ``run_dir``.

    Returns:
        The manifest's path.
    """
    logging.getLogger("MESA").setLevel(logging.WARNING)
    started = time.perf_counter()
    model = ScamScapeModel(config, rng=config.seed)
    model.run(progress=config.output.progress)
    timeseries, by_country = model.recorder.timeseries(), model.recorder.by_country()
    by_zone = model.recorder.by_zone()

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
