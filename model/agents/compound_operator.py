"""The compound operator: runs one scam compound in a host country and decides where it stands.

An operator orders workers when below capacity, earns scam revenue from its held workforce, pays
guards and protection, learns the risk of raids in its country and nearby, and relocates when that
risk passes its tolerance, to the country with the best expected profit minus risk minus moving cost
(the NarcoLogic mechanism, Magliocca et al. 2019). Displacement emerges from this choice; no scenario
names a destination. An arrested operator's compound closes and may reopen under a new owner.
"""

from __future__ import annotations

import mesa
import numpy as np

from model.compound_arrays import CompoundColumn
from model.site_choice import site_values


class CompoundOperator(mesa.Agent):
    """One compound and the group running it; its state is its row of ``model.compound_arrays``.

    Attributes:
        compound_id: index of the compound (its row; victims' ``compound`` column).
        country: country index of the host.
        zone: index of the host zone in ``world.zones``.
        syndicate: the criminal group running it.
        capacity: workforce the operator wants, persons.
        active: False while closed after an arrest.
        known: whether the host's enforcement knows the compound.
        intelligence: extra weekly detection probability from freed victims' testimony.
        risk: learned weekly probability of a raid (EWMA of raids here and nearby).
        cash: accumulated profit, US$.
        profit, margin: last week's profit (US$) and profit over gross revenue.
        generation: how many owners the compound has had (1 at opening).
        raided_week, closed_week: last week it was raided, closed (-1 if never).
    """

    country = CompoundColumn()
    zone = CompoundColumn()
    syndicate = CompoundColumn()
    active = CompoundColumn()
    capacity = CompoundColumn()
    known = CompoundColumn()
    intelligence = CompoundColumn()
    risk = CompoundColumn()
    cash = CompoundColumn()
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

    def open_order(self, held_persons: float, pipeline_persons: float) -> float:
        """Persons wanted now: capacity minus workforce held and on its way (0 if closed)."""
        if not self.active:
            return 0.0
        return max(0.0, self.capacity - held_persons - pipeline_persons)

    def collect(
        self, revenue_usd: float, frozen_usd: float, held_persons: float, fees_usd: float
    ) -> float:
        """Book a week's revenue and costs; return the profit, US$.

        Protection is paid on the proceeds not frozen; guards and running costs per held worker
        (``held_persons``); recruiters' fees per person delivered. The margin is profit over the gross
        revenue.
        """
        p, levers, country = self.params, self.model.levers, self.country
        protection = min(
            1.0,
            p.protection_share
            * levers.protection_cost_multiplier
            * self.model.world.corruption[country]
            * (1 - levers.protection_discount[country]),
        )
        running = p.guard_cost_per_worker_week_usd + levers.extra_cost_per_worker_week_usd[country]
        running += levers.zone_extra_cost_per_worker_week_usd[self.zone]
        profit = (revenue_usd - frozen_usd) * (1 - protection) - running * held_persons - fees_usd
        self.cash += profit
        self.profit = profit
        self.margin = profit / revenue_usd if revenue_usd > 0 else 0.0
        return profit

    def learn_risk(self, raided: bool, pressure: float) -> None:
        """Update the learned raid risk with this week's raid on itself or the pressure around it."""
        signal = 1.0 if raided else pressure
        self.risk += self.params.risk_memory * (signal - self.risk)

    def adapt(self) -> None:
        """Learn risk, relocate if it is too high, grow when profitable and the market allows.

        Capacity changes by ``growth_per_week * (market room * pace - (1 - pace))`` a week, with
        ``pace = min(1, margin / reference margin)``: full growth when margins are healthy, shrinking
        when they fall; supply cuts shrink it too. A closed compound may reopen under a new owner.
        """
        model = self.model
        if not self.active:
            draw = model.streams.get("reopening", model.steps, self.compound_id).random()
            if draw < self.params.p_reopen:
                model.reopen(self)
            return
        self.learn_risk(self.raided_week == model.steps, model.raid_signal[self.country])
        if self.risk > self.params.risk_tolerance:
            self.relocate()
        pace = min(1.0, max(0.0, self.margin) / self.params.growth_reference_margin)
        change = self.params.growth_per_week * (model.room * pace - (1 - pace))
        levers = model.levers
        supply = (1 - levers.supply_shock[self.country]) * (1 - levers.zone_supply_loss[self.zone])
        self.capacity *= (1 + change) * supply

    def relocate(self) -> None:
        """Move to the country with the best expected profit minus risk minus moving cost."""
        model = self.model
        workforce = max(self.capacity, 1.0)
        risk = model.perceived_risk()
        risk[self.country] = self.risk
        values = site_values(model, origin=self.country, size=workforce, risk=risk)
        destination = int(np.argmax(values + model.choice_noise(values, self.country, self.compound_id)))
        if destination != self.country:
            model.move_compound(self, destination)
            self.risk = float(risk[destination])
