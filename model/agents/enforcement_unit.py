"""The enforcement unit: a police or immigration unit of one country with a weekly budget of actions.

In host countries it raids the compounds it knows (success falls with the protection they pay for,
rises with intelligence); in source countries it investigates recruiters; and it adds to its
country's screening of travellers at hubs (counted for all units at once, ``ScamScapeModel.move``).
Its coordination hook is the model's policy levers (:mod:`model.levers`): interventions surge the
units of many countries in the same weeks, suppress tip-offs and share what they know.
"""

from __future__ import annotations

import mesa
import numpy as np

from model import victim_dynamics
from model.agents.compound_operator import CompoundOperator
from model.agents.recruiter import Recruiter
from model.agents.victim import VictimState
from model.protection import raid_shield


class EnforcementUnit(mesa.Agent):
    """A unit of ``country``'s police or immigration service.

    Attributes:
        country: country index it belongs to.
        raids: raids it has carried out.
        arrests: operators and recruiters it has arrested.
    """

    def __init__(self, model: mesa.Model, country: int) -> None:
        super().__init__(model)
        self.country = country
        self.raids = 0
        self.arrests = 0

    def act(self, raids: int, investigations: int) -> None:
        """Spend the week's budget: ``raids`` of compounds, ``investigations`` of recruiters.

        Each raid picks one of the compounds its country can raid this week at random, each
        investigation one of the recruiters living in its country (none where there is none).
        """
        model = self.model
        targets = model.raid_targets(self.country)
        if targets:
            for _ in range(raids):
                self.raid(targets[int(model.rng.integers(len(targets)))])
        suspects = model.recruiters_in(self.country)
        if len(suspects):
            for _ in range(investigations):
                row = suspects[int(model.rng.integers(len(suspects)))]
                self.investigate(model.recruiter_arrays.agents[row])

    def raid_success_probability(self, compound: CompoundOperator) -> float:
        """Chance a raid on ``compound`` succeeds: capacity, minus its shield, plus intelligence.

        ``min(1, p_raid_success * state_capacity * (1 - shield) * (1 + intelligence))``, the shield
        what its protection buys (:func:`model.protection.raid_shield`).
        """
        model = self.model
        shield = raid_shield(model, compound, self.country)
        chance = (
            model.params.enforcement.p_raid_success
            * model.world.state_capacity[compound.country]
            * (1 - shield)
            * (1 + compound.intelligence)
        )
        return min(1.0, chance)

    def raid(self, compound: CompoundOperator) -> None:
        """Raid a compound: on success free some victims and perhaps arrest the operator."""
        model = self.model
        if not compound.active:
            return
        self.raids += 1
        success = model.rng.random() < self.raid_success_probability(compound)
        arrested = success and model.rng.random() < model.params.enforcement.p_arrest_operator
        self.book_raid(compound, success=success, arrested=arrested)
        self.arrests += int(arrested)

    def book_raid(self, compound: CompoundOperator, success: bool, arrested: bool) -> None:
        """Book a raid: free victims on success, close the compound on an arrest, else disrupt it.

        On success each held victim is rescued with probability ``share_rescued_per_raid`` (one
        uniform per victim, keyed by compound and the compound's raid of the week); the compound books
        as a loss the persons freed or the capacity disrupted (``disruption_share``, without an
        arrest), whichever is larger, at what replacing a worker costs.
        """
        model, flows, arrays = self.model, self.model.flows, self.model.compound_arrays
        flows.raids += 1
        nth = flows.raids_by_compound.get(compound.compound_id, 0)
        flows.raids_by_compound[compound.compound_id] = nth + 1
        model.raids_in[compound.country] += 1
        model.raids_in_zone[compound.zone] += 1
        compound.raided_week = model.steps
        inside = model.held_in(compound.compound_id)
        scale = model.population_scale
        if not success:
            arrays.log(model.steps, compound.compound_id, "raided", float(len(inside) * scale))
            return
        share = model.params.enforcement.share_rescued_per_raid
        draw = model.streams.uniform("raid", model.steps, inside, compound.compound_id, nth)
        rescued = inside[draw < share]
        victim_dynamics.free(model, rescued, VictimState.RESCUED)
        persons = len(rescued) * scale
        flows.rescued += persons
        flows.rescued_in[compound.country] += persons
        flows.rescued_in_zone[compound.zone] += persons
        remaining = np.setdiff1d(inside, rescued)
        disrupted = 0.0 if arrested else compound.capacity * model.params.compounds.disruption_share
        compound.capacity -= disrupted
        # workers freed are replaced unless the capacity disrupted no longer needs them: count once
        arrays.losses_week[compound.compound_id] += (
            max(persons, disrupted) * model.replacement_cost_usd[compound.country]
        )
        arrays.log(model.steps, compound.compound_id, "raided", float(len(remaining) * scale), "raid")
        if arrested:
            flows.arrests_operators += 1
            compound.close(remaining)

    def investigate(self, recruiter: Recruiter) -> None:
        """Investigate a recruiter; an arrest removes it."""
        model = self.model
        chance = model.params.enforcement.p_arrest_recruiter * model.world.state_capacity[self.country]
        if model.recruiter_arrays.active[recruiter.row] and model.rng.random() < chance:
            model.arrest_recruiter(recruiter)
            self.arrests += 1
