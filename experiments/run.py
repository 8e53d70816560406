"""Run one scenario: ``python -m experiments.run [scenario=NAME] [seed=N] [run.weeks=N] ...``.

A thin ``@hydra.main`` over :func:`experiments.running.experiment.run_experiment`. Bad input (an unknown
key, group option or value) is caught before Hydra creates the run folder: one line on stderr, exit
status 2, no files (:func:`experiments.common.checks.check_arguments`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from experiments.common.checks import check_arguments
from experiments.common.cli import fail
from experiments.common.config import register_schema
from experiments.common.design import apply_design
from experiments.running.experiment import run_experiment
from model import ConfigError

register_schema()


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
