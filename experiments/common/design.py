"""Design tables: runs that take their parameter values from a row of a table of points.

A design table is a CSV file with one row per point and one column per parameter, named by its
dotted key (``victims.p_escape``). ``design.table=PATH design.point=range(0,N)`` in a sweep gives one
job per point (times seeds and scenarios) through the sweep's launcher; each job sets its row's values
before the config is checked, so its manifest records them and a changed design makes it stale. The
calibration and the sensitivity analysis write such tables (Latin hypercube, Morris, Sobol), as EMA
Workbench writes its experiments.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from omegaconf import DictConfig, OmegaConf

from experiments.common.atomic import write_file
from model import ConfigError
from model.param_fields import param

POINT = "design.point"  # the column of a gathered sweep that names a job's row of the design


@dataclass
class DesignOptions:
    """Where a run takes parameter values from (none by default)."""

    table: str = param(
        "", "CSV file of points, a column per dotted key (empty: none)", "user choice", low=None
    )
    point: int = param(-1, "row of the table this run takes (-1: none)", "user choice", low=-1)


def apply_design(cfg: DictConfig) -> None:
    """Set, in ``cfg``, the values of row ``cfg.design.point`` of ``cfg.design.table``.

    Raises:
        ConfigError: the table is missing, the row is out of range, or a column is not a parameter.
    """
    table, point = cfg.design.table, cfg.design.point
    if not table and point < 0:
        return
    if not table or point < 0:
        raise ConfigError("design: set both design.table (a CSV file) and design.point (its row)")
    values = read_design(Path(table))
    if point >= len(values):
        raise ConfigError(f"design.point: {point} is out of range; allowed: [0, {len(values) - 1}]")
    for key, value in values.iloc[point].items():
        current = OmegaConf.select(cfg, key, default=ConfigError)
        if current is ConfigError or isinstance(current, DictConfig | bool) or key.startswith("design."):
            raise ConfigError(
                f"design.table: column {key!r} is not a numeric parameter; allowed: "
                "the dotted keys of docs/parameters.md"
            )
        OmegaConf.update(cfg, key, round(value) if isinstance(current, int) else float(value))


def read_design(path: Path) -> pd.DataFrame:
    """The points of a design table, in row order."""
    if not path.is_file():
        raise ConfigError(f"design.table: no such file: {path}")
    return pd.read_csv(path)


def write_design(path: Path, points: pd.DataFrame) -> None:
    """Write a design table atomically (a temporary file renamed into place)."""
    write_file(path, lambda partial: points.to_csv(partial, index=False, float_format="%.10g"))
