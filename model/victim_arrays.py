"""Victims' state and attributes as NumPy arrays, with an append-only event log.

One row per victim agent, kept for the whole run (a row is the victim's identity). Arrays grow by
doubling, so adding victims is amortised O(1). Every change of state is logged as ``(week, victim,
country, state)`` in chunks, so trajectories can be rebuilt without a per-agent data collector.

The weekly dynamics touch only the victims in the system: the sorted rows of those not at home
(:meth:`VictimArrays.live`) are kept up to date as victims go home and come back, so a week's cost
follows the people recruited, in transit, held or freed abroad, not everyone ever recruited.
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
        self._live = np.zeros(0, dtype=np.int64)
        self._went_home = False  # some live rows went home since live() was last brought up to date
        self._came_back: list[np.ndarray] = []  # rows back from home since then

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
        self._live = np.concatenate([self._live, indices])
        return indices

    def live(self) -> np.ndarray:
        """Sorted rows of the victims in the system: every state but ``REPATRIATED``."""
        if self._went_home:
            self._live = self._live[self.state[self._live] != VictimState.REPATRIATED]
            self._went_home = False
        if self._came_back:
            self._live = np.union1d(self._live, np.concatenate(self._came_back))
            self._came_back = []
        return self._live

    def in_state(self, state: VictimState) -> np.ndarray:
        """Sorted rows of the victims in a state (at home: a scan of every row ever, not weekly)."""
        if state == VictimState.REPATRIATED:
            return np.flatnonzero(self.state[: self.size] == state)
        live = self.live()
        return live[self.state[live] == state]

    def counts_by_state(self) -> np.ndarray:
        """Number of victim agents in each state, indexed by :class:`VictimState`."""
        live = self.live()
        counts = np.bincount(self.state[live], minlength=len(VictimState))
        counts[VictimState.REPATRIATED] = self.size - len(live)
        return counts

    def set_state(self, indices: np.ndarray, state: VictimState, week: int) -> None:
        """Move victims to a state and log the change."""
        if len(indices) == 0:
            return
        if state == VictimState.REPATRIATED:
            self._went_home = True
        else:
            back = indices[self.state[indices] == VictimState.REPATRIATED]
            if len(back):
                self._came_back.append(back.astype(np.int64))
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
