"""Weekly transitions of all victims at once, drawn with NumPy on the victim arrays.

Mesa agents give victims their identity; these functions move whole groups between states in one
array operation and touch only the rows that change. Counts returned are victim agents; the model
multiplies by the population scale to report persons.
"""

from __future__ import annotations

import numpy as np

from model import escapes
from model.agents.victim import AGE_BANDS, FREED_STATES, VictimState


def enlist(model, nationality: np.ndarray, compound: np.ndarray, state: VictimState) -> np.ndarray:
    """Add victims with attributes drawn from the profile (F2); return their rows.

    Each is a Mesa agent on demand (``model.victim_agents[row]``, :class:`~model.agents.VictimAgents`).

    Args:
        model: the model.
        nationality: country index of each new victim.
        compound: compound id each is bound for (or held in).
        state: RECRUITED for new recruits, HELD for the initial population.
    """
    p, count = model.params.victims, len(nationality)
    rng = model.streams.get("profile", model.steps, model.victims.size)
    hosts = model.compound_arrays.country[compound]
    shares = np.array([p.age_band_shares[band] for band in AGE_BANDS])
    indices = model.victims.append(
        count,
        nationality=nationality,
        location=hosts if state == VictimState.HELD else nationality,
        compound=compound,
        origin=nationality,
        male=rng.random(count) < p.p_male,
        age_band=rng.choice(len(AGE_BANDS), size=count, p=shares),
        tertiary_education=rng.random(count) < p.p_tertiary_education,
        language_skills=rng.random(count) < p.p_language_skills,
    )
    model.victims.set_state(indices, state, model.steps)
    return indices


def depart(model) -> None:
    """Victims recruited before this week set off on the cheapest route to their compound's country."""
    victims = model.victims
    waiting = victims.in_state(VictimState.RECRUITED)
    leaving = waiting[victims.state_week[waiting] < model.steps]
    victims.origin[leaving] = victims.location[leaving]
    victims.destination[leaving] = model.compound_arrays.country[victims.compound[leaving]]
    victims.hop[leaving] = 0
    victims.set_state(leaving, VictimState.IN_TRANSIT, model.steps)
    _at_node(model, leaving, leg=0)


def travel_with_compound(model, indices: np.ndarray) -> None:
    """Held victims of a relocating compound set off with it, on the route to its new country.

    They travel like recruits (screened at the nodes they pass, then the leg to the zone) and are held
    again on arrival; they are not counted as new arrivals.
    """
    victims = model.victims
    victims.origin[indices] = victims.location[indices]
    victims.destination[indices] = model.compound_arrays.country[victims.compound[indices]]
    victims.hop[indices] = 0
    victims.with_compound[indices] = True
    victims.set_state(indices, VictimState.IN_TRANSIT, model.steps)
    model.flows.moved_with_compounds += len(indices) * model.population_scale
    _at_node(model, indices, leg=2)


def move(model) -> None:
    """Victims in transit advance; those reaching the next node of their route are handled there.

    Hop ``k`` of a route of ``L`` nodes leads to its node ``k``; hop ``L`` is the leg inside the
    destination country to the compound's zone (:func:`_at_node`), after which the victim stays put.
    """
    victims, world = model.victims, model.world
    moving = victims.in_state(VictimState.IN_TRANSIT)
    victims.hop_weeks_left[moving] -= 1
    reached = moving[victims.hop_weeks_left[moving] <= 0]
    victims.hop[reached] += 1
    length = world.route_length[victims.origin[reached], victims.destination[reached]]
    on_route = reached[victims.hop[reached] < length]
    victims.location[on_route] = world.route_nodes[
        victims.origin[on_route], victims.destination[on_route], victims.hop[on_route]
    ]
    _at_node(model, reached, leg=1)


