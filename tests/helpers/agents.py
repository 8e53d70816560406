"""Helpers shared by the agent tests: a country's active compounds."""

from __future__ import annotations

from model.agents import CompoundOperator


def compounds_in(model, code: str) -> list[CompoundOperator]:
    country = int(model.world.index_of([code])[0])
    return [c for c in model.compounds if c.active and c.country == country]
