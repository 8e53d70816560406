"""The compounds' week as array operations: books, learned risk, growth, new sites, exits, reopenings.

Hundreds of compounds share the same arithmetic, so it is done here at once on the columns of
``model.compound_arrays``; each :class:`~model.agents.CompoundOperator` keeps the decisions that are its
own (whether to stay, move or give up). Formulas are in ``docs/ODD.md`` section 7.7.
"""

from __future__ import annotations

import numpy as np

from model import compound_openings, protection, victim_dynamics
from model.agents import VictimState
from model.compound_arrays import RESIZE_LOG_SHARE
from model.site_choice import visibility


def collect(model, revenue: np.ndarray, frozen: np.ndarray, held: np.ndarray) -> None:
    """Book a week's revenue and pay the week's bills of every active compound (US$ per compound).

    Of its proceeds not frozen, plus its cash, a compound pays in turn its guards and running costs
    per held worker (``held``, persons; extra running costs policies impose on its zone or country
    included), its protector (the zone's share of the gross revenue,
    :func:`model.protection.protection_shares`, plus any arrears) and the recruiters' fees it owes for
    the persons delivered (``fees_due``). What it cannot pay is carried: unpaid protection as
    ``protection_arrears`` (its shield wears away), unpaid fees in ``fees_due`` (recruiters wait);
    the unpaid share of its running costs is its ``guard_shortfall`` (guarding weakens,
    ``model/escapes.py``). What is left is its profit, added to its cash, which so never goes
    negative. Every US$ of revenue ends frozen, paid (``running_paid_usd``, ``protection_paid_usd``,
    ``fees_paid_usd``) or in cash.

    The margin is profit over gross revenue. The extra running costs imposed are booked as losses
    (``policy_losses_week``); proceeds frozen are not, since the freeze is world-wide and no move
    escapes it: it acts through the margin (growth, shrinking, exit) and the cash.
    """
    arrays, p, flows = model.compound_arrays, model.params.compounds, model.flows
    active = np.flatnonzero(arrays.active)
    zone = arrays.zone[active]
    imposed = protection.imposed_costs(model)[zone]
    proceeds = revenue[active] - frozen[active]
    running = protection.running_costs(model)[zone] * held[active]
    dues = revenue[active] * protection.protection_shares(model)[zone]
    available = np.maximum(arrays.cash[active], 0.0) + proceeds
    running_paid = np.minimum(running, available)
    available -= running_paid
    owed = dues + arrays.protection_arrears[active]
    protection_paid = np.minimum(owed, available)
    available -= protection_paid
    fees = np.minimum(arrays.fees_due[active], available)
    arrays.fees_due[active] -= fees
    profit = proceeds - running_paid - protection_paid - fees
    arrays.protection_arrears[active] = owed - protection_paid
    arrays.guard_shortfall[active] = np.divide(
        running - running_paid, running, out=np.zeros_like(running), where=running > 0
    )
    arrays.policy_losses_week[active] += imposed * held[active]
    arrays.revenue[active] += p.loss_memory * (revenue[active] - arrays.revenue[active])
    arrays.cash[active] += profit
    arrays.profit[active] = profit
    arrays.margin[active] = np.divide(
        profit, revenue[active], out=np.zeros_like(profit), where=revenue[active] > 0
    )
    flows.fees_paid_usd += float(fees.sum())
    flows.running_paid_usd += float(running_paid.sum())
    flows.protection_paid_usd += float(protection_paid.sum())
    np.add.at(flows.protection_paid_usd_zone, zone, protection_paid)


