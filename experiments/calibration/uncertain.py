"""Uncertain parameters and their ranges: the priors of the calibration, the space of the sensitivity.

``configs/calibration/parameters.yaml`` lists them; :func:`load_parameters` reads and checks it
against the schema (each key a numeric parameter, each range inside its allowed range), and
:func:`scale` maps points of the unit cube (Latin hypercube, Morris, Sobol) onto the ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from experiments.common.config import RunConfig
from experiments.common.paths import CONFIG_DIR
from model import ConfigError
from model.validation import iter_fields

PARAMETERS_FILE = CONFIG_DIR / "calibration" / "parameters.yaml"


MODEL_SECTIONS = ("world.", "recruitment.", "victims.", "compounds.", "enforcement.", "scenario.")
"""Where uncertain parameters may live: the model's own sections (not run, seed, output, design)."""


@dataclass(frozen=True)
class UncertainParameter:
    """A parameter with its range.

    Attributes:
        key: its dotted key (docs/parameters.md).
        low, high: its range, in its own unit.
        log: sampled log-uniformly (else uniformly).
        calibrate: fitted by the calibration (all are varied by the sensitivity analysis).
        unit: its unit, from the schema.
        why: where the range comes from.
    """

    key: str
    low: float
    high: float
    log: bool
    calibrate: bool
    unit: str
    why: str


def load_parameters(path: Path = PARAMETERS_FILE) -> list[UncertainParameter]:
    """Read and check an uncertain-parameters file; a fault raises :class:`ConfigError`."""
    if not path.is_file():
        raise ConfigError(f"parameters: no such file: {path}")
    schema = {key: (f, value) for key, f, value in iter_fields(RunConfig())}
    parameters = []
    for entry in (yaml.safe_load(path.read_text()) or {}).get("parameters") or []:
        key = entry.get("key", "?") if isinstance(entry, dict) else "?"
        numeric = key in schema and not isinstance(schema[key][1], bool | str | dict | list | type(None))
        if not numeric or not key.startswith(MODEL_SECTIONS):
            raise ConfigError(
                f"parameters: {key!r} is not a numeric model parameter; allowed: the dotted keys of "
                "docs/parameters.md under " + ", ".join(s.rstrip(".") for s in MODEL_SECTIONS)
            )
        try:
            low, high, log, calibrate = entry["low"], entry["high"], entry["log"], entry["calibrate"]
            why = str(entry["why"])
        except KeyError as missing:
            raise ConfigError(f"parameters: {key}: missing key {missing} in {path}") from None
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high)):
            raise ConfigError(f"parameters: {key}: low {low!r}, high {high!r}; allowed: numbers")
        if not isinstance(log, bool) or not isinstance(calibrate, bool):
            raise ConfigError(
                f"parameters: {key}: log {log!r}, calibrate {calibrate!r}; allowed: true, false"
            )
        metadata = schema[key][0].metadata
        allowed_low, allowed_high = metadata.get("low"), metadata.get("high")
        low, high = float(low), float(high)
        if not low < high or (log and low <= 0):
            raise ConfigError(f"parameters: {key}: need 0 < low < high for log, low < high otherwise")
        if (allowed_low is not None and low < allowed_low) or (
            allowed_high is not None and high > allowed_high
        ):
            raise ConfigError(
                f"parameters: {key}: [{low}, {high}] leaves its allowed range "
                f"[{allowed_low}, {allowed_high}]"
            )
        parameters.append(UncertainParameter(key, low, high, log, calibrate, metadata["unit"], why))
    if not parameters:
        raise ConfigError(f"parameters: {path} lists no parameters")
    if len({p.key for p in parameters}) != len(parameters):
        raise ConfigError(f"parameters: a key is listed twice in {path}")
    return parameters


def scale(unit_points: np.ndarray, parameters: list[UncertainParameter]) -> pd.DataFrame:
    """Points of the unit cube (one row each, a column per parameter) as parameter values."""
    columns = {}
    for column, p in zip(unit_points.T, parameters, strict=True):
        if p.log:
            columns[p.key] = np.exp(np.log(p.low) + column * (np.log(p.high) - np.log(p.low)))
        else:
            columns[p.key] = p.low + column * (p.high - p.low)
    return pd.DataFrame(columns)
