"""Declaring parameters: a dataclass field with its unit, source and allowed range.

Used by ``model/params.py`` and by each intervention module, so every parameter carries the same
metadata, read by validation and by the generated reference ``docs/parameters.md``.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any


class ConfigError(ValueError):
    """A parameter value that is not allowed; the message is one line naming the key."""


def param(
    default: Any,
    unit: str,
    source: str,
    low: float | None = 0.0,
    high: float | None = None,
    kind: str | None = None,
):
    """Declare a parameter with its unit, source and allowed closed range [low, high].

    ``kind="iso3"`` marks an ISO3 code, a list of them or a dict keyed by them, checked against the
    world; ``kind="date"`` marks an ISO date string. Mutable defaults (lists, dicts) are copied for
    each instance.
    """
    metadata = {"unit": unit, "source": source, "low": low, "high": high, "kind": kind}
    if isinstance(default, list | dict):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


def probability(default: float, unit: str, source: str):
    """Declare a probability or share, allowed in [0, 1]."""
    return param(default, unit, source, low=0.0, high=1.0)


def iso_date(default: str, meaning: str, source: str):
    """Declare a date, as an ISO string ``YYYY-MM-DD``."""
    return param(default, f"ISO date: {meaning}", source, low=None, kind="date")


def countries(default: list[str], meaning: str, source: str):
    """Declare a list of ISO3 country codes."""
    return param(default, f"ISO3 codes: {meaning}", source, low=None, kind="iso3")


def zones(meaning: str, source: str):
    """Declare a list of zone ids of ``model/data/zones.csv`` (empty by default: the whole country)."""
    return param([], f"zone ids: {meaning}", source, low=None, kind="zone")


def choices(default: list[str], allowed: tuple[str, ...], meaning: str, source: str):
    """Declare a list of names, each one of ``allowed``."""
    return field(
        default_factory=lambda: list(default),
        metadata={
            "unit": f"names: {meaning}",
            "source": source,
            "low": None,
            "high": None,
            "kind": "choices",
            "allowed": allowed,
        },
    )
