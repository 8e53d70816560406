"""Random numbers keyed by purpose, week and entity: common random numbers across scenarios.

A scenario and its baseline run with the same seed should differ only where the intervention acts.
With one sequential generator, any extra draw shifts every later draw and the runs drift apart for
reasons that have nothing to do with the policy. Here each purpose gets a fresh generator each week
(and, where given, per entity such as a compound), derived from the model's seed, and per-victim draws
are indexed by the victim: the same person meets the same chance of escaping in week 100 whatever
happened elsewhere. Mesa's own ``model.rng`` keeps the draws of the few agents' decisions.

Per-victim draws are counter-based (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2,
3"): the number victim ``row`` meets is a function of the seed, the purpose, the week, the key and the
row alone, evaluated only for the rows concerned (:meth:`RandomStreams.uniform`). So a week costs the
victims who can change, not everyone ever recruited. The function is SplitMix64 (Steele, Lea and
Flood 2014, the generator Java's ``SplittableRandom`` and NumPy's ``SeedSequence`` users seed from):
its ``n``-th output is a fixed mix of ``seed + n * golden gamma``, so the ``row``-th output of one
purpose's stream is computed directly, and SplitMix64's sequence passes BigCrush.
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


_GOLDEN_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
"""SplitMix64's increment and multipliers (Steele, Lea and Flood 2014)."""


def splitmix64(seed: np.uint64, counters: np.ndarray) -> np.ndarray:
    """The ``counters``-th outputs of SplitMix64 seeded with ``seed`` (64-bit unsigned integers)."""
    state = counters.astype(np.uint64) * _GOLDEN_GAMMA  # arithmetic modulo 2**64
    state += np.uint64(seed)
    state ^= state >> np.uint64(30)
    state *= _MIX_1
    state ^= state >> np.uint64(27)
    state *= _MIX_2
    state ^= state >> np.uint64(31)
    return state


class RandomStreams:
    """Generators for ``(purpose, week, *key)``, all derived from one seed.

    Args:
        entropy: a number drawn once from the model's generator.
    """

    def __init__(self, entropy: int) -> None:
        self.entropy = entropy

    def get(self, purpose: str, week: int, *key: int) -> np.random.Generator:
        """The generator of ``purpose`` in ``week`` (for entity ``key``); draw from it once."""
        seed = np.random.SeedSequence(self.entropy, spawn_key=self._spawn_key(purpose, week, key))
        return np.random.Generator(np.random.PCG64(seed))

    def uniform(self, purpose: str, week: int, rows: np.ndarray, *key: int) -> np.ndarray:
        """One uniform number in [0, 1) per victim row of ``rows``: the same for a row, whoever else.

        The ``row``-th output of SplitMix64 seeded for ``(purpose, week, *key)``; 53 random bits.
        """
        seed = np.random.SeedSequence(self.entropy, spawn_key=self._spawn_key(purpose, week, key))
        output = splitmix64(seed.generate_state(1, np.uint64)[0], np.atleast_1d(rows))
        return (output >> np.uint64(11)) * 2.0**-53

    @staticmethod
    def _spawn_key(purpose: str, week: int, key: tuple[int, ...]) -> tuple[int, ...]:
        return (int(week), PURPOSES.index(purpose), *(int(k) for k in key))
