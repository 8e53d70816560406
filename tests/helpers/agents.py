"""Helpers shared by the agent tests: the victims held in a compound, a country's active compounds."""

from __future__ import annotations

import numpy as np

from model.agents import CompoundOperator, VictimState


def held_in(model, compound_id: int) -> np.ndarray:
    held = model.victims.in_state(VictimState.HELD)
    return held[model.victims.compound[held] == compound_id]


def compounds_in(model, code: str) -> list[CompoundOperator]:
    country = int(model.world.index_of([code])[0])
    return [c for c in model.compounds if c.active and c.country == country]
