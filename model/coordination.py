"""The coordination hook: lets scenarios synchronise enforcement units of many countries.

The baseline has no coordination: every multiplier is neutral. The interventions of the scenarios
issue subclass or configure this to surge capacity in chosen weeks and countries, share intelligence
(a compound known to one participant is known to all) and cut tip-offs.
"""

from __future__ import annotations


class Coordination:
    """Neutral coordination: no surge, no shared intelligence, no fewer tip-offs."""

    def capacity_multiplier(self, country: int, week: int) -> float:
        """Factor on a unit's weekly actions in ``country`` in ``week`` (1 = no surge)."""
        return 1.0

    def tip_off_reduction(self, country: int, week: int) -> float:
        """Share of protection's tip-offs suppressed in ``country`` in ``week`` (0 = none)."""
        return 0.0

    def shares_intelligence(self, country: int, week: int) -> bool:
        """Whether ``country`` shares what it knows of compounds with the other participants."""
        return False
