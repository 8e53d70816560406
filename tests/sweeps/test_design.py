"""Design tables: a run takes its parameter values from a row, and bad tables are refused clearly."""

import pandas as pd
import pytest
import yaml

from experiments.calibration.uncertain import load_parameters, scale
from experiments.common.config import compose_config
from experiments.common.design import write_design
from model import ConfigError


@pytest.fixture
def design(tmp_path):
    path = tmp_path / "design.csv"
    write_design(
        path, pd.DataFrame({"victims.p_escape": [0.001, 0.002], "world.population_scale": [30.0, 40.0]})
    )
    return path


def test_a_run_takes_the_values_of_its_row(design):
    config = compose_config([f"design.table={design}", "design.point=1"])
    assert config.victims.p_escape == 0.002
    assert config.world.population_scale == 40 and isinstance(config.world.population_scale, int)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (["design.point=2"], r"design.point: 2 is out of range; allowed: \[0, 1\]"),
        (["design.point=-1"], "set both design.table"),
    ],
)
def test_a_bad_design_point_is_refused(design, overrides, message):
    with pytest.raises(ConfigError, match=message):
        compose_config([f"design.table={design}", *overrides])


def test_a_column_that_is_no_parameter_is_refused(tmp_path):
    path = tmp_path / "design.csv"
    write_design(path, pd.DataFrame({"victims.p_escpe": [0.1]}))
    with pytest.raises(ConfigError, match=r"'victims\.p_escpe' is not a numeric parameter; allowed"):
        compose_config([f"design.table={path}", "design.point=0"])


def test_uncertain_parameters_are_at_least_ten_with_ranges_inside_the_allowed():
    parameters = load_parameters()
    assert len(parameters) >= 10
    assert sum(p.calibrate for p in parameters) >= 5
    corners = scale(
        pd.DataFrame([[0.0] * len(parameters), [1.0] * len(parameters)]).to_numpy(), parameters
    )
    for p in parameters:
        assert corners[p.key].tolist() == pytest.approx([p.low, p.high])
        assert p.unit and p.why


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"low": "abc"}, "low 'abc', high .*; allowed: numbers"),
        ({"log": "no"}, "log 'no', calibrate .*; allowed: true, false"),
        ({"key": "seed"}, "'seed' is not a numeric model parameter; allowed"),
        ({"key": "victims.p_escpe"}, "'victims.p_escpe' is not a numeric model parameter"),
        ({"low": 0.5, "high": 2.0}, r"leaves its allowed range \[0.0, 1.0\]"),
    ],
)
def test_a_faulty_parameters_file_is_refused_with_the_allowed_values(tmp_path, edit, message):
    entry = {
        "key": "victims.p_escape",
        "low": 0.001,
        "high": 0.01,
        "log": True,
        "calibrate": True,
        "why": "w",
    }
    path = tmp_path / "parameters.yaml"
    path.write_text(yaml.safe_dump({"parameters": [entry | edit]}))
    with pytest.raises(ConfigError, match=message):
        load_parameters(path)
