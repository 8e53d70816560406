"""Recruiters' state as NumPy columns, one row per recruiter ever placed, with its agent.

A row's index is fixed when the recruiter is placed and never reused; ``active`` turns False when it
is arrested or quits. Rows are few (thousands over a run), so a week's grouping by country and its
payments are array operations over the active rows, in the order recruiters were placed.
"""

from __future__ import annotations

import numpy as np

_FIELDS = {
    "country": np.int64,  # country index where it recruits
    "active": np.bool_,  # False once arrested or quit
    "delivered_persons": np.float64,  # persons delivered to compounds so far
    "fees_usd": np.float64,  # fees earned so far, US$
}


class RecruiterArrays:
    """Columns of recruiter state and the agent of each row."""

    def __init__(self) -> None:
        self.size = 0
        for name, dtype in _FIELDS.items():
            setattr(self, name, np.zeros(64, dtype=dtype))
        self.agents: list = []

    def append(self, agent, country: int) -> int:
        """Add an active recruiter living in ``country``; return its row."""
        if self.size == len(self.country):
            for name in _FIELDS:
                old = getattr(self, name)
                grown = np.zeros(2 * len(old), dtype=old.dtype)
                grown[: self.size] = old
                setattr(self, name, grown)
        row = self.size
        self.country[row], self.active[row] = country, True
        self.agents.append(agent)
        self.size += 1
        return row

    def active_rows(self) -> np.ndarray:
        """Rows of the active recruiters, in the order they were placed."""
        return np.flatnonzero(self.active[: self.size])

    def by_country(self, countries: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The active rows, their positions grouped by country, and each country's first position.

        Country ``c``'s recruiters are ``rows[order[starts[c]:starts[c + 1]]]``, in the order placed.
        """
        rows = self.active_rows()
        homes = self.country[rows]
        order = np.argsort(homes, kind="stable")
        return rows, order, np.searchsorted(homes[order], np.arange(countries + 1))

    def pay(self, rows: np.ndarray, persons: np.ndarray, fee_usd: float) -> None:
        """Pay the recruiters of ``rows`` (distinct) the fee for the ``persons`` each delivered."""
        self.delivered_persons[rows] += persons
        self.fees_usd[rows] += persons * fee_usd
