"""Sweep folders for the comparison tests, built without the sweep module.

:func:`build_real_sweep` runs the model for a few scenarios and seeds and writes the sweep's input
contract (``results.parquet``, ``by_country.parquet``, ``by_zone.parquet``, ``compounds.parquet``,
``sweep.json``); :func:`build_synthetic_sweep`
writes a sweep with a known effect, for checking confidence intervals.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.common.config import compose_config
from experiments.running.experiment import compound_events
from model import ScamScapeModel
from model.metrics import FLOW_COLUMNS
from model.world import REGIONS, build_world

SCENARIOS = ("baseline", "coordinated_raid", "unilateral_crackdown")
SEEDS = (1, 2, 3)


def build_real_sweep(
    folder: Path,
    scenarios=SCENARIOS,
    seeds=SEEDS,
    weeks: int = 210,
    scale: int = 400,
    experiment: str = "fixture",
) -> Path:
    """Run every scenario with every seed on the default world and write a sweep folder.

    Args:
        folder: where to write (created).
        scenarios: scenario names of ``configs/scenario/``.
        seeds: model seeds; the same seeds are run in every scenario (paired).
        weeks: weeks from 2020-01-06; 210 reaches January 2024, past the October 2023 interventions.
        scale: persons per victim agent (larger is faster).
        experiment: the experiment name written in the tables and sweep.json.
    """
    logging.getLogger("MESA").setLevel(logging.WARNING)
    folder.mkdir(parents=True, exist_ok=True)
    common = [f"world.population_scale={scale}", f"run.weeks={weeks}", "output.progress=false"]
    world = build_world(compose_config(common).world)
    results, countries, zones, compounds, jobs = [], [], [], [], []
    for scenario in scenarios:
        for seed in seeds:
            overrides = [f"scenario={scenario}", f"seed={seed}", *common]
            model = ScamScapeModel(compose_config(overrides), rng=seed, world=world)
            model.run(progress=False)
            ids = {"experiment": experiment, "scenario": scenario, "seed": seed}
            results.append(model.recorder.timeseries().assign(**ids))
            countries.append(model.recorder.by_country().assign(**ids))
            zones.append(model.recorder.by_zone().assign(**ids))
            compounds.append(compound_events(model).assign(**ids))
            jobs.append({"overrides": overrides, "status": "run"})
    _write(folder, pd.concat(results), pd.concat(countries), experiment, jobs)
    pd.concat(compounds).to_parquet(folder / "compounds.parquet", index=False)
    pd.concat(zones).to_parquet(folder / "by_zone.parquet", index=False)
    return folder


def build_synthetic_sweep(
    folder: Path, effects: dict[str, float], seeds: int = 30, weeks: int = 60, noise: float = 200.0
) -> Path:
    """A sweep whose scenarios hold a known number of persons more than the baseline every week.

    Per seed, the baseline's victims held are a seed level plus weekly noise; scenario ``name`` holds
    the same plus ``effects[name]`` plus independent noise with standard deviation ``noise``
    (persons), so the true paired difference of mean victims held is ``effects[name]``.

    Args:
        folder: where to write (created).
        effects: scenario name to its true effect on victims held, persons.
        seeds: number of paired seeds.
        weeks: weeks from 2022-10-03, so that most fall in the default evaluation window.
        noise: standard deviation of the scenarios' noise, persons.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(12345)
    dates = pd.date_range("2022-10-03", periods=weeks, freq="7D").date
    results, countries = [], []
    for seed in range(1, seeds + 1):
        level = 10_000 + rng.normal(0, 2_000) + rng.normal(0, 300, weeks)
        arms = {"baseline": level} | {
            name: level + effect + rng.normal(0, noise, weeks) for name, effect in effects.items()
        }
        for scenario, held in arms.items():
            table = pd.DataFrame({"step": np.arange(1, weeks + 1), "date": dates, "victims_held": held})
            for column in FLOW_LIKE:
                table[column] = rng.poisson(50, weeks).astype(float)
            table["compounds_active"] = 20.0
            table["host_countries"] = 2.0
            table["revenue_usd"] = held * 2760.0
            for region, share in SHARES.items():
                table[f"share_held_{region}"] = share
            ids = {"experiment": "synthetic", "scenario": scenario, "seed": seed}
            results.append(table.assign(**ids))
            countries.append(_two_countries(table).assign(**ids))
    jobs = [
        {"overrides": [f"scenario={s}", f"seed={n}"], "status": "run"}
        for s in ("baseline", *effects)
        for n in range(1, seeds + 1)
    ]
    _write(folder, pd.concat(results), pd.concat(countries), "synthetic", jobs)
    return folder


FLOW_LIKE = (*FLOW_COLUMNS, "victims_in_transit", "compounds_raided", "recruiters", "nationalities_held")
"""Output columns the synthetic sweep fills with Poisson counts."""
SHARES = {region: 0.0 for region in REGIONS} | {"southeast_asia": 0.8, "latin_america": 0.2}


def _two_countries(table: pd.DataFrame) -> pd.DataFrame:
    """Per-country rows for the synthetic sweep: 80 % of victims held in Myanmar, 20 % in Peru."""
    rows = []
    for iso3, region, share in (("MMR", "southeast_asia", 0.8), ("PER", "latin_america", 0.2)):
        rows.append(
            pd.DataFrame(
                {
                    "step": table.step,
                    "date": table.date,
                    "iso3": iso3,
                    "region": region,
                    "victims_held": table.victims_held * share,
                    "held_nationals": 0.0,
                    "compounds_active": 10,
                    "recruited_from": 0.0,
                    "rescued_in": 0.0,
                    "revenue_usd": table.revenue_usd * share,
                    "relocations_in": int(region == "latin_america"),
                    "relocations_out": int(region == "southeast_asia"),
                }
            )
        )
    return pd.concat(rows)


def _write(folder: Path, results, by_country, experiment: str, jobs: list[dict]) -> None:
    first = ["experiment", "scenario", "seed", "step", "date"]
    for table, name in ((results, "results"), (by_country, "by_country")):
        table = table[first + [c for c in table.columns if c not in first]].reset_index(drop=True)
        table.to_parquet(folder / f"{name}.parquet", index=False)
    sweep = {
        "experiment": experiment,
        "jobs": jobs,
        "counts": {"run": len(jobs), "skipped": 0, "failed": 0},
        "git_commit": "fixture",
        "versions": {"python": "3.12", "scamscape": "0.1.0"},
        "config": {"run": {"start": "2020-01-06"}, "world": {"name": "default"}},
    }
    (folder / "sweep.json").write_text(json.dumps(sweep, indent=2))
