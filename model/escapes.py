"""Escapes: a threshold rule of grievance against the risk of being caught (Epstein 2002).

Epstein's civil-violence agent turns active when its grievance exceeds its net risk by a threshold,
``G - R * P > T``, with the estimated arrest probability ``P = 1 - exp(-k * C / A)`` falling as the
ratio of cops ``C`` to actives ``A`` falls. Here each week every held victim draws a hardship ``G`` and
a risk aversion ``R``, both uniform on [0, 1] (a week's hardship and nerve: weekly draws keep the
ordinary rate steady rather than letting the boldest leave first, an assumption), and attempts to
escape when ``G - R * P_k > escape_threshold``; an attempt succeeds with probability ``1 - P_k``. For
compound ``k``:

    P_k = 1 - exp(-deterrence * guarding_k / attempting_k)

with ``attempting_k`` the share of its held victims expected to attempt (Epstein's actives: the more try
at once, the less each is caught; solved as the fixed point of the rule, :func:`capture_probability`)
and ``guarding_k`` in [0, 1]:

    guarding_k = (1 - guard_shortfall_k) * (1 - w_supply * supply_loss_k) * (1 - w_raids * signal_z)

the share of its guard bill it paid last week (``compound_dynamics.collect``), the share of its
capacity a supply cut of power, internet or fuel takes this week (cameras, fences, radios, fuel for
patrols), and the raid signal of its zone (guards distracted, help seen nearby). So a full guard,
whatever the week's draws, keeps escapes at their ordinary rate, and a shock to guarding releases many
at once (a mass exit), through the threshold and the crowd.

The deterrence constant is not a free parameter: it is solved so that, with full guarding, the ordinary
equilibrium of the rule gives ``victims.p_escape`` escapes per held victim and week (the rate observed
in ordinary times; :func:`ordinary_equilibrium`). Formulas are in ``docs/ODD.md`` section 7.5.
"""

from __future__ import annotations

import numpy as np

from model.protection import supply_loss

FIXED_POINT_ITERATIONS = 30
"""Iterations of the crowd's fixed point; the change per iteration shrinks by a factor under 0.4."""
CAUSES = ("unpaid_guards", "supply_cut", "raids_nearby")
"""What can weaken a compound's guarding; escapes above the ordinary rate are booked to them."""


def attempt_share(capture: np.ndarray, threshold: float) -> np.ndarray:
    """Share of victims for whom ``G - R * capture > threshold``, ``G, R ~ U(0, 1)`` independent.

    ``1 - T - P / 2`` while ``P <= 1 - T``, else ``(1 - T)**2 / (2 P)``.
    """
    capture = np.asarray(capture, dtype=float)
    room = 1.0 - threshold
    low = room - capture / 2
    high = room**2 / (2 * np.maximum(capture, 1e-300))
    return np.where(capture <= room, low, high)


def ordinary_equilibrium(p_escape: float, threshold: float) -> tuple[float, float]:
    """The attempt share and deterrence constant at which full guarding gives ``p_escape``.

    Solves ``attempt_share(P) * (1 - P) = p_escape`` for the capture probability ``P`` (the left side
    falls from ``1 - threshold`` at ``P = 0`` to 0 at ``P = 1``; a ``p_escape`` above ``1 - threshold``
    is out of the rule's reach and gives ``P = 0``), then ``deterrence = -share * ln(1 - P)``.

    Returns:
        ``(share, deterrence)``; deterrence is ``inf`` for ``p_escape`` 0 (nobody gets out of a
        guarded compound).
    """
    if p_escape <= 0:
        return float(attempt_share(1.0, threshold)), float("inf")
    low, high = 0.0, 1.0
    for _ in range(100):  # bisection: the rate falls with the capture probability
        mid = (low + high) / 2
        if attempt_share(mid, threshold) * (1 - mid) > p_escape:
            low = mid
        else:
            high = mid
    capture = low
    share = float(attempt_share(capture, threshold))
    return share, float(-share * np.log1p(-capture))


