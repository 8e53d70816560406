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
    """A broker network living in ``country``; its state is a row of ``model.recruiter_arrays``.

    Attributes:
        row: its row in :class:`~model.recruiter_arrays.RecruiterArrays`.
    """

    def __init__(self, model: mesa.Model, country: int) -> None:
        super().__init__(model)
        self.row = model.recruiter_arrays.append(self, int(country))

    @property
    def country(self) -> int:
        """Country index where it recruits."""
        return int(self.model.recruiter_arrays.country[self.row])

    @property
    def delivered_persons(self) -> float:
        """Persons it has delivered to compounds so far."""
        return float(self.model.recruiter_arrays.delivered_persons[self.row])

    @property
    def fees_usd(self) -> float:
        """Fees it has earned so far, US$."""
        return float(self.model.recruiter_arrays.fees_usd[self.row])

    def remove(self) -> None:
        """Leave the market (arrested or quit): its row turns inactive, the agent leaves the model."""
        self.model.recruiter_arrays.active[self.row] = False
        super().remove()
