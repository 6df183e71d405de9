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
from functools import cache, lru_cache
from itertools import islice
from importlib.resources import files

import numpy as np

from overture.clean._stopwords import stop_words

_WORD = re.compile(r"\w+")
# a line's leading blanks, then the line from its first to its last non-blank character
_LINE = re.compile(r"[^\S\n\r]*([^\n\r]*\S)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENT_END = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019\u00bb)\]]*$")
_ELLIPSIS = re.compile(r"(\u2026|\.\.\.)[\"'\u201d\u2019)]*$")
_SENT_BREAK = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)]*(\s+|$)")
_GLUED = re.compile(r"[a-z\u0430-\u044f][A-Z\u0410-\u042f]")
# a word run straight into a capitalised one ("...Student-AthleteA 24-year-old"): link texts joined
_GLUED_WORDS = re.compile(r"[a-z\u0430-\u044f]{3}[A-Z\u0410-\u042f]")
# a line is date-like when either matches; the first needs a digit, so it is only tried on lines with one
_DATE_NUMBERS = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\b\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|"
    r"\b(19|20)\d{2}\b",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(r"\b(ago|updated|published)\b", re.IGNORECASE)
_ASCII_DIGIT = re.compile(r"[0-9]")
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
_LOG_UNITS, _TITLE_LIKE = FEATURES.index("log_units"), FEATURES.index("title_like")


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
    return [m.span(1) for m in _LINE.finditer(text)]


def _units(line: str, words: list[str]) -> float:
    """Length in word-like units: CJK scripts count about two characters a word."""
    return _units_from(len(words), len(_CJK.findall(line)))


