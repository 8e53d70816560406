"""The compound operator: runs one scam compound in a host zone and decides where it stands.

An operator orders workers up to its capacity, earns scam revenue from its held workforce, pays
guards and protection, learns the risk of raids in its country and nearby, and relocates when that
risk passes its tolerance, to the country with the best expected profit minus risk minus moving cost
(the NarcoLogic mechanism, Magliocca et al. 2019). Displacement emerges from this choice; no scenario
names a destination. An arrested operator's compound closes and may reopen under a new owner. The
bulk arithmetic of all compounds' weeks (books, risk learning, growth, exits) is done on their arrays in
``model/compound_dynamics.py``; the operator makes the choice of where to go.
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
        site_capacity: persons its site is built for (the most it wants).
        capacity: workforce the operator wants, persons.
        active: False while closed after an arrest, and after an exit.
        exited: True once the operator has given the compound up.
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
    site_capacity = CompoundColumn()
    capacity = CompoundColumn()
    exited = CompoundColumn()
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