def guarding(model) -> tuple[np.ndarray, np.ndarray]:
    """Each compound's guarding this week, in [0, 1], and its losses by cause (compounds x 3).

    The losses are ``-ln(1 - x)`` of the three factors (they add up to ``-ln(guarding)``); they share
    the escapes above the ordinary rate among :data:`CAUSES`.
    """
    arrays, p = model.compound_arrays, model.params.victims
    factors = np.column_stack(
        [
            arrays.guard_shortfall,
            p.guarding_loss_per_supply_loss * supply_loss(model)[arrays.zone],
            p.guarding_loss_per_raid_signal * model.raid_signal[arrays.zone],
        ]
    )
    factors = np.clip(factors, 0.0, 1.0)
    log_losses = -np.log1p(-np.minimum(factors, 1 - 1e-12))
    return np.prod(1 - factors, axis=1), log_losses


def capture_probability(model, guard: np.ndarray) -> np.ndarray:
    """Chance an attempt from each compound is caught this week, at the crowd's equilibrium.

    Solves ``share = attempt_share(P)``, ``P = 1 - exp(-deterrence * guarding / share)`` per compound
    by fixed-point iteration from the ordinary share (a contraction: the crowd's pull is weaker than
    one for every guarding in [0, 1]), so the expected share, not one week's draws, sets the risk.
    """
    deterrence, threshold = model.escape_deterrence, model.params.victims.escape_threshold
    if np.isinf(deterrence):
        return np.where(guard > 0, 1.0, 0.0)
    share = np.full(len(guard), model.escape_share)
    for _ in range(FIXED_POINT_ITERATIONS):
        capture = 1 - np.exp(-deterrence * guard / share)
        share = attempt_share(capture, threshold)
    return 1 - np.exp(-deterrence * guard / share)


def escape(model, held: np.ndarray) -> np.ndarray:
    """This week's escapes among the ``held`` victim rows; returns the rows that escape.

    Draws ``G, R`` and the attempt's luck per victim (stream ``escape``, keyed by victim row; ``R``
    only where ``G`` passes the threshold, luck only for those who try) and books the flows
    ``escaped``, ``escaped_zone`` and ``escaped_<cause>`` (persons).
    """
    arrays, victims, p = model.compound_arrays, model.victims, model.params.victims
    guard, log_losses = guarding(model)
    capture = capture_probability(model, guard)
    # G, R and luck: counter-based draws (keys 0, 1, 2), each evaluated only where it can decide
    hardship = model.streams.uniform("escape", model.steps, held, 0)
    passing = hardship > p.escape_threshold
    bold, hardship = held[passing], hardship[passing]
    aversion = model.streams.uniform("escape", model.steps, bold, 1)
    trying = bold[hardship - aversion * capture[victims.compound[bold]] > p.escape_threshold]
    luck = model.streams.uniform("escape", model.steps, trying, 2)
    out = trying[luck < 1 - capture[victims.compound[trying]]]
    persons = np.bincount(victims.compound[out], minlength=arrays.size) * model.population_scale
    model.flows.escaped += float(persons.sum())
    np.add.at(model.flows.escaped_zone, arrays.zone, persons)
    _book_causes(model, persons, capture, log_losses)
    return out


def _book_causes(model, persons: np.ndarray, capture: np.ndarray, log_losses: np.ndarray) -> None:
    """Book each compound's escapes above the ordinary rate to the causes, by their share of its loss.

    The share above the ordinary rate is ``1 - p_escape / expected``, ``expected`` the rule's rate at
    this week's capture probability.
    """
    p = model.params.victims
    expected = attempt_share(capture, p.escape_threshold) * (1 - capture)
    ordinary = min(p.p_escape, 1 - p.escape_threshold)
    excess = np.clip(1 - ordinary / np.maximum(expected, 1e-12), 0.0, 1.0)
    total = log_losses.sum(axis=1, keepdims=True)
    weights = np.divide(log_losses, total, out=np.zeros_like(log_losses), where=total > 0)
    booked = ((persons * excess)[:, None] * weights).sum(axis=0)
    flows = model.flows
    for cause, value in zip(CAUSES, booked, strict=True):
        setattr(flows, f"escaped_{cause}", getattr(flows, f"escaped_{cause}") + float(value))
