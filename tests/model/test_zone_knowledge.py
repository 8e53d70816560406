"""What syndicates know of the world's zones: near zones at once, far ones by scouting and hearsay."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from model.compound_params import CompoundParams
from model.zone_knowledge import ZoneKnowledge


def knowledge(small_world, syndicates: int, **rates) -> ZoneKnowledge:
    params = dataclasses.replace(CompoundParams(), **rates)
    book = ZoneKnowledge(small_world.zones, small_world.travel_cost_usd, params)
    for _ in range(syndicates):
        book.add_syndicate(parent=None)
    return book


def zone_of(world, zone_id: str) -> int:
    return int(np.flatnonzero(world.zones.id == zone_id)[0])


def test_a_syndicate_knows_the_zones_near_its_own_and_its_parents(small_world):
    book = knowledge(small_world, 1)
    myawaddy = zone_of(small_world, "MMR-myawaddy")
    book.occupy(0, myawaddy)
    km = book.distance_km[myawaddy]
    assert (book.known[0] == (km <= 1000.0)).all()
    assert book.known[0, zone_of(small_world, "MMR-laukkai")], "Laukkai is 780 km from Myawaddy"
    assert not book.known[0, zone_of(small_world, "PHL-metro-manila")]
    child = book.add_syndicate(parent=0)
    assert (book.known[child] == book.known[0]).all()


@pytest.mark.parametrize("others", [1, 4])
def test_syndicates_hear_of_other_syndicates_zones_at_the_diffusion_rate(small_world, others):
    rate = 0.05
    book = knowledge(small_world, 4000, scouting_per_week=0.0, knowledge_diffusion_per_week=rate)
    manila = zone_of(small_world, "PHL-metro-manila")
    hosts = np.zeros(book.known.shape, dtype=np.int64)
    hosts[0, manila] = others  # syndicate 0 runs compounds there; the others have none
    book.learn(hosts, np.random.default_rng(1))
    learned = book.known[1:, manila].mean()
    expected = 1 - np.exp(-rate * others)
    assert learned == pytest.approx(expected, abs=4 * np.sqrt(expected * (1 - expected) / 3999))
    assert book.known[0, manila], "a syndicate knows the zones it holds"
    assert book.known[1:].sum() == book.known[1:, manila].sum(), "nothing else was learned"


def test_syndicates_scout_zones_at_a_rate_falling_with_travel_cost(small_world):
    book = knowledge(small_world, 4000, scouting_per_week=0.2, knowledge_diffusion_per_week=0.0)
    myawaddy = zone_of(small_world, "MMR-myawaddy")
    hosts = np.zeros(book.known.shape, dtype=np.int64)
    hosts[:, myawaddy] = 1
    book.learn(hosts, np.random.default_rng(2))
    far = ~book.near[myawaddy]
    learned = book.known[:, far].mean(axis=0)
    expected = -np.expm1(-0.2 * book.scouting_reach[myawaddy, far])
    assert far.sum() >= 3
    assert np.abs(learned - expected).max() < 4 * np.sqrt(0.25 / 4000)
    cheap, dear = (
        np.argmin(book.travel_cost_usd[myawaddy, far]),
        np.argmax(book.travel_cost_usd[myawaddy, far]),
    )
    assert learned[cheap] > learned[dear]


def test_without_learning_compounds_stay_in_the_zones_their_syndicates_started_in(make_model):
    """Mechanism check: under heavy raids, relocations and ventures reach new zones only by learning."""
    footprints = {}
    for learning in (False, True):
        rates = (
            {"compounds__knowledge_radius_km": 0.0, "compounds__scouting_per_week": 0.0}
            | {"compounds__knowledge_diffusion_per_week": 0.0}
            if not learning
            else {"compounds__scouting_per_week": 0.2}
        )
        model = make_model(seed=21, enforcement__raids_per_unit_week=1.0, **rates)
        initial = set(model.compound_arrays.zone)
        for _ in range(40):
            model.step()
        events = model.compound_arrays.events()
        footprints[learning] = set(events.zone) - initial
    assert footprints[False] == set(), "a zone no syndicate knew was reached"
    assert len(footprints[True]) >= 2, "with learning, compounds spread to new zones"
