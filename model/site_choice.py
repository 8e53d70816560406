"""Where a compound should be: expected profit minus risk minus moving cost, for every country.

For a compound of ``size`` workers moving from ``origin`` to country ``c``, over a planning horizon of
``H`` weeks (NarcoLogic's site choice, Magliocca et al. 2019):

* margin per worker-week (:meth:`ScamScapeModel.site_margins`): ``revenue * (1 + revenue premium)
  * (1 - frozen share) * (1 - protection) - guard and running costs - turnover * (recruiter fee +
  supply cost[c])``, with ``protection = min(1, protection_share * multiplier * corruption[c] *
  (1 - discount))`` and supply cost the recruitment-weighted mean travel cost from sources to ``c``;
* profit: ``H * size * margin``;
* risk: the profit lost to raids, ``profit * (1 - survival(risk[c]))``, with ``survival(r)`` the expected
  share of the horizon before a raid at weekly probability ``r``;
* moving cost: ``size * (moving cost per worker + travel cost[origin, c])`` plus the production lost
  while rebuilding protection and laundering networks, ``weeks_lost_per_log_distance
  * ln(1 + km / 1000)`` weeks of margin (a move next door costs weeks, to another continent months).

A country's risk is the learned raid pressure there or the prior ``prior_risk * (1 - host
suitability)``, whichever is larger: the prior is a floor everywhere.
"""

from __future__ import annotations

import numpy as np


def survival_share(risk: np.ndarray, weeks: float) -> np.ndarray:
    """Expected share of ``weeks`` before the first raid, at weekly raid probability ``risk``."""
    risk = np.clip(risk, 1e-9, 1.0)
    return (1 - (1 - risk) ** weeks) / (risk * weeks)


def site_values(model, origin: int, size: float, risk: np.ndarray) -> np.ndarray:
    """Expected profit minus risk minus moving cost of a compound in each country, US$."""
    p = model.params.compounds
    margin = model.site_margins()
    profit = p.planning_weeks * size * margin
    risk_cost = profit * (1 - survival_share(risk, p.planning_weeks))
    distance = model.world.distance_km[origin]
    moving = size * (p.moving_cost_per_worker_usd + model.world.travel_cost_usd[origin])
    weeks_lost = p.weeks_lost_per_log_distance * np.log1p(distance / 1000)
    moving = moving + size * np.maximum(margin, 0) * weeks_lost
    moving[origin] = 0.0
    return profit - risk_cost - moving
