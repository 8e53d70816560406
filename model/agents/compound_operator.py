"""The compound operator: runs one scam compound in a host zone and decides where it stands.

An operator orders workers up to its capacity, earns scam revenue from its held workforce, pays
guards and protection, learns the risk of raids in its zone and nearby and its recent losses, and when
either passes its tolerance weighs staying, the zones its syndicate knows (by expected profit minus
risk minus moving and set-up costs) and giving up, and picks one by a logit choice (the NarcoLogic
mechanism, Magliocca et al. 2019; ``model/site_choice.py``, ``model/zone_knowledge.py``). Displacement
emerges from this choice; no scenario names a destination. An arrested operator's compound closes and
may reopen under a new owner. The bulk arithmetic of all compounds' weeks (books, risk learning,
growth, exits) is done on their arrays in ``model/compound_dynamics.py``; the operator makes the choice
of where to go.
"""

from __future__ import annotations

import mesa
import numpy as np

from model import victim_dynamics
from model.compound_arrays import CompoundColumn
from model.schedule import WEEKS_PER_YEAR
from model.site_choice import EXIT, choose_zone, moving_cost_per_person, visibility, weeks_lost


class CompoundOperator(mesa.Agent):
    """One compound and the group running it; its state is its row of ``model.compound_arrays``.

    Attributes:
        compound_id: index of the compound (its row; victims' ``compound`` column).
        country: country index of the host.
        zone: index of the host zone in ``world.zones``.
        syndicate: the criminal group running it.
        site_capacity: persons its site is built for (the most it wants).
        capacity: workforce the operator wants, persons.
        active: False while closed after an arrest, and after an exit.
        exited: True once the operator has given the compound up.
        known: whether the host's enforcement knows the compound.
        intelligence: extra weekly detection probability from freed victims' testimony.
        risk: learned weekly probability of a raid (EWMA of raids here and nearby).
        losses, policy_losses, revenue: recent losses at its site (workforce freed, capacity lost),
            losses to policies (extra costs imposed) and gross revenue, US$ a week
            (EWMAs).
        idle_until: first week it produces again after a move.
        cash: retained profit, US$ (never negative: it pays what it can, see
            ``compound_dynamics.collect``).
        protection_dues, protection_arrears: last week's protection bill and what it owes its
            protector, US$; arrears wear its raid shield away (``model/protection.py``).
        guard_shortfall: share of last week's guard and running costs it could not pay, in [0, 1].
        fees_due: recruiters' fees it owes for persons delivered, US$.
        profit, margin: last week's profit (US$) and profit over gross revenue.
        generation: how many owners the compound has had (1 at opening).
        raided_week, closed_week: last week it was raided, closed (-1 if never).
    """

    country = CompoundColumn()
    zone = CompoundColumn()
    syndicate = CompoundColumn()
    active = CompoundColumn()
    site_capacity = CompoundColumn()
    capacity = CompoundColumn()
    exited = CompoundColumn()
    known = CompoundColumn()
    intelligence = CompoundColumn()
    risk = CompoundColumn()
    losses = CompoundColumn()
    policy_losses = CompoundColumn()
    revenue = CompoundColumn()
    idle_until = CompoundColumn()
    cash = CompoundColumn()
    fees_due = CompoundColumn()
    protection_dues = CompoundColumn()
    protection_arrears = CompoundColumn()
    guard_shortfall = CompoundColumn()
    profit = CompoundColumn()
    margin = CompoundColumn()
    generation = CompoundColumn()
    raided_week = CompoundColumn()
    closed_week = CompoundColumn()

    def __init__(self, model: mesa.Model, compound_id: int) -> None:
        super().__init__(model)
        self.compound_id = compound_id

    @property
    def params(self):
        """The compounds' parameters."""
        return self.model.params.compounds

    @classmethod
    def open(cls, model: mesa.Model, zone: int, size: float, syndicate: int) -> CompoundOperator:
        """Open a full compound of ``size`` persons in ``zone`` for ``syndicate``: its row, its agent.

        It starts with no cash, its books at a full site's revenue; it is logged ``opened``.
        """
        arrays = model.compound_arrays
        compound_id = arrays.append(
            country=int(model.zone_country[zone]),
            zone=zone,
            syndicate=syndicate,
            site_capacity=size,
            capacity=size,
            revenue=size * model.params.compounds.revenue_per_worker_week_usd,
        )
        model.zone_knowledge.occupy(syndicate, zone)
        operator = cls(model, compound_id)
        model.compounds.append(operator)
        arrays.log(model.steps, compound_id, "opened", 0.0)
        return operator

    def reconsider(self, cause: str) -> None:
        """Weigh staying, moving to the zones its syndicate knows, splitting and giving up; act.

        ``cause`` (``losses`` or ``risk``) is what passed the operator's tolerance; it is logged.
        It expects its site's recent losses to go on if it stays; losses to policies are in every
        zone's margin already (:func:`model.protection.site_margins`). It expects its own learned risk
        where it stands and, elsewhere, the zone's risk for a site of its size (``visibility``).
        """
        model = self.model
        size = max(self.capacity, 1.0)
        risk = np.minimum(model.perceived_risk() * visibility(model, size), 1.0)
        risk[self.zone] = self.risk
        losing = self.losses / size
        choice = choose_zone(
            model, self.syndicate, self.zone, size, risk, self.compound_id, self.cash, losing
        )
        if choice.zone == EXIT:
            self.give_up(cause)
        elif choice.split:
            self.split_to(choice.zone, cause)
        elif choice.zone != self.zone:
            self.move_to(choice.zone, cause)
            self.risk = float(risk[choice.zone])

    def split_to(self, destination: int, cause: str = "") -> CompoundOperator:
        """Split into two sites of half its size: a new one of its syndicate opens in ``destination``.

        The compound keeps half its capacity and site; the new site (its own zone or another) takes
        half of those held, drawn at random: in its own zone they change compound there, elsewhere
        they travel to it as in a move (:func:`model.victim_dynamics.travel_with_compound`), and the
        new site produces nothing for the weeks a move there costs. The compound pays the set-up cost
        and the moving cost of those who travel from its cash. Both are logged: ``split`` with its
        cause, ``opened`` for the new one. Returns the new compound's operator.
        """
        model, p, flows = self.model, self.params, self.model.flows
        half = self.capacity / 2
        self.capacity = self.site_capacity = half
        new = CompoundOperator.open(model, destination, half, self.syndicate)
        new.risk = self.risk
        inside = model.held_in(self.compound_id)
        draw = model.streams.per_victim("moving", model.steps, model.victims.size, self.compound_id)
        leaving = np.sort(inside[np.argsort(draw[inside], kind="stable")[: len(inside) // 2]])
        model.victims.compound[leaving] = new.compound_id
        paid = p.setup_cost_usd
        if destination != self.zone:
            per_person = moving_cost_per_person(model, self.zone)[destination]
            paid += per_person * len(leaving) * model.population_scale
            new.idle_until = model.steps + 1 + round(float(weeks_lost(model, self.zone)[destination]))
            victim_dynamics.travel_with_compound(model, leaving)
        self.cash -= paid
        flows.setup_paid_usd += paid
        flows.splits += 1
        held = float((len(inside) - len(leaving)) * model.population_scale)
        model.compound_arrays.log(model.steps, self.compound_id, "split", held, cause)
        return new

    def move_to(self, destination: int, cause: str = "") -> None:
        """Relocate to zone ``destination``, for real.

        A ``share_let_go_on_move`` of the held workforce is sold to a compound of the country or
        released; the rest travel to the new zone over the route graph (and can be intercepted at
        screened nodes, :func:`model.victim_dynamics.travel_with_compound`). The compound produces
        nothing for the ``weeks_lost_per_log_distance * ln(1 + km / 1000)`` weeks its site value
        charged, pays the set-up cost and the moving cost of those it moves from its cash (it chose
        only among zones it could pay for), starts unknown to enforcement, with no intelligence on it,
        no recent losses and no protection arrears (its new protector is another).
        """
        model, p = self.model, self.params
        knowledge, flows = model.zone_knowledge, model.flows
        inside = model.held_in(self.compound_id)
        draw = model.streams.per_victim("moving", model.steps, model.victims.size, self.compound_id)
        let_go = inside[draw[inside] < p.share_let_go_on_move]
        victim_dynamics.transfer_or_discard(model, self.compound_id, let_go)
        moved = np.setdiff1d(inside, let_go, assume_unique=True)
        per_person = moving_cost_per_person(model, self.zone)[destination]
        paid = p.setup_cost_usd + per_person * len(moved) * model.population_scale
        self.cash -= paid
        flows.setup_paid_usd += paid
        self.idle_until = model.steps + 1 + round(float(weeks_lost(model, self.zone)[destination]))
        country = int(model.zone_country[destination])
        flows.relocations += 1
        flows.relocations_out[self.country] += 1
        flows.relocations_in[country] += 1
        flows.relocations_out_zone[self.zone] += 1
        flows.relocations_in_zone[destination] += 1
        self.country, self.zone = country, destination
        self.known = False  # a new site: testimony on the old one does not point here
        self.intelligence = self.losses = self.policy_losses = self.protection_arrears = 0.0
        knowledge.occupy(self.syndicate, destination)
        victim_dynamics.travel_with_compound(model, moved)
        model.compound_arrays.log(model.steps, self.compound_id, "relocated", 0.0, cause)

    def give_up(self, cause: str) -> None:
        """Give the compound up: it never reopens; its workforce is sold or released.

        Its owners take its cash away (``payout_usd``).
        """
        model = self.model
        self.active, self.exited = False, True
        model.flows.compounds_exited += 1
        self.pay_out()
        victim_dynamics.transfer_or_discard(model, self.compound_id, model.held_in(self.compound_id))
        model.compound_arrays.log(model.steps, self.compound_id, "exited", 0.0, cause)

    def close(self, remaining: np.ndarray) -> None:
        """Close after its operator's arrest; the ``remaining`` workforce is sold or discarded.

        Its owners take its cash away; the new owner who may reopen it starts with none.
        """
        model = self.model
        self.active = False
        self.closed_week = model.steps
        model.flows.compounds_closed += 1
        self.pay_out()
        victim_dynamics.transfer_or_discard(model, self.compound_id, remaining)
        model.compound_arrays.log(model.steps, self.compound_id, "closed", 0.0, "arrest")

    def reopen(self) -> None:
        """Reopen under a new owner, with ``reopen_capacity_share`` of its former capacity.

        Its workforce was sold or released when it closed: it reopens empty, unknown to enforcement,
        with no risk, losses, intelligence, debts or arrears, its books at a full site's revenue.
        """
        model, p = self.model, self.params
        self.active = True
        if model.steps - self.closed_week <= WEEKS_PER_YEAR:
            model.flows.compounds_reopened += 1
        self.generation += 1
        self.capacity *= p.reopen_capacity_share
        self.known = False
        self.risk = self.intelligence = self.losses = self.policy_losses = 0.0
        self.protection_dues = self.protection_arrears = self.fees_due = 0.0
        self.revenue = self.capacity * p.revenue_per_worker_week_usd
        model.compound_arrays.log(model.steps, self.compound_id, "reopened", 0.0)

    def pay_out(self) -> None:
        """Hand the compound's cash to its owners (it closes or is given up)."""
        self.model.flows.payout_usd += self.cash
        self.cash = 0.0
