"""Calibrate the uncertain parameters against the published targets: ``python -m experiments.calibrate``.

Approximate Bayesian computation by rejection (:mod:`experiments.fit`). The priors are the parameters
marked ``calibrate: true`` in ``configs/calibration/parameters.yaml``; a Latin hypercube
(``scipy.stats.qmc``) of ``--samples`` points is run, each with ``--seeds`` replicates of every scenario
the targets read (``configs/calibration/targets.yaml``), as one sweep through the sweeps' launcher
(progress bar, resume, ``hydra/launcher=...`` for a cluster). The closest ``--accept`` fraction of points
is the posterior sample. Writes, atomically:

- ``configs/params/calibrated.yaml`` (``--config``): the closest point, a parameter set any run can
  select with ``params=calibrated``;
- ``OUT/fit.csv`` (every point: values, each target's median, distance, accepted),
  ``OUT/fit_report.md`` (priors, accepted ranges, the fit per target) and ``OUT/posterior.png|svg``.

Arguments after the options are Hydra overrides given to every run, e.g. ``world.population_scale=40``
or ``hydra/launcher=basic``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
from scipy.stats import qmc

from experiments.calibration_report import write_config, write_report
from experiments.cli import fail
from experiments.config import CONFIG_DIR
from experiments.design import POINT, write_design
from experiments.fit import accept, best_point, distances, medians
from experiments.launch import SweepError, run_sweep
from experiments.targets import Target, countries_of, load_targets, measure, scenarios_of
from experiments.uncertain import load_parameters, scale
from model import ConfigError
from model.params import RunParams

DEFAULT_OUT = CONFIG_DIR.parent / "results" / "calibration"
DEFAULT_CONFIG = CONFIG_DIR / "params" / "calibrated.yaml"


def arguments(argv: list[str]) -> argparse.Namespace:
    """The command line's options and overrides."""
    parser = argparse.ArgumentParser(
        prog="python -m experiments.calibrate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--samples", type=int, default=64, help="Latin hypercube points (default 64)")
    parser.add_argument("--seeds", type=int, default=3, help="replicates per point (default 3)")
    parser.add_argument("--accept", type=float, default=0.1, help="share of points kept (default 0.1)")
    parser.add_argument(
        "--design-seed", type=int, default=2026, help="seed of the hypercube (default 2026)"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        help="where the calibrated parameter set is written (default configs/params/calibrated.yaml)",
    )
    parser.add_argument("overrides", nargs="*", help="Hydra overrides for every run")
    args = parser.parse_args(argv)
    if args.samples < 1 or args.seeds < 1:
        parser.error("--samples and --seeds: allowed: integers >= 1")
    if not 0 < args.accept <= 1:
        parser.error(f"--accept: {args.accept} is out of range; allowed: (0, 1]")
    return args


def weeks_to_cover(targets: list[Target]) -> int:
    """Weeks from the default start (``run.start``) to the end of the last target's window."""
    start = pd.Timestamp(RunParams().start)
    last = max(pd.Timestamp(t.output.window[1]) for t in targets)
    return (last - start).days // 7 + 1


def job_overrides(targets: list[Target], overrides: list[str]) -> list[str]:
    """What every job of a target sweep is given: scenarios, run length (unless set), the user's."""
    given = {o.partition("=")[0].lstrip("+") for o in overrides}
    weeks = [] if "run.weeks" in given else [f"run.weeks={weeks_to_cover(targets)}"]
    return [f"scenario={','.join(scenarios_of(targets))}", *weeks, *overrides]


def main(argv: list[str]) -> None:
    """Sample, run, fit and write the calibrated parameter set and its report."""
    args = arguments(argv)
    try:
        targets = load_targets()
        priors = [p for p in load_parameters() if p.calibrate]
    except ConfigError as error:
        fail(str(error), status=2)
    unit = qmc.LatinHypercube(d=len(priors), seed=args.design_seed).random(args.samples)
    design = scale(unit, priors)
    design_file = args.out.resolve() / "design.csv"
    write_design(design_file, design)
    try:
        results, by_country = run_sweep(
            args.out.resolve() / "sweep",
            [
                f"design.table={design_file}",
                f"{POINT}=range(0,{args.samples})",
                f"seed=range(1,{args.seeds + 1})",
                *job_overrides(targets, args.overrides),
            ],
            countries=countries_of(targets),
        )
        measured = measure(targets, results, by_country)
    except (SweepError, ValueError) as error:
        fail(str(error), status=1)
    point_medians = medians(measured)
    distance = distances(point_medians, targets)
    fit = (
        design.rename_axis(POINT).join(point_medians).join(distance).join(accept(distance, args.accept))
    )
    best = best_point(distance)
    write_report(args.out, fit, priors, targets, best, vars(args))
    write_config(args.config, design.loc[best], fit.loc[best, "distance"], args)
    print(
        f"best point {best}: distance {fit.loc[best, 'distance']:.3f}; "
        f"{int(fit['accepted'].sum())} of {len(fit)} points accepted"
    )
    print(f"config: {args.config}  (select with params={args.config.stem})")
    print(f"report: {args.out / 'fit_report.md'}")


if __name__ == "__main__":
    main(sys.argv[1:])
