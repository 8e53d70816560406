"""Intervention schedules: the weeks inside an intervention's window."""

from __future__ import annotations

import datetime as dt

from model.schedule import Scheduled


def test_week_of_counts_weeks_inside_the_window_only():
    start = dt.date(2023, 1, 2)
    on = Scheduled(enabled=True, start=start.isoformat(), weeks=3)
    assert on.week_of(start) == 0
    assert on.week_of(start + dt.timedelta(days=6)) == 0
    assert on.week_of(start + dt.timedelta(weeks=1)) == 1
    assert on.week_of(start + dt.timedelta(weeks=3, days=-1)) == 2
    assert on.week_of(start + dt.timedelta(weeks=3)) is None
    assert on.week_of(start + dt.timedelta(weeks=30)) is None
    assert on.week_of(start - dt.timedelta(days=1)) is None
    assert on.week_of(start - dt.timedelta(weeks=2)) is None
    off = Scheduled(enabled=False, start=start.isoformat(), weeks=3)
    assert off.week_of(start) is None
    assert off.week_of(start + dt.timedelta(weeks=1)) is None
