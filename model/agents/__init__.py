"""The four kinds of agents: recruiters, victims, compound operators and enforcement units."""

from model.agents.compound_operator import CompoundOperator
from model.agents.enforcement_unit import EnforcementUnit
from model.agents.recruiter import Recruiter
from model.agents.victim import Victim, VictimAgents, VictimState

__all__ = [
    "CompoundOperator",
    "EnforcementUnit",
    "Recruiter",
    "Victim",
    "VictimAgents",
    "VictimState",
]
