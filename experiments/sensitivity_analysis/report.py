"""What a sensitivity analysis writes: index tables, ranked figures, the experiments for other tools."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from experiments.calibration.uncertain import UncertainParameter
from experiments.common.atomic import write_run
from experiments.common.cli import command_line, provenance
from experiments.common.provenance import git_commit
from experiments.common.style import TOL_MUTED, save_figure


@dataclass
class Screening:
    """A Morris screening: parameters varied, those not (their intervention is off), runs, indices.

    Attributes:
        parameters: the parameters varied.
        idle: keys of parameters not varied because their intervention is off in the scenario.
        runs: a row per design point: parameter values and outcomes.
        unit: the design on the unit cube, as sampled.
        indices: mu*, its confidence, sigma, normalised mu* and rank, per outcome and parameter.
    """

    parameters: list[UncertainParameter]
    idle: list[str]
    runs: pd.DataFrame
    unit: np.ndarray
    indices: pd.DataFrame


@dataclass
class SobolDesign:
    """Sobol' indices of a few parameters: their keys, the runs, the unit-cube design, S1 and ST."""

    parameters: list[str]
    runs: pd.DataFrame
    unit: np.ndarray
    indices: pd.DataFrame


def write_sensitivity(
    out: Path,
    screening: Screening,
    sobol: SobolDesign | None,
    fixed: dict[str, float],
    outcomes: dict[str, str],
    options: dict,
) -> Path:
    """Write the tables, figures and exports of a sensitivity analysis into ``out``, atomically.

    Args:
        out: the analysis' folder.
        screening: the Morris screening.
        sobol: the Sobol' step, or None.
        fixed: every parameter's value where a design does not vary it (filled into experiments.csv).
        outcomes: each outcome column and what it measures.
        options: the command's options.
    """

    def write_files(folder: Path) -> None:
        screening.indices.to_csv(folder / "morris.csv", index=False, float_format="%.6g")
        (folder / "morris.md").write_text(markdown(screening, sobol, outcomes, options))
        save_figure(morris_figure(screening.indices, outcomes), folder, "morris")
        salib = folder / "salib"
        salib.mkdir()
        keys = [p.key for p in screening.parameters]
        write_salib(salib, "morris", keys, screening.unit, screening.runs[list(outcomes)])
        runs = [screening.runs.reset_index().assign(design="morris")]
        if sobol is not None:
            sobol.indices.to_csv(folder / "sobol.csv", index=False, float_format="%.6g")
            save_figure(sobol_figure(sobol.indices, outcomes), folder, "sobol")
            write_salib(salib, "sobol", sobol.parameters, sobol.unit, sobol.runs[list(outcomes)])
            runs.append(sobol.runs.reset_index().assign(design="sobol"))
        experiments = pd.concat(runs, ignore_index=True)
        experiments = experiments.fillna({key: fixed[key] for key in keys})
        experiments.insert(0, "design", experiments.pop("design"))
        experiments.to_csv(folder / "experiments.csv", index=False, float_format="%.10g")

    return write_run(out, write_files, provenance("experiments.sensitivity", options))


def write_salib(
    folder: Path, name: str, names: list[str], unit: np.ndarray, outputs: pd.DataFrame
) -> None:
    """SALib's command-line files ``NAME_problem.txt``, ``NAME_X.txt``, ``NAME_Y.txt`` (outcome columns).

    The inputs are on the unit interval, as sampled: each parameter's range, log-uniform where
    configs/calibration/parameters.yaml says so; experiments.csv holds the values in their units.
    """
    (folder / f"{name}_problem.txt").write_text("".join(f"{n},0.0,1.0\n" for n in names))
    np.savetxt(folder / f"{name}_X.txt", unit, fmt="%.10g")
    np.savetxt(
        folder / f"{name}_Y.txt", outputs.to_numpy(), fmt="%.10g", header=" ".join(outputs.columns)
    )


