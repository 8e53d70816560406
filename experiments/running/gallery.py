"""The gallery: one run of every scenario next to the baseline, as figures for docs/scenarios.md.

The command and its outputs are described in :mod:`experiments.gallery`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import StrMethodFormatter
from tqdm import tqdm

from experiments.common.atomic import write_run
from experiments.common.config import compose_config, group_options
from experiments.common.provenance import git_commit, package_versions
from experiments.common.style import save_figure
from experiments.running.figures import stacked_by_region
from model import ScamScapeModel
from model.world import build_world

BASELINE_COLOUR, SCENARIO_COLOUR = "#888888", "#332288"


def scenario_figure(name: str, scenario: pd.DataFrame, baseline: pd.DataFrame, by_country: pd.DataFrame):
    """World victims held against the baseline (left) and by host region (right)."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.5), layout="constrained")
    for table, label, colour in (
        (baseline, "baseline", BASELINE_COLOUR),
        (scenario, name, SCENARIO_COLOUR),
    ):
        left.plot(pd.to_datetime(table.date), table.victims_held, label=label, color=colour)
    left.set(xlabel="Date (week)", ylabel="Victims held (persons)", title=f"{name} against the baseline")
    left.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    left.legend(frameon=False)
    left.grid(alpha=0.3)
    stacked_by_region(
        by_country, "victims_held", "Victims held (persons)", f"{name}: by host region", ax=right
    )
    return fig


def headline(name: str, table: pd.DataFrame) -> dict:
    """Numbers of one run for the docs: victims held mid-2023 and at the end, shares, revenue."""
    dates = pd.to_datetime(table.date)
    mid_2023 = table[dates >= "2023-08-01"].iloc[0]
    last = table.iloc[-1]
    return {
        "scenario": name,
        "victims_held_2023_08": int(mid_2023.victims_held),
        "victims_held_end": int(last.victims_held),
        "share_held_southeast_asia_end": round(last.share_held_southeast_asia, 3),
        "share_held_latin_america_end": round(last.share_held_latin_america, 3),
        "host_countries_end": int(last.host_countries),
        "rescued_total": int(table.rescued.sum()),
        "revenue_usd_bn_2025": round(table[dates.dt.year == 2025].revenue_usd.sum() / 1e9, 1),
    }


def write_gallery(seed: int, scale: int, out: Path) -> Path:
    """Run every scenario once (``seed``, ``scale`` persons per agent); write the gallery to ``out``.

    Returns:
        The manifest's path.
    """
    logging.getLogger("MESA").setLevel(logging.WARNING)
    names = group_options("scenario")
    overrides = [f"world.population_scale={scale}"]
    world = build_world(compose_config(overrides).world)
    runs = {}
    for name in tqdm(names, desc="scenarios", unit="run"):
        model = ScamScapeModel(compose_config([f"scenario={name}", *overrides]), rng=seed, world=world)
        model.run()
        runs[name] = (model.recorder.timeseries(), model.recorder.by_country())

    def write_files(folder: Path) -> None:
        for name, (table, by_country) in runs.items():
            save_figure(scenario_figure(name, table, runs["baseline"][0], by_country), folder, name, 120)
        pd.DataFrame([headline(name, table) for name, (table, _) in runs.items()]).to_csv(
            folder / "gallery.csv", index=False
        )

    manifest = {
        "seed": seed,
        "population_scale": scale,
        "scenarios": names,
        "git_commit": git_commit(),
        "versions": package_versions(),
    }
    return write_run(out, write_files, manifest)
