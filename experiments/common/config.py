"""The run configuration: the model's parameters plus the seed and output options, as Hydra's schema."""

from __future__ import annotations

from dataclasses import dataclass, field

from hydra import compose, initialize_config_dir
from hydra.core.config_store import ConfigStore
from omegaconf import OmegaConf

from experiments.common.design import DesignOptions, apply_design
from experiments.common.paths import CONFIG_DIR
from model.params import Params, param


@dataclass
class OutputOptions:
    """What a run writes besides its tables."""

    progress: bool = param(True, "show a progress bar", "user choice", low=None)
    figures: bool = param(True, "write figures/ (PNG and SVG)", "user choice", low=None)
    events: bool = param(True, "write the victims' event log events.parquet", "user choice", low=None)


@dataclass
class RunConfig(Params):
    """Everything one run needs: the model's parameters, the seed and the output options."""

    seed: int = param(1, "seed of the model's random generator", "user choice", low=0)
    output: OutputOptions = field(default_factory=OutputOptions)
    design: DesignOptions = field(default_factory=DesignOptions)


def group_options(group: str) -> list[str]:
    """The options of a config group: the YAML files of ``configs/GROUP/``, by name, sorted."""
    return sorted(path.stem for path in (CONFIG_DIR / group).glob("*.yaml"))


def register_schema() -> None:
    """Register :class:`RunConfig` as the ``schema`` config that configs/config.yaml extends."""
    ConfigStore.instance().store(name="schema", node=RunConfig)


def compose_config(overrides: list[str] | tuple[str, ...] = ()) -> RunConfig:
    """The run config that ``configs/`` and ``overrides`` give, as typed objects (Hydra compose).

    A design point (``design.table``, ``design.point``) is applied as a run would apply it.
    """
    register_schema()
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=list(overrides))
    apply_design(cfg)
    return OmegaConf.to_object(cfg)
