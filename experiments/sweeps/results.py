"""A sweep folder read and checked, its runs labelled by arm and paired with the baseline's.

A sweep folder holds ``results.parquet`` (one row per run and week), ``by_country.parquet`` (one row per
run, week and host country), ``by_zone.parquet`` and ``compounds.parquet`` (optional: per host zone,
and the compounds' event log) and ``sweep.json`` (configuration, jobs and provenance; optional).
:func:`load_sweep` reads them, checks the columns its reader needs and raises
:class:`SweepFolderError` naming the first problem. A sweep that varies parameters inside a scenario
(columns named by dotted key, or by config group such as ``world``) is split into arms,
``scenario[key=value]``, each paired with the baseline run that has the same seed and the same
non-scenario parameters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.common.paths import CONFIG_DIR

ID_COLUMNS = ("experiment", "scenario", "seed", "step", "date")
REQUIRED_BY_COUNTRY = ("scenario", "seed", "step", "date", "iso3", "region", "victims_held")
REQUIRED_COMPOUNDS = ("scenario", "seed", "week", "date", "compound", "event")
REQUIRED_BY_ZONE = ("scenario", "seed", "step", "date", "zone", "iso3", "victims_held")


class SweepFolderError(Exception):
    """A fault of a sweep folder, or of the options it is read with, reported as one line."""


@dataclass
class Sweep:
    """A sweep's tables with an ``arm`` column, and how arms pair with the baseline.

    Attributes:
        results: results.parquet with ``date`` as Timestamp and ``arm`` (scenario, or scenario and
            the parameters that vary inside it).
        by_country: by_country.parquet with the same ``arm`` column.
        compounds: compounds.parquet (the compounds' event log of every run) with ``arm``; empty
            for a sweep gathered before compounds were logged.
        by_zone: by_zone.parquet (victims held and flows per host zone) with ``arm``; empty for a
            sweep gathered before zones.
        meta: sweep.json (empty if absent).
        baseline: name of the baseline scenario.
        pair_keys: columns besides ``seed`` that a scenario and its baseline run must share.
        notes: remarks on the data for the report.
    """

    results: pd.DataFrame
    by_country: pd.DataFrame
    meta: dict
    baseline: str
    pair_keys: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    compounds: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_zone: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def arms(self) -> list[str]:
        """Arm labels, baselines first, then sorted."""
        arms = sorted(self.results.arm.unique())
        return sorted(arms, key=lambda a: not self.is_baseline(a))

    @property
    def run_keys(self) -> list[str]:
        """Columns that identify one run: ``arm``, ``seed`` and the pairing keys."""
        return ["arm", "seed", *self.pair_keys]

    def is_baseline(self, arm: str) -> bool:
        """Whether an arm is (a variant of) the baseline scenario."""
        return arm == self.baseline or arm.startswith(f"{self.baseline}[")


def arm_scenario(arm: str) -> str:
    """The scenario of an arm label: ``scenario`` of ``scenario[key=value, ...]``."""
    return arm.split("[")[0]


def load_sweep(path: Path, baseline: str, required: tuple[str, ...] = ID_COLUMNS) -> Sweep:
    """Read and check a sweep folder and label its arms.

    Args:
        path: the sweep folder.
        baseline: name of the baseline scenario.
        required: the columns ``results.parquet`` must have.

    Returns:
        The sweep, with an ``arm`` column in both tables.

    Raises:
        SweepFolderError: a table is missing, unreadable, empty or lacks a column; the baseline is absent
            or alone; or runs are duplicated.
    """
    if not path.is_dir():
        raise SweepFolderError(f"{path}: no such sweep folder")
    results = _read_table(path / "results.parquet", required)
    by_country = _read_table(path / "by_country.parquet", REQUIRED_BY_COUNTRY)
    meta = json.loads((path / "sweep.json").read_text()) if (path / "sweep.json").is_file() else {}
    scenarios = sorted(results.scenario.astype(str).unique())
    if baseline not in scenarios:
        raise SweepFolderError(
            f"{path / 'results.parquet'}: no baseline scenario {baseline!r}; "
            f"scenarios: {', '.join(scenarios)}"
        )
    if len(scenarios) < 2:
        raise SweepFolderError(
            f"{path / 'results.parquet'}: only the baseline {baseline!r}; nothing to compare"
        )
    sweep = Sweep(results, by_country, meta, baseline)
    if (path / "compounds.parquet").is_file():
        sweep.compounds = _read_table(path / "compounds.parquet", REQUIRED_COMPOUNDS, allow_empty=True)
    else:
        sweep.notes.append("No compounds.parquet (gathered before compounds were logged): no survival.")
    if (path / "by_zone.parquet").is_file():
        sweep.by_zone = _read_table(path / "by_zone.parquet", REQUIRED_BY_ZONE, allow_empty=True)
    if not meta:
        sweep.notes.append("No sweep.json: configuration, versions and commit of the runs are unknown.")
    _label_arms(sweep)
    return sweep


def _read_table(path: Path, required: tuple[str, ...], allow_empty: bool = False) -> pd.DataFrame:
    """A parquet table with its required columns, ``date`` as Timestamp and ``scenario`` as text."""
    if not path.is_file():
        raise SweepFolderError(f"{path.parent}: no {path.name}")
    try:
        table = pd.read_parquet(path)
    except Exception as error:  # pyarrow raises several types for unreadable files
        raise SweepFolderError(f"{path}: unreadable ({str(error).splitlines()[0]})") from error
    if table.empty:
        if allow_empty:
            return pd.DataFrame()
        raise SweepFolderError(f"{path}: no rows")
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise SweepFolderError(f"{path}: missing columns {missing}")
    for column in parameter_columns(table):  # a job that did not set a swept key ran the default
        table[column] = table[column].map(_hashable).astype(object).fillna("default")
    table["date"] = pd.to_datetime(table["date"])
    table["scenario"] = table["scenario"].astype(str)
    return table


def parameter_columns(table: pd.DataFrame) -> list[str]:
    """Columns of swept parameters: dotted keys, and config groups but ``scenario`` (``world``)."""
    return [c for c in table.columns if "." in c or (c != "scenario" and (CONFIG_DIR / c).is_dir())]


def _hashable(value):
    """A parameter value that can be grouped on: lists and arrays become their text."""
    return str(list(value)) if isinstance(value, list | tuple | np.ndarray) else value


def _label_arms(sweep: Sweep) -> None:
    """Add ``arm`` to both tables; choose the baseline's variant and the pairing keys."""
    results, baseline = sweep.results, sweep.baseline
    params = parameter_columns(results)
    varying = [c for c in params if results.groupby("scenario")[c].nunique(dropna=False).max() > 1]
    in_baseline = results.scenario == baseline
    ignored = [
        c for c in varying if c.startswith("scenario.") and results.loc[in_baseline, c].nunique() > 1
    ]
    if ignored:
        first = (
            results.loc[in_baseline, ignored].astype(str).drop_duplicates().sort_values(ignored).iloc[0]
        )
        results = results[~in_baseline | (results[ignored].astype(str) == first).all(axis=1)]
        sweep.notes.append(
            f"The baseline was run with several values of {ignored}; the runs with {dict(first)} are "
            "used (scenario parameters do not act in the baseline)."
        )
    sweep.pair_keys = [c for c in varying if not c.startswith("scenario.")]
    duplicated = int(results.duplicated(["scenario", "seed", "step", *varying]).sum())
    if duplicated:
        raise SweepFolderError(f"results.parquet: {duplicated} duplicate rows of (scenario, seed, step)")
    missing = [c for c in varying if c not in sweep.by_country.columns]
    if missing:
        raise SweepFolderError(f"by_country.parquet: missing the swept parameter columns {missing}")
    combos = results[["scenario", *varying]].drop_duplicates()
    short = _short_names(varying)
    labels = []
    for row in combos.itertuples(index=False):
        values = dict(zip(combos.columns, row, strict=True))
        shown = [
            f"{short[c]}={values[c]}"
            for c in varying
            if values["scenario"] != baseline or c in sweep.pair_keys
        ]
        labels.append(values["scenario"] + (f"[{', '.join(shown)}]" if shown else ""))
    combos = combos.assign(arm=labels)
    sweep.results = results.merge(combos, on=["scenario", *varying])
    sweep.by_country = sweep.by_country.merge(combos, on=["scenario", *varying])
    for name in ("compounds", "by_zone"):  # optional tables, dropped if they lack a swept column
        table = getattr(sweep, name)
        if not table.empty and set(varying) <= set(table.columns):
            setattr(sweep, name, table.merge(combos, on=["scenario", *varying]))
        elif not table.empty:
            setattr(sweep, name, pd.DataFrame())


def _short_names(columns: list[str]) -> dict[str, str]:
    """The last part of each dotted key, or the whole key where last parts collide."""
    last = [c.rsplit(".", 1)[-1] for c in columns]
    return {c: (s if last.count(s) == 1 else c) for c, s in zip(columns, last, strict=True)}
