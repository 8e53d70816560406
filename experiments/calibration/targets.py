"""Calibration targets: published figures (FACTS F1-F8) and the model outputs they are compared with.

``configs/calibration/targets.yaml`` lists them; :func:`load_targets` reads and checks it, and
:func:`measure` reads each target's output from a sweep's gathered tables (``results.parquet``,
``by_country.parquet``), one value per run: per seed, and per design point if the sweep had one.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from experiments.common.config import compose_config, group_options
from experiments.common.design import POINT
from experiments.common.paths import CONFIG_DIR
from model import ConfigError, ScamScapeModel

TARGETS_FILE = CONFIG_DIR / "calibration" / "targets.yaml"
TABLES = ("timeseries", "by_country")
STATISTICS = ("mean", "sum")


@dataclass(frozen=True)
class Output:
    """The model output a target is compared with.

    Attributes:
        scenario: the scenario whose runs are read.
        versus: a scenario whose same-seed run is subtracted (None: none).
        table: ``timeseries`` (world) or ``by_country``.
        columns: the columns summed.
        countries: ISO3 codes summed (``by_country`` only).
        window: first and last date read, inclusive: a week is read if its first day is inside.
        statistic: ``mean`` of the weekly values (stocks) or their ``sum`` (flows).
    """

    scenario: str
    table: str
    columns: tuple[str, ...]
    window: tuple[dt.date, dt.date]
    statistic: str
    countries: tuple[str, ...] = ()
    versus: str | None = None

    @property
    def scenarios(self) -> set[str]:
        """The scenarios this output reads."""
        return {self.scenario} | ({self.versus} if self.versus else set())


@dataclass(frozen=True)
class Target:
    """A published figure and the output it is compared with.

    Attributes:
        value: the figure as published (None where only a bound is published).
        low, high: the range a model median must reach to fit (None: unbounded).
        weight: weight in the calibration distance (0: reported, not fitted).
    """

    id: str
    fact: str
    quantity: str
    unit: str
    date: str
    value: float | None
    low: float | None
    high: float | None
    tolerance: str
    output: Output
    weight: float
    source: str

    def published_within(self, low: float, high: float) -> bool:
        """Whether the published figure lies in ``[low, high]`` (a model interval).

        A published value must lie inside; a published bound only ("at least 120,000") must leave
        some of its range inside.
        """
        if self.value is not None:
            return low <= self.value <= high
        return (self.low is None or high >= self.low) and (self.high is None or low <= self.high)

    def discrepancy(self, model_value: float) -> float:
        """How far a model value lies outside the fit range, in log units (0 inside it).

        ``log((v + 1) / (bound + 1))``: counts may be zero, and figures span many orders of magnitude.
        A missing value (NaN: no run reached the target) is infinitely far.
        """
        if math.isnan(model_value):
            return math.inf
        if self.low is not None and model_value < self.low:
            return math.log((max(model_value, 0.0) + 1) / (self.low + 1))
        if self.high is not None and model_value > self.high:
            return math.log((model_value + 1) / (self.high + 1))
        return 0.0


def load_targets(path: Path = TARGETS_FILE) -> list[Target]:
    """Read and check a targets file; a fault raises :class:`ConfigError` naming the target and key."""
    if not path.is_file():
        raise ConfigError(f"targets: no such file: {path}")
    entries = (yaml.safe_load(path.read_text()) or {}).get("targets") or []
    if not entries:
        raise ConfigError(f"targets: {path} lists no targets")
    targets = [_target(entry, path) for entry in entries]
    ids = [t.id for t in targets]
    if len(set(ids)) != len(ids):
        raise ConfigError(f"targets: ids are not unique in {path}: {sorted(ids)}")
    if not any(t.weight > 0 for t in targets):
        raise ConfigError(f"targets: every weight is 0 in {path}; allowed: at least one weight > 0")
    return targets


def _target(entry: dict, path: Path) -> Target:
    name = entry.get("id", "?")
    try:
        published, output = entry["published"], entry["output"]
        first, last = output["window"]
        window = (_date(first), _date(last))
        target = Target(
            id=name,
            fact=entry["fact"],
            quantity=entry["quantity"],
            unit=entry["unit"],
            date=str(entry["date"]),
            value=_number(published.get("value")),
            low=_number(published.get("low")),
            high=_number(published.get("high")),
            tolerance=entry["tolerance"],
            output=Output(
                scenario=output["scenario"],
                versus=output.get("versus"),
                table=output["table"],
                columns=tuple(output["columns"]),
                countries=tuple(output.get("countries") or ()),
                window=window,
                statistic=output["statistic"],
            ),
            weight=float(entry["weight"]),
            source=entry["source"],
        )
    except KeyError as missing:
        raise ConfigError(f"targets: {name}: missing key {missing} in {path}") from None
    except (TypeError, ValueError, AttributeError, IndexError) as error:
        raise ConfigError(
            f"targets: {name}: {type(error).__name__}: {error} in {path}; allowed: see the keys "
            "described at the top of configs/calibration/targets.yaml"
        ) from None
    _check(target)
    return target


def _check(target: Target) -> None:
    out, name = target.output, target.id
    if out.table not in TABLES:
        raise ConfigError(f"targets: {name}: output.table {out.table!r}; allowed: {', '.join(TABLES)}")
    if out.statistic not in STATISTICS:
        raise ConfigError(
            f"targets: {name}: output.statistic {out.statistic!r}; allowed: {', '.join(STATISTICS)}"
        )
    if out.countries and out.table != "by_country":
        raise ConfigError(f"targets: {name}: output.countries needs output.table: by_country")
    if out.window[0] > out.window[1]:
        raise ConfigError(f"targets: {name}: output.window ends before it starts")
    if target.low is None and target.high is None:
        raise ConfigError(f"targets: {name}: published needs low or high (the fit range)")
    low = target.low if target.low is not None else -math.inf
    high = target.high if target.high is not None else math.inf
    if low > high:
        raise ConfigError(f"targets: {name}: published.low is above published.high")
    if target.value is not None and not low <= target.value <= high:
        raise ConfigError(f"targets: {name}: published.value {target.value} is outside [low, high]")
    if target.weight < 0:
        raise ConfigError(f"targets: {name}: weight {target.weight}; allowed: >= 0")
    for scenario in out.scenarios:
        allowed = group_options("scenario")
        if scenario not in allowed:
            raise ConfigError(
                f"targets: {name}: unknown scenario {scenario!r}; allowed: {', '.join(allowed)}"
            )


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _number(value) -> float | None:
    return None if value is None else float(value)


def check_outputs(targets: list[Target]) -> None:
    """Check, before any sweep, that every target reads columns and countries the model produces.

    Runs one week of the small ``mekong`` world for the column names; countries are checked against
    the whole country table.

    Raises:
        ConfigError: naming the target, the missing column or country, and the allowed ones.
    """
    config = compose_config(["world=mekong", "run.weeks=1"])
    model = ScamScapeModel(config, rng=0)
    model.step()
    produced = {
        "timeseries": list(model.recorder.timeseries().columns),
        "by_country": list(model.recorder.by_country().columns),
    }
    table_iso3 = set(model.world.table_iso3)
    for t in targets:
        for column in t.output.columns:
            if column not in produced[t.output.table]:
                raise ConfigError(
                    f"targets: {t.id}: output.columns: {column!r} is not a column of "
                    f"{t.output.table}; allowed: {', '.join(produced[t.output.table])}"
                )
        for code in t.output.countries:
            if code not in table_iso3:
                raise ConfigError(
                    f"targets: {t.id}: output.countries: unknown ISO3 code {code!r}; allowed: the "
                    "codes of model/data/countries.csv"
                )


def countries_of(targets: list[Target]) -> list[str]:
    """Every country the targets read, sorted."""
    return sorted(set().union(*(t.output.countries for t in targets)))


def scenarios_of(targets: list[Target]) -> list[str]:
    """Every scenario the targets read, sorted."""
    return sorted(set().union(*(t.output.scenarios for t in targets)))


def measure(targets: list[Target], results: pd.DataFrame, by_country: pd.DataFrame) -> pd.DataFrame:
    """Each target's model value in each run: one row per target, design point (if any) and seed.

    Args:
        targets: the targets.
        results: a sweep's gathered time series (:mod:`experiments.gather`).
        by_country: the same sweep's gathered per-country table.

    Returns:
        Columns ``target``, ``design.point`` (if the sweep had a design), ``seed``, ``value``.

    Raises:
        ValueError: a target's column, country, scenario or window is not in the tables.
    """
    keys = run_keys(results)
    rows = []
    for target in targets:
        weeks = weekly(target, results, by_country, within_window=True)
        per_run = weeks.groupby(level=keys)
        value = per_run.mean() if target.output.statistic == "mean" else per_run.sum()
        rows.append(value.rename("value").reset_index().assign(target=target.id))
    return pd.concat(rows, ignore_index=True)[["target", *keys, "value"]]


def trajectory(target: Target, results: pd.DataFrame, by_country: pd.DataFrame) -> pd.DataFrame:
    """The target's output week by week over whole runs: run keys (:func:`run_keys`), date, value.

    A ``mean`` target gives its weekly value; a ``sum`` target the sum over the preceding weeks as
    many as its window has, so that at the window's last week the curve equals the value compared.
    """
    keys = run_keys(results)
    weeks = weekly(target, results, by_country, within_window=False).rename("value").reset_index()
    if target.output.statistic == "sum":
        start, end = (pd.Timestamp(d) for d in target.output.window)
        span = weeks.loc[weeks["date"].between(start, end), "date"].nunique()
        weeks["value"] = weeks.groupby(keys)["value"].transform(lambda v: v.rolling(span).sum())
    return weeks[[*keys, "date", "value"]]


def run_keys(results: pd.DataFrame) -> list[str]:
    """The columns that tell runs of a scenario apart: the design point (if any) and the seed."""
    return [POINT, "seed"] if POINT in results.columns else ["seed"]


def weekly(
    target: Target, results: pd.DataFrame, by_country: pd.DataFrame, within_window: bool
) -> pd.Series:
    """The target's weekly output per run (its scenario's, minus ``versus``'s), by run keys and date."""
    out = target.output
    table = results if out.table == "timeseries" else by_country
    keys = run_keys(results)
    value = _weekly(table, out, out.scenario, keys, within_window)
    if out.versus:
        value = value - _weekly(table, out, out.versus, keys, within_window).reindex(value.index)
    return value


