"""The benchmark's reference: a whole week of victim transitions done the plain-Mesa way.

Every victim is a :class:`ReferenceVictim`, a plain :class:`mesa.Agent` with its own attributes and
its own ``step()``, stepped once a week in random order (``agents.shuffle_do("step")``), drawing from
Mesa's stdlib generator. Its ``step`` makes the week's transitions of ``model/victim_dynamics.py`` in
the model's order (docs/ODD.md, section 3): lured again from home (phase 2), move hop by hop and set
off (phase 3: screening at each node passed, the leg to the compound's zone, arrival), then
repatriation if freed and, if held, the escape rule and release (phase 4).

It starts from a copy of a model's victims and runs in that model's world frozen: the interception
at each node, each compound's country, zone, whether it is open and the capture probability of an
escape attempt from it are taken once from the model (:class:`FrozenWorld`), and re-trafficked
victims go to an open compound drawn uniformly (the kernel is given equal, ample orders).
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from model import escapes
from model.agents import VictimState
from model.agents.victim import FREED_STATES

FREED = frozenset(int(s) for s in FREED_STATES)


class FrozenWorld:
    """What a victim's week reads from the model, taken once (the world does not change).

    Args:
        model: a :class:`~model.model.ScamScapeModel` whose levers and compounds are as they are.
    """

    def __init__(self, model) -> None:
        p, world, arrays = model.params.victims, model.world, model.compound_arrays
        self.week = model.steps
        self.route_length = world.route_length.tolist()
        self.route_nodes = world.route_nodes
        self.hop_weeks = world.hop_weeks.tolist()
        self.interception = model.interception.tolist()
        self.compound_country = arrays.country.tolist()
        self.compound_open = arrays.active.tolist()
        self.leg_weeks = model.zone_leg_weeks[arrays.zone].tolist()
        self.capture = escapes.capture_probability(model, escapes.guarding(model)[0]).tolist()
        self.open_compounds = np.flatnonzero(arrays.active).tolist()
        self.threshold = p.escape_threshold
        self.p_release = p.p_release
        self.p_repatriate = min(1.0, p.p_repatriate * model.levers.repatriation_multiplier)
        self.p_retraffick = min(1.0, p.p_retraffick * model.levers.retraffick_multiplier)


class ReferenceVictim(mesa.Agent):
    """A victim with its own state and route, making its week's transitions itself."""

    def __init__(self, model: ReferenceModel, **state) -> None:
        super().__init__(model)
        self.__dict__.update(state)

    def step(self) -> None:
        """This week's transitions, in the model's phase order."""
        world, week, rnd = self.model.world, self.model.week, self.random.random
        if self.state == VictimState.REPATRIATED:
            if rnd() < world.p_retraffick:
                self.compound = world.open_compounds[int(rnd() * len(world.open_compounds))]
                self.set(VictimState.RECRUITED)
            return
        if self.state == VictimState.IN_TRANSIT:
            self.hop_weeks_left -= 1
            if self.hop_weeks_left <= 0:
                self.hop += 1
                if self.hop < world.route_length[self.origin][self.destination]:
                    self.location = int(world.route_nodes[self.origin, self.destination, self.hop])
                self.at_node()
        elif self.state == VictimState.RECRUITED and self.state_week < week:
            self.origin, self.hop = self.location, 0
            self.destination = world.compound_country[self.compound]
            self.set(VictimState.IN_TRANSIT)
            self.at_node()
        if self.state in FREED:
            if rnd() < world.p_repatriate:
                self.location = self.nationality
                self.set(VictimState.REPATRIATED)
        elif self.state == VictimState.HELD:
            capture = world.capture[self.compound]
            hardship = rnd()
            trying = hardship > world.threshold and hardship - rnd() * capture > world.threshold
            if trying and rnd() < 1 - capture:
                self.set(VictimState.ESCAPED)
                return
            if rnd() < world.p_release:
                self.set(VictimState.RELEASED)

    def at_node(self) -> None:
        """At a node of the route: arrive, set off to the zone, or be screened and take the next hop."""
        world = self.model.world
        bound_for = world.compound_country[self.compound]
        if self.destination != bound_for:  # its compound moved while it travelled: a new route
            self.origin, self.destination, self.hop = self.location, bound_for, 0
        length = world.route_length[self.origin][self.destination]
        if self.hop == length - 1:  # end of the country route: the leg to the zone
            mean = world.leg_weeks[self.compound]
            weeks = math.floor(mean) + (self.random.random() < mean - math.floor(mean))
            if weeks > 0:
                self.hop += 1
                self.hop_weeks_left = weeks
                return
        if self.hop >= length - 1:
            if world.compound_open[self.compound]:
                self.location = world.compound_country[self.compound]
                self.set(VictimState.HELD)
            else:
                self.set(VictimState.RELEASED)  # its compound closed: discarded on arrival
            return
        if self.random.random() < world.interception[self.location]:
            self.set(VictimState.RESCUED)
            return
        next_node = int(world.route_nodes[self.origin, self.destination, self.hop + 1])
        self.hop_weeks_left = world.hop_weeks[self.location][next_node]

    def set(self, state: VictimState) -> None:
        """Change state this week."""
        self.state, self.state_week = state, self.model.week


class ReferenceModel(mesa.Model):
    """Reference: every victim of ``model`` as a :class:`ReferenceVictim`, in ``model``'s frozen world.

    Args:
        model: the model whose victims and world are copied (it is not changed).
        rng: seed of Mesa's stdlib generator, independent of the model's streams.
    """

    COLUMNS = ("state", "state_week", "nationality", "location", "compound", "origin", "destination")
    COLUMNS += ("hop", "hop_weeks_left")

    def __init__(self, model, rng: int) -> None:
        super().__init__(rng=rng)
        self.world = FrozenWorld(model)
        self.week = self.world.week
        victims = model.victims
        columns = {name: getattr(victims, name)[: victims.size].tolist() for name in self.COLUMNS}
        for values in zip(*columns.values(), strict=True):
            ReferenceVictim(self, **dict(zip(self.COLUMNS, values, strict=True)))

    def step(self) -> None:
        """One week: every victim steps, in random order."""
        self.week += 1
        self.agents.shuffle_do("step")

    def counts_by_state(self) -> np.ndarray:
        """Number of victims in each state, indexed by :class:`VictimState`."""
        states = np.fromiter((agent.state for agent in self.agents), dtype=np.int8)
        return np.bincount(states, minlength=len(VictimState))
