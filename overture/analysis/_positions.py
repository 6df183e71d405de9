"""Positions: where an actor stands on talks with a counterpart, as steps through time.

Each folded statement that bears on talks gives a state on the day it was said:
- `offer_talks` without conditions                    -> open
- `offer_talks` with conditions                        -> conditional
- `condition` (a precondition or red line on its own)  -> conditional
- `reject_talks` without conditions                     -> refusing
- `reject_talks` with conditions ("not while ...")      -> conditional
Other types give no state: dismiss, urge_talks and welcome describe the other side, meeting
and ceasefire the process, and a `propose` often names a mediator or venue as its target
rather than the counterpart.

Statements said on one day are read together: a refusal next to a red line is still a
refusal; an offer and a refusal on the same day are mixed signals: `unknown`. Days in a
row with the same state make one step; a step lasts from its first day (`since`) until the
next step begins (`until`, exclusive; None for the latest). The counterpart is the state a
target speaks for when the actor registry knows it ("Vladimir Putin", "the Kremlin" ->
"Russia"), else the target as written, else None (no counterpart named).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from overture.analysis._fold import FoldedStatement, Mention

OFFERS = frozenset({"offer_talks"})
STATES = ("open", "conditional", "refusing", "unknown")


def statement_state(statement: FoldedStatement) -> str | None:
    """The state one statement shows on its own, or None if it says nothing of readiness."""
    kind, conditional = statement.type, bool(statement.conditions)
    if kind in OFFERS:
        return "conditional" if conditional else "open"
    if kind == "condition":
        return "conditional"
    if kind == "reject_talks":
        return "conditional" if conditional else "refusing"
    return None


def day_state(statements: list[FoldedStatement]) -> str:
    """The state of one day's statements read together."""
    states = {statement_state(s) for s in statements} - {None}
    offered = any(s.type in OFFERS for s in statements)
    if "refusing" in states:
        return "unknown" if offered else "refusing"
    return "conditional" if "conditional" in states else "open"


@dataclass
class Position:
    """One step of an actor's line towards a counterpart."""

    actor: str
    actor_id: int | None
    counterpart: str | None
    state: str
    since: dt.date
    until: dt.date | None = None
    last_seen: dt.date | None = None
    statements: list[FoldedStatement] = field(default_factory=list)

    @property
    def conditions(self) -> list[str]:
        return list(dict.fromkeys(c for s in self.statements for c in s.conditions))

    @property
    def evidence(self) -> list[tuple[FoldedStatement, Mention]]:
        """One report per statement, its first: the same sentence in a copy or a daily version of
        the story is counted with it (see `_evidence`), never listed again."""
        out, seen = [], set()
        for s in self.statements:
            if not s.mentions:
                continue
            said = " ".join(s.mentions[0].evidence[2].split()).casefold()
            if said not in seen:  # one sentence read as two kinds of move is still one piece of evidence
                seen.add(said)
                out.append((s, s.mentions[0]))
        return out


def positions(statements: Iterable[FoldedStatement],
              counterpart: Callable[[str | None], str | None] = lambda t: t) -> list[Position]:
    """Every actor's steps towards every counterpart, ordered by actor, counterpart, date.

    `counterpart` maps a statement's target to the counterpart it stands for."""
    lines: dict[tuple, dict[dt.date, list[FoldedStatement]]] = defaultdict(lambda: defaultdict(list))
    for st in statements:
        if statement_state(st) is None or st.first_said is None or not st.actor:
            continue
        key = (st.actor_id if st.actor_id is not None else st.actor, counterpart(st.target))
        lines[key][st.first_said].append(st)
    out: list[Position] = []
    for (_, other), days in lines.items():
        steps: list[Position] = []
        for day in sorted(days):
            said = days[day]
            state = day_state(said)
            if steps and steps[-1].state == state:
                steps[-1].statements += said
                steps[-1].last_seen = day
                continue
            if steps:
                steps[-1].until = day
            steps.append(Position(actor=str(said[0].actor), actor_id=said[0].actor_id, counterpart=other,
                                  state=state, since=day, last_seen=day, statements=list(said)))
        out += steps
    return sorted(out, key=lambda p: (p.actor.casefold(), str(p.counterpart or ""), p.since))
