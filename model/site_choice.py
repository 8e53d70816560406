"""Where a compound should be: the value of each zone its syndicate knows, and a logit choice among them.

For a compound of ``size`` workers in zone ``o`` weighing zone ``z`` (of country ``c``), over a planning
horizon of ``H`` weeks (NarcoLogic's site choice, Magliocca et al. 2019):

* margin per worker-week (:func:`model.protection.site_margins`): ``revenue * (1 - frozen share -
  protection share[z]) - guard and running costs[z] - turnover * (recruiter fee + supply
  cost[c])``, with the protection share of ``model/protection.py`` and supply cost the
  recruitment-weighted mean travel cost from sources to ``c``;
* profit: ``H * size * margin``; where it stands, the operator expects its recent losses per
  worker-week to go on (``losses / capacity``, see ``model/compound_dynamics.py``), so its margin
  there is the margin less that loss;
* risk: the profit lost to raids, ``max(profit, 0) * (1 - survival(risk[z]))``, with ``survival(r)`` the
  expected share of the horizon before a raid at weekly probability ``r``;
* moving cost (0 for staying): ``setup_cost_usd`` (premises, equipment, protection arrangements:
  the same for a small site as for a large one) plus ``size * (moving cost per worker + travel
  cost[o, z])`` plus the guards paid while the site produces nothing, plus the production lost
  while rebuilding protection and laundering networks, ``weeks_lost_per_log_distance * ln(1 + km /
  1000)`` weeks of margin (a move next door costs weeks, to another continent months). A new
  venture pays the set-up cost in its parent's zone too.

A zone's risk is the learned raid pressure there or its prior, ``prior_risk * (1 - suitability)``
with the zone's suitability ``1 - state_reach * (1 - host suitability of its country)``
(:meth:`ScamScapeModel.perceived_risk`), whichever is larger: the prior is a floor everywhere. A new
venture is valued as a move of its parent's syndicate (people, equipment and networks brought from the
parent's zone), plus the set-up cost.

The choice is a multinomial logit over the zones the syndicate knows (``model/zone_knowledge.py``),
staying among them, and, for an operator reconsidering its compound, giving it up (value 0: it walks
away and sells or releases the workforce): ``P(z) = exp(V_z / T) / sum_k exp(V_k / T)`` with the
temperature ``T = choice_temperature * max_k |V_k|`` (US$; plus 1 US$ so it is never 0), a share of the
largest value at stake. At temperature 0 it is the argmax; options ``T`` apart in value differ in odds
by e. So a small site hit hard, for which no move repays the set-up cost, closes, and a large one
moves. Money limits the options: a zone whose set-up and moving costs (:func:`cash_needed`) exceed the
operator's cash is not among them (a venture's are its parent's).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from model.protection import site_margins


def survival_share(risk: np.ndarray, weeks: float) -> np.ndarray:
    """Expected share of ``weeks`` before the first raid, at weekly raid probability ``risk``."""
    risk = np.clip(risk, 1e-9, 1.0)
    return (1 - (1 - risk) ** weeks) / (risk * weeks)


EXIT = -1
"""The choice of giving a compound up."""


def moving_cost_per_person(model, origin: int) -> np.ndarray:
    """US$ to move one worker from zone ``origin`` to each zone: moving cost plus travel cost."""
    travel = model.zone_knowledge.travel_cost_usd[origin]
    return model.params.compounds.moving_cost_per_worker_usd + travel


def weeks_lost(model, origin: int) -> np.ndarray:
    """Weeks of production a move from ``origin`` to each zone costs: ``c * ln(1 + km / 1000)``."""
    km = model.zone_knowledge.distance_km[origin]
    return model.params.compounds.weeks_lost_per_log_distance * np.log1p(km / 1000)


def cash_needed(model, origin: int, size: float, new_site: bool = False) -> np.ndarray:
    """US$ a compound of ``size`` persons must pay to set up in each zone.

    The set-up cost, the moving cost of ``size`` persons, and their guards for the weeks the site
    produces nothing (:func:`weeks_lost`). Staying costs nothing; a new venture or a second site in
    ``origin`` pays the set-up cost there.
    """
    p = model.params.compounds
    idle_guarding = size * p.guard_cost_per_worker_week_usd * weeks_lost(model, origin)
    needed = p.setup_cost_usd + size * moving_cost_per_person(model, origin) + idle_guarding
    needed[origin] = p.setup_cost_usd if new_site else 0.0
    return needed


def zone_values(
    model,
    origin: int,
    size: float,
    risk: np.ndarray,
    loss_per_worker_week: float = 0.0,
    new_site: bool = False,
) -> np.ndarray:
    """Expected profit minus risk minus moving cost of a compound in each zone, US$.

    Args:
        model: the model.
        origin: the zone the compound is in (staying there has no moving cost).
        size: its workforce, persons.
        risk: the weekly raid risk it expects in each zone.
        loss_per_worker_week: the losses it expects to go on where it stands, US$.
        new_site: a new venture, which pays the set-up cost in ``origin`` too.
    """
    p = model.params.compounds
    margin = site_margins(model)
    margin[origin] -= loss_per_worker_week
    profit = p.planning_weeks * size * margin
    risk_cost = np.maximum(profit, 0) * (1 - survival_share(risk, p.planning_weeks))
    production_lost = size * np.maximum(margin, 0) * weeks_lost(model, origin)
    production_lost[origin] = 0.0
    return profit - risk_cost - production_lost - cash_needed(model, origin, size, new_site)


def choice_probabilities(values: np.ndarray, temperature: float) -> np.ndarray:
    """Multinomial-logit probabilities of ``values`` (US$) at ``temperature`` (share of the largest).

    Temperature 0 puts all the weight on the best values (ties share it).
    """
    best = values.max()
    if temperature == 0:
        chosen = values == best
        return chosen / chosen.sum()
    scale = temperature * np.abs(values).max() + 1.0
    weights = np.exp((values - best) / scale)
    return weights / weights.sum()


class Choice(NamedTuple):
    """An operator's choice: a zone (or :data:`EXIT`), and whether it splits into two sites."""

    zone: int
    split: bool = False


