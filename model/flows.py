"""Counters of one week's flows, in persons and US$, world-wide, per country and per host zone."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class WeekFlows:
    """What happened during one week (reset at the start of each step).

    Escapes (persons) above the ordinary rate are also booked by what weakened the guarding
    (``escaped_unpaid_guards``, ``escaped_supply_cut``, ``escaped_raids_nearby``; ``model/escapes.py``).

    World counts are persons (victim agents times the population scale) or events; per-country arrays
    are indexed by country, per-zone arrays (``..._zone``) by the row of ``world.zones``.

    Money (US$): of the compounds' revenue, ``frozen_usd`` is frozen, ``fees_paid_usd`` goes to
    recruiters, ``running_paid_usd`` to guards and running costs, ``protection_paid_usd`` to the zones'
    protectors; the rest is profit kept as cash, out of which ``setup_paid_usd`` pays new sites and
    moves and ``payout_usd`` goes to the owners of compounds closed or given up. Recruiters' fees a
    compound closed or given up still owed are ``fees_written_off_usd`` (never paid).
    """

    countries: int
    zones: int
    recruited: float = 0.0
    arrived: float = 0.0
    re_trafficked: float = 0.0
    intercepted: float = 0.0
    rescued: float = 0.0
    escaped: float = 0.0
    escaped_unpaid_guards: float = 0.0
    escaped_supply_cut: float = 0.0
    escaped_raids_nearby: float = 0.0
    released: float = 0.0
    repatriated: float = 0.0
    relocations: int = 0
    splits: int = 0
    raids: int = 0
    arrests_operators: int = 0
    arrests_recruiters: int = 0
    compounds_closed: int = 0
    compounds_reopened: int = 0
    compounds_exited: int = 0
    shed: float = 0.0
    moved_with_compounds: float = 0.0
    discarded_on_arrival: float = 0.0
    frozen_usd: float = 0.0
    fees_paid_usd: float = 0.0
    running_paid_usd: float = 0.0
    protection_paid_usd: float = 0.0
    setup_paid_usd: float = 0.0
    payout_usd: float = 0.0
    fees_written_off_usd: float = 0.0
    raids_by_compound: dict[int, int] = field(default_factory=dict)
    recruited_from: np.ndarray = field(init=False)
    rescued_in: np.ndarray = field(init=False)
    revenue_usd: np.ndarray = field(init=False)
    relocations_in: np.ndarray = field(init=False)
    relocations_out: np.ndarray = field(init=False)
    rescued_in_zone: np.ndarray = field(init=False)
    revenue_usd_zone: np.ndarray = field(init=False)
    relocations_in_zone: np.ndarray = field(init=False)
    relocations_out_zone: np.ndarray = field(init=False)
    escaped_zone: np.ndarray = field(init=False)
    protection_paid_usd_zone: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        for name in ("recruited_from", "rescued_in", "revenue_usd"):
            setattr(self, name, np.zeros(self.countries))
        self.relocations_in = np.zeros(self.countries, dtype=np.int64)
        self.relocations_out = np.zeros(self.countries, dtype=np.int64)
        self.rescued_in_zone = np.zeros(self.zones)
        self.revenue_usd_zone = np.zeros(self.zones)
        self.protection_paid_usd_zone = np.zeros(self.zones)
        self.escaped_zone = np.zeros(self.zones)
        self.relocations_in_zone = np.zeros(self.zones, dtype=np.int64)
        self.relocations_out_zone = np.zeros(self.zones, dtype=np.int64)
