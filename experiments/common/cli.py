"""How the runners talk to their users: one-line errors, command lines, provenance, numbers in tables."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from experiments.common.config import group_options
from experiments.common.provenance import git_commit, package_versions
from model import ConfigError


class StepError(RuntimeError):
    """A step of a runner failed after saying why; ``status`` is the exit status to end with."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def run_or_fail[T](work: Callable[[], T]) -> T:
    """Run a runner's work; its faults end the command with one line.

    A faulty input file or config (:class:`~model.ConfigError`) exits 2, a failed step
    (:class:`StepError`, e.g. a sweep) with its status, a result that cannot be computed
    (``ValueError``) with 1.
    """
    try:
        return work()
    except ConfigError as error:
        fail(str(error))
    except StepError as error:
        fail(str(error), status=error.status)
    except ValueError as error:
        fail(str(error), status=1)


def fail(message: str, status: int = 2) -> NoReturn:
    """Print ``error: MESSAGE`` on stderr and exit with ``status`` (2: bad input, 1: a failed step)."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(status)


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``error: ...``) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Report a bad argument in one line and exit with status 2."""
        fail(message)


def integer_at_least(low: int) -> Callable[[str], int]:
    """An argument type: an integer of at least ``low`` (e.g. 0 for seeds, 1 for counts).

    A bad value ends the command with one line naming the option and what is allowed, exit 2.
    """

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not an integer; allowed: integers >= {low}"
            ) from None
        if value < low:
            raise argparse.ArgumentTypeError(f"{value} is too small; allowed: integers >= {low}")
        return value

    parse.__name__ = f"integer >= {low}"
    return parse


def command_line(module: str) -> str:
    """The command as the user typed it: ``python -m MODULE`` and this process's arguments."""
    return " ".join([f"python -m {module}", *sys.argv[1:]])


def provenance(module: str, options: dict) -> dict:
    """What a runner's manifest records: its command, options, git commit and package versions."""
    return {
        "command": command_line(module),
        "options": {key: str(value) for key, value in options.items()},
        "git_commit": git_commit(),
        "versions": package_versions(),
    }


NO_PARAMETER_SET = "none"
"""The parameter-set choice for the stylized defaults of ``model/params.py`` (no ``params=``)."""


def parameter_sets() -> list[str]:
    """The parameter sets a run can select: ``none`` (the stylized defaults), then configs/params/."""
    return [NO_PARAMETER_SET, *group_options("params")]


def params_overrides(parameter_set: str) -> list[str]:
    """The override that selects a parameter set (none for ``none``)."""
    return [] if parameter_set == NO_PARAMETER_SET else [f"params={parameter_set}"]


def runner_parser(module: str, summary: str, default_out: Path, params: str, params_help: str):
    """A runner's parser with the options every runner has: ``--params``, ``--out``, the overrides.

    Args:
        module: the runner's module, for the usage line.
        summary: what the runner does, in one line.
        default_out: the default output folder.
        params: the default parameter set (``none`` or a file of configs/params/).
        params_help: what the parameter set is used for.
    """
    parser = OneLineParser(prog=f"python -m {module}", description=summary)
    parser.add_argument(
        "--params", default=params, choices=parameter_sets(), help=f"{params_help} (default {params})"
    )
    parser.add_argument("--out", type=Path, default=default_out, help=f"output folder ({default_out})")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides for every run")
    return parser


def format_number(value: float | None) -> str:
    """A figure for a table: ``-`` if missing, ``64.0bn``, ``120,000`` or four significant digits."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if abs(value) >= 1e9:
        return f"{value / 1e9:.1f}bn"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