def _units_from(n_words: int, cjk: int) -> float:
    """_units from the counts of word tokens and CJK characters of the line."""
    return n_words - min(n_words, cjk // 4) + cjk / 2 if cjk else float(n_words)


def _page_stop_words(lowered: list[list[str]]) -> frozenset[str]:
    """The stop-word list (of _STOP_LANGS) that covers most word tokens of the page."""
    counts = Counter(w for ws in lowered for w in ws)
    if not counts:
        return stop_words("en")

    def covered(lang: str) -> int:
        return sum(counts[w] for w in stop_words(lang).intersection(counts))

    return stop_words(max(_STOP_LANGS, key=covered))


def _scripts(line: str) -> set[str]:
    """Rough script names of the letters in line (Latin, Cyrillic, Greek, CJK, other)."""
    out = set()
    for c in set(line):  # each distinct character once
        if c.isalpha():
            o = ord(c)
            out.add("latin" if o < 0x250 else "greek" if 0x370 <= o < 0x400 else
                    "cyrillic" if 0x400 <= o < 0x530 else "cjk" if _CJK.match(c) else "other")
    return out


def _count_chars(line: str, test) -> int:
    """How many characters of line pass test (e.g. str.isalpha), testing each distinct one once."""
    return sum(n for c, n in Counter(line).items() if test(c))


def _digits(line: str) -> int:
    """Number of characters of line for which str.isdigit holds (the plain regex where it suffices)."""
    return len(_ASCII_DIGIT.findall(line)) if line.isascii() else _count_chars(line, str.isdigit)


def _near_duplicates(lowered: list[str]) -> list[bool]:
    """Whether each line occurs inside another, different line of the page or contains one.

    Headlines and teasers recur this way: in the window title, with a section
    name glued on, or with a label such as "FEATURE" appended.
    """
    short = [ln for ln in dict.fromkeys(lowered) if 10 <= len(ln) <= 200]
    # Lines hold no newline, so in the newline-joined distinct lines a line occurs
    # once as itself plus once per other line containing it.
    joined = "\n".join(short)
    inside_other = [o for o in short if joined.count(o) > 1]
    inside = set(inside_other)
    return [10 <= len(ln) <= 200 and (ln in inside or any(o != ln and o in ln for o in inside_other))
            for ln in lowered]


def _window_means(values: np.ndarray, radius: int = 3) -> np.ndarray:
    """Mean of values over each line's neighbours (up to radius lines either side, itself excluded).

    Sums run left to right, as numpy's own mean does on so few values, so the
    figures match a per-line np.mean exactly.
    """
    n = len(values)
    offsets = np.array([d for d in range(-radius, radius + 1) if d])
    idx = np.arange(n)[:, None] + offsets[None, :]
    valid = (idx >= 0) & (idx < n)
    window = np.where(valid, values[np.clip(idx, 0, n - 1)], 0.0)
    sums = np.zeros(n)
    for k in range(window.shape[1]):  # column by column: a fixed left-to-right order
        sums += window[:, k]
    return sums / np.maximum(valid.sum(axis=1), 1)


def _share_capitalised(words: list[str]) -> float:
    """Share of the words of two or more characters starting with a letter that start upper-case."""
    initials = [w[0] for w in words if len(w) > 1 and w[0].isalpha()]
    return sum(map(str.isupper, initials)) / len(initials) if initials else 0.0


def _top_token_share(lowered: list[str]) -> float:
    """Share of the commonest token, for lines of six or more tokens (menus repeat one word)."""
    return max(Counter(lowered).values()) / len(lowered) if len(lowered) >= 6 else 0.0


def featurize(text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Line spans of text and one feature row per line (columns in FEATURES order).

    Each feature is computed as a column over all lines of the page: regexes and
    token counts line by line, arithmetic on them with numpy in one go.
    """
    spans = line_spans(text)
    lines = [text[s:e] for s, e in spans]
    n = len(lines)
    if not n:
        return spans, np.zeros((0, len(FEATURES)))
    # per-line material, computed once and shared by the features below
    words = [_WORD.findall(line) for line in lines]
    lowered = [[w.lower() for w in ws] for ws in words]
    low_lines = [line.lower() for line in lines]
    cjk = [0 if line.isascii() else len(_CJK.findall(line)) for line in lines]  # isascii is a flag check
    counts = Counter(low_lines)
    first = low_lines[0]
    stop, furniture = _page_stop_words(lowered), _furniture_words()

    n_words = np.array([len(ws) for ws in words])
    nw = np.maximum(n_words, 1)
    units = np.array([_units_from(len(ws), c) for ws, c in zip(words, cjk)])
    log_units = np.array([math.log1p(u) for u in units])
    ends = np.array([bool(_SENT_END.search(line)) for line in lines])
    repeated = np.array([counts[low] - 1 for low in low_lines])
    furn = np.array([sum(map(furniture.__contains__, low)) for low in lowered])
    glued = np.array([len(_GLUED.findall(line)) for line in lines])
    digits = [_digits(line) for line in lines]
    position = np.arange(n) / n
    short = units < 12  # cheap test first: the regexes below only run on short lines
    dateish = [bool(s and ((d and _DATE_NUMBERS.search(line)) or _DATE_WORDS.search(line)))
               for s, d, line in zip(short, digits, lines)]
    prev_title = [False] + [len(prev) > 10 and (prev in first or counts[prev] > 1) and not prev_end
                            for prev, prev_end in zip(low_lines, ends)][:-1]

    columns = {
        "log_units": log_units,
        "short": units < 8,
        "long": units >= 25,
        "stop_ratio": np.where(n_words >= 3, [sum(map(stop.__contains__, low)) for low in lowered] / nw, 0.0),
        "ends_sentence": ends,
        "ends_ellipsis": [bool(_ELLIPSIS.search(line)) for line in lines],
        "sentences": [math.log1p(len(_SENT_BREAK.findall(line))) for line in lines],
        "commas": np.array([line.count(",") for line in lines]) / nw,
        "digits": np.array(digits) / np.maximum([len(line) for line in lines], 1),
        "capitalised": [_share_capitalised(ws) for ws in words],
        "glued": np.minimum(glued / nw, 1.0),
        "top_token_share": [_top_token_share(low) for low in lowered],
        "repeated": [math.log1p(r) for r in repeated.tolist()],
        "repeated_short": (repeated > 0) & (units < 20),
        "furniture": furn / nw,
        "furniture_short": (furn > 0) & short,
        "bracketed": [line[:1] in "[(" and line[-1:] in "])" for line in lines],
        "dateish_short": dateish,
        "separators": np.minimum([len(_SEPARATORS.findall(line)) for line in lines] / nw, 1.0),
        "position": position,
        "position_sq": [p ** 2 for p in position.tolist()],
        "cjk": [c / (_count_chars(line, str.isalpha) or 1) if c else 0.0 for c, line in zip(cjk, lines)],
        "near_units": _window_means(np.log1p(units)),
        "near_body": _window_means((ends & (units >= 10)).astype(float)),
        "in_first_line": [i > 0 and len(low) >= 3 and low_lines[i] in first for i, low in enumerate(lowered)],
        "after_title": prev_title,
        "rel_units": log_units / (math.log1p(units.max()) or 1.0),
        "scripts": [not line.isascii() and len(_scripts(line)) >= 3 for line in lines],
        "title_like": (2 <= units) & (units <= 25) & ~ends & (np.array(_near_duplicates(low_lines)) | (repeated > 0)),
        "repeated_body": (repeated > 0) & ends & (units >= 15),
        "short_label": [bool(s and _LABEL.match(line)) for s, line in zip(short, lines)],
        "credit_mark": ["\u00a9" in line or "\u2117" in line for line in lines],
        # _GLUED_WORDS only matches where _GLUED does
        "glued_words": [bool(g and _GLUED_WORDS.search(line)) for g, line in zip(glued, lines)],
    }
    return spans, np.column_stack([np.asarray(columns[name], dtype=float) for name in FEATURES])


def decode(scores: np.ndarray, weights: np.ndarray, switch_cost: float) -> np.ndarray:
    """Best keep/drop labelling: sum of weighted scores of kept lines minus a cost per switch.

    A two-state Viterbi pass; it keeps runs of body lines together, so a short
    sub-heading between paragraphs stays and a lone long line in a footer goes.
    """
    n = len(scores)
    keep = np.zeros(n, dtype=bool)
    if not n:
        return keep
    gain = (scores * weights).tolist()  # plain floats: this loop is too small for numpy
    drop, kept = 0.0, gain[0] - switch_cost  # best totals ending in each state
    back = [(0, 0)]  # back[i][state]: the state of line i - 1 on the best path
    for g in gain[1:]:
        from_keep, from_drop = kept - switch_cost, drop - switch_cost
        back.append((0 if drop >= from_keep else 1, 1 if kept >= from_drop else 0))
        drop, kept = max(drop, from_keep), max(kept, from_drop) + g
    state = 1 if kept > drop else 0
    for i in range(n - 1, -1, -1):
        keep[i] = bool(state)
        state = back[i][state]
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
    if row[_TITLE_LIKE]:
        return True
    if row[_LOG_UNITS] < math.log1p(30) and _CREDIT.search(line):
        return True
    words = [m.group().lower() for m in islice(_WORD.finditer(line), 7)]  # 7: enough to tell "more than 6"
    return 0 < len(words) <= 6 and _furniture_words().issuperset(words)


def kept_lines(lines: list[str], features: np.ndarray, keep: np.ndarray) -> list[int]:
    """Indices of the decoded body lines left after dropping repeats and furniture."""
    seen: set[str] = set()
    out = []
    for i in np.flatnonzero(keep).tolist():
        if lines[i] not in seen and not _is_furniture(lines[i], features[i]):
            seen.add(lines[i])
            out.append(i)
    return out


def body_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the main-article lines of a flattened page, in order.

    Each span is one kept line without surrounding whitespace. A line that
    repeats an earlier kept line (pages that ship the article twice) is dropped,
    and a bracketed byline glued to the front of a paragraph is cut off.
    """
    return list(_body_spans(text))


@lru_cache(maxsize=8)
def _body_spans(text: str) -> tuple[tuple[int, int], ...]:
    """body_spans, remembered for a few pages: title_line needs the body of the page just read."""
    spans, feats = featurize(text)
    if not spans:
        return ()
    keep = keep_mask(feats, *_model())
    out = []
    for i in kept_lines([text[s:e] for s, e in spans], feats, keep):
        s, e = spans[i]
        byline = _LEADING_BRACKET.match(text[s:e])
        out.append((s + byline.end(), e) if byline else (s, e))
    return tuple(out)


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
    body = _body_spans(text)
    body_start = body[0][0] if body else len(text)
    kept = set(body)
    lowered = [text[s:e].lower() for s, e in spans[:200]]  # where a repeated headline is sought
    joined = "\n".join(lowered)
    candidates = []
    for idx, (s, e) in enumerate(spans):
        if s >= body_start or idx >= 60:
            break
        line = text[s:e]
        ws = _WORD.findall(line)
        u = _units(line, ws)
        if (s, e) in kept or not 3 <= u <= 40 or len(_GLUED.findall(line)) > 2:
            continue
        if _count_chars(line, str.isalpha) < 0.6 * len(line):
            continue
        low = line.lower()
        # the line occurs once in joined as itself; only a second occurrence calls for a count
        support = 0 if joined.count(low) == 1 else sum(
            1 for t, other in enumerate(lowered) if t != idx and low in other)
        score = 2.0 * min(support, 2) + (0.5 if not line.endswith(".") else 0.0) + (0.3 if u >= 4 else 0.0)
        candidates.append((score, -idx, (s, e)))
    if not candidates:
        return None
    best = max(candidates)
    if best[0] >= 2.0:  # found inside another line: a repeated headline
        return best[2]
    return spans[0] if any(c[2] == spans[0] for c in candidates) else None
