"""Checking parameters: every value in its declared range, every date, ISO3 code, zone id and name known.

:func:`validate` raises :class:`~model.param_fields.ConfigError` naming the first faulty key and what
is allowed; :func:`iter_fields` walks a parameter tree, :func:`switched_off` tells whether a key belongs
to an intervention that is off.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import MISSING, fields, is_dataclass
from typing import Any

from model.param_fields import ConfigError
from model.params import Params


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
    """Whether the parameter at ``key`` belongs to an intervention that is not enabled."""
    node = params
    for part in key.split(".")[:-1]:
        node = getattr(node, part)
        if getattr(node, "enabled", True) is False:
            return True
    return False


def _check_range(key: str, value: float, low: float | None, high: float | None) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ConfigError(f"{key}: expected a number, got {value!r}")
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
    for key, f, value in iter_fields(params):
        low, high = f.metadata.get("low"), f.metadata.get("high")
        if low is None and high is None:
            continue
        items = value.items() if isinstance(value, dict) else [(None, value)]
        for sub, item in items:
            _check_range(f"{key}.{sub}" if sub else key, item, low, high)
    shares = params.victims.age_band_shares
    if abs(sum(shares.values()) - 1.0) > 1e-6:
        raise ConfigError(f"victims.age_band_shares: shares sum to {sum(shares.values())}, not 1")
    for key, f, value in iter_fields(params):
        if f.metadata.get("kind") == "date":
            _check_date(key, value)
        if f.metadata.get("kind") == "choices":
            _check_names(key, value, f.metadata["allowed"], "name")
        if f.metadata.get("kind") == "zone" and zone_ids is not None and not switched_off(params, key):
            named = sorted(z for z in zone_ids if not z.endswith("-national"))
            _check_names(key, value, zone_ids, "zone id", [*named, "or ISO3-national elsewhere"])
        if f.metadata.get("kind") == "iso3" and not switched_off(params, key):
            codes = [value] if isinstance(value, str) else list(value or [])
            in_scenario = key.startswith("scenario.") and table_iso3 is not None
            _check_iso3(key, codes, table_iso3 if in_scenario else known_iso3)
            if in_scenario and known_iso3 is not None and codes and not set(codes) & known_iso3:
                raise ConfigError(
                    f"{key}: none of {codes} is in this world, so the intervention would do nothing; "
                    f"allowed: {_listing(known_iso3)}"
                )


def _check_names(key: str, names: list[str], allowed, what: str, shown=None) -> None:
    """Every name must be one of ``allowed``; the error lists ``shown`` (default ``allowed``)."""
    for name in names:
        if name not in allowed:
            listed = ", ".join(shown or allowed)
            raise ConfigError(f"{key}: unknown {what} {name!r}; allowed: {listed}")


def _check_date(key: str, value: str) -> None:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{key}: {value!r} is not a date; allowed: YYYY-MM-DD") from None


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