def _weekly(
    table: pd.DataFrame, out: Output, scenario: str, keys: list[str], within_window: bool
) -> pd.Series:
    missing = [c for c in out.columns if c not in table.columns]
    if missing:
        raise ValueError(f"{out.table} has no column {missing[0]!r}")
    dates = pd.to_datetime(table["date"])
    rows = table["scenario"] == scenario
    if within_window:
        rows &= dates.between(pd.Timestamp(out.window[0]), pd.Timestamp(out.window[1]))
    if out.countries:
        absent = set(out.countries) - set(table["iso3"])
        if absent:
            raise ValueError(f"by_country has no country {sorted(absent)[0]!r}")
        rows &= table["iso3"].isin(out.countries)
    if not rows.any():
        raise ValueError(f"no week of scenario {scenario!r} in {out.window[0]}..{out.window[1]}")
    if within_window:
        read = dates[rows]
        week = pd.Timedelta(days=7)
        if (
            read.min() >= pd.Timestamp(out.window[0]) + week
            or read.max() <= pd.Timestamp(out.window[1]) - week
        ):
            raise ValueError(
                f"the runs of scenario {scenario!r} cover only {read.min().date()}..{read.max().date()} "
                f"of the window {out.window[0]}..{out.window[1]}; allowed: runs spanning the window"
            )
    selected = table.loc[rows, [*keys, *out.columns]].assign(date=dates[rows])
    selected = selected.assign(value=selected[list(out.columns)].sum(axis=1))
    return selected.groupby([*keys, "date"])["value"].sum()


def weeks_to_cover(targets: list[Target], overrides: list[str]) -> int:
    """Weeks from the runs' first week (``run.start``, as overridden) to the last window's end."""
    given = [o.partition("=")[2] for o in overrides if o.partition("=")[0].lstrip("+") == "run.start"]
    start = pd.Timestamp(given[-1] if given else compose_config().run.start)
    last = max(pd.Timestamp(t.output.window[1]) for t in targets)
    return max((last - start).days // 7 + 1, 1)


def job_overrides(targets: list[Target], overrides: list[str]) -> list[str]:
    """What every job of a target sweep is given: scenarios, run length (unless set), the user's."""
    given = {o.partition("=")[0].lstrip("+") for o in overrides}
    weeks = [] if "run.weeks" in given else [f"run.weeks={weeks_to_cover(targets, overrides)}"]
    return [f"scenario={','.join(scenarios_of(targets))}", *weeks, *overrides]
