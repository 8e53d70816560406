"""Compare the calibrated model with the published figures: ``python -m experiments.reproduce``.

Runs every scenario the targets read (``configs/calibration/targets.yaml``: the baseline from 2020
through 2023, and Interpol's Storm Makers I and II operations, FACTS F7 and F8) with ``--seeds`` seeds
and the parameter set ``--params`` (``calibrated``: ``configs/params/calibrated.yaml``), as one sweep
through the sweeps' launcher. Writes into ``--out``, atomically:

- ``reproduction.csv`` and ``reproduction.md``: a row per target with the published value or range,
  the model's median and 90 % interval over seeds, and whether the published value lies inside;
- ``reproduction.png|svg``: the model's trajectories (median and 90 % band) against the published
  points.

Arguments after the options are Hydra overrides given to every run.
"""

from __future__ import annotations

import sys

from experiments.calibration.reproduction import reproduce
from experiments.common.cli import integer_at_least, run_or_fail, runner_parser
from experiments.common.paths import RESULTS_DIR

DEFAULT_OUT = RESULTS_DIR / "reproduction"
FIRST_SEED = 101  # above the calibration's seeds, so the reproduction is not fitted to its own noise


def arguments(argv: list[str]):
    """The command line's options and overrides."""
    parser = runner_parser(
        "experiments.reproduce",
        __doc__.split("\n")[0],
        DEFAULT_OUT,
        params="calibrated",
        params_help="parameter set of configs/params/ (none: the stylized defaults)",
    )
    parser.add_argument(
        "--seeds", type=integer_at_least(1), default=20, help="seeds per scenario (default 20)"
    )
    parser.add_argument(
        "--first-seed",
        type=integer_at_least(0),
        default=FIRST_SEED,
        help=f"first seed (default {FIRST_SEED})",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    """Run the target scenarios, then write the reproduction table and figure."""
    args = arguments(argv)
    table = run_or_fail(lambda: reproduce(args))
    inside = int(table["inside"].sum())
    print(
        f"{inside} of {len(table)} published values inside the model's 90 % interval "
        f"(seeds {args.first_seed}-{args.first_seed + args.seeds - 1}, params={args.params})"
    )
    print(f"table: {args.out / 'reproduction.md'}")


if __name__ == "__main__":
    main(sys.argv[1:])
