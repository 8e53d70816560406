"""What a calibration writes: the calibrated parameter set as a config, and the fit report."""

from __future__ import annotations

import argparse
import datetime as dt
import math
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import yaml

from experiments.calibration.targets import Target
from experiments.calibration.uncertain import UncertainParameter
from experiments.common.atomic import write_run
from experiments.common.cli import command_line, format_number, provenance
from experiments.common.provenance import git_commit
from experiments.common.style import TOL_MUTED, save_figure

MODULE = "experiments.calibrate"


def config_text(values: pd.Series, fit_row: pd.Series, args: argparse.Namespace) -> str:
    """The calibrated values as a Hydra config of the ``params`` group, with a header of provenance.

    The file is ``# @package _global_``: its dotted keys set the model's parameters, and a scenario's
    own values still win (``params`` comes before ``scenario`` in configs/config.yaml).
    """
    nested: dict = {}
    for key, value in values.items():
        node = nested
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = float(f"{value:.6g}")
    seeds = max(args.refine_seeds, args.seeds)
    header = (
        "# @package _global_\n"
        "# Calibrated parameter set, written by `python -m experiments.calibrate` (rerun it rather\n"
        "# than edit by hand). Select it with `params=calibrated`. ABC rejection against\n"
        f"# configs/calibration/targets.yaml: {args.samples} Latin hypercube points x {args.seeds}\n"
        "# seeds;"
        f" of the accepted points, the closest over {seeds} seeds (distance "
        f"{fit_row['refined_distance']:.3f}).\n"
        "# Accepted ranges and the fit per target are in the calibration's fit_report.md.\n"
        f"# Made {dt.date.today()} at commit {git_commit()} with:\n"
        f"# {command_line(MODULE)}\n"
    )
    return header + yaml.safe_dump(nested, sort_keys=True)


def write_report(
    out: Path,
    fit: pd.DataFrame,
    priors: list[UncertainParameter],
    targets: list[Target],
    chosen: int,
    chosen_medians: pd.Series,
    config: str,
    options: dict,
) -> Path:
    """Write ``fit.csv``, ``fit_report.md``, the posterior figure and the config, atomically.

    Args:
        out: the calibration's folder.
        fit: a row per point: parameter values, medians per target, distance, accepted,
            refined_distance.
        priors: the calibrated parameters.
        targets: the targets.
        chosen: the chosen point.
        chosen_medians: its median per target over the refinement's seeds.
        config: the text of the calibrated config (a copy is kept beside the report).
        options: the command's options.
    """

    def write_files(folder: Path) -> None:
        fit.to_csv(folder / "fit.csv", float_format="%.6g")
        (folder / "fit_report.md").write_text(
            report_text(fit, priors, targets, chosen, chosen_medians, options)
        )
        (folder / "calibrated.yaml").write_text(config)
        save_figure(posterior_figure(fit, priors, chosen), folder, "posterior")

    return write_run(out, write_files, provenance(MODULE, options))


def report_text(
    fit: pd.DataFrame,
    priors: list[UncertainParameter],
    targets: list[Target],
    chosen: int,
    chosen_medians: pd.Series,
    options: dict,
) -> str:
    """The fit report in Markdown: method, priors and accepted ranges, and the fit of each target."""
    accepted = fit[fit["accepted"]]
    seeds = max(options["refine_seeds"], options["seeds"])
    lines = [
        "# Calibration fit",
        "",
        f"Approximate Bayesian computation by rejection: {len(fit)} Latin hypercube points "
        f"(`scipy.stats.qmc`, seed {options['design_seed']}) x {options['seeds']} seeds of every "
        "scenario the targets read; each point summarised by the median over seeds of each target's "
        "output; distance: the root mean square of how far (in log units) each median lies outside its "
        f"target's range. Accepted: the closest {options['accept']:.0%} ({len(accepted)} points), "
        f"rerun with {seeds} seeds; the calibrated set (`params=calibrated`) is the accepted point "
        f"closest to the targets over those seeds, point {chosen}.",
        "",
        f"Commit `{git_commit()}`; command `{command_line(MODULE)}`.",
        "",
        "## Priors and accepted ranges",
        "",
        "| parameter | unit | prior | accepted min | accepted median | accepted max | calibrated "
        "| why |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for p in priors:
        column = accepted[p.key]
        prior = f"{p.low:g} to {p.high:g}" + (" (log)" if p.log else "")
        lines.append(
            f"| `{p.key}` | {p.unit} | {prior} | {column.min():.4g} | {column.median():.4g} | "
            f"{column.max():.4g} | {fit.loc[chosen, p.key]:.4g} | {p.why} |"
        )
    lines += [
        "",
        f"## Fit per target (calibrated point, median over {seeds} seeds)",
        "",
        "| target | quantity | published | fit range | model median | in range |",
        "|---|---|---|---|---|---|",
    ]
    for t in targets:
        median = chosen_medians[t.id]
        inside = "yes" if t.discrepancy(median) == 0 else "no"
        lines.append(
            f"| {t.id} | {t.quantity} ({t.unit}, {t.date}) | {format_number(t.value)} | "
            f"{format_number(t.low)} to {format_number(t.high)} | {format_number(median)} | {inside} |"
        )
    lines += [
        "",
        f"Distance of the calibrated point over {seeds} seeds: "
        f"{fit.loc[chosen, 'refined_distance']:.3f} "
        f"(over {options['seeds']} seeds: {fit.loc[chosen, 'distance']:.3f}); median over accepted "
        f"points: {accepted['distance'].median():.3f}; over all points: {fit['distance'].median():.3f} "
        f"({options['seeds']} seeds).",
        "",
        "![Prior and accepted values of each parameter](posterior.png)",
        "",
    ]
    return "\n".join(lines)


def posterior_figure(fit: pd.DataFrame, priors: list[UncertainParameter], chosen: int):
    """One panel per parameter: the prior sample, the accepted points and the calibrated point."""
    columns = 3
    rows = math.ceil(len(priors) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4 * columns, 2.8 * rows), squeeze=False)
    for ax, p in zip(axes.flat, priors, strict=False):
        values = fit[p.key]
        bins = (np.geomspace if p.log else np.linspace)(p.low, p.high, 13)
        ax.hist(values, bins=bins, color="#DDDDDD", label="prior sample")
        ax.hist(values[fit["accepted"]], bins=bins, color=TOL_MUTED[1], label="accepted")
        ax.axvline(fit.loc[chosen, p.key], color=TOL_MUTED[0], lw=2, label="calibrated")
        ax.set_title(p.key, fontsize=9)
        ax.set_xlabel(p.unit, fontsize=8)
        if p.log:  # log axis with four plain ticks across the prior
            ax.set_xscale("log")
            ax.minorticks_off()
            ticks = np.geomspace(p.low, p.high, 4)
            ax.set_xticks(ticks, [f"{tick:.3g}" for tick in ticks])
    for ax in axes.flat[len(priors) :]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7)
    axes.flat[0].set_ylabel("points")
    fig.suptitle("Calibration: prior sample and accepted points (ABC rejection)")
    fig.tight_layout()
    return fig
