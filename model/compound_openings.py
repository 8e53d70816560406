"""Where and by whom compounds open: the 2020 compounds, spin-offs, their zones and syndicates.

Initial compounds stand where the 2020 industry was (``world.initial_held_persons``); new compounds are
spin-offs of active ones, opened at the site of highest expected profit (``model/site_choice.py``). A
compound's zone is drawn among its country's zones, and its syndicate is a Chinese-restaurant draw
(initial compounds) or its parent's (spin-offs, most of the time).
"""

from __future__ import annotations

import numpy as np

from model import recruitment_market, victim_dynamics
from model.agents import CompoundOperator, VictimState
from model.site_choice import site_values


def place_initial_compounds(model) -> None:
    """Initial compounds where the 2020 industry was (``world.initial_held_persons``)."""
    p = model.params.world
    syndicates = initial_syndicates(model)
    for code, persons in p.initial_held_persons.items():
        if persons == 0:
            continue
        host = int(model.world.index_of([code])[0])
        count = max(1, round(persons / p.initial_compound_size))
        for _ in range(count):
            add_compound(model, host, persons / count, next(syndicates))
    recruitment_market.update_supply_access(model)
    for compound in model.compounds:
        agents = round(compound.capacity / model.population_scale)
        weights = (
            model.recruitment_weight
            * model.supply_access
            * np.exp(
                -model.world.travel_cost_usd[:, compound.country]
                / model.params.recruitment.access_cost_usd
            )
        )
        nationality = model.rng.choice(model.world.size, size=agents, p=weights / weights.sum())
        victim_dynamics.enlist(
            model, nationality, np.full(agents, compound.compound_id), VictimState.HELD
        )


def add_compound(model, country: int, capacity: float, syndicate: int) -> CompoundOperator:
    """Open a compound in a zone of ``country``: add its row, then create its operator."""
    compound_id = model.compound_arrays.size
    model.compound_arrays.append(
        country=country,
        zone=draw_zone(model, country, compound_id),
        syndicate=syndicate,
        capacity=capacity,
    )
    operator = CompoundOperator(model, compound_id)
    model.compounds.append(operator)
    model.compound_arrays.log(model.steps, compound_id, "opened", 0.0)
    return operator


def draw_zone(model, country: int, compound_id: int) -> int:
    """A zone of ``country`` for a compound opening or arriving there, each zone alike.

    Assumption until operators choose zones themselves: every zone of the country is as likely.
    The draw has a stream of its own, so it changes no other draw.
    """
    zones = model.zones_of_country[country]
    rng = model.streams.get("zone_choice", model.steps, compound_id)
    return int(zones[rng.integers(len(zones))])


def initial_syndicates(model):
    """Syndicates of the initial compounds, in opening order: a Chinese-restaurant draw.

    The n-th compound joins an existing syndicate with probability proportional to the compounds
    it runs, or founds a new one with probability ``c / (n - 1 + c)``
    (``compounds.syndicate_concentration`` c).
    """
    rng = model.streams.get("syndicate", 0)
    concentration, members = model.params.compounds.syndicate_concentration, []
    while True:
        n = sum(members)
        if rng.random() < concentration / (n + concentration):
            members.append(1)
            yield len(members) - 1
        else:
            chosen = int(rng.choice(len(members), p=np.array(members) / n))
            members[chosen] += 1
            yield chosen


def open_new_compounds(model) -> None:
    """New compounds are spin-offs of active ones, opened where expected profit is highest."""
    p = model.params.compounds
    active = np.flatnonzero(model.compound_arrays.active)
    if len(active) == 0:
        return
    rng = model.streams.get("compound_entry", model.steps)
    for _ in range(rng.poisson(p.p_entry * model.market_room())):
        parent = int(active[rng.integers(len(active))])
        origin = int(model.compound_arrays.country[parent])
        values = site_values(model, origin, p.new_compound_capacity, model.perceived_risk())
        noise = model.choice_noise(values, origin, compound_id=len(model.compounds))
        site = int(np.argmax(values + noise))
        add_compound(model, site, p.new_compound_capacity, spinoff_syndicate(model, parent))


def spinoff_syndicate(model, parent: int) -> int:
    """The parent's syndicate (``compounds.p_spinoff_own_syndicate``), else a new one."""
    rng = model.streams.get("syndicate", model.steps, model.compound_arrays.size)
    if rng.random() < model.params.compounds.p_spinoff_own_syndicate:
        return int(model.compound_arrays.syndicate[parent])
    return int(model.compound_arrays.syndicate.max()) + 1
