"""Calibrate the uncertain parameters against the published targets: ``python -m experiments.calibrate``.

Approximate Bayesian computation by rejection (:mod:`experiments.fit`). The priors are the parameters
marked ``calibrate: true`` in ``configs/calibration/parameters.yaml``; a Latin hypercube
(``scipy.stats.qmc``) of ``--samples`` points is run, each with ``--seeds`` replicates of every scenario
the targets read (``configs/calibration/targets.yaml``), as one sweep through the sweeps' launcher
(progress bar, resume, ``hydra/launcher=...`` for a cluster). The closest ``--accept`` fraction of points
is the posterior sample. The accepted points are then rerun with ``--refine-seeds`` seeds, and the one
closest to the targets over those seeds is chosen: the minimum over many noisy 3-seed medians alone
favours a lucky point. Writes, atomically:

- ``configs/params/calibrated.yaml`` (``--config``): the chosen point, a parameter set any run can
  select with ``params=calibrated``;
- ``OUT/fit.csv`` (every point: values, each target's median, distance, accepted, refined distance),
  ``OUT/fit_report.md`` (priors, accepted ranges, the fit per target), ``OUT/posterior.png|svg`` and a
  copy of the chosen config, ``OUT/calibrated.yaml``.

Arguments after the options are Hydra overrides given to every run, e.g. ``world.population_scale=40``
or ``hydra/launcher=basic``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from scipy.stats import qmc

from experiments.calibration_report import config_text, write_config, write_report
from experiments.cli import NO_PARAMETER_SET, fail, params_overrides, runner_parser
from experiments.config import CONFIG_DIR, compose_config
from experiments.design import POINT, write_design
from experiments.fit import accept, distances, medians
from experiments.launch import SweepError, run_sweep
from experiments.targets import (
    Target,
    check_outputs,
    countries_of,
    load_targets,
    measure,
    scenarios_of,
)
from experiments.uncertain import load_parameters, scale
from model import ConfigError

DEFAULT_OUT = CONFIG_DIR.parent / "results" / "calibration"
DEFAULT_CONFIG = CONFIG_DIR / "params" / "calibrated.yaml"


def arguments(argv: list[str]):
    """The command line's options and overrides."""
    parser = runner_parser(
        "experiments.calibrate",
        __doc__.split("\n")[0],
        DEFAULT_OUT,
        params=NO_PARAMETER_SET,
        params_help="parameter set of configs/params/ for the parameters not calibrated",
    )
    parser.add_argument("--samples", type=int, default=96, help="Latin hypercube points (default 96)")
    parser.add_argument("--seeds", type=int, default=3, help="replicates per point (default 3)")
    parser.add_argument("--accept", type=float, default=0.1, help="share of points kept (default 0.1)")
    parser.add_argument(
        "--refine-seeds",
        type=int,
        default=10,
        help="replicates of each accepted point to choose among them (default 10; <= --seeds: none)",
    )
    parser.add_argument("--design-seed", type=int, default=2026, help="hypercube seed (default 2026)")
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        help="where the calibrated parameter set is written (default configs/params/calibrated.yaml)",
    )
    args = parser.parse_args(argv)
    if args.samples < 1 or args.seeds < 1:
        parser.error(f"--samples {args.samples} --seeds {args.seeds}: allowed: integers >= 1")
    if not 0 < args.accept <= 1:
        parser.error(f"--accept: {args.accept} is out of range; allowed: (0, 1]")
    return args


def weeks_to_cover(targets: list[Target], overrides: list[str]) -> int:
    """Weeks from the runs' first week (``run.start``, as overridden) to the last window's end."""
    given = [o.partition("=")[2] for o in overrides if o.partition("=")[0].lstrip("+") == "run.start"]
    start = pd.Timestamp(given[-1] if given else compose_config().run.start)
    last = max(pd.Timestamp(t.output.window[1]) for t in targets)
    return max((last - start).days // 7 + 1, 1)


def job_overrides(targets: list[Target], overrides: list[str]) -> list[str]:
    """What every job of a target sweep is given: scenarios, run length (unless set), the user's."""
    given = {o.partition("=")[0].lstrip("+") for o in overrides}
    weeks = [] if "run.weeks" in given else [f"run.weeks={weeks_to_cover(targets, overrides)}"]
    return [f"scenario={','.join(scenarios_of(targets))}", *weeks, *overrides]


def main(argv: list[str]) -> None:
    """Sample, run, reject, refine, and write the calibrated parameter set and its report."""
    args = arguments(argv)
    try:
        targets = load_targets()
        priors = [p for p in load_parameters() if p.calibrate]
        check_outputs(targets)
    except ConfigError as error:
        fail(str(error))
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

    try:
        point_medians = medians_of(list(range(args.samples)), args.seeds)
        distance = distances(point_medians, targets)
        accepted = accept(distance, args.accept)
        chosen_medians, refined = point_medians, distance.rename("refined_distance")[accepted]
        if args.refine_seeds > args.seeds:
            chosen_medians = medians_of(list(distance.index[accepted]), args.refine_seeds)
            refined = distances(chosen_medians, targets).rename("refined_distance")
    except SweepError as error:
        fail(str(error), status=error.status)
    except ValueError as error:
        fail(str(error), status=1)
    fit = design.rename_axis(POINT).join(point_medians).join(distance).join(accepted).join(refined)
    chosen = int(refined.sort_index().idxmin())
    text = config_text(design.loc[chosen], fit.loc[chosen], args)
    write_report(args.out, fit, priors, targets, chosen, chosen_medians.loc[chosen], text, vars(args))
    write_config(args.config, text)
    print(
        f"chosen point {chosen}: distance {fit.loc[chosen, 'refined_distance']:.3f} over "
        f"{max(args.refine_seeds, args.seeds)} seeds; {int(accepted.sum())} of {len(fit)} points "
        "accepted"
    )
    print(f"config: {args.config}  (select with params={args.config.stem})")
    print(f"report: {args.out / 'fit_report.md'}")


if __name__ == "__main__":
    main(sys.argv[1:])