def markdown(screening: Screening, sobol: SobolDesign | None, outcomes: dict, options: dict) -> str:
    """The indices in Markdown: Morris per outcome, ranked, then Sobol' if it was run."""
    morris = screening.indices
    lines = [
        "# Sensitivity analysis",
        "",
        f"Morris screening: {options['trajectories']} trajectories, {options['levels']} levels; "
        f"scenario `{options['scenario']}`, model seed {options['seed']} for every run, parameter set "
        f"`{options['params']}`, overrides "
        f"`{' '.join(options['overrides']) or 'none'}`. mu* is the mean absolute elementary effect of "
        "moving a parameter across its range (in the outcome's unit); conf its 95 % bootstrap "
        "half-width; sigma the spread of the effects (interactions, non-linearity).",
        "",
        f"Commit `{git_commit()}`; command `{command_line('experiments.sensitivity')}`.",
        "",
    ]
    if screening.idle:
        lines += [
            f"Not varied, as their intervention is off in `{options['scenario']}`: "
            + ", ".join(f"`{key}`" for key in screening.idle)
            + ".",
            "",
        ]
    for outcome, meaning in outcomes.items():
        table = morris[morris["outcome"] == outcome].sort_values("rank")
        lines += [
            f"## {outcome}: {meaning}",
            "",
            "| rank | parameter | mu* | conf | sigma |",
            "|---|---|---|---|---|",
        ]
        for row in table.itertuples():
            lines.append(
                f"| {row.rank} | `{row.parameter}` | {row.mu_star:.4g} | {row.mu_star_conf:.3g} | "
                f"{row.sigma:.4g} |"
            )
        lines.append("")
    if sobol is not None:
        sobol_indices = sobol.indices
        lines += [
            "## Sobol' indices of the most influential parameters",
            "",
            f"{options['sobol_samples']} base samples (Saltelli); S1: first-order share of the "
            "outcome's variance, ST: total share with interactions; +/- 95 % confidence half-widths.",
            "",
            "| outcome | parameter | S1 | ST |",
            "|---|---|---|---|",
        ]
        for row in sobol_indices.itertuples():
            lines.append(
                f"| {row.outcome} | `{row.parameter}` | {row.S1:.3f} +/- {row.S1_conf:.3f} | "
                f"{row.ST:.3f} +/- {row.ST_conf:.3f} |"
            )
        lines.append("")
    lines += ["![Morris mu*, ranked](morris.png)", ""]
    return "\n".join(lines)


def morris_figure(indices: pd.DataFrame, outcomes: dict):
    """Ranked horizontal bars of normalised mu* (with its 95 % interval), one panel per outcome."""
    order = indices.groupby("parameter")["mu_star_normalised"].mean().sort_values().index
    fig, axes = plt.subplots(
        1, len(outcomes), figsize=(4.2 * len(outcomes), 0.35 * len(order) + 1.6), sharey=True
    )
    for ax, outcome, colour in zip(np.atleast_1d(axes), outcomes, TOL_MUTED, strict=False):
        table = indices[indices["outcome"] == outcome].set_index("parameter").loc[order]
        peak = table["mu_star"].max() or 1.0
        ax.barh(
            order,
            table["mu_star_normalised"],
            xerr=table["mu_star_conf"] / peak,
            color=colour,
            error_kw={"lw": 0.8, "ecolor": "#555555"},
        )
        ax.set_title(outcome, fontsize=9)
        ax.set_xlabel("mu* / largest mu*")
        ax.set_xlim(left=0)
        ax.tick_params(labelsize=7)
    fig.suptitle("Morris screening: parameters ranked by mean normalised mu*")
    fig.tight_layout()
    return fig


def sobol_figure(indices: pd.DataFrame, outcomes: dict):
    """First-order and total Sobol' indices with 95 % intervals, one panel per outcome."""
    parameters = list(dict.fromkeys(indices["parameter"]))
    fig, axes = plt.subplots(
        1, len(outcomes), figsize=(4.2 * len(outcomes), 0.5 * len(parameters) + 1.8), sharey=True
    )
    y = np.arange(len(parameters))
    for ax, outcome in zip(np.atleast_1d(axes), outcomes, strict=False):
        table = indices[indices["outcome"] == outcome].set_index("parameter").loc[parameters]
        ax.barh(
            y - 0.2,
            table["S1"],
            0.4,
            xerr=table["S1_conf"],
            color=TOL_MUTED[1],
            label="S1 (first order)",
        )
        ax.barh(y + 0.2, table["ST"], 0.4, xerr=table["ST_conf"], color=TOL_MUTED[4], label="ST (total)")
        ax.set_yticks(y, parameters)
        ax.set_title(outcome, fontsize=9)
        ax.set_xlabel("share of variance")
        ax.tick_params(labelsize=7)
    np.atleast_1d(axes)[0].legend(fontsize=7)
    fig.suptitle("Sobol' indices of the most influential parameters")
    fig.tight_layout()
    return fig
