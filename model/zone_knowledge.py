"""What each syndicate knows of the world's host zones: bounded, networked and learned over time.

An operator chooses a destination only among the zones its syndicate knows (``model/site_choice.py``),
never among all the zones of the world. A syndicate knows:

* the zones where it runs a compound, and every zone within ``knowledge_radius_km`` of them (its
  regional network: Laukkai's syndicates moved to Myawaddy, about 780 km away, F15);
* zones it scouts: each week it learns of an unknown zone ``z`` with probability
  ``1 - exp(-scouting_per_week * sum_h exp(-cost(h, z) / scouting_cost_usd))``, the sum over the zones
  ``h`` where it runs compounds and ``cost`` the travel cost between them (cheapest path between the
  countries plus the zone's leg), so reach decays with the cost of getting there;
* zones it hears of from other syndicates: a zone hosting ``n`` compounds of other syndicates becomes
  known with probability ``1 - exp(-knowledge_diffusion_per_week * n)`` a week.

A new syndicate starts with what its parent syndicate knows (its founders came from there). Knowledge
is never forgotten. This is the bounded, networked information of NarcoLogic's traffickers (Magliocca
et al. 2019), whose nodes choose among the sites their network reaches; the two learning channels are
this model's assumption, their rates in ``model/params.py``.
"""

from __future__ import annotations

import numpy as np

from model.geo import haversine_km


class ZoneKnowledge:
    """A syndicates x zones matrix of what each syndicate knows, grown as syndicates are founded.

    Args:
        zones: the world's zones (``lat``, ``lon``, ``country``, ``leg_cost_usd``).
        travel_cost_usd: cheapest travel cost between countries, US$ (countries x countries).
        params: the compounds' parameters (radius, scouting and diffusion rates).
    """

    def __init__(self, zones, travel_cost_usd: np.ndarray, params) -> None:
        lat, lon = zones.lat.to_numpy(dtype=float), zones.lon.to_numpy(dtype=float)
        country = zones.country.to_numpy()
        self.distance_km = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
        legs = zones.leg_cost_usd.to_numpy(dtype=float)
        self.travel_cost_usd = travel_cost_usd[np.ix_(country, country)] + legs[None, :]
        self.near = self.distance_km <= params.knowledge_radius_km
        self.scouting_reach = np.exp(-self.travel_cost_usd / params.scouting_cost_usd)
        self.params = params
        self.known = np.zeros((0, len(zones)), dtype=bool)

    def add_syndicate(self, parent: int | None) -> int:
        """Add a new syndicate, knowing what ``parent`` knows (nothing if None); return its id."""
        row = self.known[parent] if parent is not None else np.zeros(self.known.shape[1], bool)
        self.known = np.vstack([self.known, row])
        return len(self.known) - 1

    def occupy(self, syndicate: int, zone: int) -> None:
        """A syndicate runs a compound in ``zone``: it knows the zone and the zones near it."""
        self.known[syndicate] |= self.near[zone]

    def learn(self, hosts: np.ndarray, rng: np.random.Generator) -> None:
        """A week of learning, from ``hosts``: active compounds per syndicate and zone (counts).

        Syndicates know the zones near their own, scout from them, and hear of other syndicates'
        zones (module docstring).
        """
        p = self.params
        syndicates, zones = np.nonzero(hosts)  # few zones per syndicate: sums over them, not products
        np.logical_or.at(self.known, syndicates, self.near[zones])
        reach = np.zeros(self.known.shape)
        np.add.at(reach, syndicates, self.scouting_reach[zones])
        others = hosts.sum(axis=0)[None, :] - hosts
        scouted = p.scouting_per_week * reach
        rate = scouted + p.knowledge_diffusion_per_week * others
        self.known |= rng.random(self.known.shape) < -np.expm1(-rate)
