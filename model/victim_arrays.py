"""Victims' state and attributes as NumPy arrays, with an append-only event log.

One row per victim agent, kept for the whole run (a row is the victim's identity). Arrays grow by
doubling, so adding victims is amortised O(1). Every change of state is logged as ``(week, victim,
country, state)`` in chunks, so trajectories can be rebuilt without a per-agent data collector.

The weekly dynamics touch only the victims in the system: the sorted rows of those not at home
(:meth:`VictimArrays.live`) are kept up to date as victims go home and come back, so a week's cost
follows the people recruited, in transit, held or freed abroad, not everyone ever recruited. The
number of victims of each state per compound (:meth:`VictimArrays.per_compound`) is kept up to date
by every change of state or of compound, so the compounds' workforces and pipelines are read without
a scan. Columns are changed through :meth:`VictimArrays.append`, :meth:`VictimArrays.set_state` and
:meth:`VictimArrays.reassign`, never written directly, except the travel columns.
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
        self._by_states: dict[tuple[int, ...], np.ndarray] = {}  # rows per set of states, until a change
        self._counts = np.zeros((len(VictimState), 64), dtype=np.int64)  # victims per state, compound

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
        self._by_states.clear()
        self._count(self.state[indices], self.compound[indices], 1)
        return indices

    def per_compound(self, state: VictimState, compounds: int) -> np.ndarray:
        """Victims in ``state`` per compound id, for ``compounds`` compounds (a copy)."""
        self._grow_counts(compounds)
        return self._counts[state, :compounds].copy()

    def reassign(self, rows: np.ndarray, compound: np.ndarray | int) -> None:
        """Victims change compound (sold, split off, lured by another), whatever their state."""
        if len(rows) == 0:
            return
        states = self.state[rows]
        self._count(states, self.compound[rows], -1)
        self.compound[rows] = compound
        self._count(states, self.compound[rows], 1)

    def _count(self, states: np.ndarray | int, compounds: np.ndarray, sign: int) -> None:
        if len(compounds):
            self._grow_counts(int(compounds.max()) + 1)
            width = self._counts.shape[1]
            flat = np.bincount(
                np.asarray(states, np.int64) * width + compounds, minlength=self._counts.size
            )
            self._counts += sign * flat.reshape(self._counts.shape)

    def _grow_counts(self, compounds: int) -> None:
        if compounds > self._counts.shape[1]:
            grown = np.zeros((len(VictimState), max(compounds, 2 * self._counts.shape[1])), np.int64)
            grown[:, : self._counts.shape[1]] = self._counts
            self._counts = grown

    def live(self) -> np.ndarray:
        """Sorted rows of the victims in the system: every state but ``REPATRIATED``.

        Brought up to date when asked for: rows back from home are merged in (each once, even if it
        went home and came back again in between), then the rows at home now are left out.
        """
        if self._came_back:
            rows = np.sort(np.concatenate([self._live, *self._came_back]), kind="stable")
            self._live = rows[np.concatenate([[True], rows[1:] != rows[:-1]])]
            self._came_back = []
            self._went_home = True  # a row back from home may have gone home again since
        if self._went_home:
            self._live = self._live[self.state[self._live] != VictimState.REPATRIATED]
            self._went_home = False
        return self._live

    def in_state(self, state: VictimState) -> np.ndarray:
        """Sorted rows of the live victims in a state (those at home wait in ``model.home``)."""
        return self.in_any((state,))

    def in_any(self, states: tuple[VictimState, ...]) -> np.ndarray:
        """Sorted rows of the live victims in any of ``states`` (none of them ``REPATRIATED``).

        Kept until the next change of state or new row (read-only: a copy is needed to change it).
        """
        key = tuple(sorted(int(s) for s in states))
        rows = self._by_states.get(key)
        if rows is None:
            live = self.live()
            states = np.take(self.state, live)
            if len(key) == 1:
                chosen = states == key[0]
            else:
                wanted = np.zeros(len(VictimState), dtype=bool)
                wanted[list(key)] = True
                chosen = np.take(wanted, states)
            rows = self._by_states[key] = np.take(live, np.flatnonzero(chosen))  # faster than a mask
            rows.flags.writeable = False
        return rows

    def counts_by_state(self) -> np.ndarray:
        """Number of victim agents in each state, indexed by :class:`VictimState`."""
        return self._counts.sum(axis=1)

    def set_state(self, indices: np.ndarray, state: VictimState, week: int) -> None:
        """Move victims to a state and log the change."""
        if len(indices) == 0:
            return
        self._by_states.clear()
        self._count(self.state[indices], self.compound[indices], -1)
        self._count(int(state), self.compound[indices], 1)
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
