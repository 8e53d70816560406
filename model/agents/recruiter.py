"""The recruiter: a broker network in a source country that lures people with fake job offers.

Each week a recruiter reaches people through job ads and contacts (F10) and converts a share of them,
a share that rises with the country's recruitment attractiveness and access to the compounds and falls
with awareness there. It recruits only against open orders from compounds: no demand, no recruits.
It is paid a fee per person delivered and can be arrested.
"""

from __future__ import annotations

import mesa
import numpy as np


def recruiter_yield(model, recruiters_per_country: np.ndarray) -> np.ndarray:
    """Persons one recruiter in each country can convert in a week, if orders allow.

    ``contacts per week * p_conversion * attractiveness * access to compounds * (1 - awareness)
    / (1 + recruiters there / saturation)``: recruiters of one country compete for the same job
    seekers, so adding recruiters to a country has diminishing returns.
    """
    p = model.params.recruitment
    awareness = np.maximum(model.awareness, model.levers.awareness)
    return (
        p.contacts_per_week
        * p.p_conversion
        * model.world.recruitment
        * model.supply_access
        * (1 - awareness)
        / (1 + recruiters_per_country / model.recruiter_saturation)
    )


def allocate_recruits(
    rng: np.random.Generator, capacity: int, orders: np.ndarray, access: np.ndarray
) -> np.ndarray:
    """Spread ``capacity`` recruits over compounds in proportion to open orders times access.

    Never more than a compound's open order; ``orders`` is reduced in place. Returns recruits per
    compound (victim agents).
    """
    weights = orders * access
    if capacity == 0 or weights.sum() <= 0:
        return np.zeros_like(orders)
    allocation = np.minimum(rng.multinomial(capacity, weights / weights.sum()), orders)
    orders -= allocation
    return allocation


class Recruiter(mesa.Agent):
    """A broker network living in ``country``.

    Attributes:
        country: country index where it recruits.
        delivered_persons: persons it has delivered to compounds so far.
        fees_usd: fees it has earned so far, US$.
    """

    def __init__(self, model: mesa.Model, country: int) -> None:
        super().__init__(model)
        self.country = country
        self.delivered_persons = 0.0
        self.fees_usd = 0.0

    def deliver(self, persons: float) -> None:
        """Be paid the fee for ``persons`` delivered to compounds."""
        self.delivered_persons += persons
        self.fees_usd += persons * self.model.params.recruitment.fee_usd
