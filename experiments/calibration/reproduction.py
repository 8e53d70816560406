"""The reproduction: the target scenarios run on fresh seeds, scored against the published figures.

The command and its outputs are described in :mod:`experiments.reproduce`.
"""

from __future__ import annotations

import argparse

import pandas as pd

from experiments.calibration.reproduction_report import reproduction_table, write_reproduction
from experiments.calibration.targets import (
    check_outputs,
    countries_of,
    job_overrides,
    load_targets,
    measure,
)
from experiments.common.cli import params_overrides
from experiments.sweeps.launch import run_sweep


def reproduce(args: argparse.Namespace) -> pd.DataFrame:
    """Run the target scenarios on ``args``' seeds, write the reproduction table; return it.

    Args:
        args: the options of ``python -m experiments.reproduce``.

    Raises:
        ConfigError: the targets file is faulty.
        SweepError: the sweep rejected its input or a job failed.
        ValueError: a target could not be measured.
    """
    targets = load_targets()
    check_outputs(targets)
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    results, by_country = run_sweep(
        args.out.resolve() / "sweep",
        [
            f"seed=range({seeds.start},{seeds.stop})",
            *params_overrides(args.params),
            *job_overrides(targets, args.overrides),
        ],
        countries=countries_of(targets),
    )
    table = reproduction_table(targets, measure(targets, results, by_country))
    write_reproduction(args.out, table, targets, results, by_country, vars(args))
    return table
