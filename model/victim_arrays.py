"""Victims' state and attributes as NumPy arrays, with an append-only event log.

One row per victim agent. Arrays grow by doubling, so adding victims is amortised O(1). Every change
of state is logged as ``(week, victim, country, state)`` in chunks, so trajectories can be rebuilt
without a per-agent data collector.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model.agents.victim import VictimState

_FIELDS = {
    "state": np.int8,
    "state_week": np.int16,  # week the current state began
    "nationality": np.int16,  # country index where recruited
    "location": np.int16,  # country index where the victim is now
    "compound": np.int32,  # compound id it is bound for or held in, -1 if none
    "origin": np.int16,  # start of the current route
    "destination": np.int16,  # end of the current route
    "hop": np.int16,  # index of the current node on the route
    "hop_weeks_left": np.int16,  # weeks until the next node is reached
    "male": np.bool_,
    "age_band": np.int8,  # index into AGE_BANDS
    "tertiary_education": np.bool_,
    "language_skills": np.bool_,
    "with_compound": np.bool_,  # travelling with its relocating compound (not a new arrival)
}


class VictimArrays:
    """Columns of victim attributes, indexed by a victim's ``index``."""

    def __init__(self, initial_capacity: int = 1024) -> None:
        self.size = 0
        for name, dtype in _FIELDS.items():
            setattr(self, name, np.zeros(initial_capacity, dtype=dtype))
        self._event_chunks: list[tuple[int, np.ndarray, np.ndarray, int]] = []

    @property
    def capacity(self) -> int:
        """Rows allocated."""
        return len(self.state)

    def append(self, count: int, **columns: np.ndarray) -> np.ndarray:
        """Add ``count`` rows with the given columns (others zero); return their indices."""
        needed = self.size + count
        if needed > self.capacity:
            new_capacity = max(needed, 2 * self.capacity)
            for name in _FIELDS:
                old = getattr(self, name)
                grown = np.zeros(new_capacity, dtype=old.dtype)
                grown[: self.size] = old[: self.size]
                setattr(self, name, grown)
        indices = np.arange(self.size, needed)
        for name, values in columns.items():
            getattr(self, name)[indices] = values
        self.size = needed
        return indices

    def in_state(self, state: VictimState) -> np.ndarray:
        """Indices of the victims in a state."""
        return np.flatnonzero(self.state[: self.size] == state)

    def counts_by_state(self) -> np.ndarray:
        """Number of victim agents in each state, indexed by :class:`VictimState`."""
        return np.bincount(self.state[: self.size], minlength=len(VictimState))

    def set_state(self, indices: np.ndarray, state: VictimState, week: int) -> None:
        """Move victims to a state and log the change."""
        if len(indices) == 0:
            return
        self.state[indices] = state
        self.state_week[indices] = week
        self._event_chunks.append((week, indices.astype(np.int32), self.location[indices], state))

    def events(self) -> pd.DataFrame:
        """The event log: one row per change of state (week, victim, country index, state)."""
        if not self._event_chunks:
            return pd.DataFrame({"week": [], "victim": [], "country": [], "state": []}, dtype=int)
        return pd.DataFrame(
            {
                "week": np.concatenate([np.full(len(i), w) for w, i, _, _ in self._event_chunks]),
                "victim": np.concatenate([i for _, i, _, _ in self._event_chunks]),
                "country": np.concatenate([c for _, _, c, _ in self._event_chunks]),
                "state": np.concatenate([np.full(len(i), s) for _, i, _, s in self._event_chunks]),
            }
        )
