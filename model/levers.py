"""Policy levers: this week's policy settings, per country or zone, read by the agents and the dynamics.

Every week the levers are reset to neutral and each active intervention (``model/interventions/``)
sets its own. Agents and dynamics only read levers, never scenario names, so interventions stay apart
from the agents' own behaviour. The baseline leaves every lever neutral.
"""

from __future__ import annotations

import numpy as np


class PolicyLevers:
    """Neutral-by-default levers for ``countries`` countries and ``zones`` zones (``world.zones``).

    Attributes:
        enforcement_surge: factor on each unit's weekly raids and investigations, per country.
        tip_off_reduction: share of protection's tip-offs suppressed, per country, in [0, 1].
        shared_intelligence: countries that pool what they know of compounds.
        joint_operation: countries whose units raid compounds in any other such country.
        awareness: share of contacts who recognise a fake offer, per source country, in [0, 1].
        screening_surge: factor on the screening of travellers, per country.
        supply_shock: share of a compound's capacity lost per week (power, internet, fuel cut).
        extra_cost_per_worker_week_usd: added running cost of compounds, per host country, US$.
        freeze_share: share of compounds' proceeds frozen this week, in [0, 1].
        protection_cost_multiplier: factor on protection payments.
        repatriation_multiplier: factor on freed victims' weekly chance of repatriation.
        retraffick_multiplier: factor on repatriated victims' weekly chance of re-trafficking.
        intelligence_multiplier: factor on the intelligence freed victims give enforcement.
        zone_supply_loss: share of a compound's capacity lost per week in each zone (supply cuts of
            power, internet, fuel, or a crackdown's cuts aimed at zones), in [0, 1].
        zone_extra_cost_per_worker_week_usd: added running cost of compounds per zone (a crackdown
            aimed at zones), US$.
        state_reach_cap: the most the national state reaches in each zone (a world change opening
            zones to protection), in [0, 1]; 1 leaves each zone's own reach.
        raid_focus: zones a country's units concentrate on: while any zone of a country is focused,
            its units raid only the compounds they know in focused zones.
    """

    def __init__(self, countries: int, zones: int) -> None:
        self.countries = countries
        self.zones = zones
        self.reset()

    def reset(self) -> None:
        """Set every lever to neutral."""
        n = self.countries
        self.enforcement_surge = np.ones(n)
        self.tip_off_reduction = np.zeros(n)
        self.shared_intelligence = np.zeros(n, dtype=bool)
        self.joint_operation = np.zeros(n, dtype=bool)
        self.awareness = np.zeros(n)
        self.screening_surge = np.ones(n)
        self.supply_shock = np.zeros(n)
        self.extra_cost_per_worker_week_usd = np.zeros(n)
        self.freeze_share = 0.0
        self.protection_cost_multiplier = 1.0
        self.repatriation_multiplier = 1.0
        self.retraffick_multiplier = 1.0
        self.intelligence_multiplier = 1.0
        self.zone_supply_loss = np.zeros(self.zones)
        self.zone_extra_cost_per_worker_week_usd = np.zeros(self.zones)
        self.state_reach_cap = np.ones(self.zones)
        self.raid_focus = np.zeros(self.zones, dtype=bool)