def adapt(model) -> None:
    """Closed compounds may reopen; active ones learn, may move or give up, grow, shrink or exit.

    An operator whose recent losses (at its site: workforce freed by raids, capacity disrupted or cut;
    and to policies: extra costs imposed on its zone or country) pass ``loss_tolerance`` of its recent
    revenue, or whose learned risk passes ``risk_tolerance``, reconsiders where it stands
    (``CompoundOperator.reconsider``), unless it is moving. A compound's workforce wanted changes by
    ``growth_per_week * (room * pace - (1 - pace))`` a week, ``pace = min(1, margin / reference
    margin)``, times what supply cuts leave; it stays within its site's size, and growth beyond it
    opens new sites (``compound_openings.open_new_compounds``). A compound shrunk below
    ``exit_capacity_share`` of its site is given up.
    """
    arrays, p = model.compound_arrays, model.params.compounds
    was_active = arrays.active.copy()
    _reopen_some(model, np.flatnonzero(~was_active & ~arrays.exited))
    active = np.flatnonzero(was_active)
    raided = arrays.raided_week[active] == model.steps
    signal = np.where(raided, 1.0, model.raid_signal[arrays.zone[active]])
    arrays.risk[active] += p.risk_memory * (signal - arrays.risk[active])
    for recent, week in (
        (arrays.losses, arrays.losses_week),
        (arrays.policy_losses, arrays.policy_losses_week),
    ):
        recent[active] += p.loss_memory * (week[active] - recent[active])
        week[:] = 0.0
    _learn_zones(model, active)
    losses = arrays.losses[active] + arrays.policy_losses[active]
    losing = losses > p.loss_tolerance * np.maximum(arrays.revenue[active], 1.0)
    hot = arrays.risk[active] > p.risk_tolerance
    acting = (losing | hot) & (arrays.idle_until[active] <= model.steps)  # not on the move
    for compound_id, by_losses in zip(active[acting], losing[acting], strict=True):
        model.compounds[compound_id].reconsider("losses" if by_losses else "risk")
    active = active[arrays.active[active]]
    surplus = np.zeros(arrays.size)
    surplus[active] = _grow(model, active)
    _log_resized(model, active)
    _exit_small(model, active)
    _shed_excess(model, active[arrays.active[active]])
    compound_openings.open_new_compounds(model, surplus)


def _learn_zones(model, active: np.ndarray) -> None:
    """A week of the syndicates' learning of zones, from where their ``active`` compounds are."""
    arrays, knowledge = model.compound_arrays, model.zone_knowledge
    hosts = np.zeros(knowledge.known.shape, dtype=np.int64)
    np.add.at(hosts, (arrays.syndicate[active], arrays.zone[active]), 1)
    knowledge.learn(hosts, model.streams.get("zone_knowledge", model.steps))


def _grow(model, active: np.ndarray) -> np.ndarray:
    """Change the capacity of ``active`` compounds; return their growth beyond their sites, persons.

    A compound on the move does not grow or shrink with its margin (it has no revenue), but supply cuts
    in its new zone still reach it. Capacity lost to supply cuts is booked as a loss, at what replacing
    it costs (``replacement_cost_usd`` a person).
    """
    arrays, p = model.compound_arrays, model.params.compounds
    pace = np.clip(arrays.margin[active] / p.growth_reference_margin, 0.0, 1.0)
    change = p.growth_per_week * (model.room * pace - (1 - pace))
    change[arrays.idle_until[active] > model.steps] = 0.0
    supply = 1 - protection.supply_loss(model)[arrays.zone[active]]
    wanted = arrays.capacity[active] * (1 + change)
    cut = wanted * (1 - supply)
    arrays.losses_week[active] += cut * model.replacement_cost_usd[arrays.country[active]]
    wanted -= cut
    site = arrays.site_capacity[active]
    arrays.capacity[active] = np.minimum(wanted, site)
    return np.maximum(wanted - site, 0.0)


def _log_resized(model, active: np.ndarray) -> None:
    """Log compounds whose capacity moved by more than ``RESIZE_LOG_SHARE`` since their last event."""
    arrays = model.compound_arrays
    logged = arrays.logged_capacity[active]
    moved = active[np.abs(arrays.capacity[active] - logged) > RESIZE_LOG_SHARE * logged]
    if len(moved):
        held = model.held_persons_per_compound()
        for compound_id in moved:
            arrays.log(model.steps, int(compound_id), "resized", float(held[compound_id]))


