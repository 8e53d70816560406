"""Global sensitivity analysis with SALib: ``python -m experiments.sensitivity``.

Morris elementary-effects screening (Morris 1991; Campolongo et al. 2007) over every parameter of
``configs/calibration/parameters.yaml`` (at least ten), then Sobol' indices (Saltelli 2002, first
order and total) on the ``--sobol-top`` parameters that matter most, on the main outputs
(:data:`experiments.sensitivity_analysis.analysis.OUTCOMES`). Each design runs as one sweep through
the sweeps' launcher (parallel, resumable, ``hydra/launcher=...`` for a cluster), one seed for every
point (common random numbers), from the given scenario and parameter set. Writes into ``--out``,
atomically:

- ``morris.csv`` and ``morris.md`` (mu*, its 95 % confidence half-width, sigma, rank per outcome),
  ``morris.png|svg`` (ranked mu*, normalised per outcome);
- ``sobol.csv`` and ``sobol.png|svg`` (S1 and ST with 95 % confidence half-widths);
- ``experiments.csv``: one row per run (design, point, parameter values, outcomes), the table EMA
  Workbench and pandas users load; ``salib/``: the problem file and the inputs and outputs in
  SALib's command-line format (docs/sensitivity.md says how to load both).

Arguments after the options are Hydra overrides given to every run.
"""

from __future__ import annotations

import sys

from experiments.common.cli import NO_PARAMETER_SET, integer_at_least, run_or_fail, runner_parser
from experiments.common.config import group_options
from experiments.common.paths import RESULTS_DIR
from experiments.sensitivity_analysis.analysis import analyse

DEFAULT_OUT = RESULTS_DIR / "sensitivity"


def arguments(argv: list[str]):
    """The command line's options and overrides."""
    parser = runner_parser(
        "experiments.sensitivity",
        __doc__.split("\n")[0],
        DEFAULT_OUT,
        params=NO_PARAMETER_SET,
        params_help="parameter set of configs/params/ for the parameters not varied",
    )
    parser.add_argument(
        "--trajectories", type=integer_at_least(2), default=10, help="Morris trajectories (default 10)"
    )
    parser.add_argument(
        "--levels", type=integer_at_least(2), default=4, help="Morris grid levels (default 4)"
    )
    parser.add_argument(
        "--sobol-samples",
        type=integer_at_least(0),
        default=32,
        help="Sobol' base samples, a power of 2 (0: no Sobol' step; default 32)",
    )
    parser.add_argument(
        "--sobol-top",
        type=integer_at_least(1),
        default=4,
        help="parameters in the Sobol' step (default 4)",
    )
    parser.add_argument(
        "--scenario",
        default="baseline",
        choices=group_options("scenario"),
        help="scenario of every run (default baseline)",
    )
    parser.add_argument(
        "--seed", type=integer_at_least(0), default=1, help="model seed of every run (default 1)"
    )
    parser.add_argument(
        "--design-seed",
        type=integer_at_least(0),
        default=2026,
        help="seed of the samplers (default 2026)",
    )
    args = parser.parse_args(argv)
    if args.sobol_samples and args.sobol_samples & (args.sobol_samples - 1):
        parser.error(f"--sobol-samples: {args.sobol_samples}; allowed: 0 or a power of 2")
    return args


def main(argv: list[str]) -> None:
    """Parse the command line, run the analysis and print its headline; one-line errors."""
    args = arguments(argv)
    screening, sobol_design = run_or_fail(lambda: analyse(args))
    ranked = (
        screening.indices.groupby("parameter")["mu_star_normalised"].mean().sort_values(ascending=False)
    )
    print(f"Morris: {len(screening.runs)} runs; most influential: {', '.join(ranked.index[:3])}")
    if screening.idle:
        idle = ", ".join(screening.idle)
        print(f"not varied (their intervention is off in {args.scenario}): {idle}")
    if sobol_design is not None:
        print(f"Sobol': {len(sobol_design.runs)} runs on {', '.join(sobol_design.parameters)}")
    print(f"tables: {args.out / 'morris.md'}")


if __name__ == "__main__":
    main(sys.argv[1:])
