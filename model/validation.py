"""Checking parameters: every value in its declared range, every date, ISO3 code, zone id and name known.

:func:`validate` raises :class:`~model.param_fields.ConfigError` naming the first faulty key and what
is allowed; :func:`iter_fields` walks a parameter tree, :func:`switched_off` tells whether a key belongs
to an intervention that is off.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import MISSING, fields, is_dataclass
from typing import Any

from model.param_fields import ConfigError
from model.params import Params
from model.scenario import scenario_events


def iter_fields(obj: Any, prefix: str = ""):
    """Yield ``(dotted_key, field, value)`` for every leaf parameter of a dataclass tree."""
    for f in fields(obj):
        value = getattr(obj, f.name)
        key = f"{prefix}{f.name}"
        if is_dataclass(value):
            yield from iter_fields(value, key + ".")
        else:
            yield key, f, value


def switched_off(params: Any, key: str) -> bool:
    """Whether the parameter at ``key`` belongs to an intervention that is not enabled.

    A scenario's section of a kind is on when it is enabled or when an event of that kind takes its
    values as defaults.
    """
    parts = key.split(".")
    events = getattr(getattr(params, "scenario", None), "events", None) or {}
    if parts[0] == "scenario" and any(
        isinstance(e, dict) and e.get("kind") == parts[1] for e in events.values()
    ):
        return False
    node = params
    for part in key.split(".")[:-1]:
        node = getattr(node, part)
        if getattr(node, "enabled", True) is False:
            return True
    return False


FIRST_DATE, LAST_DATE = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
"""Dates the calendar accepts: the data describe the 2020s; far dates are typos."""


def _check_range(key: str, value: float, low: float | None, high: float | None) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ConfigError(f"{key}: expected a number, got {value!r}")
    if math.isinf(value):
        raise ConfigError(f"{key}: {value} is not finite; allowed: a finite number")
    if (low is not None and value < low) or (high is not None and value > high):
        allowed = f"[{low}, {high}]" if high is not None else f">= {low}"
        raise ConfigError(f"{key}: {value} is out of range; allowed: {allowed}")


def validate(
    params: Params,
    known_iso3: set[str] | None = None,
    table_iso3: set[str] | None = None,
    zone_ids: set[str] | None = None,
) -> None:
    """Check every value's range and every ISO3 code; raise :class:`ConfigError` on the first fault.

    Countries of the world's own parameters must be in the world. Countries named by interventions
    (``scenario.*``) must be in the country table (``table_iso3``, when given): they act where they
    are in the world, so a small world can keep the scenarios' defaults. Interventions that are
    switched off are not checked.

    Args:
        params: the parameters to check.
        known_iso3: the ISO3 codes of the world the run uses (None skips the code check).
        table_iso3: every ISO3 code of the country table (None: intervention codes must be in the
            world too).
        zone_ids: the ids of the world's zones (``world.zones``; None skips the zone check).
    """
    _check_tree(params, "", known_iso3, table_iso3, zone_ids)
    shares = params.victims.age_band_shares
    if abs(sum(shares.values()) - 1.0) > 1e-6:
        raise ConfigError(f"victims.age_band_shares: shares sum to {sum(shares.values())}, not 1")
    first = params.start_date
    if first.weekday() != 0:
        raise ConfigError(
            f"run.start: {first} is a {first:%A}; allowed: a Monday "
            f"(e.g. {first - dt.timedelta(days=first.weekday())})"
        )
    last = first + dt.timedelta(weeks=params.run.weeks)
    for name, _, event in scenario_events(params.scenario):
        prefix = f"scenario.events.{name}."
        _check_tree(event, prefix, known_iso3, table_iso3, zone_ids)
        start = dt.date.fromisoformat(event.start)
        if start >= last or start + dt.timedelta(weeks=event.weeks) <= first:
            raise ConfigError(
                f"{prefix}start: the event ({event.start}, {event.weeks} weeks) lies outside the run "
                f"({first} to {last}); allowed: a window that overlaps the run"
            )


def _check_tree(
    tree: Any,
    prefix: str,
    known_iso3: set[str] | None,
    table_iso3: set[str] | None,
    zone_ids: set[str] | None,
) -> None:
    """Check every leaf of a parameter tree (the run's, or one event's under ``prefix``)."""
    in_scenario = prefix.startswith("scenario.") and table_iso3 is not None
    for key, f, value in iter_fields(tree):
        low, high = f.metadata.get("low"), f.metadata.get("high")
        if low is None and high is None:
            continue
        items = value.items() if isinstance(value, dict) else [(None, value)]
        for sub, item in items:
            _check_range(f"{prefix}{key}.{sub}" if sub else prefix + key, item, low, high)
    for key, f, value in iter_fields(tree):
        kind, shown = f.metadata.get("kind"), prefix + key
        if kind == "date":
            _check_date(shown, value)
        if kind == "label":
            _check_label(shown, value)
        if kind == "choices":
            _check_names(shown, value, f.metadata["allowed"], "name")
        if kind == "zone" and zone_ids is not None and not switched_off(tree, key):
            named = sorted(z for z in zone_ids if not z.endswith("-national"))
            _check_names(shown, value, zone_ids, "zone id", [*named, "or ISO3-national elsewhere"])
        if kind == "iso3" and switched_off(tree, key):
            if table_iso3 is not None:  # off, it need not act in this world, but its codes must exist
                _check_iso3(shown, [value] if isinstance(value, str) else list(value or []), table_iso3)
        elif kind == "iso3":
            codes = [value] if isinstance(value, str) else list(value or [])
            scenario = in_scenario or (key.startswith("scenario.") and table_iso3 is not None)
            _check_iso3(shown, codes, table_iso3 if scenario else known_iso3)
            if scenario and known_iso3 is not None and codes and not set(codes) & known_iso3:
                raise ConfigError(
                    f"{shown}: none of {codes} is in this world, so the intervention would do "
                    f"nothing; allowed: {_listing(known_iso3)}"
                )


LABEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]*")


def _check_label(key: str, value: str) -> None:
    """A label that becomes part of a folder name: letters, digits, ``_ . + -``, no separator."""
    if not isinstance(value, str) or not LABEL.fullmatch(value) or ".." in value:
        raise ConfigError(
            f"{key}: {value!r} is not a safe label; allowed: letters, digits and _ . + - "
            "(starting with a letter or digit, no '..')"
        )


def _check_names(key: str, names: list[str], allowed, what: str, shown=None) -> None:
    """Every name must be one of ``allowed``; the error lists ``shown`` (default ``allowed``)."""
    for name in names:
        if name not in allowed:
            listed = ", ".join(shown or allowed)
            raise ConfigError(f"{key}: unknown {what} {name!r}; allowed: {listed}")


def _check_date(key: str, value: str) -> None:
    try:
        date = dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{key}: {value!r} is not a date; allowed: YYYY-MM-DD") from None
    if not FIRST_DATE <= date <= LAST_DATE:
        raise ConfigError(f"{key}: {value} is out of range; allowed: {FIRST_DATE} to {LAST_DATE}")


def _check_iso3(key: str, codes: list[str], known_iso3: set[str] | None) -> None:
    if known_iso3 is None:
        return
    for code in codes:
        if code not in known_iso3:
            raise ConfigError(f"{key}: unknown ISO3 code {code!r}; allowed: {_listing(known_iso3)}")


def _listing(codes: set[str], limit: int = 30) -> str:
    """The codes, or for a long list their number and the first few (model/data/countries.csv)."""
    ordered = sorted(codes)
    if len(ordered) <= limit:
        return ", ".join(ordered)
    return f"{len(ordered)} codes of model/data/countries.csv: {', '.join(ordered[:10])}, ..."


def required_fields_documented(obj: Any) -> list[str]:
    """Return the dotted keys of parameters that lack a unit or a source (should be empty)."""
    missing = []
    for key, f, _ in iter_fields(obj):
        if not f.metadata.get("unit") or not f.metadata.get("source"):
            missing.append(key)
        if f.default is MISSING and f.default_factory is MISSING:
            missing.append(key)
    return missing
