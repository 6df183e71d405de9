"""Who makes a signal, chosen among the people and parties around it by a trained ranker.

Why learned: the rules pick the statement's speaker, else the cue clause's subject. On
labelled real news that choice was wrong for about a third of the signals whose type and
sentence were right (the party called instead of the caller, a state from a subordinate
clause, a speaker carried over from the sentence before). The ranker sees every candidate
the rules could have named (speaker, clause subjects, every actor named in the sentence,
the last speaker, the paragraph's speaker, the parties of "talks between A and B") with
what the parse says of each (its grammatical role, where it stands from the cue, its kind)
and scores each one; the best wins, and a second one too where it also scores high ("A and
B agreed to resume talks"). Weights: `signal_model/actors.json`, trained by
`scripts/train_signals.py` on the same labelled corpus (`docs/signal_model.md`).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from overture._errors import ConfigError
from overture.article import Mention, StatementDraft

_CLIMB = frozenset({"compound", "poss", "amod", "appos", "nmod", "det", "case", "flat"})


@dataclass
class Candidate:
    """One party that could be a signal's actor, with what speaks for it."""

    mention: Mention
    statement: StatementDraft | None
    sources: set[str] = field(default_factory=set)
    feats: dict[str, float] = field(default_factory=dict)


def candidate_features(c: Candidate, sig_type: str, parse_info: dict[str, Any]) -> dict[str, float]:
    """Binary features of one candidate for a signal of `sig_type`. `parse_info`: what the
    stage found of the candidate in the sentence (dependency role, position to the cue)."""
    f: dict[str, float] = {}
    kind = c.mention.kind or "none"
    keys = [f"src={s}" for s in sorted(c.sources)] + [f"kind={kind}", f"side={'y' if c.mention.side else 'n'}"]
    keys += [f"{k}={v}" for k, v in parse_info.items() if v is not None]
    if len(c.sources) >= 3:
        keys.append("many_sources")
    for k in keys:
        f[k] = 1.0
        f[f"{k}|{sig_type}"] = 1.0
    for s in sorted(c.sources):  # which roles coincide: "speaker and subject", "mention only"
        f[f"src={s}|kind={kind}"] = 1.0
    return f


def head_role(tokens: list[Any]) -> tuple[str | None, str | None, str | None]:
    """The grammatical role of a name's tokens: the dependency of its head (climbing out of
    compounds and possessives), for the object of a preposition the preposition, and the
    verb it hangs on ("urge" for the one who urges or is urged)."""
    if not tokens:
        return None, None, None
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in inside or t.head is t), tokens[0])
    dep, node = head.dep_, head
    for _ in range(3):
        if dep not in _CLIMB or node.head is node:
            break
        node = node.head
        dep = f"{head.dep_}>{node.dep_}"
    prep = node.head.lemma_.lower() if node.dep_ == "pobj" and node.head is not node else None
    verb = node.head.head if node.dep_ == "pobj" else node.head
    return dep, prep, (verb.lemma_.lower() if verb.pos_ in ("VERB", "AUX") else None)


@dataclass
class ActorRanker:
    """A linear scorer over candidate features: the top candidate is the actor, a second one
    joins it when it scores at least `second`."""

    weights: dict[str, float]
    bias: float
    second: float
    meta: dict[str, Any]

    def score(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def choose(self, candidates: list[Candidate]) -> list[Candidate]:
        if not candidates:
            return []
        ranked = sorted(candidates, key=lambda c: -self.score(c.feats))
        return [ranked[0]] + [c for c in ranked[1:2] if self.score(c.feats) >= self.second]

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        data = {"meta": self.meta, "bias": self.bias, "second": self.second, "weights": dict(sorted(self.weights.items()))}
        (path / "actors.json").write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ActorRanker:
        return cls(data["weights"], data["bias"], data["second"], data.get("meta", {}))

    @classmethod
    def from_disk(cls, path: Path) -> ActorRanker | None:
        """The ranker in a model folder, or None where the folder holds none."""
        if not (path / "actors.json").is_file():
            return None
        try:
            return cls.from_data(json.loads((path / "actors.json").read_text("utf-8")))
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigError(f"{path / 'actors.json'}: not an actor ranker ({exc})") from exc


@cache
def default_ranker() -> ActorRanker | None:
    res = files("overture.data").joinpath("signal_model", "actors.json")
    if not res.is_file():
        return None
    try:
        return ActorRanker.from_data(json.loads(res.read_text("utf-8")))
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"overture/data/signal_model/actors.json: not an actor ranker ({exc})") from exc
