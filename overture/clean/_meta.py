"""Article metadata from flattened text: outlet, publication date and language.

Pages state these in their boilerplate (copyright lines, bracketed bylines, date lines under
the headline), so we look there, never in the body's own sentences.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from functools import cache

from overture.clean._stopwords import stop_words

_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# the year may run into what follows on a flattened page ("26 Feb 202426 Feb 2024")
_DAY_MONTH_YEAR = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?:19|20)\d\d|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)"
    r"(?:(?!\d)|(?=\d{1,2}\s*[A-Za-z])|(?=\d{1,2}:\d\d))", re.I)
_DOTTED = re.compile(r"(?<![\d./])(\d{1,2})([./])(\d{1,2})\2((?:19|20)?\d\d)(?![\d./])")  # 26.02.2024, 11/20/19
# "22 de outubro de 2010", "25. September 2018", "Maret 30, 2015", "11 октября 2018"
_WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]{3,12})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)"
                        r"|([^\W\d_]{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)")
_HAN, _KANA, _HANGUL = re.compile("[\u4e00-\u9fff]"), re.compile("[\u3040-\u30ff]"), re.compile("[\uac00-\ud7af]")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)


def line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line)
    return spans


def boilerplate_lines(text: str, body: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The non-empty lines that are not body, in order."""
    spans = sorted(body)
    starts = [s for s, _ in spans]

    def in_body(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < spans[k][1]
    return [(s, e) for s, e in line_spans(text) if not in_body(s)]


def date_in_line(line: str) -> dt.date | None:
    """A full calendar date stated in a short metadata line ("3 Feb, 2021 08:15")."""
    m = _ISO.search(line)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = _DOTTED.search(line)
    if m:  # 26.02.2024 is day first; 11/20/19 and 11.14.2019 month first (US pages)
        a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        year += 2000 if year < 100 else 0
        first = (a, b) if m.group(2) == "." else (b, a)
        for day, month in (first, first[::-1]):
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
        return None
    m = _DAY_MONTH_YEAR.search(line)
    if m:  # the regex fixed the shape: day, English month name and year, in either order
        day, year = re.findall(r"\d+", m.group(0))[:2]
        word = re.search(r"[a-z]{3}", m.group(0).casefold())  # casefold: IGNORECASE let "ſept" in
        if word is None or word.group(0) not in _MONTHS:
            return None
        try:
            return dt.date(int(year), _MONTHS.index(word.group(0)) + 1, int(day))
        except ValueError:  # "31 Feb 2021"
            return None
    for m in _WORD_DATE.finditer(line):  # a month named in another language
        day, word, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        month = _month_number(word)
        if month:
            try:
                return dt.date(int(year), month, int(day))
            except ValueError:
                return None
    return None


@cache
def _month_stems() -> list[tuple[str, int]]:
    """(stem, month) from data/clean/months.toml, longest stems first."""
    import tomllib
    from importlib.resources import files
    table = tomllib.loads(files("overture.data").joinpath("clean/months.toml").read_text("utf-8"))
    return sorted(((stem, i + 1) for stems in table.values() for i, stem in enumerate(stems)),
                  key=lambda x: -len(x[0]))


def _month_number(word: str) -> int | None:
    low = word.casefold()
    for stem, month in _month_stems():
        if low.startswith(stem) and len(low) <= len(stem) + 4:
            return month
    return None


_STAMP_UPDATED = re.compile(r"(?i)\W*(?:last\s+)?(?:updated|modified)\b")
_STAMP = re.compile(r"(?i)^\W{0,3}(?:published|updated|posted|first published|date|last updated|created)\b")


def published_date(text: str, body: list[tuple[int, int]]) -> dt.date | None:
    """The first full date in a short non-body line before the body starts or among its first
    paragraphs (a date line under a byline); else the first "Published ..." line anywhere
    outside the body (the original date, not an update)."""
    first_body = body[0][0] if body else len(text)
    top = body[min(3, len(body) - 1)][0] if body else len(text)
    stamped = []
    for s, e in boilerplate_lines(text, body):
        line = text[s:e]
        if len(line) > 80 or _COPYRIGHT.search(line):
            continue
        found = date_in_line(line)
        if found and (s < first_body or (s < top and not _STAMP_UPDATED.match(line))):
            return found
        if found and _STAMP.match(line):
            stamped.append((not re.match(r"(?i)\W*(?:last )?updated", line), found))
    return max(stamped, key=lambda x: x[0])[1] if stamped else None


def dateline_date(text: str, body: list[tuple[int, int]]) -> dt.date | None:
    """A full date in the dateline opening the body ("MINSK, 26 February 2024 (BelTA) -")."""
    for s, e in body[:2]:
        head = text[s:min(e, s + 120)]
        m = re.match(r"[^.!?]{0,100}?(?:\)\s*[-–—:]|\s[-–—]\s)", head)
        if m:
            found = date_in_line(m.group(0))
            if found:
                return found
    return None


def photo_credit(line: str) -> bool:
    """'© Agency / Photographer' credits a picture; '© 2024 Example Wire. All rights reserved.'
    names the page's owner."""
    return bool(re.search(r"(?:©|\(c\))\s*[^/]{1,40}/", line)) and not re.search(r"rights reserved|\d{4}", line, re.I)


def outlet_candidates(text: str, body: list[tuple[int, int]], title: tuple[int, int] | None) -> list[str]:
    """Lines likely to name the publishing outlet, best first: copyright lines (a photo
    credit such as '© Agency / Photographer' names the picture's source, so it comes last),
    bracketed bylines at the start of the body, then a masthead after the headline."""
    rights, credits, others = [], [], []
    for s, e in boilerplate_lines(text, body):
        line = text[s:e]
        if _COPYRIGHT.search(line):
            (credits if photo_credit(line) else rights).append(line)
    for s, _ in body[:2]:
        line_start = text.rfind("\n", 0, s) + 1
        lead = text[line_start:s + 220]
        m = re.match(r"\s*[\[(【]([^\])】]{3,200})[\])】]", lead)
        if m:
            others.append(m.group(1))
    if title:
        head = text[title[0]:title[1]]
        parts = re.split(r"\s+[|–—-]\s+", head)
        if len(parts) > 1:
            others.append(parts[-1])
    return rights + others + credits


_SITE_CHROME = re.compile(r"(?i)\b(?:cookies?|subscribe|sign in|log in|newsletter|privacy|skip to|"
                          r"advertisement|share on|read more|all rights)\b")
_LEGAL = re.compile(r"(?i)[\s,]+(?:ltd\.?|limited|inc\.?|llc|plc|gmbh|s\.a\.|pvt\.?|private|media|group|"
                    r"corporation|corp\.?|company|co\.|publishing|publications|communications|holdings|"
                    r"interactive|digital|network|enterprises)$")
_LEGAL_HEAD = re.compile(r"(?i)^(?:copyright|all rights reserved|\(c\)|©)[\s.,]*")


def strip_legal(name: str) -> str:
    """'Meridian Herald Ltd' -> 'Meridian Herald', 'Snopes Media Group' -> 'Snopes': the
    outlet, not its company."""
    name = _LEGAL_HEAD.sub("", name.strip())
    while True:
        shorter = _LEGAL.sub("", name).strip()
        if shorter == name or not shorter:
            return shorter or name
        name = shorter


def weak_title(title: str | None, outlet: str | None) -> bool:
    """A missing title, a menu line or the masthead picked as the headline."""
    if not title:
        return True
    if outlet and strip_legal(outlet).lower() in title.lower() and len(title.split()) <= 8:
        return True
    return len(title.split()) <= 5


def headline_above_body(text: str, body: list[tuple[int, int]]) -> str | None:
    """The headline-like line above the body: 5-25 words, no closing period, no menu bars,
    no byline and no date; the longest such line among the page's opening lines."""
    if not body:
        return None
    best = None
    for s, e in boilerplate_lines(text, body)[:20]:
        if s >= body[0][0]:
            break
        line = text[s:e]
        words = line.split()
        if not 5 <= len(words) <= 25 or line.endswith((".", ":")) or "|" in line \
                or re.match(r"(?i)by\s", line) or date_in_line(line) or _COPYRIGHT.search(line) \
                or _SITE_CHROME.search(line):
            continue
        if best is None or len(words) > len(best.split()):
            best = line
    return best


_HOLDER = re.compile(r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d(?:\s*[–-]\s*(?:19|20)\d\d)?\s*,?\s*)?"
                     r"(?:by\s+)?(?:the\s+)?([A-Z][\w&'’. -]{1,50}?)\s*(?:[.,;|]|all rights|unless|\s-\s|$)", re.I)


