"""Victims back home, each with a clock that rings the week they are lured again (re-trafficking).

A repatriated victim is lured again in a week with probability ``chance`` (``p_retraffick`` times the
week's multiplier), if compounds order. Drawing that chance for everyone ever sent home would make a
week's cost grow with everyone ever recruited, so the pool keeps, per victim at home, a clock in the
manner of the next-reaction method (Gibson and Bruck 2000; Anderson 2007): the pool's cumulative
hazard ``H`` grows by ``-ln(1 - chance)`` each week, and a victim's clock rings when ``H`` passes the
level set on its return, ``H + E`` with ``E ~ Exp(1)``. A clock rings in a week with probability
``chance`` given it had not rung before, exactly the weekly draw; a victim whose clock rang but who was
not lured (too few orders) draws a new level, as a new week's draw would be. A week touches only the
victims whose clocks ring.

Levels are kept in sorted chunks (a chunk per week's arrivals, merged while the newer is at least half
the size of the older), so a week's cost is a search per chunk plus the victims it returns.
"""

from __future__ import annotations

import numpy as np

SURE = 1 - 2.0**-53
"""The largest weekly chance used for the hazard (a chance of 1 would be an infinite hazard)."""


class HomePool:
    """Rows of the victims at home and their clocks' levels (in units of cumulative hazard)."""

    def __init__(self) -> None:
        self.hazard = 0.0
        self._levels: list[np.ndarray] = []
        self._rows: list[np.ndarray] = []

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._rows)

    def add(self, rows: np.ndarray, uniforms: np.ndarray) -> None:
        """Victims come home (or go on waiting): levels ``hazard + E``, ``E = -ln(1 - u)``."""
        if len(rows) == 0:
            return
        levels = self.hazard - np.log1p(-uniforms)
        order = np.argsort(levels, kind="stable")
        self._levels.append(levels[order])
        self._rows.append(np.asarray(rows, dtype=np.int64)[order])
        while len(self._rows) > 1 and 2 * len(self._rows[-1]) >= len(self._rows[-2]):
            levels = np.concatenate([self._levels.pop(), self._levels.pop()])
            rows = np.concatenate([self._rows.pop(), self._rows.pop()])
            order = np.argsort(levels, kind="stable")
            self._levels.append(levels[order])
            self._rows.append(rows[order])

    def ring(self, chance: float) -> np.ndarray:
        """A week passes at a weekly ``chance``: the sorted rows whose clocks ring, out of the pool."""
        self.hazard -= np.log1p(-min(max(chance, 0.0), SURE))
        rang = []
        for k, levels in enumerate(self._levels):
            due = int(np.searchsorted(levels, self.hazard, side="right"))
            if due:
                rang.append(self._rows[k][:due])
                self._levels[k], self._rows[k] = levels[due:], self._rows[k][due:]
        kept = [k for k, rows in enumerate(self._rows) if len(rows)]
        self._levels = [self._levels[k] for k in kept]
        self._rows = [self._rows[k] for k in kept]
        return np.sort(np.concatenate(rang)) if rang else np.zeros(0, dtype=np.int64)
