"""Run one scenario: ``python -m experiments.run [scenario=NAME] [seed=N] [run.weeks=N] ...``.

A thin ``@hydra.main`` over :func:`run_experiment`. Bad input (an unknown key, group option or
value) is caught before Hydra creates the run folder: one line on stderr, exit status 2, no files.
"""

from __future__ import annotations

import logging
import sys
import time
import typing
from dataclasses import is_dataclass
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from experiments.cli import fail
from experiments.config import CONFIG_DIR, RunConfig, compose_config, group_options, register_schema
from experiments.design import apply_design
from experiments.figures import save_run_figures
from experiments.outputs import config_digest, git_commit, package_versions, write_run
from model import ConfigError, ScamScapeModel
from model.agents import VictimState
from model.params import validate
from model.world import build_world

PROJECT_ROOT = CONFIG_DIR.parent
register_schema()


def run_experiment(config: RunConfig, run_dir: Path, resolved: dict) -> Path:
    """Build and run the model, then write its tables, figures and manifest into ``run_dir``."""
    logging.getLogger("MESA").setLevel(logging.WARNING)
    started = time.perf_counter()
    model = ScamScapeModel(config, rng=config.seed)
    model.run(progress=config.output.progress)
    timeseries, by_country = model.recorder.timeseries(), model.recorder.by_country()

    def write_files(folder: Path) -> None:
        timeseries.to_parquet(folder / "timeseries.parquet", index=False)
        by_country.to_parquet(folder / "by_country.parquet", index=False)
        if config.output.events:
            events = model.victims.events()
            events["iso3"] = model.world.iso3[events.country]
            events["state"] = [VictimState(s).name for s in events.state]
            events.drop(columns="country").to_parquet(folder / "events.parquet", index=False)
        if config.output.figures:
            save_run_figures(timeseries, by_country, model.world.countries, folder / "figures")

    manifest = {
        "scenario": config.scenario.name,
        "seed": config.seed,
        "config": resolved,
        "config_sha256": config_digest({k: v for k, v in resolved.items() if k != "output"}),
        "command": sys.argv,
        "git_commit": git_commit(PROJECT_ROOT),
        "versions": package_versions(),
        "simulation_wall_time_s": round(time.perf_counter() - started, 3),
    }
    return write_run(run_dir, write_files, manifest)


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
        validate(config, set(world.iso3), set(world.table_iso3))
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


@hydra.main(version_base="1.3", config_path="../configs", config_name="config")
def main(cfg: DictConfig) -> None:
    """Hydra entry point: resolve the config and run one experiment in Hydra's run folder."""
    run_dir = Path(HydraConfig.get().runtime.output_dir)
    try:
        apply_design(cfg)
        config = OmegaConf.to_object(cfg)
        manifest = run_experiment(config, run_dir, OmegaConf.to_container(cfg, resolve=True))
    except ConfigError as error:
        fail(str(error))
    print(f"results: {manifest.parent}")


if __name__ == "__main__":
    check_arguments(sys.argv[1:])
    main()
