"""Morris screening and Sobol' indices (SALib), each design run as one sweep.

The command and its outputs are described in :mod:`experiments.sensitivity`.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analysis
from SALib.analyze import sobol as sobol_analysis
from SALib.sample import morris as morris_sampling
from SALib.sample import sobol as sobol_sampling

from experiments.calibration.uncertain import UncertainParameter, load_parameters, scale
from experiments.common.cli import params_overrides
from experiments.common.config import RunConfig, compose_config
from experiments.common.design import POINT, write_design
from experiments.sensitivity_analysis.report import Screening, SobolDesign, write_sensitivity
from experiments.sweeps.launch import run_sweep
from model.schedule import WEEKS_PER_YEAR
from model.validation import iter_fields, switched_off

OUTCOMES = {
    "victims_held": "persons held worldwide in the last week",
    "revenue_usd_year": "US$ of scam revenue over the last 52 weeks (annualised if the run is shorter)",
    "displacement_share": "share of persons held outside South-East Asia in the last week",
}


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


def analyse(args: argparse.Namespace) -> tuple[Screening, SobolDesign | None]:
    """Screen with Morris, then Sobol' on the most influential parameters; write tables and figures.

    Args:
        args: the options of ``python -m experiments.sensitivity``.

    Raises:
        ConfigError: the parameters file or the overrides are faulty.
        SweepError: a sweep rejected its input or a job failed.
        ValueError: an outcome could not be computed.
    """
    config = run_config(args)
    parameters, idle = acting(load_parameters(), config)
    fixed = base_values(config)
    morris_runs, morris_unit, morris_indices = morris(parameters, args)
    sobol_design = None
    if args.sobol_samples:
        top = most_influential(morris_indices, args.sobol_top)
        sobol_design = sobol([p for p in parameters if p.key in top], args)
    screening = Screening(parameters, idle, morris_runs, morris_unit, morris_indices)
    write_sensitivity(args.out, screening, sobol_design, fixed, OUTCOMES, vars(args))
    return screening, sobol_design
