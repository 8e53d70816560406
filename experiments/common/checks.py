"""Checking a run's command line before Hydra starts: unknown keys, group options and values.

Bad input (an unknown key, group option or value) is caught before Hydra creates a folder: one line on
stderr naming the key and what is allowed, exit status 2, no files.
"""

from __future__ import annotations

import typing
from dataclasses import is_dataclass

from experiments.common.cli import fail
from experiments.common.config import RunConfig, compose_config, group_options
from experiments.common.paths import CONFIG_DIR
from model import ConfigError
from model.validation import validate
from model.world import build_world


def check_arguments(arguments: list[str]) -> None:
    """Compose and validate the config the arguments ask for; on a fault print one line and exit 2."""
    if {"-m", "--multirun"} & set(arguments):
        return
    overrides = [a for a in arguments if not a.startswith(("-", "hydra.", "hydra/", "+hydra"))]
    try:
        check_group_choices(overrides)
        check_keys(overrides)
        config = compose_config(overrides)
        world = build_world(config.world)
        validate(config, set(world.iso3), set(world.table_iso3), set(world.zones.id))
    except ConfigError as error:
        fail(str(error))
    except Exception as error:  # Hydra and OmegaConf report config faults with many types
        fail(one_line(error))


def check_group_choices(overrides: list[str]) -> None:
    """Reject ``group=option`` where the option has no YAML file in ``configs/group/``."""
    for override in overrides:
        group, _, option = override.partition("=")
        folder = CONFIG_DIR / group
        if option and "." not in group and folder.is_dir():
            allowed = group_options(group)
            if option not in allowed:
                raise ConfigError(f"{override}: unknown {group}; allowed: {', '.join(allowed)}")


def check_keys(overrides: list[str]) -> None:
    """Reject an override whose dotted key is not a field of the schema, naming the allowed keys.

    ``+key=value`` (append) and ``~key`` (delete) are held to the same schema: only the entries of a
    dict parameter (such as ``+recruitment.awareness.KHM=0.3``) can be added.
    """
    for override in overrides:
        key = override.partition("=")[0].lstrip("+~")
        if (CONFIG_DIR / key).is_dir():
            continue
        node, walked = RunConfig, []
        for part in key.split("."):
            hints = typing.get_type_hints(node)
            if part not in hints:
                where = ".".join(walked) or "the top level"
                raise ConfigError(f"{key}: unknown key {part!r} in {where}; allowed: {', '.join(hints)}")
            walked.append(part)
            node = hints[part]
            if not is_dataclass(node):
                break


def one_line(error: Exception) -> str:
    """One line from a Hydra or OmegaConf error: what failed, why, and the hint Hydra gives."""
    parts = [str(error).strip().splitlines()[0]]
    if error.__cause__ is not None:
        parts.append(str(error.__cause__).strip().splitlines()[0])
    hints = [line for line in str(error).splitlines()[1:] if line.startswith("To append")]
    return " ".join(parts + hints)
