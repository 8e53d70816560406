"""Calibration by rejection: a Latin hypercube of the priors run as one sweep, the closest points kept.

Approximate Bayesian computation by rejection (:mod:`experiments.calibration.fit`); the command and its
outputs are described in :mod:`experiments.calibrate`.
"""

from __future__ import annotations

import argparse

import pandas as pd
from scipy.stats import qmc

from experiments.calibration.fit import accept, distances, medians
from experiments.calibration.report import config_text, write_report
from experiments.calibration.targets import (
    check_outputs,
    countries_of,
    job_overrides,
    load_targets,
    measure,
)
from experiments.calibration.uncertain import load_parameters, scale
from experiments.common.atomic import write_text
from experiments.common.cli import params_overrides
from experiments.common.design import POINT, write_design
from experiments.sweeps.launch import run_sweep


def calibrate(args: argparse.Namespace) -> None:
    """Sample, run, reject, refine, and write the calibrated parameter set and its report.

    Args:
        args: the options of ``python -m experiments.calibrate``.

    Raises:
        ConfigError: the targets or parameters files are faulty.
        SweepError: a sweep rejected its input or a job failed.
        ValueError: no point could be scored.
    """
    targets = load_targets()
    priors = [p for p in load_parameters() if p.calibrate]
    check_outputs(targets)
    unit = qmc.LatinHypercube(d=len(priors), seed=args.design_seed).random(args.samples)
    design = scale(unit, priors)
    design_file = args.out.resolve() / "design.csv"
    write_design(design_file, design)
    common = [
        f"design.table={design_file}",
        *params_overrides(args.params),
        *job_overrides(targets, args.overrides),
    ]

    def medians_of(points: list[int], seeds: int) -> pd.DataFrame:
        """Each point's medians over seeds 1..seeds."""
        results, by_country = run_sweep(
            args.out.resolve() / "sweep",
            [f"{POINT}={','.join(map(str, points))}", f"seed=range(1,{seeds + 1})", *common],
            countries=countries_of(targets),
        )
        return medians(measure(targets, results, by_country))

    point_medians = medians_of(list(range(args.samples)), args.seeds)
    distance = distances(point_medians, targets)
    accepted = accept(distance, args.accept)
    chosen_medians, refined = point_medians, distance.rename("refined_distance")[accepted]
    if args.refine_seeds > args.seeds:
        chosen_medians = medians_of(list(distance.index[accepted]), args.refine_seeds)
        refined = distances(chosen_medians, targets).rename("refined_distance")
    fit = design.rename_axis(POINT).join(point_medians).join(distance).join(accepted).join(refined)
    chosen = int(refined.sort_index().idxmin())
    text = config_text(design.loc[chosen], fit.loc[chosen], args)
    write_report(args.out, fit, priors, targets, chosen, chosen_medians.loc[chosen], text, vars(args))
    write_text(args.config, text)
    print(
        f"chosen point {chosen}: distance {fit.loc[chosen, 'refined_distance']:.3f} over "
        f"{max(args.refine_seeds, args.seeds)} seeds; {int(accepted.sum())} of {len(fit)} points "
        "accepted"
    )
    print(f"config: {args.config}  (select with params={args.config.stem})")
    print(f"report: {args.out / 'fit_report.md'}")
