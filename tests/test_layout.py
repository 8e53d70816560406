"""The code's layout rules: no import cycle, no command imported by other code, short modules."""

import ast

import pytest

from experiments.common.paths import PROJECT_ROOT
from tests.helpers.commands import COMMAND_MODULES

PACKAGES = ("experiments", "model")
COMMANDS = {f"experiments.{name}" for name in COMMAND_MODULES}
MAX_LINES = {"experiments": 400, "model": 450}  # model/ keeps its shape until the model issues


def modules() -> dict[str, object]:
    """Module name to path for every module of the packages."""
    found = {}
    for package in PACKAGES:
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports() -> dict[str, set[str]]:
    """Each module's module-level imports of the packages' modules."""
    found = modules()
    graph = {}
    for name, path in found.items():
        targets = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if full in found else node.module)
            elif isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
        graph[name] = {t for t in targets if t in found and t != name}
    return graph


def test_no_import_cycle():
    graph, done, cycles = imports(), set(), []

    def visit(name, stack):
        for target in graph[name]:
            if target in stack:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in done:
                visit(target, [*stack, target])
        done.add(name)

    for name in graph:
        if name not in done:
            visit(name, [name])
    assert not cycles, cycles


def test_no_module_imports_a_command():
    graph = imports()
    assert not {name: graph[name] & COMMANDS for name in graph if graph[name] & COMMANDS}


@pytest.mark.parametrize("package", PACKAGES)
def test_modules_are_short(package):
    long = {
        name: len(path.read_text().splitlines())
        for name, path in modules().items()
        if name.split(".")[0] == package and len(path.read_text().splitlines()) > MAX_LINES[package]
    }
    assert not long, long
