"""Score predicted records against gold records, by the rules of the record contract.

The rules are those of "How an evaluation compares a prediction with gold" in
shared/spec/record.md. The reference scorer, shared/tools/score.py, implements them
too, and every figure here must agree with it exactly: `Report.as_dict()` equals its
`--json` output, plus one figure of our own, `actor_acc` (see `_score_actors`).

Usage:
    report = evaluate(load_records(Path("out.jsonl")), Path("corpus/seeds/gold"))
    print(format_report(report))
"""
from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

from overture._errors import ConfigError, InputError

Record = dict[str, Any]
Span = Mapping[str, Any]

SIGNAL_TYPES: tuple[str, ...] = (
    "offer_talks", "reject_talks", "condition", "propose", "welcome",
    "dismiss", "urge_talks", "ceasefire", "accuse_violation", "meeting",
)
ALL = "ALL"  # the row that pools every signal type
ARTICLE_FIELDS: tuple[str, ...] = ("title", "outlet", "published")
PAIR_FIELDS: tuple[str, ...] = ("target", "said_on", "reported_via", "conditions")


# --- Names: do two names mean the same entity? ---------------------------------------


@dataclass(frozen=True)
class NameVariants:
    """Spelling variants read as one name, and tokens that identify nobody."""

    aliases: Mapping[str, str]
    stop: frozenset[str]


@cache
def name_variants() -> NameVariants:
    """The table in overture/data/name_variants.toml, read once per process."""
    resource = files("overture.data").joinpath("name_variants.toml")
    try:
        data = tomllib.loads(resource.read_text(encoding="utf-8"))
        return NameVariants(
            aliases=MappingProxyType({str(k): str(v) for k, v in data["aliases"].items()}),
            stop=frozenset(str(t) for t in data["stop"]["tokens"]),
        )
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"overture/data/name_variants.toml: {exc}") from exc


def fold(name: str | None) -> str:
    """A name without accents, case or punctuation (dots kept), then de-aliased whole."""
    if name is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9. ]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return name_variants().aliases.get(text, text)


def name_key(name: str | None) -> frozenset[str]:
    """The tokens that identify a name: its folded words minus titles and first names."""
    variants = name_variants()
    tokens = [variants.aliases.get(t, t) for t in fold(name).replace(".", " ").split()]
    key = frozenset(t for t in tokens if t not in variants.stop)
    return key or frozenset(tokens)


def same_entity(a: str | None, b: str | None) -> bool:
    """Whether two names (either may be missing) name the same person, body or state."""
    if not a or not b:
        return False
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    ka, kb = name_key(a), name_key(b)
    if ka & kb and (ka <= kb or kb <= ka):
        return True
    return _same_surname_similar_first_name(fa.split(), fb.split())


def _same_surname_similar_first_name(ta: list[str], tb: list[str]) -> bool:
    """'Alexander Syrsky' and 'Aleksandr Syrskyi': one surname, first names transliterated."""
    if len(ta) < 2 or len(tb) < 2:
        return False
    aliases = name_variants().aliases
    return aliases.get(ta[-1], ta[-1]) == aliases.get(tb[-1], tb[-1]) and ta[0][:3] == tb[0][:3]


# --- Tallies and the report -------------------------------------------------------------


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1; nothing predicted and nothing missed counts as perfect."""
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Counts:
    """True positives, false positives and false negatives of one kind of item."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def empty(self) -> bool:
        return self.tp + self.fp + self.fn == 0

    def rounded(self) -> dict[str, float]:
        p, r, f = prf(self.tp, self.fp, self.fn)
        return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3)}


@dataclass
class Rate:
    """Agreement over the cases that were scored; a hit may be partial (a Jaccard overlap)."""

    hits: float = 0
    n: int = 0

    def add(self, hit: float) -> None:
        self.hits += hit
        self.n += 1

    @property
    def value(self) -> float | None:
        return round(self.hits / self.n, 3) if self.n else None


def _rates(names: Sequence[str]) -> dict[str, Rate]:
    return {name: Rate() for name in names}


