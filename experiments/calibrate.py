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

from experiments.calibration.rejection import calibrate
from experiments.common.cli import NO_PARAMETER_SET, integer_at_least, run_or_fail, runner_parser
from experiments.common.paths import CONFIG_DIR, RESULTS_DIR

DEFAULT_OUT = RESULTS_DIR / "calibration"
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
    parser.add_argument(
        "--samples", type=integer_at_least(1), default=96, help="Latin hypercube points (default 96)"
    )
    parser.add_argument(
        "--seeds", type=integer_at_least(1), default=3, help="replicates per point (default 3)"
    )
    parser.add_argument("--accept", type=float, default=0.1, help="share of points kept (default 0.1)")
    parser.add_argument(
        "--refine-seeds",
        type=integer_at_least(0),
        default=10,
        help="replicates of each accepted point to choose among them (default 10; <= --seeds: none)",
    )
    parser.add_argument(
        "--design-seed", type=integer_at_least(0), default=2026, help="hypercube seed (default 2026)"
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=DEFAULT_CONFIG,
        help="where the calibrated parameter set is written (default configs/params/calibrated.yaml)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.accept <= 1:
        parser.error(f"--accept: {args.accept} is out of range; allowed: (0, 1]")
    return args


def main(argv: list[str]) -> None:
    """Parse the command line and calibrate; one-line errors (exit 2: bad input, 1: a failed run)."""
    args = arguments(argv)
    run_or_fail(lambda: calibrate(args))


if __name__ == "__main__":
    main(sys.argv[1:])
