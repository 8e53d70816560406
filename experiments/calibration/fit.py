"""How well runs reach the targets: per-point medians over seeds and an ABC rejection step.

Approximate Bayesian computation by rejection (Beaumont et al. 2002; Hartig et al. 2011 for
agent-based models): sample parameters from their priors, run the model with replicates over seeds,
summarise each point by the median over seeds of each target's output, measure its distance to the
published ranges, and keep the closest fraction of points as the posterior sample.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from experiments.calibration.targets import Target
from experiments.common.design import POINT


def medians(measured: pd.DataFrame) -> pd.DataFrame:
    """Each point's median over seeds of each target's value: a row per point, a column per target."""
    return measured.pivot_table(index=POINT, columns="target", values="value", aggfunc="median")


def distances(point_medians: pd.DataFrame, targets: list[Target]) -> pd.Series:
    """Each point's distance to the targets: the weighted root mean square of their discrepancies.

    A discrepancy is how far, in log units, a median lies outside the target's fit range
    (:meth:`Target.discrepancy`); a point that reaches every range is at distance 0.
    """
    fitted = [t for t in targets if t.weight > 0]
    weights = np.array([t.weight for t in fitted])
    squared = np.column_stack([point_medians[t.id].map(t.discrepancy).to_numpy() ** 2 for t in fitted])
    return pd.Series(
        np.sqrt(squared @ weights / weights.sum()), index=point_medians.index, name="distance"
    )


def accept(distance: pd.Series, fraction: float) -> pd.Series:
    """Whether each point is accepted: distance at most the ``fraction`` quantile (at least one point).

    Ties at the threshold are all accepted; a point with no distance (a failed run) never is.
    """
    threshold = distance.quantile(fraction, interpolation="lower")
    return (distance <= max(threshold, distance.min())).rename("accepted")


def best_point(distance: pd.Series) -> int:
    """The point closest to the targets (the lowest index among equals)."""
    return int(distance.sort_index().idxmin())