@dataclass
class Report:
    """Every tally of one evaluation; `as_dict()` turns them into the reported figures."""

    articles: int = 0
    fields: dict[str, Rate] = field(default_factory=lambda: _rates(ARTICLE_FIELDS))
    body: Counts = field(default_factory=Counts)  # body tokens
    signals: dict[str, Counts] = field(
        default_factory=lambda: {t: Counts() for t in (*SIGNAL_TYPES, ALL)})
    pair_fields: dict[str, Rate] = field(default_factory=lambda: _rates(PAIR_FIELDS))
    claims: Counts = field(default_factory=Counts)
    claimant: Rate = field(default_factory=Rate)
    statements: Counts = field(default_factory=Counts)  # content alone
    statements_speaker: Counts = field(default_factory=Counts)  # content and speaker
    actor: Rate = field(default_factory=Rate)  # gold signals whose actor is named

    def as_dict(self) -> dict[str, Any]:
        """The figures under score.py's `--json` keys, and `actor_acc` last."""
        out: dict[str, Any] = {"articles": self.articles}
        for name in ARTICLE_FIELDS:
            out[f"{name}_acc"] = self.fields[name].value
        body = self.body.rounded()
        out["body_p"], out["body_r"], out["body_f1"] = body["p"], body["r"], body["f1"]
        for kind, counts in self.signals.items():
            out[f"signals_{kind}"] = {**counts.rounded(),
                                      "tp": counts.tp, "fp": counts.fp, "fn": counts.fn}
        for name in PAIR_FIELDS:
            out[f"{name}_acc"] = self.pair_fields[name].value
        out["claims"] = self.claims.rounded()
        for key, counts in (("statements", self.statements),
                            ("statements_speaker", self.statements_speaker)):
            # no statement scored at all: the figures are unknown, not perfect
            out[key] = {"p": None, "r": None, "f1": None} if counts.empty else counts.rounded()
        out["claimant_acc"] = self.claimant.value
        out["actor_acc"] = self.actor.value
        return out


# --- Loading -----------------------------------------------------------------------------


def load_records(path: Path) -> dict[str, Record]:
    """Records keyed by their source's base name.

    `path` is a JSON-lines file (as `overture extract --format jsonl` prints), a folder of
    per-article .json files, or one .json file holding a record or a list of them."""
    path = Path(path)
    if path.is_dir():
        records = [_parse(f, f.read_text(encoding="utf-8"))
                   for f in sorted(path.glob("*.json"))]
    elif path.is_file():
        records = _parse_file(path)
    else:
        raise InputError(str(path), "no such file or folder")
    out: dict[str, Record] = {}
    for record in records:
        if not isinstance(record, dict):
            raise InputError(str(path), f"a record is not a JSON object: {str(record)[:60]}")
        out[Path(str(record.get("source", ""))).name] = record
    return out


