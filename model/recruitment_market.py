"""The recruitment market: recruiters fill compounds' orders from their countries' job seekers.

Recruiters of one country share a pool of applicants whose size grows with diminishing returns in
the number of recruiters there; pools are spread over compounds in proportion to open orders and
access. Recruiters enter where one more would place enough people and leave where applicants find no
orders. Functions take the model and change it; :class:`~model.model.ScamScapeModel` calls them.
"""

from __future__ import annotations

import numpy as np

from model import victim_dynamics
from model.agents import Recruiter, VictimState
from model.agents.recruiter import allocate_recruits, recruiter_yield


def compound_access(model, source: int | np.ndarray) -> np.ndarray:
    """Appeal of each compound to recruits from ``source`` (one or many countries).

    ``exp(-(travel cost to its country + its zone's leg cost) / access cost)``, per compound (a row
    per source for an array).
    """
    arrays = model.compound_arrays
    access = model.country_access[np.ix_(np.atleast_1d(source), arrays.country)]
    access *= model.zone_leg_access[arrays.zone]
    return access[0] if np.ndim(source) == 0 else access


def recruit(model) -> None:
    """Re-traffic repatriated victims, then recruiters fill compounds' open orders.

    Each recruiter's reach this week is a Poisson draw; recruiters of one country share a pool of
    applicants, which is spread over the compounds at once (countries in random order), and each
    recruiter is paid for its share of the people delivered.
    """
    orders = model.open_orders()
    victim_dynamics.retraffick(model, orders)
    roster = model.recruiter_arrays
    rows, by_home, starts = roster.by_country(model.world.size)
    homes = roster.country[rows]
    crowding = np.bincount(homes, minlength=model.world.size)
    yields = recruiter_yield(model, crowding)
    rng = model.streams.get("recruitment", model.steps)
    capacities = rng.poisson(yields[homes] / model.population_scale)
    supply = np.bincount(homes, weights=capacities, minlength=model.world.size).astype(np.int64)
    access = compound_access(model, np.arange(model.world.size))
    remaining = int(orders.sum())
    used = np.zeros(model.world.size, dtype=np.int64)
    nationality, compound, paid, shares = [], [], [], []
    for source in rng.permutation(np.flatnonzero(supply)):
        if remaining == 0:
            break
        allocation = allocate_recruits(rng, supply[source], orders, access[source])
        filled = used[source] = int(allocation.sum())
        remaining -= filled
        members = by_home[starts[source] : starts[source + 1]]
        paid.append(members)
        if len(members) == 1:
            shares.append(np.array([filled]))
        else:
            shares.append(rng.multivariate_hypergeometric(capacities[members], filled))
        nationality.append(np.full(filled, source))
        compound.append(np.repeat(np.arange(len(orders)), allocation))
    if nationality:
        persons = np.concatenate(shares) * model.population_scale
        roster.pay(rows[np.concatenate(paid)], persons, model.params.recruitment.fee_usd)
        nationality, compound = np.concatenate(nationality), np.concatenate(compound)
        victim_dynamics.enlist(model, nationality, compound, VictimState.RECRUITED)
        _book_recruits(model, nationality, compound)
    model.unfilled_persons = orders.sum() * model.population_scale
    unused = np.divide(supply - used, supply, out=np.zeros(model.world.size), where=supply > 0)
    _retire_idle_recruiters(model, rows, homes, unused)


def place_recruiters(model, count: int, entry: bool = False) -> None:
    """Recruiters appear where people are attractive targets, reachable, and pay is high.

    At the start, in proportion to attractiveness, population and access. Later (``entry``), only
    where one more recruiter would place at least ``min_marginal_recruits`` persons a week, in
    proportion to that marginal yield times the fee over the local income (GDP per capita).
    """
    if count == 0:
        return
    p = model.params.recruitment
    weights = model.recruitment_weight * model.supply_access
    if entry:
        roster = model.recruiter_arrays
        crowding = np.bincount(roster.country[roster.active_rows()], minlength=model.world.size)
        marginal = recruiter_yield(model, crowding) / (1 + crowding / model.recruiter_saturation)
        worth_it = marginal >= model.params.recruitment.min_marginal_recruits
        weights = np.where(worth_it, marginal, 0.0) * p.fee_usd / model.world.gdp_per_capita_ppp
    if not weights.sum() > 0:  # no compound to recruit for: nowhere a recruiter could work
        return
    rng = model.streams.get("recruiter_entry", model.steps)
    countries = rng.choice(model.world.size, size=count, p=weights / weights.sum())
    Recruiter.create_agents(model, count, country=countries)


def update_supply_access(model) -> None:
    """Each source's access to the compounds' jobs, updated weekly.

    ``exp(-(travel cost + zone leg cost) / access cost)`` averaged over active compounds, weighted by
    their capacity: recruiters recruit where the jobs are.
    """
    arrays = model.compound_arrays
    capacity = np.where(arrays.active, arrays.capacity, 0.0)
    total = capacity.sum()
    if total <= 0:
        model.supply_access = np.zeros(model.world.size)
        return
    reach = np.bincount(
        arrays.country,
        weights=capacity * model.zone_leg_access[arrays.zone],
        minlength=model.world.size,
    )
    model.supply_access = model.country_access @ (reach / total)


def _book_recruits(model, nationality: np.ndarray, compound: np.ndarray) -> None:
    """Count the week's recruits and the fees their compounds owe."""
    persons = len(nationality) * model.population_scale
    model.flows.recruited += persons
    np.add.at(model.flows.recruited_from, nationality, model.population_scale)
    np.add.at(
        model.compound_arrays.fees_due,
        compound,
        model.population_scale * model.params.recruitment.fee_usd,
    )


def _retire_idle_recruiters(model, rows: np.ndarray, homes: np.ndarray, unused: np.ndarray) -> None:
    """Recruiters quit where applicants found no orders: ``p_quit_when_idle * unused share``.

    ``rows`` are the active recruiters' rows (``model.recruiter_arrays``), ``homes`` their countries.
    """
    quitting = model.streams.get("recruiter_exit", model.steps).random(len(rows)) < (
        model.params.recruitment.p_quit_when_idle * unused[homes]
    )
    for row in rows[quitting]:
        model.recruiter_arrays.agents[row].remove()
