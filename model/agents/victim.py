"""The victim: a person recruited with a fake job offer (a super-individual of several persons).

A :class:`Victim` is a Mesa agent that gives each recruited person an identity; its state and
attributes live in the model's :class:`~model.victim_arrays.VictimArrays`, where a week's transitions of
all victims are drawn at once with NumPy. Its trajectory is read from the event log.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum

import mesa
import pandas as pd


class VictimState(IntEnum):
    """Where a victim is in the trafficking cycle."""

    RECRUITED = 0  # accepted an offer, waits to leave
    IN_TRANSIT = 1  # moving hop by hop towards a compound
    HELD = 2  # forced to run scams in a compound
    ESCAPED = 3  # freed by escaping
    RESCUED = 4  # freed by a raid, or intercepted in transit
    RELEASED = 5  # freed against a ransom, or discarded
    REPATRIATED = 6  # back home; may be re-trafficked into RECRUITED


FREED_STATES = (VictimState.ESCAPED, VictimState.RESCUED, VictimState.RELEASED)
AGE_BANDS = ("18-24", "25-34", "35-44", "45+")


class Victim(mesa.Agent):
    """A recruited person; ``index`` points to its row in the model's victim arrays."""

    def __init__(self, model: mesa.Model, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def state(self) -> VictimState:
        """The current state."""
        return VictimState(self.model.victims.state[self.index])

    @property
    def nationality(self) -> str:
        """ISO3 code of the country the victim was recruited in."""
        return self.model.world.iso3[self.model.victims.nationality[self.index]]

    @property
    def location(self) -> str:
        """ISO3 code of the country the victim is in now."""
        return self.model.world.iso3[self.model.victims.location[self.index]]

    def trajectory(self) -> pd.DataFrame:
        """This victim's events: one row per change of state, with week, date, country and state."""
        model = self.model
        events = model.victims.events()
        mine = events[events.victim == self.index].drop(columns="victim")
        dates = [model.start_date + dt.timedelta(weeks=max(int(w) - 1, 0)) for w in mine.week]
        mine.insert(1, "date", dates)
        return mine.assign(state=[VictimState(s).name for s in mine.state]).reset_index(drop=True)
