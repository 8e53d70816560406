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
from model.agents.victim import VictimState
from model.compound_arrays import CompoundColumn
from model.schedule import WEEKS_PER_YEAR
from model.site_choice import (
    EXIT,
    choose_zone,
    half_site_risk,
    moving_cost_per_person,
    visibility,
    weeks_lost,
)


class CompoundOperator(mesa.Agent):
    """One compound and the group running it; its state is its row of ``model.compound_arrays``.

    Attributes:
        compound_id: index of the compound (its row; victims' ``compound`` column).
        country: country index of the host.
        zone: index of the host zone in ``world.zones``.
        syndicate: the criminal group running it.
        parent: the compound it came from (expansion, venture, split), -1 for none.
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
        protection_arrears: what it owes its zone's protector, US$; arrears wear its raid shield
            away (``model/protection.py``).
        guard_shortfall: share of last week's guard and running costs it could not pay, in [0, 1].
        fees_due: recruiters' fees it owes for persons delivered, US$.
        profit, margin: last week's profit (US$) and profit over gross revenue.
        generation: how many owners the compound has had (1 at opening).
        raided_week, closed_week: last week it was raided, closed (-1 if never).
    """

    country = CompoundColumn()
    zone = CompoundColumn()
    syndicate = CompoundColumn()
    parent = CompoundColumn()
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
    def open(
        cls, model: mesa.Model, zone: int, size: float, syndicate: int, parent: int = -1
    ) -> CompoundOperator:
        """Open a full compound of ``size`` persons in ``zone`` for ``syndicate``: its row, its agent.

        It starts with no cash, its books at a full site's revenue; it is logged ``opened`` (cause
        ``split`` when its ``parent`` split).
        """
        arrays = model.compound_arrays
        compound_id = arrays.append(
            country=int(model.zone_country[zone]),
            zone=zone,
            syndicate=syndicate,
            parent=parent,
            site_capacity=size,
            capacity=size,
            revenue=size * model.params.compounds.revenue_per_worker_week_usd,
        )
        model.zone_knowledge.occupy(syndicate, zone)
        operator = cls(model, compound_id)
        model.compounds.append(operator)
        return operator

    def reconsider(self, cause: str) -> None:
        """Weigh staying, moving to the zones its syndicate knows, splitting and giving up; act.

        ``cause`` (``losses`` or ``risk``) is what passed the operator's tolerance; it is logged.
        It expects its site's recent losses to go on if it stays; losses to policies are in every
        zone's margin already (:func:`model.protection.site_margins`). It expects its own learned risk
        where it stands and, elsewhere, the zone's risk for a site of its size (``visibility``).
        Moving costs are reckoned on its workforce wanted; if more are held, those its cash cannot
        move are let go (:meth:`move_to`).
        """
        model = self.model
        size = max(self.capacity, 1.0)
        risk = np.minimum(model.perceived_risk() * visibility(model, size), 1.0)
        risk[self.zone] = self.risk
        choice = choose_zone(
            model, self.syndicate, self.zone, size, risk, self.compound_id, self.cash, self.losses / size
        )
        if choice.zone == EXIT:
            self.give_up(cause)
        elif choice.split:
            self.split_to(choice.zone, cause, float(half_site_risk(model, risk, size)[choice.zone]))
        elif choice.zone != self.zone:
            self.move_to(choice.zone, cause)
            self.risk = float(risk[choice.zone])

    def split_to(self, destination: int, cause: str = "", risk: float | None = None) -> CompoundOperator:
        """Split in two sites, each for half its workforce wanted; the new one opens in ``destination``.

        The new site (its own syndicate's, in its own zone or another) takes half of those held,
        drawn at random (as many as the cash left after the set-up cost can move; the others stay),
        and in its own zone half of the recruits on their way. In its own zone they change compound
        at once; elsewhere they travel to it as in a move and the new site produces nothing until
        they and its networks are there (:meth:`_set_off`). The compound pays the set-up and moving
        costs, halves its recent losses and revenue, and hands half of the cash left to the new
        site, which starts unknown to enforcement with ``risk`` (default: the compound's). Logged:
        ``split`` with the cause, ``opened`` with cause ``split`` for the new one; flow ``splits``.
        Returns the new compound's operator.
        """
        model, victims = self.model, self.model.victims
        half = self.capacity / 2
        self.capacity = self.site_capacity = half
        new = CompoundOperator.open(model, destination, half, self.syndicate, self.compound_id)
        new.risk = self.risk if risk is None else risk
        inside = model.held_in(self.compound_id)
        draw = model.streams.uniform("moving", model.steps, inside, self.compound_id)
        leaving = inside[np.argsort(draw, kind="stable")[: len(inside) // 2]]
        if destination == self.zone:
            self._pay(model.params.compounds.setup_cost_usd)
            victims.reassign(leaving, new.compound_id)
            pending = victims.in_any((VictimState.RECRUITED, VictimState.IN_TRANSIT))
            coming = pending[victims.compound[pending] == self.compound_id]
            victims.reassign(coming[::2], new.compound_id)
        else:
            leaving = self._travellers_it_can_pay_for(destination, np.sort(leaving))
            victims.reassign(leaving, new.compound_id)
            new.idle_until = self._set_off(self.zone, destination, leaving)
        self.losses, self.policy_losses, self.revenue = (
            self.losses / 2,
            self.policy_losses / 2,
            self.revenue / 2,
        )
        new.cash, self.cash = self.cash / 2, self.cash / 2
        model.flows.splits += 1
        arrays = model.compound_arrays
        held = float(len(model.held_in(self.compound_id)) * model.population_scale)
        arrays.log(model.steps, self.compound_id, "split", held, cause)
        arrays.log(model.steps, new.compound_id, "opened", 0.0, "split")
        return new

    def move_to(self, destination: int, cause: str = "") -> None:
        """Relocate to zone ``destination``, for real.

        A ``share_let_go_on_move`` of the held workforce is sold to a compound of the country or
        released, and so are those beyond what its cash can move; the rest travel to the new zone
        over the route graph (:meth:`_set_off`). The compound produces nothing for the
        ``weeks_lost_per_log_distance * ln(1 + km / 1000)`` weeks its site value charged, pays the
        set-up cost and the moving cost of those it moves from its cash (it chose only among zones it
        could pay for), starts unknown to enforcement, with no intelligence on it, no recent losses
        and no protection arrears (its new protector is another).
        """
        model, p = self.model, self.params
        knowledge, flows = model.zone_knowledge, model.flows
        inside = model.held_in(self.compound_id)
        draw = model.streams.uniform("moving", model.steps, inside, self.compound_id)
        kept = inside[draw >= p.share_let_go_on_move]
        moved = self._travellers_it_can_pay_for(destination, kept)
        let_go = np.setdiff1d(inside, moved, assume_unique=True)
        victim_dynamics.transfer_or_discard(model, self.compound_id, let_go)
        country = int(model.zone_country[destination])
        flows.relocations += 1
        flows.relocations_out[self.country] += 1
        flows.relocations_in[country] += 1
        flows.relocations_out_zone[self.zone] += 1
        flows.relocations_in_zone[destination] += 1
        origin, self.country, self.zone = self.zone, country, destination
        self.idle_until = self._set_off(origin, destination, moved)
        self.known = False  # a new site: testimony on the old one does not point here
        self.intelligence = self.losses = self.policy_losses = self.protection_arrears = 0.0
        knowledge.occupy(self.syndicate, destination)
        model.compound_arrays.log(model.steps, self.compound_id, "relocated", 0.0, cause)

    def _travellers_it_can_pay_for(self, destination: int, travellers: np.ndarray) -> np.ndarray:
        """Pay the set-up cost and the moving cost of as many ``travellers`` as its cash allows.

        Returns those it moves (the first ones); the caller keeps or lets go the others.
        """
        model = self.model
        per_agent = moving_cost_per_person(model, self.zone)[destination] * model.population_scale
        left = max(self.cash - self.params.setup_cost_usd, 0.0)
        count = min(len(travellers), int(left // per_agent)) if per_agent > 0 else len(travellers)
        self._pay(self.params.setup_cost_usd + per_agent * count)
        return travellers[:count]

    def _pay(self, amount: float) -> None:
        """Pay set-up or moving costs from its cash (``setup_paid_usd``)."""
        self.cash -= amount
        self.model.flows.setup_paid_usd += amount

    def _set_off(self, origin: int, destination: int, travellers: np.ndarray) -> int:
        """Send ``travellers`` (already of a compound in ``destination``) there from ``origin``.

        Returns the first week a site there produces again (:func:`model.site_choice.weeks_lost`).
        """
        model = self.model
        victim_dynamics.travel_with_compound(model, travellers)
        return model.steps + 1 + round(float(weeks_lost(model, origin)[destination]))

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
        self.protection_arrears = self.fees_due = 0.0
        self.revenue = self.capacity * p.revenue_per_worker_week_usd
        model.compound_arrays.log(model.steps, self.compound_id, "reopened", 0.0)

    def pay_out(self) -> None:
        """It closes or is given up: its owners take its cash; the fees it owes are never paid."""
        flows = self.model.flows
        flows.payout_usd += self.cash
        flows.fees_written_off_usd += self.fees_due
        self.cash = self.fees_due = 0.0
