"""A sweep's command line: the defaults every sweep gets, and its overrides checked before launch.

Before anything is launched, every override (sweeps included, and the grid of ``experiment=NAME``)
is checked for a misspelled key or an unknown config group option: one line on stderr, exit status 2,
no folder (:func:`check_sweep_arguments`).
"""

from __future__ import annotations

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Glob, Override
from hydra.errors import HydraException, OverrideParseException
from omegaconf import OmegaConf

from experiments.common.checks import check_group_choices, check_keys, one_line
from experiments.common.cli import fail
from experiments.common.paths import CONFIG_DIR
from experiments.sweeps.hydra_internals import get_args_parser
from model import ConfigError

# Set for every sweep unless the command line sets the same key.
DEFAULTS = {
    "hydra/launcher": "joblib",
    "hydra.sweep.subdir": "jobs/${hydra.job.override_dirname}",
    "hydra.job.config.override_dirname.exclude_keys": (
        "[experiment,output.progress,output.figures,output.events,design.table]"
    ),
    "+hydra.callbacks.sweep": "{_target_:experiments.sweeps.callback.SweepCallback}",
    "output.progress": "false",
    "output.figures": "false",
    "output.events": "false",
    # No "[HYDRA] #n : ..." line per job; warnings and errors still show.
    "hydra.hydra_logging.root.level": "WARNING",
    # Jobs log their info lines to their sweep.log only.
    "++hydra.job_logging.handlers.console.level": "WARNING",
}
# Hydra's modes other than --multirun (``--cfg hydra`` shows the sweep's composed config).
OTHER_MODES = {"--run", "-r", "--cfg", "-c", "--info", "-i", "--shell-completion", "-sc"}


def sweep_arguments(arguments: list[str]) -> list[str]:
    """The multirun's command line: ``--multirun``, each default the user did not set, then theirs.

    A default is set by the user if they give its key, or choose the config group it lies in
    (``hydra/job_logging=disabled`` sets ``hydra.job_logging.*``).
    """
    given = {argument.partition("=")[0].lstrip("+~") for argument in arguments}

    def user_sets(key: str) -> bool:
        key = key.lstrip("+")
        return any(key == g or key.startswith(g.replace("/", ".") + ".") for g in given)

    defaults = [f"{key}={value}" for key, value in DEFAULTS.items() if not user_sets(key)]
    mode = [] if OTHER_MODES & set(arguments) else ["--multirun"]
    return [*mode, *defaults, *(a for a in arguments if a not in ("-m", "--multirun"))]


def check_sweep_arguments(arguments: list[str]) -> None:
    """Check a sweep's overrides before launching; on a fault print one line on stderr and exit 2.

    Every key must be a field of the schema (``+key`` too), every value of a config group
    (``scenario=a,b``, ``choice(...)``, an experiment's ``hydra.sweeper.params``) one of its options,
    and no sweep may be empty (``seed=range(1,1)`` would launch nothing and exit 0).
    Values of other keys are checked by each job.
    """
    try:
        for override in task_overrides(get_args_parser().parse_args(arguments).overrides):
            key = override.key_or_group
            if is_empty_sweep(override):
                raise ConfigError(
                    f"{override.input_line}: the sweep has no values; allowed: at least one "
                    "(e.g. range(1,3) or 1,2)"
                )
            if (CONFIG_DIR / key).is_dir():
                check_group_choices([f"{key}={option}" for option in override_options(override)])
            else:
                check_keys([key])
    except ConfigError as error:
        fail(str(error))
    except OverrideParseException as error:
        fail(f"{error.override}: {one_line(error)}")
    except HydraException as error:
        fail(one_line(error))


def task_overrides(arguments: list[str]) -> list[Override]:
    """The parsed overrides of the model's config, followed by those of each ``experiment=NAME`` grid."""
    parser = OverridesParser.create()
    overrides = [o for o in parser.parse_overrides(arguments) if not o.is_hydra_override()]
    grids = []
    for override in overrides:
        if override.key_or_group != "experiment":
            continue
        check_group_choices([f"experiment={name}" for name in override_options(override)])
        for name in override_options(override):
            params = OmegaConf.select(
                OmegaConf.load(CONFIG_DIR / "experiment" / f"{name}.yaml"), "hydra.sweeper.params"
            )
            grids += [f"{key}={value}" for key, value in (params or {}).items()]
    return overrides + [o for o in parser.parse_overrides(grids) if not o.is_hydra_override()]


def is_empty_sweep(override: Override) -> bool:
    """Whether a sweep override has no values (such as ``seed=range(1,1)``): a grid of no jobs."""
    if not override.is_sweep_override() or isinstance(override.value(), Glob):
        return False
    return override.is_discrete_sweep() and not list(override.sweep_string_iterator())


def override_options(override: Override) -> list[str]:
    """The options a config group override chooses (none for a glob: it matches only real ones)."""
    if override.is_sweep_override():
        if isinstance(override.value(), Glob) or not override.is_discrete_sweep():
            return []
        return list(override.sweep_string_iterator())
    value = override.value()
    values = value if isinstance(value, list) else [value]
    return [str(v) for v in values if v is not None]
