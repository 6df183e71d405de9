"""signals.toml, conditions.toml, signal_codes.toml and conflicts.toml, compiled once."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from overture._errors import ConfigError
from overture._literals import required_literals
from overture.record import SIGNAL_TYPES


def _toml(name: str) -> dict:
    try:
        return tomllib.loads(files("overture.data").joinpath(name).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"overture/data/{name}: {exc}") from exc


@dataclass(frozen=True)
class SignalRules:
    patterns: dict[str, tuple[re.Pattern[str], ...]]
    negated_to: dict[str, str]
    negation: frozenset[str]
    window: int
    conditions: dict[str, tuple[re.Pattern[str], ...]]
    conditional: tuple[re.Pattern[str], ...]
    codes: dict[str, dict]
    conflicts: tuple[tuple[tuple[str | None, str], tuple[str | None, str]], ...]  # ((side, name), (side, name))
    agent_nouns: frozenset[str]
    subject_over_speaker: frozenset[str]
    conditional_marks: frozenset[str]
    guard: tuple[re.Pattern[str], ...]
    background: re.Pattern[str]
    guarded: frozenset[str]
    literals: dict[re.Pattern[str], tuple[str, ...] | None]  # each cue pattern's gate (overture/_literals.py)


@cache
def signal_rules() -> SignalRules:
    data = _toml("signals.toml")
    words = data["words"]

    def expand(p: str) -> re.Pattern[str]:
        for _ in range(3):
            p = re.sub(r"\{([A-Z_]+)\}", lambda m: words[m.group(1)], p)
        try:
            return re.compile(p, re.I)
        except re.error as exc:
            raise ConfigError(f"overture/data/signals.toml: bad pattern {p!r}: {exc}") from exc

    unknown = set(data["types"]) - set(SIGNAL_TYPES)
    if unknown:
        raise ConfigError(f"overture/data/signals.toml: unknown signal types {sorted(unknown)}")
    patterns = {t: tuple(expand(p) for p in spec["patterns"]) for t, spec in data["types"].items()}
    negated_to = {t: spec["negated"] for t, spec in data["types"].items() if spec.get("negated")}
    cond = _toml("conditions.toml")
    conditions = {tag: tuple(re.compile(p, re.I) for p in pats) for tag, pats in cond["tags"].items()}
    guard = tuple(re.compile(p, re.I) for p in data["guard"]["patterns"])
    conflicts = tuple(tuple((party.get("side"), party["name"]) for party in conflict["parties"])
                      for conflict in _toml("conflicts.toml").get("conflict", []))
    if any(len(c) != 2 for c in conflicts):
        raise ConfigError("overture/data/conflicts.toml: every conflict lists exactly two parties")
    return SignalRules(patterns, negated_to, frozenset(data["negation"]["cues"]), int(data["negation"]["window"]),
                       conditions, tuple(re.compile(p, re.I) for p in cond["conditional"]["markers"]),
                       _toml("signal_codes.toml"), conflicts,
                       frozenset(data["actors"]["agent_nouns"]), frozenset(data["actors"]["subject_over_speaker"]),
                       frozenset(data["actors"]["conditional_marks"]),
                       guard,
                       re.compile(r"\b(?:" + "|".join(data["actors"]["background"]) + r")\s+(?:\S+\s+){0,2}$", re.I),
                       frozenset(data["guard"]["guarded"]),
                       {p: required_literals(p) for ps in (*patterns.values(), guard) for p in ps})