def _at_node(model, indices: np.ndarray, leg: int) -> None:
    """Victims standing at a node: arrive, set off to the zone, or be screened and take the next hop.

    At the end of the country route a victim travels on to its compound's zone: ``leg_weeks`` of the
    zone (:func:`model.zones.add_zone_legs`) rounded up or down at random to whole weeks, so that the
    mean is kept; a leg of 0 weeks arrives at once.
    """
    victims, world = model.victims, model.world
    # Recruits of a compound that moved while they travelled take a new route from here.
    bound_for = model.compound_arrays.country[victims.compound[indices]]
    rerouted = indices[victims.destination[indices] != bound_for]
    victims.origin[rerouted] = victims.location[rerouted]
    victims.destination[rerouted] = bound_for[victims.destination[indices] != bound_for]
    victims.hop[rerouted] = 0
    length = world.route_length[victims.origin[indices], victims.destination[indices]]
    at_end = victims.hop[indices] >= length - 1
    setting_off = at_end & (victims.hop[indices] == length - 1)
    leg_weeks = _zone_leg_weeks(model, indices[setting_off])
    on_leg = indices[setting_off][leg_weeks > 0]
    victims.hop[on_leg] += 1
    victims.hop_weeks_left[on_leg] = leg_weeks[leg_weeks > 0]
    _arrive(model, np.setdiff1d(indices[at_end], on_leg, assume_unique=True))
    passing = indices[~at_end]
    draw = model.streams.uniform("screening", model.steps, passing, leg)
    screened = draw < model.interception[victims.location[passing]]
    intercepted = passing[screened]
    model.flows.intercepted += len(intercepted) * model.population_scale
    free(model, intercepted, VictimState.RESCUED)
    going = passing[~screened]
    next_node = world.route_nodes[
        victims.origin[going], victims.destination[going], victims.hop[going] + 1
    ]
    victims.hop_weeks_left[going] = world.hop_weeks[victims.location[going], next_node]


def _zone_leg_weeks(model, indices: np.ndarray) -> np.ndarray:
    """Whole weeks each victim's leg to its compound's zone takes: its mean, rounded at random."""
    mean = model.zone_leg_weeks[model.compound_arrays.zone[model.victims.compound[indices]]]
    if len(indices) == 0 or not mean.any():
        return np.zeros(len(indices), dtype=np.int64)
    draw = model.streams.uniform("zone_leg", model.steps, indices)
    return (np.floor(mean) + (draw < mean - np.floor(mean))).astype(np.int64)


def _arrive(model, indices: np.ndarray) -> None:
    """Victims reaching their compound are held there; a closed compound's recruits are discarded."""
    victims = model.victims
    compound = victims.compound[indices]
    open_ = model.compound_arrays.active[compound]
    held = indices[open_]
    victims.location[held] = model.compound_arrays.country[compound[open_]]
    victims.set_state(held, VictimState.HELD, model.steps)
    model.flows.arrived += np.count_nonzero(~victims.with_compound[held]) * model.population_scale
    victims.with_compound[indices] = False
    discarded = indices[~open_]
    model.flows.released += len(discarded) * model.population_scale
    model.flows.discarded_on_arrival += len(discarded) * model.population_scale
    free(model, discarded, VictimState.RELEASED)


def exploit(model) -> np.ndarray:
    """Held victims work; some escape (``model/escapes.py``) or are released. Revenue per compound, US$.

    Release: one uniform per held victim, ``u < p_release``, unless it escaped this week.
    """
    victims, p = model.victims, model.params.victims
    held = victims.in_state(VictimState.HELD)
    compound = victims.compound[held]
    mean_bonus = p.language_productivity_bonus * p.p_language_skills
    productivity = (1 + p.language_productivity_bonus * victims.language_skills[held]) / (1 + mean_bonus)
    revenue = np.bincount(compound, weights=productivity, minlength=len(model.compounds))
    revenue = revenue.astype(float)  # an empty week's bincount is of integers
    revenue *= model.population_scale * model.params.compounds.revenue_per_worker_week_usd
    revenue[model.compound_arrays.idle_until > model.steps] = 0.0  # moving: no production
    escaped = escapes.escape(model, held)
    draw = model.streams.uniform("captivity", model.steps, held)
    released = np.setdiff1d(held[draw < p.p_release], escaped, assume_unique=True)
    free(model, escaped, VictimState.ESCAPED)
    free(model, released, VictimState.RELEASED)
    model.flows.released += len(released) * model.population_scale
    return revenue


