"""Config: every config composes; bad keys, values, codes and scenarios fail with one clear line."""

import subprocess
import sys
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from experiments.common.atomic import is_complete
from experiments.common.config import RunConfig, group_options, register_schema
from experiments.common.paths import CONFIG_DIR, PROJECT_ROOT
from model.params import ConfigError, Params
from model.validation import iter_fields, required_fields_documented, validate

register_schema()


@pytest.mark.parametrize("world", group_options("world"))
@pytest.mark.parametrize("scenario", group_options("scenario"))
def test_every_config_composes_into_the_schema(world, scenario):
    with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=[f"world={world}", f"scenario={scenario}"])
    config = OmegaConf.to_object(cfg)
    assert isinstance(config, RunConfig)
    assert config.world.name == world
    assert config.scenario.name == scenario
    validate(config)


def test_every_parameter_has_unit_source_and_default():
    assert required_fields_documented(RunConfig()) == []


def test_defaults_are_valid_and_ranges_are_enforced():
    params = Params()
    validate(params)
    params.victims.p_escape = 1.5
    with pytest.raises(
        ConfigError, match=r"victims\.p_escape: 1\.5 is out of range; allowed: \[0\.0, 1\.0\]"
    ):
        validate(params)


def test_negative_count_is_rejected():
    params = Params()
    params.recruitment.initial_recruiters = -3
    with pytest.raises(ConfigError, match=r"recruitment\.initial_recruiters"):
        validate(params)


def test_unknown_iso3_is_rejected_with_allowed_codes():
    params = Params()
    params.recruitment.awareness = {"ATL": 0.3}
    with pytest.raises(
        ConfigError,
        match=r"recruitment\.awareness: unknown ISO3 code 'ATL'; allowed: KHM, LAO, MMR, PHL",
    ):
        validate(params, {"MMR", "KHM", "LAO", "PHL"})


def test_probability_fields_are_bounded():
    bounded = [key for key, f, _ in iter_fields(Params()) if key.split(".")[-1].startswith("p_")]
    assert bounded, "expected probability parameters"
    for key, f, _ in iter_fields(Params()):
        if key.split(".")[-1].startswith("p_"):
            assert (f.metadata["low"], f.metadata["high"]) == (0.0, 1.0), key


def run_cli(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "experiments.run", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("run.wekks=3", "run.wekks: unknown key 'wekks' in run; allowed: start, weeks"),
        ("+victims.p_escpe=0.01", "victims.p_escpe: unknown key 'p_escpe' in victims; allowed: p_male"),
        (
            "+scenario.unilateral_crackdown.countyr=KHM",
            "unknown key 'countyr' in scenario.unilateral_crackdown",
        ),
        ("victims.p_escape=1.5", "victims.p_escape: 1.5 is out of range; allowed: [0.0, 1.0]"),
        (
            "+recruitment.awareness.ATL=0.2",
            "recruitment.awareness: unknown ISO3 code 'ATL'; allowed: CHN, IDN",
        ),
        (
            "scenario=nope",
            "scenario=nope: unknown scenario; allowed: awareness_campaign, baseline, combined_strategy",
        ),
        ("world=mars", "world=mars: unknown world; allowed: default, mekong"),
        ("seed=abc", "could not be converted to Integer"),
        ("run.start=2020-13-01", "run.start: '2020-13-01' is not a date"),
        (
            "run.start=2020-01-07",
            "run.start: 2020-01-07 is a Tuesday; allowed: a Monday (e.g. 2020-01-06)",
        ),
        (
            "run.start=9999-12-06",
            "run.start: 9999-12-06 is out of range; allowed: 1990-01-01 to 2100-12-31",
        ),
        ("run.start=0001-01-01", "run.start: 0001-01-01 is out of range"),
        ("recruitment.contacts_per_week=inf", "recruitment.contacts_per_week: inf is not finite"),
        ("enforcement.raids_per_unit_week=inf", "enforcement.raids_per_unit_week: inf is not finite"),
        (
            "compounds.revenue_per_worker_week_usd=inf",
            "compounds.revenue_per_worker_week_usd: inf is not finite; allowed: a finite number",
        ),
        (
            "recruitment.contacts_per_week=1e30",
            "recruitment.contacts_per_week: 1e+30 is out of range; allowed: [0.0, 100000.0]",
        ),
        ("enforcement.raids_per_unit_week=1e30", "enforcement.raids_per_unit_week: 1e+30 is out"),
        ("world.countries=[]", "world.countries: the list is empty; allowed: null"),
        ("compounds.revenue_per_worker_week_usd=1e308", "revenue_per_worker_week_usd: 1e+308 is out"),
    ],
)
def test_bad_input_fails_with_one_line_and_writes_nothing(tmp_path, override, expected):
    result = run_cli(override, "world=mekong", "run.weeks=2", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and expected in lines[0], lines[0]
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize(
    "override",
    [
        "world.initial_held_persons={MMR:0,KHM:0,LAO:0,PHL:0}",  # nobody held, figures empty
        "world.population_scale=4000",  # fewer victim agents than compounds
        "recruitment.initial_recruiters=0",
        "victims.p_escape=1.0",
    ],
)
def test_valid_extremes_run_to_the_end_with_their_figures(tmp_path, override):
    result = run_cli(override, "world=mekong", "run.weeks=8", "output.figures=true", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    run_dir = Path(result.stdout.strip().splitlines()[-1].removeprefix("results: "))
    assert is_complete(run_dir) and list((run_dir / "figures").glob("*.png"))


def test_parameter_reference_is_up_to_date():
    from experiments.parameters_table import DOC_PATH, parameters_markdown

    assert DOC_PATH.read_text() == parameters_markdown(), "run: python -m experiments.parameters_table"


def test_a_run_of_more_than_a_century_is_refused(tmp_path):
    result = run_cli("world=mekong", "run.weeks=100000000", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "error: run.weeks: 100000000 is out of range; allowed: [1, 5200]\n"
    assert not (tmp_path / "results").exists()


def test_results_that_are_not_finite_are_refused_naming_where():
    import numpy as np
    import pandas as pd

    from experiments.running.experiment import check_finite

    good = pd.DataFrame({"step": [1, 2, 3], "victims_held": [1.0, 2.0, 3.0]})
    check_finite({"timeseries": good})
    bad = good.assign(revenue_usd=[1.0, np.inf, np.nan])
    with pytest.raises(ConfigError) as refused:
        check_finite({"timeseries": good, "by_zone": bad})
    assert str(refused.value).startswith("results: by_zone.revenue_usd is not finite from step 2;")
