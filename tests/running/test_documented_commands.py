"""Every command of docs/scenarios.md's timelines block runs and does what its comment says."""

import json
import re
import shlex
import subprocess
import sys

import pandas as pd
import pytest

from experiments.common.paths import PROJECT_ROOT

BLOCK = re.compile(r"<!-- documented-commands -->\s*```bash\n(.*?)```", re.S)
FAST = [  # to August 2024, past the start of every event of the commands
    "world.population_scale=1000",
    "run.weeks=240",
    "output.figures=false",
    "output.events=false",
    "output.progress=false",
]


def documented_commands() -> list[list[str]]:
    text = (PROJECT_ROOT / "docs" / "scenarios.md").read_text()
    lines = BLOCK.search(text).group(1).splitlines()
    return [shlex.split(line) for line in lines if line.startswith("python -m experiments.run")]


def test_the_block_holds_every_case_of_the_issue():
    commands = [" ".join(c) for c in documented_commands()]
    assert any("kind:supply_cut" in c for c in commands)
    assert any("laukkai_crackdown_2023.zones" in c for c in commands)
    assert any(c.split()[-1].startswith("~scenario.events.") for c in commands)
    assert any("history_supply_cut" in c for c in commands)


@pytest.mark.slow  # about 45 s in all; .ci/run runs the slow tests too
@pytest.mark.parametrize("command", documented_commands(), ids=lambda c: " ".join(c[3:])[:60])
def test_documented_command_runs(tmp_path, command):
    run_dir = tmp_path / "run"
    arguments = [*command[3:], *FAST, f"hydra.run.dir={run_dir}"]
    result = subprocess.run(
        [sys.executable, "-m", "experiments.run", *arguments],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    events = json.loads((run_dir / "manifest.json").read_text())["config"]["scenario"]["events"]
    for argument in command[3:]:
        key, _, value = argument.partition("=")
        if key.startswith("+scenario.events."):
            assert key.split(".")[2] in events
        elif key.startswith("~scenario.events."):
            assert key.split(".")[2] not in events
        elif key.startswith("scenario.events."):
            _, _, name, field = key.split(".")
            assert events[name][field] == value.strip("[]").split(",")
    assert {"opened"} <= set(pd.read_parquet(run_dir / "compounds.parquet").event)
