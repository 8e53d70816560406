"""ScamScapeModel: the cyber-scam compound industry on a world of countries, one step per week."""

from __future__ import annotations

import datetime as dt

import mesa
import numpy as np
from mesa.discrete_space import Network

from model import (
    compound_dynamics,
    compound_openings,
    escapes,
    protection,
    recruitment_market,
    victim_dynamics,
)
from model.agents import CompoundOperator, EnforcementUnit, Recruiter, VictimAgents, VictimState
from model.compound_arrays import CompoundArrays
from model.flows import WeekFlows
from model.home_pool import HomePool
from model.levers import PolicyLevers
from model.metrics import Recorder
from model.params import Params
from model.random_streams import RandomStreams
from model.recruiter_arrays import RecruiterArrays
from model.scenario import apply_all, scenario_events
from model.validation import validate
from model.victim_arrays import VictimArrays
from model.world import World, build_world
from model.zone_knowledge import ZoneKnowledge


class ScamScapeModel(mesa.Model):
    """Recruiters, victims, compound operators and enforcement units on a world of countries.

    Closures and reopenings are in the compounds' event log (``compound_arrays.events()``;
    :func:`model.compound_arrays.closures` pairs them).

    Args:
        params: all parameters (defaults if None).
        rng: seed of the model's random generator; every draw comes from it, directly or through
            the keyed streams of :mod:`model.random_streams`.
        world: a prebuilt world for ``params.world`` (built from the data if None).
    """

    def __init__(
        self,
        params: Params | None = None,
        rng: int | None = None,
        world: World | None = None,
    ) -> None:
        super().__init__(rng=rng)
        self.params = params or Params()
        self.streams = RandomStreams(int(self.rng.integers(2**63)))
        self.world = world or build_world(self.params.world)
        validate(
            self.params,
            set(self.world.iso3),
            set(self.world.table_iso3) or None,
            set(self.world.zones.id),
        )
        self.events = scenario_events(self.params.scenario)
        self.space = Network(self.world.graph, layout=self.world.positions(), random=self.random)
        self.levers = PolicyLevers(self.world.size, len(self.world.zones))
        self.population_scale = self.params.world.population_scale
        self.start_date = self.params.start_date
        self.victims = VictimArrays()
        self.victim_agents = VictimAgents(self)
        self.home = HomePool()
        self.compounds: list[CompoundOperator] = []
        self.compound_arrays = CompoundArrays()
        self.recruiter_arrays = RecruiterArrays()
        self.escape_share, self.escape_deterrence = escapes.ordinary_equilibrium(
            self.params.victims.p_escape, self.params.victims.escape_threshold
        )
        self.zone_country = self.world.zones.country.to_numpy()
        self.zones_of_country = [np.flatnonzero(self.zone_country == c) for c in range(self.world.size)]
        self.zone_knowledge = ZoneKnowledge(
            self.world.zones, self.world.travel_cost_usd, self.params.compounds
        )
        self.flows = WeekFlows(self.world.size, len(self.world.zones))
        world, p, zones = self.world, self.params, len(self.world.zones)
        # enforcement's week: screening, raids counted per country and zone, what operators learn
        self.interception = np.zeros(world.size)
        self.raids_in = np.zeros(world.size, dtype=np.int64)
        self.raids_in_zone = np.zeros(zones, dtype=np.int64)
        self.raid_signal = np.zeros(zones)
        self.raid_pressure = np.zeros(zones)
        self._compounds_by_country: dict[int, list[CompoundOperator]] = {}
        self._joint_targets: list[CompoundOperator] = []
        # recruitment: awareness, source weights, recruiters' saturation, access and supply costs
        self.awareness = np.zeros(world.size)
        for code, share in p.recruitment.awareness.items():
            self.awareness[world.index_of([code])[0]] = share
        self.recruitment_weight = (
            world.recruitment * (world.population / 1e6) ** p.recruitment.population_exponent
        )
        source_share = self.recruitment_weight / self.recruitment_weight.sum()
        self.supply_cost_usd = source_share @ world.travel_cost_usd
        self.replacement_cost_usd = p.recruitment.fee_usd + self.supply_cost_usd
        self.recruiter_saturation = p.recruitment.recruiters_per_sqrt_million * np.sqrt(
            world.population / 1e6
        )
        self.supply_access = np.ones(world.size)
        self.country_access = np.exp(-world.travel_cost_usd / p.recruitment.access_cost_usd)
        self.zone_leg_access = np.exp(
            -world.zones.leg_cost_usd.to_numpy(dtype=float) / p.recruitment.access_cost_usd
        )
        self.zone_leg_weeks = world.zones.leg_weeks.to_numpy(dtype=float)
        self.zone_state_reach = world.zones.state_reach.to_numpy(dtype=float)
        compound_openings.place_initial_compounds(self)
        recruitment_market.place_recruiters(self, self.params.recruitment.initial_recruiters)
        self._place_enforcement()
        self._recruiters_by_country = self.recruiter_arrays.by_country(self.world.size)
        self.room = self.market_room()
        self.recorder = Recorder(self)

    # ---- the week -------------------------------------------------------------------------
    def step(self) -> None:
        """One week: policies set their levers; then recruit, move, exploit, enforce, adapt, record."""
        self.flows = WeekFlows(self.world.size, len(self.world.zones))
        apply_all(self.params.scenario, self, self.events)
        self.recruit()
        self.move()
        self.exploit()
        self.enforce()
        self.adapt()
        self.recorder.record()

    def run(self, weeks: int | None = None, progress: bool = False) -> None:
        """Run ``weeks`` steps (default: the calendar's ``run.weeks``), with an optional progress bar."""
        from tqdm.auto import trange

        for _ in trange(weeks or self.params.run.weeks, disable=not progress, unit="week"):
            self.step()

    @property
    def date(self) -> dt.date:
        """First day of the current week."""
        return self.date_of(self.steps)

    def date_of(self, week: int) -> dt.date:
        """First day of week ``week`` (1 is the first week; 0, before it, is its first day too)."""
        return self.start_date + dt.timedelta(weeks=max(week - 1, 0))

    def recruit(self) -> None:
        """Re-traffic repatriated victims, then recruiters fill compounds' open orders."""
        recruitment_market.recruit(self)

    def move(self) -> None:
        """Units screen borders; victims in transit advance and new recruits set off.

        Each unit adds ``screening_per_unit`` times its surge to its country's interception, weighted
        by the country's hub centrality and the screening surge, capped at ``max_interception``. Some
        travellers are intercepted at the nodes they pass.
        """
        p, world, levers = self.params.enforcement, self.world, self.levers
        units = self.units_per_country * levers.enforcement_surge
        self.interception = np.minimum(
            p.screening_per_unit * units * world.hub_centrality * levers.screening_surge,
            p.max_interception,
        )
        victim_dynamics.move(self)
        victim_dynamics.depart(self)

    def exploit(self) -> None:
        """Freed victims go home; held victims earn revenue for their compounds; some get out."""
        victim_dynamics.repatriate(self)
        held = self.held_persons_per_compound()
        revenue = victim_dynamics.exploit(self)
        frozen = revenue * self.levers.freeze_share
        compound_dynamics.collect(self, revenue, frozen, held)
        np.add.at(self.flows.revenue_usd, self.compound_arrays.country, revenue)
        np.add.at(self.flows.revenue_usd_zone, self.compound_arrays.zone, revenue)
        self.flows.frozen_usd += float(frozen.sum())

    def enforce(self) -> None:
        """Units detect compounds, raid and investigate.

        Each unit's week of actions is drawn at once for all units: Poisson raids and investigations
        at ``raids_per_unit_week`` and ``recruiter_actions_per_unit_week`` times its surge; the units
        with any act in random order, each choosing its targets (:meth:`EnforcementUnit.act`).
        """
        compound_dynamics.detect(self)
        arrays = self.compound_arrays
        targetable = arrays.active & arrays.known
        focus = self.levers.raid_focus
        if focus.any():  # countries aiming at some of their zones raid only there
            aiming = np.zeros(self.world.size, dtype=bool)
            aiming[self.world.zones.country.to_numpy()[focus]] = True
            targetable &= ~aiming[arrays.country] | focus[arrays.zone]
        known = np.flatnonzero(targetable)
        self._compounds_by_country = {
            int(c): [self.compounds[i] for i in known[arrays.country[known] == c]]
            for c in np.unique(arrays.country[known])
        }
        self._recruiters_by_country = self.recruiter_arrays.by_country(self.world.size)
        joint = self.levers.joint_operation
        self._joint_targets = [self.compounds[i] for i in known[joint[arrays.country[known]]]]
        p = self.params.enforcement
        surge = self.levers.enforcement_surge[self.unit_country]
        raids = self.rng.poisson(p.raids_per_unit_week * surge)
        investigations = self.rng.poisson(p.recruiter_actions_per_unit_week * surge)
        for i in self.rng.permutation(np.flatnonzero(raids + investigations)):
            self.enforcement_units[i].act(int(raids[i]), int(investigations[i]))

    def adapt(self) -> None:
        """Operators learn and may move, give up, grow or exit; new compounds and recruiters enter."""
        self._update_raid_signal()
        self.room = self.market_room()
        compound_dynamics.adapt(self)
        recruitment_market.update_supply_access(self)
        recruitment_market.place_recruiters(
            self,
            self.rng.poisson(
                self.params.recruitment.recruiters_per_unfilled_person * self.unfilled_persons
            ),
            entry=True,
        )

    # ---- queries used by the agents ------------------------------------------------------
    def open_orders(self) -> np.ndarray:
        """Victim agents each compound orders now (capacity minus held minus pipeline)."""
        return compound_dynamics.open_orders(self)

    def held_agents_per_compound(self) -> np.ndarray:
        """Victim agents held in each compound now."""
        return self.victims.per_compound(VictimState.HELD, self.compound_arrays.size)

    def held_persons_per_compound(self) -> np.ndarray:
        """Persons held in each compound now."""
        return self.held_agents_per_compound() * self.population_scale

    def held_in(self, compound_id: int) -> np.ndarray:
        """Rows of the victims held in one compound now."""
        held = self.victims.in_state(VictimState.HELD)
        return held[self.victims.compound[held] == compound_id]

    def market_room(self) -> float:
        """Share of the world market still open to growth: 1 - active capacity / market capacity.

        Operators read it as ``room``, computed once a week before they adapt.
        """
        arrays = self.compound_arrays
        active = float(arrays.capacity[arrays.active].sum())
        return max(0.0, 1.0 - active / self.params.compounds.market_capacity_persons)

    def perceived_risk(self) -> np.ndarray:
        """Weekly raid risk an operator expects in each zone: learned pressure or the zone's prior.

        The prior is ``prior_risk * (1 - suitability)``, with a zone's suitability ``1 - state_reach *
        (1 - host_suitability)`` (:func:`model.protection.zone_suitability`): where the national state
        does not reach (``world.zones.state_reach``, sourced per zone), its governance scores matter
        less.
        """
        prior = self.params.compounds.prior_risk * (1 - protection.zone_suitability(self))
        return np.maximum(self.raid_pressure, prior)

    def known_compounds_in(self, country: int) -> list[CompoundOperator]:
        """Active compounds in ``country`` that its enforcement knows of (this week)."""
        return self._compounds_by_country.get(country, [])

    def raid_targets(self, country: int) -> list[CompoundOperator]:
        """Compounds that ``country``'s units can raid this week.

        Known ones at home, or anywhere in a joint operation the country takes part in.
        """
        if self.levers.joint_operation[country]:
            return self._joint_targets
        return self.known_compounds_in(country)

    def recruiters_in(self, country: int) -> np.ndarray:
        """Rows (``recruiter_arrays``) of the recruiters living in ``country`` (this week)."""
        rows, order, starts = self._recruiters_by_country
        return rows[order[starts[country] : starts[country + 1]]]

    # ---- changes made by the agents -------------------------------------------------------
    def add_testimony(self, persons_per_compound: np.ndarray) -> None:
        """Freed victims tell enforcement about the compounds they were held in."""
        gain = (
            self.params.enforcement.intelligence_per_freed_person
            * self.levers.intelligence_multiplier
            * persons_per_compound
        )
        self.compound_arrays.intelligence += gain

    def arrest_recruiter(self, recruiter: Recruiter) -> None:
        """Remove an arrested recruiter."""
        self.flows.arrests_recruiters += 1
        recruiter.remove()

    # ---- internals ------------------------------------------------------------------------
    def _place_enforcement(self) -> None:
        """Units per country: ``units_per_10m_persons * population / 10M * state capacity``."""
        p = self.params.enforcement
        units = np.clip(
            np.round(p.units_per_10m_persons * self.world.population / 1e7 * self.world.state_capacity),
            1,
            p.max_units_per_country,
        ).astype(int)
        self.units_per_country = units
        self.unit_country = np.repeat(np.arange(self.world.size), units)
        self.enforcement_units = list(
            EnforcementUnit.create_agents(self, int(units.sum()), country=self.unit_country)
        )

    def _update_raid_signal(self) -> None:
        """This week's raids per compound in each zone, plus spillover from its country and neighbours.

        ``signal[z] = min(1, raids[z] / compounds[z] + risk_spillover * (rate[c] + (neighbours @
        rate)[c]))``, ``rate`` the raids per compound of each country and ``c`` the zone's country.
        """
        p, arrays = self.params.compounds, self.compound_arrays
        active = arrays.active
        in_zone = np.bincount(arrays.zone[active], minlength=len(self.raid_signal))
        in_country = np.bincount(arrays.country[active], minlength=self.world.size)
        own = self.raids_in_zone / np.maximum(in_zone, 1)
        rate = self.raids_in / np.maximum(in_country, 1)
        nearby = (rate + self.world.neighbours @ rate)[self.zone_country]
        self.raid_signal = np.minimum(1.0, own + p.risk_spillover * nearby)
        self.raid_pressure += p.risk_memory * (self.raid_signal - self.raid_pressure)
        self.raids_in[:] = 0
        self.raids_in_zone[:] = 0
