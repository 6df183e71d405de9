"""Necessary literals of a regular expression: a cheap, exact gate in front of a slow search.

Most cue patterns can only match where one of a few words occurs ("talks", "truce",
"ceasefire" ...). `required_literals` reads a compiled pattern's syntax tree and returns
groups of strings such that every match contains a string of each group (lower-cased), or
None when it cannot tell. Checking those with `in` on `fold(text)` costs a few C-level
substring searches; the pattern itself, with its optional prefixes and word classes, is
tried at every position. The gate never changes what a pattern finds: it only skips
searches that cannot succeed.
"""
from __future__ import annotations

import re
from itertools import product

from re import _constants as _c  # the parser behind `re`: private, stable since 3.11
from re import _parser as _p

_MAX_STRINGS = 4  # cap on the strings a piece may spell: more, shorter groups gate faster (measured)
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}

Strings = frozenset[str]
Gate = tuple[tuple[str, ...], ...]  # every group must have one of its strings in the text
_GROUPS = 2  # the most selective groups kept per pattern


def fold(text: str) -> str:
    """casefold(), plus the two letters IGNORECASE matches with "i" that casefold() does not
    turn into "i" (Turkish dotted and dotless I; a scan of all of Unicode finds no others
    for ASCII letters)."""
    return text.casefold().replace("i\u0307", "i").replace("ı", "i")


def required_literals(pattern: re.Pattern[str]) -> Gate | None:
    """Groups of lower-cased strings: every match contains a string of each group. None
    when no such group is known (the pattern is then always searched)."""
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - an unreadable tree just means no gate
        return None
    groups = sorted(_necessary(list(tree)), key=_selectivity, reverse=True)[:_GROUPS]
    return tuple(_minimal(g) for g in groups) or None


def passes(gate: Gate | None, folded: str) -> bool:
    """Whether a search may succeed in text whose fold() is `folded`."""
    if gate is None:
        return True
    for group in gate:  # plain loops: this runs for every pattern on every paragraph
        for lit in group:
            if lit in folded:
                break
        else:
            return False
    return True


def _selectivity(group: Strings) -> tuple[int, int]:
    """Longer strings are rarer; fewer of them are cheaper to look for."""
    return min(8, min(map(len, group))), -len(group)  # beyond 8 letters, all are rare


def _minimal(group: Strings) -> tuple[str, ...]:
    """Drop strings that contain another string of the group: they add nothing."""
    kept = [s for s in group if not any(o != s and o in s for o in group)]
    return tuple(sorted(kept, key=lambda s: (-len(s), s)))


def _finite(item) -> Strings | None:
    """All strings a piece can spell, if they are few (a literal, a small alternation)."""
    op, av = item
    if op == _c.LITERAL:
        return frozenset({fold(chr(av))})
    if op in _ZERO_WIDTH:
        return frozenset({""})
    if op == _c.IN:
        chars = {fold(chr(v)) for o, v in av if o == _c.LITERAL}
        if len(chars) == len(av) and len(chars) <= 4:
            return frozenset(chars)
        return None
    if op == _c.SUBPATTERN:
        return _finite_seq(list(av[-1]))
    if op == _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            spelt = _finite_seq(list(branch))
            if spelt is None:
                return None
            out |= spelt
        return frozenset(out) if len(out) <= _MAX_STRINGS else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[1] <= 3:  # "-?", "s?", "(?:ab){2}"
        inner = _finite_seq(list(av[2]))
        if inner is None:
            return None
        spelt = [_join([inner] * k) for k in range(av[0], av[1] + 1)]
        return None if None in spelt else frozenset().union(*spelt)
    return None


def _finite_seq(items: list) -> Strings | None:
    return _join([_finite(i) for i in items])


def _join(parts: list[Strings | None]) -> Strings | None:
    out: Strings = frozenset({""})
    for part in parts:
        if part is None:
            return None
        out = frozenset(a + b for a, b in product(out, part))
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _necessary(items: list) -> list[Strings]:
    """Groups of strings such that every match of the sequence `items` contains a string of
    each group (a run of literal pieces gives one group; so does each required sub-part)."""
    groups: list[Strings] = []
    run: Strings = frozenset({""})

    def flush() -> None:
        nonlocal run
        if all(run):
            groups.append(run)
        run = frozenset({""})

    for item in items:
        spelt = _finite(item)
        if spelt is None:
            flush()
            groups.extend(_necessary_item(item))
            continue
        joined = _join([run, spelt])
        if joined is None:  # too many spellings: close the run, start again from this piece
            flush()
            joined = spelt
        run = joined
    flush()
    return groups


def _necessary_item(item) -> list[Strings]:
    op, av = item
    if op == _c.SUBPATTERN:
        return _necessary(list(av[-1]))
    if op == _c.ATOMIC_GROUP:
        return _necessary(list(av))
    if op == _c.BRANCH:  # each branch must give one group; their union is the item's group
        out: set[str] = set()
        for branch in av[1]:
            inner = _necessary(list(branch))
            if not inner:
                return []
            out |= max(inner, key=_selectivity)
        return [frozenset(out)]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _necessary(list(av[2]))
    return []