def free(model, indices: np.ndarray, state: VictimState) -> None:
    """Free victims from their compound; their testimony adds to its intelligence."""
    if len(indices) == 0:
        return
    victims = model.victims
    persons = np.bincount(victims.compound[indices], minlength=len(model.compounds))
    persons = persons * model.population_scale
    model.add_testimony(persons)
    victims.with_compound[indices] = False
    victims.set_state(indices, state, model.steps)


def repatriate(model) -> None:
    """Freed victims return home with a weekly probability; their re-trafficking clock starts.

    The clock (:class:`~model.home_pool.HomePool`) takes one uniform per victim come home (stream
    ``retrafficking``, key 0).
    """
    victims, p = model.victims, model.params.victims
    freed = victims.in_any(FREED_STATES)
    chance = min(1.0, p.p_repatriate * model.levers.repatriation_multiplier)
    going = freed[model.streams.uniform("repatriation", model.steps, freed) < chance]
    victims.location[going] = victims.nationality[going]
    victims.set_state(going, VictimState.REPATRIATED, model.steps)
    model.home.add(going, model.streams.uniform("retrafficking", model.steps, going, 0))
    model.flows.repatriated += len(going) * model.population_scale


def retraffick(model, orders: np.ndarray) -> None:
    """Repatriated victims are lured again, with a weekly probability, only against open orders.

    The week's chance is ``p_retraffick`` times the lever; those whose clock rings
    (:meth:`~model.home_pool.HomePool.ring`) are lured in random order, as many as the open orders;
    the others draw a new clock (key 1). ``orders`` (victim agents per compound) is reduced by the
    places they fill.
    """
    victims = model.victims
    chance = min(1.0, model.params.victims.p_retraffick * model.levers.retraffick_multiplier)
    rang = model.home.ring(chance)
    if len(rang) == 0:
        return
    rng = model.streams.get("retrafficking", model.steps)
    lured = rng.permutation(rang)[: orders.sum()] if orders.sum() else rang[:0]
    waiting = np.setdiff1d(rang, lured, assume_unique=True)
    model.home.add(waiting, model.streams.uniform("retrafficking", model.steps, waiting, 1))
    places = rng.choice(np.repeat(np.arange(len(orders)), orders), size=len(lured), replace=False)
    orders -= np.bincount(places, minlength=len(orders))
    victims.reassign(lured, places)
    victims.set_state(lured, VictimState.RECRUITED, model.steps)
    persons = len(lured) * model.population_scale
    model.flows.re_trafficked += persons
    model.flows.recruited += persons
    np.add.at(model.flows.recruited_from, victims.nationality[lured], model.population_scale)


def transfer_or_discard(
    model, compound_id: int, indices: np.ndarray, held_persons: np.ndarray | None = None
) -> None:
    """Part of a workforce let go (closure, exit, shedding) is sold to a compound nearby; the rest freed.

    People are sold between compounds (F13) of the same country: each with probability
    ``share_sold_on_closure``, to the other active compound with the most room (capacity minus held)
    in the same zone, else of the same syndicate, else anywhere in the country, and no more than that
    room. The rest, or everyone where no such compound has room, is discarded (released).

    ``held_persons`` (persons held per compound, default: counted now) lets a caller that lets go
    several workforces in a row count once; it is updated in place for the sale.
    """
    arrays, scale = model.compound_arrays, model.population_scale
    if held_persons is None:
        held_persons = model.held_persons_per_compound()
    room = np.where(arrays.active, arrays.capacity - held_persons, 0.0)
    room[compound_id] = 0.0
    buyers = (room >= scale) & (arrays.country == arrays.country[compound_id])
    for near in (arrays.zone, arrays.syndicate, arrays.country):
        candidates = buyers & (near == near[compound_id])
        if candidates.any():
            buyer = int(np.argmax(np.where(candidates, room, -np.inf)))
            draw = model.streams.uniform("closure", model.steps, indices, compound_id)
            sold = indices[draw < model.params.compounds.share_sold_on_closure]
            sold = sold[: int(room[buyer] // scale)]
            model.victims.reassign(sold, buyer)
            held_persons[buyer] += len(sold) * scale
            indices = np.setdiff1d(indices, sold, assume_unique=True)
            break
    model.flows.released += len(indices) * scale
    free(model, indices, VictimState.RELEASED)
