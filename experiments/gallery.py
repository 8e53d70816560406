"""One run of every scenario next to the baseline, as figures for docs/scenarios.md.

``python -m experiments.gallery [--seed N] [--scale PERSONS] [--out DIR]`` runs each scenario of
``configs/scenario/`` with one seed and writes, per scenario, ``NAME.png`` and ``NAME.svg``: world
victims held against the baseline with the same seed, and the scenario's victims held by host region.
It also writes ``gallery.csv`` with the headline numbers. Files are written atomically with a
manifest.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import StrMethodFormatter
from tqdm import tqdm

from experiments.config import CONFIG_DIR, compose_config, group_options
from experiments.figures import stacked_by_region
from experiments.outputs import git_commit, package_versions, write_run
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


def main() -> None:
    """Run every scenario once and write the gallery."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=int, default=20, help="persons per victim agent")
    parser.add_argument("--out", type=Path, default=Path("results/gallery"))
    args = parser.parse_args()
    logging.getLogger("MESA").setLevel(logging.WARNING)
    names = group_options("scenario")
    overrides = [f"world.population_scale={args.scale}"]
    world = build_world(compose_config(overrides).world)
    runs = {}
    for name in tqdm(names, desc="scenarios", unit="run"):
        model = ScamScapeModel(
            compose_config([f"scenario={name}", *overrides]), rng=args.seed, world=world
        )
        model.run()
        runs[name] = (model.recorder.timeseries(), model.recorder.by_country())

    def write_files(folder: Path) -> None:
        for name, (table, by_country) in runs.items():
            fig = scenario_figure(name, table, runs["baseline"][0], by_country)
            for suffix in ("png", "svg"):
                fig.savefig(folder / f"{name}.{suffix}", dpi=120)
            plt.close(fig)
        pd.DataFrame([headline(name, table) for name, (table, _) in runs.items()]).to_csv(
            folder / "gallery.csv", index=False
        )

    manifest = {
        "seed": args.seed,
        "population_scale": args.scale,
        "scenarios": names,
        "git_commit": git_commit(CONFIG_DIR.parent),
        "versions": package_versions(),
    }
    print(f"results: {write_run(args.out, write_files, manifest).parent}")


if __name__ == "__main__":
    main()