def _parse_file(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        # JSON lines: one record a line
        lines = enumerate(text.splitlines(), 1)
        return [_parse(path, line, n) for n, line in lines if line.strip()]
    return whole if isinstance(whole, list) else [whole]


def _parse(path: Path, text: str, line: int | None = None) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"{path}:{line}" if line else str(path)
        raise InputError(where, f"not valid JSON ({exc.msg})") from exc


# --- Matching ----------------------------------------------------------------------------


@dataclass
class Matching:
    pairs: list[tuple[Record, Record]]
    fp: int
    fn: int


def match_items(preds: Sequence[Record], golds: Sequence[Record],
                same: Callable[[Record, Record], bool]) -> Matching:
    """Greedy one-to-one matching, predictions in order, each to the first free gold item.

    A prediction that only matches gold items already taken repeats one of them: it is
    ignored rather than counted as a false positive."""
    taken: set[int] = set()
    pairs: list[tuple[Record, Record]] = []
    fp = 0
    for p in preds:
        hit = next((i for i, g in enumerate(golds) if i not in taken and same(p, g)), None)
        if hit is not None:
            taken.add(hit)
            pairs.append((p, golds[hit]))
        elif not any(same(p, g) for g in golds):
            fp += 1
    return Matching(pairs, fp, len(golds) - len(taken))


def _span(value: Any) -> Span | None:
    return value if isinstance(value, Mapping) and "start" in value else None


def overlaps(a: Span, b: Span) -> bool:
    return bool(a["start"] < b["end"] and b["start"] < a["end"])


def gold_spans(gold: Record) -> list[Span]:
    """Where the gold item is reported: its evidence and any further `mentions`."""
    candidates = [gold.get("evidence"), *(gold.get("mentions") or [])]
    return [span for span in map(_span, candidates) if span is not None]


def actor_names(gold: Record) -> list[Any]:
    """The gold actor and the other names it may go by (`actor_also`)."""
    return [gold.get("actor"), *(gold.get("actor_also") or [])]


def same_signal(p: Record, g: Record) -> bool:
    """Same type, overlapping evidence, same actor (for a meeting, either party will do)."""
    evidence = _span(p.get("evidence"))
    if p.get("type") != g.get("type") or evidence is None:
        return False
    if not any(overlaps(evidence, span) for span in gold_spans(g)):
        return False
    if any(same_entity(p.get("actor"), name) for name in actor_names(g)):
        return True
    return g.get("type") == "meeting" and (
        same_entity(p.get("actor"), g.get("target")) or same_entity(p.get("target"), g.get("actor")))


def same_statement(p: Record, g: Record) -> bool:
    """Content spans that share at least half of the shorter one's characters."""
    a, b = _span(p.get("content")), _span(g.get("content"))
    if a is None or b is None:
        return False
    shared = min(a["end"], b["end"]) - max(a["start"], b["start"])
    return bool(shared > 0 and shared >= 0.5 * min(a["end"] - a["start"], b["end"] - b["start"]))


_SMALL_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                  "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
NUMBER_WORDS: Mapping[str, int] = MappingProxyType({
    **{word: value for value, word in enumerate(_SMALL_NUMBERS)},
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000,
    "dozen": 12, "dozens": 12, "million": 10**6, "millions": 10**6,
})


def figure_key(figure: Any) -> str:
    """The first number in a figure: '1,114' -> '1114', 'five or six' -> '5'."""
    for token in re.findall(r"[\d][\d,.]*|[a-z]+", str(figure or "").lower()):
        if token[0].isdigit():
            return token.replace(",", "").rstrip(".")
        if token in NUMBER_WORDS:
            return str(NUMBER_WORDS[token])
    return ""


def same_claim(p: Record, g: Record) -> bool:
    """Overlapping evidence and the same first number."""
    a, b = _span(p.get("evidence")), _span(g.get("evidence"))
    return (a is not None and b is not None and overlaps(a, b)
            and figure_key(p.get("figure")) == figure_key(g.get("figure")) != "")


# --- Evaluation --------------------------------------------------------------------------


def evaluate(predictions: Mapping[str, Record], gold_dir: Path,
             raw_dir: Path | None = None) -> Report:
    """Score predictions (keyed by source base name) against every gold record in gold_dir.

    An article with no prediction is scored as an empty prediction. Body text is read
    from raw_dir, by default the gold folder's parent (where the articles sit)."""
    report = Report()
    for gold_file in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        source = Path(gold["source"]).name
        pred = predictions.get(source) or {}
        report.articles += 1
        _score_fields(report, pred, gold)
        articles_dir = Path(raw_dir) if raw_dir else gold_file.parent.parent
        _score_body(report, pred, gold, articles_dir / source)
        pred_signals = _dicts(pred.get("signals"))
        pred_statements = _dicts(pred.get("statements"))
        gold_signals = list(gold.get("signals") or [])
        _score_signals(report, pred_signals, gold_signals)
        _score_actors(report, pred_signals, pred_statements, gold_signals)
        if isinstance(gold.get("statements"), list):
            _score_statements(report, pred_statements, gold["statements"])
        if gold.get("claims") is not None:  # else: claims not annotated in this gold set
            _score_claims(report, _dicts(pred.get("claims")), gold["claims"])
    return report


def _dicts(items: Any) -> list[Record]:
    return [x for x in items or [] if isinstance(x, dict)]


def _score_fields(report: Report, pred: Record, gold: Record) -> None:
    for name in ARTICLE_FIELDS:
        if gold.get(name) is not None:  # `title_also`, `outlet_also`: other values gold accepts
            accepted = {fold(str(v)) for v in [gold[name], *(gold.get(f"{name}_also") or [])]}
            report.fields[name].add(int(fold(str(pred.get(name) or "")) in accepted))


def _score_body(report: Report, pred: Record, gold: Record, raw_file: Path) -> None:
    """Bag-of-words overlap of predicted and gold body text."""
    if not (raw_file.exists() and gold.get("body")):
        return
    raw = raw_file.read_text(encoding="utf-8")
    own_text = pred.get("text") if pred.get("offsets") == "text" else raw
    gold_words = _words(raw, gold["body"])
    pred_words = _words(own_text or "", pred.get("body"))
    common = sum((gold_words & pred_words).values())
    report.body.add(common, sum(pred_words.values()) - common, sum(gold_words.values()) - common)


def _words(text: str, spans: Any) -> Counter[str]:
    return Counter(" ".join(text[start:end] for start, end in spans or []).split())


def _score_signals(report: Report, preds: list[Record], golds: list[Record]) -> None:
    for kind in (*SIGNAL_TYPES, ALL):
        ps = preds if kind == ALL else [s for s in preds if s.get("type") == kind]
        gs = golds if kind == ALL else [s for s in golds if s.get("type") == kind]
        matching = match_items(ps, gs, same_signal)
        report.signals[kind].add(len(matching.pairs), matching.fp, matching.fn)
        if kind == ALL:
            for p, g in matching.pairs:
                _score_signal_pair(report, p, g)


def _score_signal_pair(report: Report, p: Record, g: Record) -> None:
    """How well a matched signal's other fields agree with gold."""
    agree = report.pair_fields
    if g.get("target") is not None:
        agree["target"].add(int(same_entity(p.get("target"), g["target"])))
    if g.get("said_on") is not None:
        agree["said_on"].add(int(p.get("said_on") == g["said_on"]))
    if g.get("reported_via"):
        pv, gv = p.get("reported_via") or [], g["reported_via"]
        agree["reported_via"].add(int(len(pv) == len(gv) and all(map(same_entity, pv, gv))))
    gc, pc = set(g.get("conditions") or []), set(p.get("conditions") or [])
    if gc or pc:
        agree["conditions"].add(len(gc & pc) / len(gc | pc))


def _score_statements(report: Report, preds: list[Record], golds: list[Record]) -> None:
    """Content alone, then content with the right speaker.

    A gold statement whose speaker is not named (`speaker_named` false, or no speaker)
    cannot be missed on speaker, and a prediction matching one is not a false positive."""
    matching = match_items(preds, golds, same_statement)
    report.statements.add(len(matching.pairs), matching.fp, matching.fn)

    def named(g: Record) -> bool:
        return bool(g.get("speaker_named", g.get("speaker") is not None))

    right = sum(1 for p, g in matching.pairs
                if named(g) and same_entity(p.get("speaker"), g.get("speaker")))
    on_unnamed = sum(1 for _, g in matching.pairs if not named(g))
    report.statements_speaker.add(right, len(preds) - on_unnamed - right,
                                  sum(1 for g in golds if named(g)) - right)


def _score_claims(report: Report, preds: list[Record], golds: list[Record]) -> None:
    matching = match_items(preds, golds, same_claim)
    report.claims.add(len(matching.pairs), matching.fp, matching.fn)
    for p, g in matching.pairs:
        both_outlet = g.get("claimant") is None and p.get("claimant") is None
        report.claimant.add(int(both_outlet or same_entity(p.get("claimant"), g.get("claimant"))))


def _score_actors(report: Report, pred_signals: list[Record], pred_statements: list[Record],
                  gold_signals: list[Record]) -> None:
    """Actor accuracy: is each gold signal's actor found where the signal is?

    Found means a predicted signal matches it (type, evidence and actor, one-to-one not
    required), or a predicted statement overlapping its evidence (by content or cue) has
    the actor as speaker: the actor was attributed right even if the signal was missed."""
    for g in gold_signals:
        found = (any(same_signal(p, g) for p in pred_signals)
                 or any(_statement_names_actor(s, g) for s in pred_statements))
        report.actor.add(int(found))


def _statement_names_actor(statement: Record, g: Record) -> bool:
    spans = [s for s in (_span(statement.get("content")), _span(statement.get("cue"))) if s]
    if not any(overlaps(s, evidence) for s in spans for evidence in gold_spans(g)):
        return False
    return any(same_entity(statement.get("speaker"), name) for name in actor_names(g))


# --- Text --------------------------------------------------------------------------------


def format_report(report: Report) -> str:
    """A plain-text table of the figures, in score.py's layout plus the actor line."""
    s = report.as_dict()
    lines = [
        f"articles {s['articles']}",
        f"title {s['title_acc']}  outlet {s['outlet_acc']}  published {s['published_acc']}",
        f"body  P {s['body_p']}  R {s['body_r']}  F1 {s['body_f1']}",
        f"{'signal type':18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}",
    ]
    for kind in (*SIGNAL_TYPES, ALL):
        c = s[f"signals_{kind}"]
        lines.append(f"{kind:18} {c['p']:6.3f} {c['r']:6.3f} {c['f1']:6.3f} "
                     f"{c['tp']:4d} {c['fp']:4d} {c['fn']:4d}")
    lines += [
        f"matched signals: target {s['target_acc']}  said_on {s['said_on_acc']}  "
        f"reported_via {s['reported_via_acc']}  conditions {s['conditions_acc']}",
        f"gold signals with the actor named: {s['actor_acc']}",
        f"claims  P {s['claims']['p']}  R {s['claims']['r']}  F1 {s['claims']['f1']}  "
        f"claimant {s['claimant_acc']}",
    ]
    if s["statements"]["f1"] is not None:
        lines.append(f"statements  content F1 {s['statements']['f1']}  "
                     f"content+speaker F1 {s['statements_speaker']['f1']}")
    lines.append(f"signals F1 {s['signals_ALL']['f1']:.3f}")
    return "\n".join(lines)
