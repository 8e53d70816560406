"""Scenario configs: each one composes, is named after its file and switches on an intervention."""

from __future__ import annotations

import pytest
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from experiments.common.config import register_schema
from experiments.common.paths import CONFIG_DIR
from model.scenario import ScenarioParams
from tests.helpers.interventions import enabled_interventions

register_schema()
SCENARIOS = sorted(p.stem for p in (CONFIG_DIR / "scenario").glob("*.yaml"))


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_config_composes_and_is_named_after_its_file(name):
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=[f"scenario={name}"])
    scenario = OmegaConf.to_object(cfg).scenario
    assert isinstance(scenario, ScenarioParams)
    assert scenario.name == name
    enabled = enabled_interventions(scenario)
    if name == "baseline":
        assert enabled == []
    else:
        assert enabled or scenario.events, f"scenario {name} switches on no intervention"
