"""Where and by whom compounds open: the 2020 compounds, new sites, their sizes, zones and syndicates.

Initial compounds stand where the 2020 industry was (``world.initial_held_persons``). Later compounds
open in two ways: a profitable compound that has filled its site expands into a new site in its own zone
(its growth beyond the site's size, see ``model/compound_dynamics.py``), and a few new ventures a week
open in a zone their syndicate knows, by the operators' logit choice (``model/site_choice.py``). A
site's size is drawn from a log-normal (``compounds.site_size_median_persons``, ``site_size_log_sd``);
a compound's zone is drawn among its country's zones (initial compounds), is its parent's
(expansions) or is chosen (ventures); its syndicate is a Chinese-restaurant draw (initial compounds)
or its parent's (new sites, most of the time).
"""

from __future__ import annotations

import numpy as np

from model import recruitment_market, victim_dynamics
from model.agents import CompoundOperator, VictimState
from model.site_choice import cash_needed, choose_zone, visibility, weeks_lost


def site_sizes(model, count: int, *key: int) -> np.ndarray:
    """``count`` site sizes, persons: log-normal with the configured median and spread."""
    p = model.params.compounds
    rng = model.streams.get("compound_size", model.steps, *key)
    return p.site_size_median_persons * np.exp(p.site_size_log_sd * rng.standard_normal(count))


def mean_site_size(model) -> float:
    """Expected size of a new site, persons: ``median * exp(sd**2 / 2)``."""
    p = model.params.compounds
    return p.site_size_median_persons * float(np.exp(p.site_size_log_sd**2 / 2))


def place_initial_compounds(model) -> None:
    """Initial compounds where the 2020 industry was (``world.initial_held_persons``).

    A country holding ``P`` persons gets ``max(1, round(P / mean site size))`` sites with log-normal
    sizes, scaled so that they hold ``P`` together; each starts full.
    """
    syndicates = initial_syndicates(model)
    for code, persons in model.params.world.initial_held_persons.items():
        if persons == 0:
            continue
        host = int(model.world.index_of([code])[0])
        sizes = site_sizes(model, max(1, round(persons / mean_site_size(model))), host)
        for size in sizes * persons / sizes.sum():
            add_compound(model, host, float(size), next(syndicates))
    recruitment_market.update_supply_access(model)
    access = recruitment_market.compound_access(model, np.arange(model.world.size))
    for compound in model.compounds:
        agents = round(compound.capacity / model.population_scale)
        weights = model.recruitment_weight * model.supply_access * access[:, compound.compound_id]
        nationality = model.rng.choice(model.world.size, size=agents, p=weights / weights.sum())
        victim_dynamics.enlist(
            model, nationality, np.full(agents, compound.compound_id), VictimState.HELD
        )


def add_compound(
    model, country: int, size: float, syndicate: int, zone: int | None = None, parent: int = -1
) -> CompoundOperator:
    """Open a full compound of ``size`` persons in ``zone`` (default: a zone drawn in ``country``).

    ``parent`` is the compound it comes from (-1 for the 2020 compounds); it is logged ``opened``.
    """
    if zone is None:
        zone = draw_zone(model, country, model.compound_arrays.size)
    operator = CompoundOperator.open(model, zone, size, syndicate, parent)
    model.compound_arrays.log(model.steps, operator.compound_id, "opened", 0.0)
    return operator


def draw_zone(model, country: int, compound_id: int) -> int:
    """A zone of ``country`` for one of the 2020 compounds, each zone alike.

    Assumption: no source up to 2023 gives the 2020 industry's split among a country's zones.
    The draw has a stream of its own, so it changes no other draw.
    """
    zones = model.zones_of_country[country]
    rng = model.streams.get("zone_choice", model.steps, compound_id)
    return int(zones[rng.integers(len(zones))])


def initial_syndicates(model):
    """Syndicates of the initial compounds, in opening order: a Chinese-restaurant draw.

    The n-th compound joins an existing syndicate with probability proportional to the compounds
    it runs, or founds a new one with probability ``c / (n - 1 + c)``
    (``compounds.syndicate_concentration`` c). A new syndicate knows no zone until it occupies one.
    """
    rng = model.streams.get("syndicate", 0)
    concentration, members = model.params.compounds.syndicate_concentration, []
    while True:
        n = sum(members)
        if rng.random() < concentration / (n + concentration):
            members.append(1)
            yield model.zone_knowledge.add_syndicate(parent=None)
        else:
            chosen = int(rng.choice(len(members), p=np.array(members) / n))
            members[chosen] += 1
            yield chosen


def open_new_compounds(model, surplus: np.ndarray) -> None:
    """Open this week's new sites: expansions of full compounds and new ventures.

    Args:
        model: the model.
        surplus: growth of each compound beyond its site's size this week, persons. Expansions are
            ``Poisson(surplus.sum() / mean site size)``, each by a parent drawn in proportion to its
            surplus, in the parent's zone. New ventures are ``Poisson(p_entry * room)``, each by a
            uniform active parent, in a zone its syndicate knows, chosen from the parent's zone; the
            parent pays its set-up and moving costs from its cash, and none opens if it cannot. A
            venture away from the parent's zone produces (and orders) nothing for the weeks a move
            there costs.
    """
    p, arrays = model.params.compounds, model.compound_arrays
    active = np.flatnonzero(arrays.active)
    if len(active) == 0:
        return
    rng = model.streams.get("compound_entry", model.steps)
    expansions = rng.poisson(surplus.sum() / mean_site_size(model)) if surplus.sum() > 0 else 0
    parents = rng.choice(len(surplus), size=expansions, p=surplus / surplus.sum()) if expansions else []
    ventures = active[rng.integers(len(active), size=rng.poisson(p.p_entry * model.room))]
    sizes = site_sizes(model, len(parents) + len(ventures))
    for parent, size in zip(parents, sizes[: len(parents)], strict=True):
        add_compound(
            model,
            int(arrays.country[parent]),
            float(size),
            spinoff_syndicate(model, int(parent)),
            zone=int(arrays.zone[parent]),
            parent=int(parent),
        )
    risk = model.perceived_risk()
    for parent, size in zip(ventures, sizes[len(parents) :], strict=True):
        cash = float(arrays.cash[parent])
        if cash < p.setup_cost_usd:  # the parent cannot pay for a site anywhere
            continue
        syndicate = spinoff_syndicate(model, int(parent))
        origin = int(arrays.zone[parent])
        seen = np.minimum(risk * visibility(model, size), 1.0)
        zone = choose_zone(model, syndicate, origin, size, seen, arrays.size, cash, new_site=True).zone
        paid = float(cash_needed(model, origin, size, new_site=True)[zone])
        arrays.cash[parent] -= paid
        model.flows.setup_paid_usd += paid
        venture = add_compound(
            model, int(model.zone_country[zone]), float(size), syndicate, zone=zone, parent=int(parent)
        )
        if zone != origin:  # its people, equipment and networks come from the parent's zone
            venture.idle_until = model.steps + 1 + round(float(weeks_lost(model, origin)[zone]))


def spinoff_syndicate(model, parent: int) -> int:
    """The parent's syndicate (``compounds.p_spinoff_own_syndicate``), else a new one.

    A new syndicate starts knowing what the parent's syndicate knows (its founders came from it).
    """
    rng = model.streams.get("syndicate", model.steps, model.compound_arrays.size)
    own = int(model.compound_arrays.syndicate[parent])
    if rng.random() < model.params.compounds.p_spinoff_own_syndicate:
        return own
    return model.zone_knowledge.add_syndicate(parent=own)
