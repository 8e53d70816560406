"""Global sensitivity analysis with SALib: ``python -m experiments.sensitivity``.

Morris elementary-effects screening (Morris 1991; Campolongo et al. 2007) over every parameter of
``configs/calibration/parameters.yaml`` (at least ten), then Sobol' indices (Saltelli 2002, first
order and total) on the ``--sobol-top`` parameters that matter most, on the main outputs
(:data:`OUTCOMES`). Each design runs as one sweep through the sweeps' launcher (parallel, resumable,
``hydra/launcher=...`` for a cluster), one seed for every point (common random numbers), from
the given scenario and parameter set. Writes into ``--out``, atomically:

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

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis
from SALib.sample import morris as morris_sampling
from SALib.sample import sobol as sobol_sampling

from experiments.cli import NO_PARAMETER_SET, fail, params_overrides, runner_parser
from experiments.config import CONFIG_DIR, RunConfig, compose_config, group_options
from experiments.design import POINT, write_design
from experiments.launch import SweepError, run_sweep
from experiments.sensitivity_report import Screening, SobolDesign, write_sensitivity
from experiments.uncertain import UncertainParameter, load_parameters, scale
from model import ConfigError
from model.params import iter_fields, switched_off

DEFAULT_OUT = CONFIG_DIR.parent / "results" / "sensitivity"
OUTCOMES = {
    "victims_held": "persons held worldwide in the last week",
    "revenue_usd_year": "US$ of scam revenue over the last 52 weeks (annualised if the run is shorter)",
    "displacement_share": "share of persons held outside South-East Asia in the last week",
}
WEEKS_PER_YEAR = 52


def arguments(argv: list[str]):
    """The command line's options and overrides."""
    parser = runner_parser(
        "experiments.sensitivity",
        __doc__.split("\n")[0],
        DEFAULT_OUT,
        params=NO_PARAMETER_SET,
        params_help="parameter set of configs/params/ for the parameters not varied",
    )
    parser.add_argument("--trajectories", type=int, default=10, help="Morris trajectories (default 10)")
    parser.add_argument("--levels", type=int, default=4, help="Morris grid levels (default 4)")
    parser.add_argument(
        "--sobol-samples",
        type=int,
        default=32,
        help="Sobol' base samples, a power of 2 (0: no Sobol' step; default 32)",
    )
    parser.add_argument(
        "--sobol-top", type=int, default=4, help="parameters in the Sobol' step (default 4)"
    )
    parser.add_argument(
        "--scenario",
        default="baseline",
        choices=group_options("scenario"),
        help="scenario of every run (default baseline)",
    )
    parser.add_argument("--seed", type=int, default=1, help="model seed of every run (default 1)")
    parser.add_argument(
        "--design-seed", type=int, default=2026, help="seed of the samplers (default 2026)"
    )
    args = parser.parse_args(argv)
    if args.trajectories < 2 or args.levels < 2 or args.sobol_top < 1:
        parser.error("--trajectories and --levels: allowed: integers >= 2; --sobol-top: >= 1")
    if args.sobol_samples and args.sobol_samples & (args.sobol_samples - 1):
        parser.error(f"--sobol-samples: {args.sobol_samples}; allowed: 0 or a power of 2")
    return args


def run_overrides(args) -> list[str]:
    """The overrides of every run: scenario, seed, parameter set, then the user's."""
    return [
        f"scenario={args.scenario}",
        f"seed={args.seed}",
        *params_overrides(args.params),
        *args.overrides,
    ]


def run_config(args) -> RunConfig:
    """The config of the runs before a design point sets its values (Hydra's own overrides aside)."""
    return compose_config([o for o in run_overrides(args) if not o.startswith(("hydra", "+hydra"))])


def base_values(config: RunConfig) -> dict[str, float]:
    """Every numeric parameter's value in ``config``, by dotted key (for the parameters not varied)."""
    return {key: value for key, _, value in iter_fields(config) if isinstance(value, int | float)}


def acting(
    parameters: list[UncertainParameter], config: RunConfig
) -> tuple[list[UncertainParameter], list[str]]:
    """The parameters that act in the runs, and the keys of those that cannot (intervention off)."""
    idle = [p.key for p in parameters if switched_off(config, p.key)]
    return [p for p in parameters if p.key not in idle], idle


def problem(parameters: list[UncertainParameter]) -> dict:
    """SALib's problem: each parameter on the unit interval (its range, log-uniform where marked)."""
    return {
        "num_vars": len(parameters),
        "names": [p.key for p in parameters],
        "bounds": [[0.0, 1.0]] * len(parameters),
    }


