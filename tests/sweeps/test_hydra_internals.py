"""The private Hydra APIs the sweep code borrows still behave as they did when checked.

If one of these fails after a Hydra upgrade, re-check ``experiments/sweeps/hydra_internals.py``.
"""

from __future__ import annotations

import hydra
from hydra.core.override_parser.overrides_parser import OverridesParser

from experiments.sweeps.hydra_internals import CHECKED_HYDRA_VERSION, BasicSweeper, get_args_parser


def test_hydra_is_the_release_line_the_internals_were_checked_against():
    assert hydra.__version__.split(".")[:2] == CHECKED_HYDRA_VERSION.split(".")[:2]


def test_hydras_argument_parser_reads_overrides_and_flags():
    args = get_args_parser().parse_args(["-m", "seed=1,2", "scenario=baseline"])
    assert args.multirun is True and args.overrides == ["seed=1,2", "scenario=baseline"]


def test_the_basic_sweeper_splits_a_sweep_into_its_jobs():
    overrides = OverridesParser.create().parse_overrides(["seed=range(1,4)", "scenario=a,b"])
    batches = BasicSweeper.split_arguments(overrides, None)
    jobs = [job for batch in batches for job in batch]
    assert len(jobs) == 6 and sorted(jobs)[0] == ["seed=1", "scenario=a"]
    assert f"{BasicSweeper.__module__}.{BasicSweeper.__name__}" == (
        "hydra._internal.core_plugins.basic_sweeper.BasicSweeper"
    )