def _exit_small(model, active: np.ndarray) -> None:
    """Operators give up compounds shrunk below ``exit_capacity_share`` of their sites."""
    arrays = model.compound_arrays
    small = active[
        arrays.capacity[active]
        < model.params.compounds.exit_capacity_share * arrays.site_capacity[active]
    ]
    for compound_id in small:
        model.compounds[compound_id].give_up("shrunk")


def _shed_excess(model, active: np.ndarray) -> None:
    """Operators let go a ``shed_share_per_week`` share of the workforce above their capacity.

    A compound holding ``h`` victim agents with capacity for ``floor(capacity / scale)`` draws
    ``Binomial(h - floor(capacity / scale), shed_share_per_week)`` of them at random; they are sold or
    released (:func:`model.victim_dynamics.transfer_or_discard`) and the compound logs ``shed``. So a
    supply cut, a raid's disruption or shrinking margins free people within weeks.
    """
    arrays, scale = model.compound_arrays, model.population_scale
    held = model.held_agents_per_compound()
    held_persons = held * scale  # kept up to date by the sales below
    excess = held[active] - np.floor(arrays.capacity[active] / scale + 1e-9).astype(np.int64)
    over = active[excess > 0]
    if len(over) == 0:
        return
    rows = model.victims.in_state(VictimState.HELD)
    rows = rows[np.argsort(model.victims.compound[rows], kind="stable")]
    starts = np.concatenate([[0], np.cumsum(held)])
    share = model.params.compounds.shed_share_per_week
    for compound_id, extra in zip(over, excess[excess > 0], strict=True):
        rng = model.streams.get("shedding", model.steps, int(compound_id))
        count = rng.binomial(int(extra), share)
        if count == 0:
            continue
        inside = rows[starts[compound_id] : starts[compound_id + 1]]
        let_go = np.sort(rng.choice(inside, size=count, replace=False))
        model.flows.shed += count * scale
        victim_dynamics.transfer_or_discard(model, int(compound_id), let_go, held_persons)
        held_persons[compound_id] -= count * scale
        persons = float((held[compound_id] - count) * scale)
        arrays.log(model.steps, int(compound_id), "shed", persons, "over_capacity")


def _reopen_some(model, closed: np.ndarray) -> None:
    """Each closed compound reopens under a new owner with probability ``p_reopen`` a week."""
    draws = model.streams.get("reopening", model.steps).random(model.compound_arrays.size)
    for compound_id in closed[draws[closed] < model.params.compounds.p_reopen]:
        model.compounds[compound_id].reopen()


def detect(model) -> None:
    """Intelligence fades; unknown active compounds are found with state capacity, size, intelligence.

    ``p_detect_compound * state_capacity * visibility(capacity) + intelligence`` a week
    (:func:`model.site_choice.visibility`: larger sites are found sooner).

    Where countries share intelligence, a compound any of them has testimony on is known.
    """
    arrays, p = model.compound_arrays, model.params.enforcement
    arrays.intelligence *= 1 - p.intelligence_decay
    draws = model.streams.get("detection", model.steps).random(arrays.size)
    country = arrays.country
    shared = arrays.active & model.levers.shared_intelligence[country] & (arrays.intelligence > 0)
    chance = (
        p.p_detect_compound * model.world.state_capacity[country] * visibility(model, arrays.capacity)
        + arrays.intelligence
    )
    found = arrays.active & ~arrays.known & (draws < chance)
    arrays.known |= shared | found


def open_orders(model) -> np.ndarray:
    """Victim agents each compound orders now: capacity minus held minus pipeline.

    None for a closed compound, or one on the move or setting up a new site (``idle_until``).
    """
    victims, arrays = model.victims, model.compound_arrays
    pipeline = victims.per_compound(VictimState.RECRUITED, arrays.size) + victims.per_compound(
        VictimState.IN_TRANSIT, arrays.size
    )
    persons = arrays.capacity - (model.held_agents_per_compound() + pipeline) * model.population_scale
    ordering = arrays.active & (arrays.idle_until <= model.steps)  # not while moving or setting up
    persons = np.where(ordering, np.maximum(persons, 0.0), 0.0)
    return np.floor(persons / model.population_scale).astype(np.int64)
