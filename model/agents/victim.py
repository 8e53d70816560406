"""The victim: a person recruited with a fake job offer (a super-individual of several persons).

A :class:`Victim` is a Mesa agent that gives each recruited person an identity; its state and
attributes live in the model's :class:`~model.victim_arrays.VictimArrays`, where a week's transitions of
all victims are drawn at once with NumPy. Its trajectory is read from the event log. Every victim is
reachable as an agent through :class:`VictimAgents` (``model.victim_agents[row]``), which makes an
agent when it is first asked for: the weekly dynamics never need the objects, and making one per
recruit cost about 10 microseconds each, nearly half a full-scale week (issue 13).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
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


class VictimAgents(Sequence):
    """Every victim of ``model`` as a :class:`Victim`, indexed by its row in the victim arrays.

    An agent is made (and registered with the model, like any Mesa agent) the first time its row is
    asked for, then kept: the same object every time. Iterating makes every agent, at about 10
    microseconds each.
    """

    def __init__(self, model: mesa.Model) -> None:
        self.model = model
        self._made: dict[int, Victim] = {}

    def __len__(self) -> int:
        return self.model.victims.size

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        row = operator.index(row)
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(f"victim row {row} out of range (0 to {len(self) - 1})")
        agent = self._made.get(row)
        if agent is None:
            agent = self._made[row] = Victim(self.model, row)
        return agent