def visibility(model, size: float | np.ndarray) -> float | np.ndarray:
    """How much more often a site of ``size`` persons is found than a median one.

    ``(size / site_size_median_persons) ** detection_size_exponent``: more escapees and witnesses,
    bigger buildings. Detection (``compound_dynamics.detect``) and the risk operators expect of a site
    both scale with it.
    """
    median = model.params.compounds.site_size_median_persons
    return (np.maximum(size, 0.0) / median) ** model.params.enforcement.detection_size_exponent


def half_site_risk(model, risk: np.ndarray, size: float) -> np.ndarray:
    """The risk a site of ``size / 2`` expects where one of ``size`` expects ``risk``: less visible."""
    return np.minimum(risk * visibility(model, size / 2) / visibility(model, size), 1.0)


def split_values(
    model, origin: int, size: float, risk: np.ndarray, loss_per_worker_week: float = 0.0
) -> np.ndarray:
    """Value of splitting into two sites of ``size / 2``: one stays, the other opens in each zone.

    Each half is less visible (its risk is ``risk * 0.5 ** detection_size_exponent``); the half that
    leaves pays the set-up and moving costs of a move (in ``origin`` itself, the set-up cost only).
    Splitting pays where that saving exceeds the set-up cost, or where the operator can pay for half
    a move and not for a whole one.
    """
    halves = zone_values(
        model, origin, size / 2, half_site_risk(model, risk, size), loss_per_worker_week
    )
    values = halves[origin] + halves
    values[origin] = 2 * halves[origin] - model.params.compounds.setup_cost_usd
    return values


def choose_zone(
    model,
    syndicate: int,
    origin: int,
    size: float,
    risk: np.ndarray,
    key: int,
    cash: float,
    loss_per_worker_week: float = 0.0,
    new_site: bool = False,
) -> Choice:
    """What a compound of ``syndicate`` in ``origin`` picks among the zones it knows and can pay for.

    An operator reconsidering its compound (not ``new_site``) chooses among staying, moving to each
    zone, splitting into two sites (one stays, the other opens in a zone, :func:`split_values`) and
    giving up (:data:`EXIT`); staying costs nothing. A new venture only picks its zone (its parent must
    have the set-up cost, its own zone's price).

    Args:
        model: the model.
        syndicate: the syndicate choosing (its known zones are the options; ``origin`` is always one).
        origin: the zone it is in (for a new venture, its parent's).
        size: its workforce, persons.
        risk: the weekly raid risk it expects in each zone, at its size.
        key: the compound's id, keying the draw.
        cash: the operator's cash (a venture's parent's), US$.
        loss_per_worker_week: the losses it expects to go on where it stands, US$.
        new_site: a new venture (pays the set-up cost everywhere; cannot split or give up).
    """
    known = np.union1d(np.flatnonzero(model.zone_knowledge.known[syndicate]), [origin])
    zones = known[cash_needed(model, origin, size, new_site)[known] <= cash]
    values = zone_values(model, origin, size, risk, loss_per_worker_week, new_site)[zones]
    splits = np.zeros(len(zones), dtype=bool)
    if not new_site:
        parts = known[cash_needed(model, origin, size / 2, new_site=True)[known] <= cash]
        zones = np.concatenate([zones, parts, [EXIT]])
        values = np.concatenate(
            [values, split_values(model, origin, size, risk, loss_per_worker_week)[parts], [0.0]]
        )
        splits = np.concatenate([splits, np.ones(len(parts), dtype=bool), [False]])
    chance = choice_probabilities(values, model.params.compounds.choice_temperature)
    pick = model.streams.get("site_choice", model.steps, key).choice(len(zones), p=chance)
    return Choice(int(zones[pick]), bool(splits[pick]))