def copyright_holder(lines: list[str]) -> str | None:
    """The name after the © in a copyright line ('© 2024 Example Wire. All rights reserved.'),
    for outlets the registry does not know. Photo credits ('© Agency / Name') are skipped."""
    for line in lines:
        if "/" in line:
            continue
        m = _HOLDER.search(line)
        if m:
            name = re.sub(r"\s+(?:19|20)\d\d$", "", m.group(1).strip(" .-"))
            name = strip_legal(name)
            if 1 <= len(name.split()) <= 6 and name[0].isupper():
                return name
    return None


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    """Stop word lists shipped with spaCy, one per language we can tell apart."""
    return {lang: stop_words(lang) for lang in ("en", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "tr", "pl")}


def language(text: str) -> str | None:
    """The body's language by script and stop-word share; None when nothing is clear."""
    if not text.strip():
        return None
    sample = text[:5000]
    cjk, kana, hangul = (len(script.findall(sample)) for script in (_HAN, _KANA, _HANGUL))
    letters = sum(map(str.isalpha, sample)) or 1
    if hangul / letters > 0.3:
        return "ko"
    if kana / letters > 0.1:
        return "ja"
    if cjk / letters > 0.3:
        return "zh"
    words = Counter(re.findall(r"\w+", sample.lower()))
    if not words:
        return None
    total = words.total()
    scores = {lang: sum(words[w] for w in stops.intersection(words)) / total for lang, stops in _stopwords().items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= 0.15 else None
