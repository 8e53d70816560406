"""Random numbers keyed by purpose, week and entity: common random numbers across scenarios.

A scenario and its baseline run with the same seed should differ only where the intervention acts.
With one sequential generator, any extra draw shifts every later draw and the runs drift apart for
reasons that have nothing to do with the policy. Here each purpose gets a fresh generator each week
(and, where given, per entity such as a compound), derived from the model's seed, and per-victim draws
are indexed by the victim: the same person meets the same chance of escaping in week 100 whatever
happened elsewhere. Mesa's own ``model.rng`` keeps the draws of the few agents' decisions.
"""

from __future__ import annotations

import numpy as np

PURPOSES = (
    "captivity",
    "repatriation",
    "retrafficking",
    "screening",
    "raid",
    "closure",
    "site_choice",
    "reopening",
    "detection",
    "recruitment",
    "recruiter_exit",
    "recruiter_entry",
    "compound_entry",
    "profile",
    "zone_choice",
    "syndicate",
    "compound_size",
    "zone_leg",
    "shedding",
    "zone_knowledge",
    "moving",
    "escape",
)


class RandomStreams:
    """Generators for ``(purpose, week, *key)``, all derived from one seed.

    Args:
        entropy: a number drawn once from the model's generator.
    """

    def __init__(self, entropy: int) -> None:
        self.entropy = entropy

    def get(self, purpose: str, week: int, *key: int) -> np.random.Generator:
        """The generator of ``purpose`` in ``week`` (for entity ``key``); draw from it once."""
        spawn_key = (int(week), PURPOSES.index(purpose), *(int(k) for k in key))
        return np.random.Generator(
            np.random.PCG64(np.random.SeedSequence(self.entropy, spawn_key=spawn_key))
        )

    def per_victim(self, purpose: str, week: int, victims: int, *key: int) -> np.ndarray:
        """One uniform number per victim row (index it by the victims concerned)."""
        return self.get(purpose, week, *key).random(victims)
