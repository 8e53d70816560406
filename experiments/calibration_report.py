"""What a calibration writes: the calibrated parameter set as a config, and the fit report."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import yaml

from experiments.config import CONFIG_DIR
from experiments.figures import TOL_MUTED
from experiments.outputs import git_commit, package_versions, write_run
from experiments.plots import save_figure
from experiments.targets import Target
from experiments.uncertain import UncertainParameter


def write_config(path: Path, values: pd.Series, distance: float, args: argparse.Namespace) -> None:
    """Write the calibrated values as a Hydra config of the ``params`` group, atomically.

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
    header = (
        "# @package _global_\n"
        "# Calibrated parameter set, written by `python -m experiments.calibrate` (rerun it rather\n"
        "# than edit by hand). Select it with `params=calibrated`. The closest point of an ABC\n"
        "# rejection calibration against configs/calibration/targets.yaml:\n"
        f"# {args.samples} Latin hypercube points x {args.seeds} seeds, distance {distance:.3f};\n"
        "# accepted ranges and the fit per target are in the calibration's fit_report.md.\n"
        f"# Made {dt.date.today()} at commit {git_commit(CONFIG_DIR.parent)} with:\n"
        f"# {command()}\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(header + yaml.safe_dump(nested, sort_keys=True))
    os.replace(partial, path)


def command() -> str:
    """The calibration's command line as typed."""
    return " ".join(["python -m experiments.calibrate", *sys.argv[1:]])


def write_report(
    out: Path,
    fit: pd.DataFrame,
    priors: list[UncertainParameter],
    targets: list[Target],
    best: int,
    options: dict,
) -> Path:
    """Write ``fit.csv``, ``fit_report.md`` and the posterior figure into ``out``, atomically."""

    def write_files(folder: Path) -> None:
        fit.to_csv(folder / "fit.csv", float_format="%.6g")
        (folder / "fit_report.md").write_text(report_text(fit, priors, targets, best, options))
        save_figure(posterior_figure(fit, priors, best), folder, "posterior")

    manifest = {
        "command": sys.argv,
        "options": {k: str(v) for k, v in options.items()},
        "git_commit": git_commit(CONFIG_DIR.parent),
        "versions": package_versions(),
    }
    return write_run(out, write_files, manifest)


def report_text(
    fit: pd.DataFrame, priors: list[UncertainParameter], targets: list[Target], best: int, options: dict
) -> str:
    """The fit report in Markdown: method, priors and accepted ranges, and the fit of each target."""
    accepted = fit[fit["accepted"]]
    lines = [
        "# Calibration fit",
        "",
        f"Approximate Bayesian computation by rejection: {len(fit)} Latin hypercube points "
        f"(`scipy.stats.qmc`, seed {options['design_seed']}) x {options['seeds']} seeds of every "
        "scenario the targets read; each point summarised by the median over seeds of each target's "
        "output; distance: the root mean square of how far (in log units) each median lies outside its "
        f"target's range. Accepted: the closest {options['accept']:.0%} ({len(accepted)} points). "
        f"The calibrated set (`params=calibrated`) is the closest point, {best}.",
        "",
        f"Commit `{git_commit(CONFIG_DIR.parent)}`; command `{command()}`.",
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
            f"{column.max():.4g} | {fit.loc[best, p.key]:.4g} | {p.why} |"
        )
    lines += [
        "",
        "## Fit per target (calibrated point, median over seeds)",
        "",
        "| target | quantity | published | fit range | model median | in range |",
        "|---|---|---|---|---|---|",
    ]
    for t in targets:
        median = fit.loc[best, t.id]
        inside = "yes" if t.discrepancy(median) == 0 else "no"
        lines.append(
            f"| {t.id} | {t.quantity} ({t.unit}, {t.date}) | {format_number(t.value)} | "
            f"{format_number(t.low)} to {format_number(t.high)} | {format_number(median)} | {inside} |"
        )
    lines += [
        "",
        f"Distance of the calibrated point: {fit.loc[best, 'distance']:.3f}; median over accepted "
        f"points: {accepted['distance'].median():.3f}; over all points: {fit['distance'].median():.3f}.",
        "",
        "![Prior and accepted values of each parameter](posterior.png)",
        "",
    ]
    return "\n".join(lines)


def format_number(value: float | None) -> str:
    """A figure for a table: ``-`` if missing, ``64.0bn``, ``120,000`` or three significant digits."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if abs(value) >= 1e9:
        return f"{value / 1e9:.1f}bn"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def posterior_figure(fit: pd.DataFrame, priors: list[UncertainParameter], best: int):
    """One panel per parameter: the prior sample, the accepted points and the calibrated point."""
    columns = 3
    rows = math.ceil(len(priors) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(4 * columns, 2.8 * rows), squeeze=False)
    for ax, p in zip(axes.flat, priors, strict=False):
        values = fit[p.key]
        bins = (np.geomspace if p.log else np.linspace)(p.low, p.high, 13)
        ax.hist(values, bins=bins, color="#DDDDDD", label="prior sample")
        ax.hist(values[fit["accepted"]], bins=bins, color=TOL_MUTED[1], label="accepted")
        ax.axvline(fit.loc[best, p.key], color=TOL_MUTED[0], lw=2, label="calibrated")
        ax.set_title(p.key, fontsize=9)
        ax.set_xlabel(p.unit, fontsize=8)
        if p.log:
            ax.set_xscale("log")
    for ax in axes.flat[len(priors) :]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7)
    axes.flat[0].set_ylabel("points")
    fig.suptitle("Calibration: prior sample and accepted points (ABC rejection)")
    fig.tight_layout()
    return fig
