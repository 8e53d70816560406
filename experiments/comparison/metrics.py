"""The quantities a comparison reads from a sweep and compares between scenarios.

They fix the columns that a sweep's ``results.parquet`` must have (:data:`REQUIRED_RESULTS`).
"""

from __future__ import annotations

from dataclasses import dataclass

from experiments.common.style import REGION_LABELS
from experiments.sweeps.results import ID_COLUMNS
from model.metrics import SHARE_REGIONS


@dataclass(frozen=True)
class Metric:
    """A quantity compared between scenarios.

    Attributes:
        name: column of the per-seed summary table.
        label: readable name.
        unit: unit of the summary (after ``scale``).
        kind: ``stock`` (mean over the window's weeks), ``flow`` (sum over them) or ``regions``.
        columns: columns of results.parquet that are added up (empty for metrics from by_country).
        scale: factor from the columns' unit to ``unit`` (100 for shares to %).
        display_scale: factor from ``unit`` to ``display_unit`` in figures and tables.
        display_unit: unit shown in figures and tables.
    """

    name: str
    label: str
    unit: str
    kind: str
    columns: tuple[str, ...] = ()
    scale: float = 1.0
    display_scale: float = 1.0
    display_unit: str = ""

    @property
    def shown_unit(self) -> str:
        """Unit shown in figures and tables."""
        return self.display_unit or self.unit

    @property
    def summary(self) -> str:
        """How the weekly values are summarised over the window."""
        return {
            "stock": "mean over weeks",
            "flow": "sum over weeks",
            "regions": "regions with victims held in any week",
        }[self.kind]


SHARE_METRICS = tuple(
    Metric(
        f"share_held_{r}",
        f"Share held in {REGION_LABELS[r]}",
        "% of victims held",
        "stock",
        (f"share_held_{r}",),
        scale=100.0,
    )
    for r in SHARE_REGIONS
)
OUTSIDE_MAIN = Metric(
    "share_outside_main", "Share held outside the main region", "% of victims held", "stock"
)
HOST_REGIONS = Metric("host_regions", "Regions hosting victims", "regions", "regions")
EFFECT_METRICS = (
    Metric("victims_held", "Victims held", "persons", "stock", ("victims_held",)),
    Metric("recruited", "New victims (recruited)", "persons", "flow", ("recruited",)),
    Metric("rescued", "Rescued", "persons", "flow", ("rescued",)),
    Metric(
        "revenue_usd",
        "Scam revenue",
        "US$",
        "flow",
        ("revenue_usd",),
        display_scale=1e-9,
        display_unit="US$ bn",
    ),
    Metric(
        "arrests",
        "Arrests (operators + recruiters)",
        "persons",
        "flow",
        ("arrests_operators", "arrests_recruiters"),
    ),
    Metric("compounds_active", "Compounds active", "compounds", "stock", ("compounds_active",)),
    Metric("host_countries", "Host countries", "countries", "stock", ("host_countries",)),
    *SHARE_METRICS,
    OUTSIDE_MAIN,
    HOST_REGIONS,
)
METRICS = {m.name: m for m in EFFECT_METRICS}
REQUIRED_RESULTS = (*ID_COLUMNS, *dict.fromkeys(c for m in EFFECT_METRICS for c in m.columns), "arrived")
