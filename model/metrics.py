"""Weekly records of the model: a world time series, a per-country and a per-zone table.

Stocks are read at the end of the week, flows summed during it; counts are persons (victim agents
times the population scale), money is US$. Everything is computed from arrays and counters, never by
scanning agents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.agents import VictimState
from model.agents.victim import FREED_STATES
from model.world import REGIONS

FLOW_COLUMNS = (
    "recruited",
    "arrived",
    "intercepted",
    "rescued",
    "escaped",
    "escaped_unpaid_guards",
    "escaped_supply_cut",
    "escaped_raids_nearby",
    "released",
    "repatriated",
    "re_trafficked",
    "relocations",
    "splits",
    "raids",
    "arrests_operators",
    "arrests_recruiters",
    "compounds_closed",
    "compounds_reopened",
    "compounds_exited",
    "shed",
    "moved_with_compounds",
    "discarded_on_arrival",
    "frozen_usd",
    "fees_paid_usd",
    "running_paid_usd",
    "protection_paid_usd",
    "setup_paid_usd",
    "payout_usd",
    "fees_written_off_usd",
)
SHARE_REGIONS = REGIONS


def _sum_by(labels: np.ndarray, counts: np.ndarray, n: int) -> np.ndarray:
    """Integer ``counts`` summed per label ``0..n-1`` (held persons per compound to its country)."""
    return np.bincount(labels, weights=counts, minlength=n).round().astype(np.int64)


class Recorder:
    """Collects one row per week, one row per week and country, and one per week and zone."""

    def __init__(self, model) -> None:
        self.model = model
        self.rows: list[dict] = []
        self.country_blocks: list[dict[str, np.ndarray]] = []
        self.zone_blocks: list[dict[str, np.ndarray]] = []
        self.region_masks = {region: model.world.region_mask(region) for region in SHARE_REGIONS}

    def record(self) -> None:
        """Append this week's rows."""
        model = self.model
        victims, scale, flows = model.victims, model.population_scale, model.flows
        counts = victims.counts_by_state() * scale
        held = victims.in_state(VictimState.HELD)
        arrays = model.compound_arrays
        held_per_compound = victims.per_compound(VictimState.HELD, arrays.size) * scale
        held_by_country = _sum_by(arrays.country, held_per_compound, model.world.size)
        held_nationals = np.bincount(victims.nationality[held], minlength=model.world.size) * scale
        active = arrays.active
        compounds_by_country = np.bincount(arrays.country[active], minlength=model.world.size)
        total_held = held_by_country.sum()
        row = {
            "step": model.steps,
            "date": model.date,
            "victims_held": counts[VictimState.HELD],
            "victims_in_transit": counts[VictimState.IN_TRANSIT],
            "victims_awaiting_departure": counts[VictimState.RECRUITED],
            "victims_freed_abroad": sum(counts[s] for s in FREED_STATES),
            "victims_home": counts[VictimState.REPATRIATED],
            **{name: getattr(flows, name) for name in FLOW_COLUMNS},
            "compounds_active": int(active.sum()),
            "host_countries": int((compounds_by_country > 0).sum()),
            "revenue_usd": float(flows.revenue_usd.sum()),
            "compounds_raided": len(flows.raids_by_compound),
            "recruiters": int(model.recruiter_arrays.active.sum()),
            "nationalities_held": int(np.count_nonzero(held_nationals)),
            **{
                f"share_held_{region}": held_by_country[mask].sum() / total_held if total_held else 0.0
                for region, mask in self.region_masks.items()
            },
        }
        self.rows.append(row)
        self.country_blocks.append(
            {
                "victims_held": held_by_country,
                "held_nationals": held_nationals,
                "compounds_active": compounds_by_country,
                "recruited_from": flows.recruited_from.copy(),
                "rescued_in": flows.rescued_in.copy(),
                "revenue_usd": flows.revenue_usd.copy(),
                "relocations_in": flows.relocations_in.copy(),
                "relocations_out": flows.relocations_out.copy(),
            }
        )
        self.zone_blocks.append(self._zone_block(held_per_compound))

    def _zone_block(self, held_per_compound: np.ndarray) -> dict[str, np.ndarray]:
        """This week's per-zone stocks and flows; held victims are in their compound's zone."""
        model, flows = self.model, self.model.flows
        compounds, zones = model.compound_arrays, len(model.world.zones)
        return {
            "victims_held": _sum_by(compounds.zone, held_per_compound, zones),
            "compounds_active": np.bincount(compounds.zone[compounds.active], minlength=zones),
            "revenue_usd": flows.revenue_usd_zone.copy(),
            "protection_paid_usd": flows.protection_paid_usd_zone.copy(),
            "rescued_in": flows.rescued_in_zone.copy(),
            "escaped": flows.escaped_zone.copy(),
            "relocations_in": flows.relocations_in_zone.copy(),
            "relocations_out": flows.relocations_out_zone.copy(),
        }

    def timeseries(self) -> pd.DataFrame:
        """One row per week."""
        return pd.DataFrame(self.rows)

    def by_country(self) -> pd.DataFrame:
        """One row per week and country."""
        world = self.model.world
        labels = {"iso3": world.iso3, "region": world.countries.region.to_numpy()}
        return self._table(labels, self.country_blocks)

    def by_zone(self) -> pd.DataFrame:
        """One row per week and zone (``world.zones``); summed over a country's zones, by_country."""
        world = self.model.world
        zones = world.zones
        labels = {
            "zone": zones.id.to_numpy(),
            "iso3": zones.iso3.to_numpy(),
            "region": world.countries.region.to_numpy()[zones.country.to_numpy()],
        }
        return self._table(labels, self.zone_blocks)

    def _table(self, labels: dict[str, np.ndarray], blocks: list[dict]) -> pd.DataFrame:
        """Weekly blocks as one long table: ``step, date``, each row's labels, the blocks' columns."""
        n, weeks = len(next(iter(labels.values()))), len(self.rows)
        columns = {
            "step": np.repeat([r["step"] for r in self.rows], n),
            "date": np.repeat([r["date"] for r in self.rows], n),
            **{name: np.tile(values, weeks) for name, values in labels.items()},
        }
        for name in blocks[0] if blocks else []:
            columns[name] = np.concatenate([block[name] for block in blocks])
        return pd.DataFrame(columns)
