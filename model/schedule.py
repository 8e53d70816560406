"""When an intervention acts: enabled, from a start date, for a number of weeks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from model.param_fields import iso_date, param

WEEKS_PER_YEAR = 52
"""Weeks in the model's year (a step is a week)."""


@dataclass
class Scheduled:
    """The switch and time window shared by every intervention."""

    enabled: bool = param(False, "switch", "scenario choice", low=None)
    start: str = iso_date("2023-01-02", "first week of the intervention", "scenario choice")
    weeks: int = param(52, "weeks the intervention lasts", "scenario choice", low=1)

    def week_of(self, date: dt.date) -> int | None:
        """Weeks since the start (0 in the first week), or None outside the window or if disabled."""
        if not self.enabled:
            return None
        elapsed = (date - dt.date.fromisoformat(self.start)).days // 7
        return elapsed if 0 <= elapsed < self.weeks else None