def outcomes(results: pd.DataFrame) -> pd.DataFrame:
    """Each run's outcomes (:data:`OUTCOMES`), one row per design point."""
    runs = results.sort_values("step").groupby(POINT)
    last = runs.tail(1).set_index(POINT)
    year = runs.tail(WEEKS_PER_YEAR).groupby(POINT)["revenue_usd"]
    return pd.DataFrame(
        {
            "victims_held": last["victims_held"],
            "revenue_usd_year": year.sum() * WEEKS_PER_YEAR / year.count(),
            # Nobody held: nobody displaced (the recorded share is 0 then).
            "displacement_share": (1.0 - last["share_held_southeast_asia"]).where(
                last["victims_held"] > 0, 0.0
            ),
        }
    ).sort_index()


def run_design(
    name: str, unit_points: np.ndarray, parameters: list[UncertainParameter], args
) -> pd.DataFrame:
    """Run the points of a design (unit cube) as one sweep; return the design with its outcomes."""
    design = scale(unit_points, parameters)
    table = args.out.resolve() / f"{name}_design.csv"
    write_design(table, design)
    results, _ = run_sweep(
        args.out.resolve() / f"{name}_sweep",
        [f"design.table={table}", f"{POINT}=range(0,{len(design)})", *run_overrides(args)],
    )
    return design.rename_axis(POINT).join(outcomes(results))


def morris(parameters: list[UncertainParameter], args) -> tuple[pd.DataFrame, ...]:
    """Morris screening: the runs (design and outcomes) and the indices per outcome and parameter."""
    space = problem(parameters)
    unit = morris_sampling.sample(
        space, N=args.trajectories, num_levels=args.levels, seed=args.design_seed
    )
    runs = run_design("morris", unit, parameters, args)
    indices = []
    for outcome in OUTCOMES:
        result = morris_analysis.analyze(
            space,
            unit,
            runs[outcome].to_numpy(dtype=float),
            num_levels=args.levels,
            seed=args.design_seed,
        )
        frame = pd.DataFrame(
            {k: result[k] for k in ("mu_star", "mu_star_conf", "sigma")}, index=space["names"]
        )
        peak = frame["mu_star"].max()
        frame["mu_star_normalised"] = frame["mu_star"] / peak if peak > 0 else 0.0
        frame["rank"] = frame["mu_star"].rank(ascending=False, method="min").astype(int)
        indices.append(frame.rename_axis("parameter").reset_index().assign(outcome=outcome))
    return runs, unit, pd.concat(indices, ignore_index=True)


def most_influential(indices: pd.DataFrame, count: int) -> list[str]:
    """The ``count`` parameters of largest mean normalised mu* over the outcomes."""
    mean = indices.groupby("parameter")["mu_star_normalised"].mean()
    return list(mean.sort_values(ascending=False, kind="stable").index[:count])


def sobol(parameters: list[UncertainParameter], args) -> SobolDesign:
    """Sobol' indices (first order, total) of ``parameters``: the runs and the indices per outcome."""
    space = problem(parameters)
    unit = sobol_sampling.sample(
        space, args.sobol_samples, calc_second_order=False, seed=args.design_seed
    )
    runs = run_design("sobol", unit, parameters, args)
    indices = []
    for outcome in OUTCOMES:
        result = sobol_analysis.analyze(
            space, runs[outcome].to_numpy(dtype=float), calc_second_order=False, seed=args.design_seed
        )
        frame = pd.DataFrame(
            {k: result[k] for k in ("S1", "S1_conf", "ST", "ST_conf")}, index=space["names"]
        )
        indices.append(frame.rename_axis("parameter").reset_index().assign(outcome=outcome))
    return SobolDesign([p.key for p in parameters], runs, unit, pd.concat(indices, ignore_index=True))


def main(argv: list[str]) -> None:
    """Screen with Morris, then Sobol' on the most influential parameters; write tables and figures."""
    args = arguments(argv)
    try:
        config = run_config(args)
        parameters, idle = acting(load_parameters(), config)
        fixed = base_values(config)
    except ConfigError as error:
        fail(str(error))
    try:
        morris_runs, morris_unit, morris_indices = morris(parameters, args)
        sobol_design = None
        if args.sobol_samples:
            top = most_influential(morris_indices, args.sobol_top)
            sobol_design = sobol([p for p in parameters if p.key in top], args)
    except SweepError as error:
        fail(str(error), status=error.status)
    except ValueError as error:
        fail(str(error), status=1)
    write_sensitivity(
        args.out,
        Screening(parameters, idle, morris_runs, morris_unit, morris_indices),
        sobol_design,
        fixed,
        OUTCOMES,
        vars(args),
    )
    ranked = (
        morris_indices.groupby("parameter")["mu_star_normalised"].mean().sort_values(ascending=False)
    )
    print(f"Morris: {len(morris_runs)} runs; most influential: {', '.join(ranked.index[:3])}")
    if idle:
        print(f"not varied (their intervention is off in {args.scenario}): {', '.join(idle)}")
    if sobol_design is not None:
        print(f"Sobol': {len(sobol_design.runs)} runs on {', '.join(sobol_design.parameters)}")
    print(f"tables: {args.out / 'morris.md'}")


if __name__ == "__main__":
    main(sys.argv[1:])
