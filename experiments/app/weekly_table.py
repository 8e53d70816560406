"""The recorder's weekly time series in the shape Mesa's plot components read.

Mesa's ``make_plot_component`` plots columns of ``model.datacollector.get_model_vars_dataframe()``.
ScamScape records its weeks with its own :class:`~model.metrics.Recorder` (the table the runners
write), so instead of recording everything twice with a ``DataCollector``, :class:`WeeklyTable`
offers that one method over the recorder, with a few columns derived for the charts.
"""

from __future__ import annotations

import pandas as pd

from model.metrics import Recorder
from model.world import REGIONS

HELD_BY_REGION = tuple(f"held_{region}" for region in REGIONS)
"""Derived columns: persons held in each region (victims held times the region's share)."""
SHARE_BY_REGION = tuple(f"share_held_{region}" for region in REGIONS)
"""The recorder's columns of each region's share of victims held."""
CHART_COLUMNS = (
    "victims_held",
    *HELD_BY_REGION,
    "recruited",
    "rescued",
    "revenue_usd_millions",
    "compounds_active",
    *SHARE_BY_REGION,
)
"""The columns the explorer's charts read; ``revenue_usd_millions`` is derived (US$ m per week)."""


class WeeklyTable:
    """A read-only view of a model's :class:`Recorder`, one row per week, indexed by step."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        """The recorder's weekly time series (persons, US$) with the derived columns, by step.

        Before the first week it is an empty frame of :data:`CHART_COLUMNS`, so charts draw empty axes.
        """
        table = self.recorder.timeseries()
        if table.empty:
            return pd.DataFrame(columns=list(CHART_COLUMNS), dtype=float)
        for held, share in zip(HELD_BY_REGION, SHARE_BY_REGION, strict=True):
            table[held] = table.victims_held * table[share]
        table["revenue_usd_millions"] = table.revenue_usd / 1e6
        return table.set_index("step", drop=False).rename_axis(None)
