"""The signal classifier: which of the ten types a body sentence carries (several or none).

Why learned: cue rules fit the phrasings they were written from; on real news they found one
signal in eleven. A linear model over what the parse already gives (lemmas with names
abstracted to their kind, so that a pattern learned on Gaza carries to Darfur; the rule cues
as features; the statement the sentence sits in) is trained on labelled real articles
(`scripts/train_signals.py`, `docs/signal_model.md`). Its weights are a small JSON file read
without scikit-learn, so the package needs no learning library at run time.

Only candidate sentences are scored: those holding a word of `signal_candidates.txt`
(high-recall, measured on the training split); the rest carry no signal.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from overture._errors import ConfigError

MODEL_DIR = "signal_model"
_ENT = {"PERSON": "<per>", "GPE": "<gpe>", "NORP": "<gpe>", "LOC": "<loc>", "FAC": "<loc>", "ORG": "<org>",
        "DATE": "<date>", "TIME": "<date>", "CARDINAL": "<num>", "QUANTITY": "<num>", "MONEY": "<num>",
        "PERCENT": "<num>", "ORDINAL": "<ord>", "EVENT": "<event>", "LAW": "<law>"}
_NEG = frozenset({"not", "no", "never", "n't", "neither", "nor", "without", "nothing", "none"})


@cache
def stem_pattern(name: str) -> re.Pattern[str]:
    """One regex of the stems listed in overture/data/<name> (one regex fragment a line,
    matched at a word start, case-insensitive; # starts a comment line)."""
    try:
        lines = files("overture.data").joinpath(name).read_text("utf-8").splitlines()
        stems = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
        return re.compile(r"(?i)\b(?:" + "|".join(stems) + r")")
    except (OSError, re.error) as exc:
        raise ConfigError(f"overture/data/{name}: {exc}") from exc


def is_candidate(text: str) -> bool:
    """Whether a sentence holds a candidate stem (only those are scored)."""
    return stem_pattern("signal_candidates.txt").search(text) is not None


def token_key(tok: Any) -> str | None:
    """What a token contributes: its lemma, or its entity kind for names and numbers."""
    if tok.ent_type_ in _ENT:
        return _ENT[tok.ent_type_]
    if tok.is_punct:
        return "<q>" if tok.text in ('"', "“", "”", "'", "‘", "’") else None
    if tok.is_space:
        return None
    return tok.lemma_.lower()


def sentence_features(parse: Any, cues: list[str], prev_cues: list[str], statement: str | None,
                      first: bool) -> dict[str, float]:
    """Binary features of one parsed sentence. `cues`: the rule cue types found in it;
    `prev_cues`: those of the sentence before; `statement`: the kind of statement it is part
    of (direct, indirect, mixed) or None."""
    feats: dict[str, float] = {}
    keys: list[str] = []
    last = None
    for tok in parse:
        k = token_key(tok)
        if k is None or k == last and k.startswith("<"):
            continue  # "Benjamin Netanyahu" is one <per>
        keys.append(k)
        last = k
        if tok.dep_ == "ROOT":
            feats["root=" + tok.lemma_.lower()] = 1.0
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
            feats["subj=" + (k if k.startswith("<") else tok.pos_)] = 1.0
            feats[f"subjverb={k if k.startswith('<') else tok.pos_}:{tok.head.lemma_.lower()}"] = 1.0
        if tok.dep_ == "neg" or tok.lower_ in _NEG:
            feats["neg"] = 1.0
            feats["neg>" + tok.head.lemma_.lower()] = 1.0
    for k in keys:
        feats["w=" + k] = 1.0
    for a, b in zip(keys, keys[1:]):
        feats[f"b={a}_{b}"] = 1.0
    for c in cues:
        feats["cue=" + c] = 1.0
    for c in prev_cues:
        feats["prevcue=" + c] = 1.0
    if statement:
        feats["stmt=" + statement] = 1.0
    if first:
        feats["first"] = 1.0
    return feats


@dataclass
class SignalModel:
    """Ten one-vs-rest linear scorers over shared binary features, with per-type thresholds."""

    weights: dict[str, dict[str, float]]  # type -> feature -> weight
    bias: dict[str, float]
    thresholds: dict[str, float]
    meta: dict[str, Any]

    def scores(self, feats: dict[str, float]) -> dict[str, float]:
        """Probability per type."""
        out = {}
        for t, w in self.weights.items():
            z = self.bias[t] + sum(w.get(f, 0.0) * v for f, v in feats.items())
            out[t] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return out

    def predict(self, feats: dict[str, float]) -> list[tuple[str, float]]:
        """The types whose probability reaches their threshold, most probable first."""
        s = self.scores(feats)
        return sorted(((t, p) for t, p in s.items() if p >= self.thresholds[t]), key=lambda x: -x[1])

    def anchor_weight(self, sig_type: str, key: str) -> float:
        """How much a word speaks for a type: picks the word a signal's actor is sought from."""
        return self.weights.get(sig_type, {}).get("w=" + key, 0.0)

    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        data = {"meta": self.meta, "bias": self.bias, "thresholds": self.thresholds,
                "weights": {t: dict(sorted(w.items())) for t, w in self.weights.items()}}
        (path / "model.json").write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SignalModel:
        return cls(data["weights"], data["bias"], data["thresholds"], data.get("meta", {}))

    @classmethod
    def from_disk(cls, path: Path) -> SignalModel:
        try:
            return cls.from_data(json.loads((path / "model.json").read_text("utf-8")))
        except (OSError, ValueError, KeyError) as exc:
            raise ConfigError(f"{path / 'model.json'}: not a signal model ({exc})") from exc


@cache
def default_model() -> SignalModel | None:
    """The shipped model, or None when the package holds none (then the rules decide)."""
    res = files("overture.data").joinpath(MODEL_DIR, "model.json")
    if not res.is_file():
        return None
    try:
        return SignalModel.from_data(json.loads(res.read_text("utf-8")))
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"overture/data/{MODEL_DIR}/model.json: not a signal model ({exc})") from exc
