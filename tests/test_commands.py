"""Every command users know still answers under its name: ``python -m experiments.NAME --help``."""

import subprocess
import sys

import pytest

from experiments.common.paths import PROJECT_ROOT
from tests.helpers.commands import COMMAND_MODULES

COMMANDS = [*COMMAND_MODULES, "app"]
"""Every command, each with a ``--help``."""


@pytest.fixture(scope="module")
def helps() -> dict[str, subprocess.CompletedProcess]:
    """Every command's ``--help``, started all at once (each is a Python start-up, mostly waiting)."""
    running = {
        command: subprocess.Popen(
            [sys.executable, "-m", f"experiments.{command}", "--help"],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in COMMANDS
    }
    done = {}
    for command, process in running.items():
        stdout, stderr = process.communicate(timeout=300)
        done[command] = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return done


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_prints_its_help_under_its_name(helps, command):
    result = helps[command]
    assert result.returncode == 0, result.stderr
    if command in ("run", "sweep"):  # Hydra apps: Hydra's help lists the config groups
        assert "== Configuration groups ==" in result.stdout and "scenario:" in result.stdout
    else:
        assert f"usage: python -m experiments.{command}" in result.stdout, result.stdout[:300]


def test_every_make_target_of_the_readme_names_a_command_that_exists():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    modules = set()
    for line in makefile.splitlines():
        if "-m experiments." in line:
            modules.add(line.split("-m experiments.")[1].split()[0])
    assert modules, "the Makefile runs no experiments command"
    assert modules <= {*COMMAND_MODULES, "app"}, modules - set(COMMAND_MODULES)


@pytest.mark.parametrize(
    ("parse", "argv", "message"),
    [
        ("benchmark.parse_args", ["--seed", "-1"], "argument --seed: -1 is too small; allowed:"),
        ("benchmark.parse_args", ["--weeks", "0"], "argument --weeks: 0 is too small; allowed:"),
        (
            "calibrate.arguments",
            ["--design-seed", "-1"],
            "argument --design-seed: -1 is too small; allowed: integers >= 0",
        ),
        ("calibrate.arguments", ["--samples", "x"], "argument --samples: 'x' is not an integer"),
        ("reproduce.arguments", ["--seeds", "0"], "argument --seeds: 0 is too small"),
        (
            "sensitivity.arguments",
            ["--trajectories", "1"],
            "argument --trajectories: 1 is too small; allowed: integers >= 2",
        ),
        ("sensitivity.arguments", ["--sobol-samples", "-4"], "argument --sobol-samples: -4 is too"),
    ],
)
def test_bad_counts_and_seeds_are_refused_in_one_line(parse, argv, message, capsys):
    import importlib

    module, function = parse.split(".")
    with pytest.raises(SystemExit) as stop:
        getattr(importlib.import_module(f"experiments.{module}"), function)(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {message}") and "\n" not in err
