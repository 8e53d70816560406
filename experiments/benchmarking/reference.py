"""The benchmark's reference: held victims as plain Mesa agents, each drawing its own transition."""

from __future__ import annotations

import mesa
import numpy as np

from model.agents import VictimState
from model.params import VictimParams


class HeldVictim(mesa.Agent):
    """Reference: a held victim as a plain Mesa agent that draws its own weekly transition."""

    def __init__(self, model: ReferenceModel) -> None:
        super().__init__(model)
        self.state = VictimState.HELD

    def step(self) -> None:
        """Escape with ``p_escape`` or be released with ``p_release`` (per week), if still held."""
        if self.state != VictimState.HELD:
            return
        draw = self.random.random()
        if draw < self.model.p_escape:
            self.state = VictimState.ESCAPED
        elif draw < self.model.p_escape_or_release:
            self.state = VictimState.RELEASED


class ReferenceModel(mesa.Model):
    """Reference: ``held`` :class:`HeldVictim` agents, stepped in random order once a week.

    Args:
        held: held victim agents at start.
        victims: the victims' parameters (``p_escape``, ``p_release``: per held victim per week).
        rng: seed; agents draw from the stdlib generator (Mersenne Twister) Mesa seeds with it,
            independent of the NumPy generator (PCG64) of a ScamScapeModel with the same seed.
    """

    def __init__(self, held: int, victims: VictimParams, rng: int) -> None:
        super().__init__(rng=rng)
        self.p_escape = victims.p_escape
        self.p_escape_or_release = victims.p_escape + victims.p_release
        for _ in range(held):
            HeldVictim(self)

    def step(self) -> None:
        """One week: every agent steps, in random order."""
        self.agents.shuffle_do("step")

    def counts_by_state(self) -> np.ndarray:
        """Number of agents in each state, indexed by :class:`VictimState`."""
        states = np.fromiter((agent.state for agent in self.agents), dtype=np.int8)
        return np.bincount(states, minlength=len(VictimState))
