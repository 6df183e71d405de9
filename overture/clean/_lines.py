"""Find the article body among the lines of a page a scraper already flattened.

A scraped dump keeps everything a browser would show: menus, icon labels, teaser
lists, captions, cookie and copyright notices. Each line gets a handful of
language-independent features (length, stop-word share, sentence punctuation,
repetition in the page, furniture vocabulary, position, how body-like its
neighbours are); a small logistic model (weights in
``overture/data/clean/line_weights.json``, trained by
``scripts/train_line_weights.py``) turns them into a log-odds score, and a
two-state Viterbi pass with a cost for each switch keeps contiguous runs of
body lines, as a max-scoring-block extractor would, but allowing several blocks.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import cache
from importlib.resources import files

import numpy as np

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENT_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019\u00bb)\]]*$")
_ELLIPSIS = re.compile(r"(\u2026|\.\.\.)[\"'\u201d\u2019)]*$")
_SENT_BREAK = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)]*(\s+|$)")
_GLUED = re.compile(r"[a-z\u0430-\u044f][A-Z\u0410-\u042f]")
# a word run straight into a capitalised one ("...Student-AthleteA 24-year-old"): link texts joined
_GLUED_WORDS = re.compile(r"[a-z\u0430-\u044f]{3}[A-Z\u0410-\u042f]")
_DATEISH = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"\b(19|20)\d{2}\b|\b(ago|updated|published)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^\W*\w+(\s\w+)?\s?:")
_SEPARATORS = re.compile(r"[|\u2022\u00b7\u00bb\u203a>/#@]")

# spaCy's stop-word lists; the page's language is the one whose list covers most words.
_STOP_LANGS = ("en", "fr", "es", "it", "pt", "de", "ru")

FEATURES = (
    "log_units", "short", "long", "stop_ratio", "ends_sentence", "ends_ellipsis",
    "sentences", "commas", "digits", "capitalised", "glued", "top_token_share",
    "repeated", "repeated_short", "furniture", "furniture_short", "bracketed",
    "dateish_short", "separators", "position", "position_sq", "cjk",
    "near_units", "near_body", "in_first_line", "after_title",
    "rel_units", "scripts", "title_like", "repeated_body", "short_label", "credit_mark",
    "glued_words",
)


@cache
def _stop_words(lang: str) -> frozenset[str]:
    module = __import__(f"spacy.lang.{lang}.stop_words", fromlist=["STOP_WORDS"])
    return frozenset(w.lower() for w in module.STOP_WORDS)


@cache
def _furniture_words() -> frozenset[str]:
    text = files("overture.data").joinpath("clean", "boilerplate_words.txt").read_text("utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@cache
def _model() -> tuple[np.ndarray, float, float, float]:
    """Weights (in FEATURES order), bias, switch cost and decision offset."""
    raw = json.loads(files("overture.data").joinpath("clean", "line_weights.json").read_text("utf-8"))
    if tuple(raw["features"]) != FEATURES:
        raise ValueError("line_weights.json was trained on a different feature list; retrain it")
    return np.array(raw["weights"], dtype=float), float(raw["bias"]), float(raw["switch_cost"]), float(raw.get("offset", 0.0))


def line_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the non-empty lines of text, each stripped of surrounding whitespace."""
    spans = []
    for m in re.finditer(r"[^\n\r]+", text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans


def _units(line: str, words: list[str]) -> float:
    """Length in word-like units: CJK scripts count about two characters a word."""
    cjk = len(_CJK.findall(line))
    return len(words) - min(len(words), cjk // 4) + cjk / 2 if cjk else float(len(words))


def _page_stop_words(lowered: list[list[str]]) -> frozenset[str]:
    words = [w for ws in lowered for w in ws]
    if not words:
        return _stop_words("en")
    best = max(_STOP_LANGS, key=lambda lang: sum(w in _stop_words(lang) for w in words))
    return _stop_words(best)


def _scripts(line: str) -> set[str]:
    """Rough script names of the letters in line (Latin, Cyrillic, Greek, CJK, other)."""
    out = set()
    for c in line:
        if c.isalpha():
            o = ord(c)
            out.add("latin" if o < 0x250 else "greek" if 0x370 <= o < 0x400 else
                    "cyrillic" if 0x400 <= o < 0x530 else "cjk" if _CJK.match(c) else "other")
    return out


def _near_duplicates(lowered: list[str]) -> list[bool]:
    """Whether each line occurs inside another, different line of the page or contains one.

    Headlines and teasers recur this way: in the window title, with a section
    name glued on, or with a label such as "FEATURE" appended.
    """
    index = Counter(lowered)
    short = [ln for ln in index if 10 <= len(ln) <= 200]
    out = []
    for ln in lowered:
        if not 10 <= len(ln) <= 200:
            out.append(False)
            continue
        out.append(any(o != ln and (ln in o or o in ln) for o in short))
    return out


def featurize(text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Line spans of text and one feature row per line (columns in FEATURES order)."""
    spans = line_spans(text)
    lines = [text[s:e] for s, e in spans]
    n = len(lines)
    if not n:
        return spans, np.zeros((0, len(FEATURES)))
    words = [_WORD.findall(line) for line in lines]
    lowered = [[w.lower() for w in ws] for ws in words]
    stop = _page_stop_words(lowered)
    furniture = _furniture_words()
    counts = Counter(line.lower() for line in lines)
    first = lines[0].lower()
    units = np.array([_units(line, ws) for line, ws in zip(lines, words)])
    ends = np.array([bool(_SENT_END.search(line)) for line in lines])
    body_like = (ends & (units >= 10)).astype(float)
    max_units = math.log1p(units.max()) or 1.0
    near_dupes = _near_duplicates([line.lower() for line in lines])

    rows = []
    for i, (line, ws, low) in enumerate(zip(lines, words, lowered)):
        nw = max(len(ws), 1)
        u = units[i]
        letters = sum(c.isalpha() for c in line) or 1
        alpha = [w for w in ws if w[:1].isalpha() and len(w) > 1]
        repeated = counts[line.lower()] - 1
        furn = sum(w in furniture for w in low)
        short = u < 8
        lo, hi = max(0, i - 3), min(n, i + 4)
        near = [j for j in range(lo, hi) if j != i]
        prev = lines[i - 1].lower() if i else ""
        rows.append((
            math.log1p(u),
            float(short),
            float(u >= 25),
            (sum(w in stop for w in low) / nw) if len(ws) >= 3 else 0.0,
            float(ends[i]),
            float(bool(_ELLIPSIS.search(line))),
            math.log1p(len(_SENT_BREAK.findall(line))),
            line.count(",") / nw,
            sum(c.isdigit() for c in line) / max(len(line), 1),
            (sum(w[0].isupper() for w in alpha) / len(alpha)) if alpha else 0.0,
            min(len(_GLUED.findall(line)) / nw, 1.0),
            (Counter(low).most_common(1)[0][1] / nw) if len(ws) >= 6 else 0.0,
            math.log1p(repeated),
            float(repeated > 0 and u < 20),
            furn / nw,
            float(furn > 0 and u < 12),
            float(line[:1] in "[(" and line[-1:] in "])"),
            float(u < 12 and bool(_DATEISH.search(line))),
            min(len(_SEPARATORS.findall(line)) / nw, 1.0),
            i / n,
            (i / n) ** 2,
            len(_CJK.findall(line)) / letters,
            float(np.mean(np.log1p(units[near]))) if near else 0.0,
            float(np.mean(body_like[near])) if near else 0.0,
            float(i > 0 and len(low) >= 3 and line.lower() in first),
            float(i > 0 and len(prev) > 10 and (prev in first or counts[prev] > 1) and not ends[i - 1]),
            math.log1p(u) / max_units,
            float(len(_scripts(line)) >= 3),
            float(2 <= u <= 25 and not ends[i] and (near_dupes[i] or repeated > 0)),
            float(repeated > 0 and bool(ends[i]) and u >= 15),
            float(u < 12 and bool(_LABEL.match(line))),
            float("\u00a9" in line or "\u2117" in line),
            float(bool(_GLUED_WORDS.search(line))),
        ))
    return spans, np.array(rows, dtype=float)


def decode(scores: np.ndarray, weights: np.ndarray, switch_cost: float) -> np.ndarray:
    """Best keep/drop labelling: sum of weighted scores of kept lines minus a cost per switch.

    A two-state Viterbi pass; it keeps runs of body lines together, so a short
    sub-heading between paragraphs stays and a lone long line in a footer goes.
    """
    n = len(scores)
    keep = np.zeros(n, dtype=bool)
    if not n:
        return keep
    gain = scores * weights
    best = np.array([0.0, gain[0] - switch_cost])  # [drop, keep]
    back = np.zeros((n, 2), dtype=int)
    for i in range(1, n):
        stay_drop, from_keep = best[0], best[1] - switch_cost
        stay_keep, from_drop = best[1], best[0] - switch_cost
        back[i, 0] = 0 if stay_drop >= from_keep else 1
        back[i, 1] = 1 if stay_keep >= from_drop else 0
        best = np.array([max(stay_drop, from_keep), max(stay_keep, from_drop) + gain[i]])
    state = int(np.argmax(best))
    for i in range(n - 1, -1, -1):
        keep[i] = bool(state)
        state = back[i, state]
    return keep


def keep_mask(features: np.ndarray, weights: np.ndarray, bias: float,
              switch_cost: float, offset: float = 0.0) -> np.ndarray:
    """Which lines to keep, given a model; never nothing when the page has lines.

    A page where no line looks like prose (a short note under a big menu) still
    has its most article-like run kept, judged relative to the rest of the page.
    """
    scores = features @ weights + bias - offset
    lengths = features[:, FEATURES.index("log_units")]
    keep = decode(scores, lengths, switch_cost)
    if len(scores) and not keep.any():
        keep = decode(scores - scores.max() + 1.0, lengths, 0.0)
    return keep


_LEADING_BRACKET = re.compile(r"^\[[^\[\]\n]{3,300}\]\s+(?=\S)")
_CREDIT = re.compile(
    r"\u00a9|\b(photo|photograph|picture|image|credit|source|foto|illustration)s?\s*:|"
    r"\((photo|image|picture)\b|\b(getty images|ap photo|shutterstock)\b", re.IGNORECASE)


def _is_furniture(line: str, row: np.ndarray) -> bool:
    """Short lines the block decoder may sweep in but that are never article prose.

    Captions and credits, lines made only of furniture words ("Read more"),
    and headline-like lines the page repeats (teaser boxes, the headline itself).
    """
    words = [w.lower() for w in _WORD.findall(line)]
    short = row[FEATURES.index("log_units")] < math.log1p(30)
    if short and _CREDIT.search(line):
        return True
    if words and len(words) <= 6 and all(w in _furniture_words() for w in words):
        return True
    return bool(row[FEATURES.index("title_like")])


def kept_lines(lines: list[str], features: np.ndarray, keep: np.ndarray) -> list[int]:
    """Indices of the decoded body lines left after dropping repeats and furniture."""
    seen: set[str] = set()
    out = []
    for i, (line, k, row) in enumerate(zip(lines, keep, features)):
        if k and line not in seen and not _is_furniture(line, row):
            seen.add(line)
            out.append(i)
    return out


def body_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the main-article lines of a flattened page, in order.

    Each span is one kept line without surrounding whitespace. A line that
    repeats an earlier kept line (pages that ship the article twice) is dropped,
    and a bracketed byline glued to the front of a paragraph is cut off.
    """
    spans, feats = featurize(text)
    if not spans:
        return []
    keep = keep_mask(feats, *_model())
    out = []
    for i in kept_lines([text[s:e] for s, e in spans], feats, keep):
        s, e = spans[i]
        byline = _LEADING_BRACKET.match(text[s:e])
        out.append((s + byline.end(), e) if byline else (s, e))
    return out


def title_line(text: str) -> tuple[int, int] | None:
    """Span of the headline: a short, title-like line before the body, best if repeated.

    Pages usually repeat the headline (in the window title and again above the
    article, sometimes with a section name glued in front), so the candidate
    found inside most other lines wins; with no repeat, the first line stands
    if it is not itself body text.
    """
    spans = line_spans(text)
    if not spans:
        return None
    body = body_spans(text)
    body_start = body[0][0] if body else len(text)
    kept = set(body)
    candidates = []
    for idx, (s, e) in enumerate(spans):
        if s >= body_start or idx >= 60:
            break
        line = text[s:e]
        ws = _WORD.findall(line)
        u = _units(line, ws)
        if (s, e) in kept or not 3 <= u <= 40 or len(_GLUED.findall(line)) > 2:
            continue
        if sum(c.isalpha() for c in line) < 0.6 * len(line):
            continue
        low = line.lower()
        support = sum(1 for t, (s2, e2) in enumerate(spans[:200])
                      if t != idx and low in text[s2:e2].lower())
        score = 2.0 * min(support, 2) + (0.5 if not line.endswith(".") else 0.0) + (0.3 if u >= 4 else 0.0)
        candidates.append((score, -idx, (s, e)))
    if not candidates:
        return None
    best = max(candidates)
    if best[0] >= 2.0:  # found inside another line: a repeated headline
        return best[2]
    return spans[0] if any(c[2] == spans[0] for c in candidates) else None
