"""Compounds' state as NumPy columns, one row per compound, with an append-only event log.

A row's index is the compound's id (victims' ``compound`` column); its :class:`CompoundOperator`
agent decides and reads and writes its own row. Columns are exactly as long as there are compounds
(hundreds to a few thousand), so every column can be used as a whole in array operations. Every
event of a compound (opened, raided, closed, reopened, relocated, resized, exited, shed, split) is
logged with the week, the compound's syndicate, zone, country, workforce held and capacity, so
survival after raids, sizes and moves can be computed from the log without the model's objects.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FIELDS = {
    "country": np.int64,  # country index of the host
    "zone": np.int64,  # index of the host zone in world.zones
    "syndicate": np.int64,  # the criminal group running it
    "parent": np.int64,  # the compound it came from (expansion, venture, split); -1 for none
    "active": np.bool_,  # False while closed after an arrest, and after an exit
    "exited": np.bool_,  # True once its operator has given it up (it never reopens)
    "site_capacity": np.float64,  # persons the site is built for (workforce wanted at most)
    "capacity": np.float64,  # workforce wanted, persons
    "logged_capacity": np.float64,  # capacity at its last logged event, persons
    "cash": np.float64,  # retained profit, US$ (never negative)
    "protection_arrears": np.float64,  # protection owed to its zone's protector, US$
    "guard_shortfall": np.float64,  # share of last week's guard and running costs unpaid, [0, 1]
    "profit": np.float64,  # last week's profit, US$
    "margin": np.float64,  # last week's profit over gross revenue
    "risk": np.float64,  # learned weekly raid risk (EWMA of raids on it and in its country)
    "known": np.bool_,  # whether the host's enforcement knows it
    "intelligence": np.float64,  # extra weekly detection probability from testimony
    "fees_due": np.float64,  # recruiters' fees owed (for persons delivered, not yet paid), US$
    "losses_week": np.float64,  # site losses this week (workforce freed, capacity lost), US$
    "losses": np.float64,  # recent site losses, US$ a week (EWMA of losses_week, weight loss_memory)
    "policy_losses_week": np.float64,  # extra running costs imposed on its zone or country, US$
    "policy_losses": np.float64,  # recent policy losses, US$ a week (EWMA, weight loss_memory)
    "revenue": np.float64,  # recent gross revenue, US$ a week (EWMA, weight loss_memory)
    "idle_until": np.int64,  # first week it produces again after a move (0: not moving)
    "generation": np.int64,  # owners it has had (1 at opening)
    "raided_week": np.int64,  # last week raided (-1 if never)
    "closed_week": np.int64,  # last week closed (-1 if never)
}
EVENTS = ("opened", "raided", "closed", "reopened", "relocated", "resized", "exited", "shed", "split")
"""Kinds of compound event, in the order of their codes."""
CAUSES = ("", "raid", "arrest", "losses", "risk", "shrunk", "over_capacity", "split")
"""Why an event happened (empty where nothing more is to say): ``raid`` for a raid, ``arrest`` for a
closure, ``losses`` or ``risk`` for an operator's move, split or exit (what passed its tolerance),
``shrunk`` for an exit below the site's exit share, ``over_capacity`` for a shed, ``split`` for a site
opened by a split (its ``parent`` split)."""
RESIZE_LOG_SHARE = 0.25
"""A compound's capacity is logged (``resized``) when it has changed by more than this share since its
last logged event: an output setting, so the log stays short, not a model parameter."""


class CompoundArrays:
    """Columns of compound state, indexed by compound id, and the compounds' event log."""

    def __init__(self) -> None:
        for name, dtype in FIELDS.items():
            setattr(self, name, np.zeros(0, dtype=dtype))
        self._events: list[tuple[int, int, int, int, int, float, float, int]] = []

    @property
    def size(self) -> int:
        """Number of compounds ever opened."""
        return len(self.country)

    def append(self, **values) -> int:
        """Add one compound with the given columns (``generation`` 1, weeks -1, others 0); its id."""
        defaults = {
            "generation": 1,
            "raided_week": -1,
            "closed_week": -1,
            "active": True,
            "parent": -1,
        }
        row = {**defaults, **values}
        for name, dtype in FIELDS.items():
            column = getattr(self, name)
            setattr(self, name, np.append(column, np.array([row.get(name, 0)], dtype=dtype)))
        return self.size - 1

    def log(self, week: int, compound: int, event: str, held_persons: float, cause: str = "") -> None:
        """Log an event of a compound, with its state after the event and its cause (``CAUSES``)."""
        self.logged_capacity[compound] = self.capacity[compound]
        self._events.append(
            (
                week,
                compound,
                EVENTS.index(event),
                int(self.zone[compound]),
                int(self.country[compound]),
                float(held_persons),
                float(self.capacity[compound]),
                CAUSES.index(cause),
            )
        )

    def events(self) -> pd.DataFrame:
        """The event log, one row per event of a compound.

        Columns ``week, compound, syndicate, parent, event, zone, country, workforce_held, capacity,
        cause``: ``parent`` is the compound a new site came from (-1 for none);
        ``zone`` and ``country`` are indices (of ``world.zones`` and the world's countries);
        ``workforce_held`` is in persons; ``cause`` is one of ``CAUSES``.
        """
        columns = ["week", "compound", "event", "zone", "country", "workforce_held", "capacity"]
        table = pd.DataFrame(self._events, columns=[*columns, "cause"])
        table["event"] = pd.Categorical.from_codes(table.event.astype(int), categories=list(EVENTS))
        table["cause"] = pd.Categorical.from_codes(table.cause.astype(int), categories=list(CAUSES))
        rows = table.compound.to_numpy(dtype=np.int64)
        table.insert(2, "syndicate", self.syndicate[rows])
        table.insert(3, "parent", self.parent[rows])
        return table


def closures(events: pd.DataFrame) -> pd.DataFrame:
    """Every closure in an event log: ``compound, closed_week, reopened_week`` (NaN while closed)."""
    rows, open_closure = [], {}
    for row in events[events.event.isin(["closed", "reopened"])].itertuples():
        if row.event == "closed":
            open_closure[row.compound] = len(rows)
            rows.append([row.compound, row.week, np.nan])
        elif row.compound in open_closure:
            rows[open_closure.pop(row.compound)][2] = row.week
    return pd.DataFrame(rows, columns=["compound", "closed_week", "reopened_week"])


class CompoundColumn:
    """An attribute of a compound operator stored in its row of the model's :class:`CompoundArrays`."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, operator, owner=None):
        if operator is None:
            return self
        return getattr(operator.model.compound_arrays, self.name)[operator.compound_id].item()

    def __set__(self, operator, value) -> None:
        getattr(operator.model.compound_arrays, self.name)[operator.compound_id] = value
