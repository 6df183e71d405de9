"""Find the words that date a statement and turn them into a calendar date.

News rarely prints the date of a statement; it writes "on Wednesday" or "on the 21st"
and leaves the reader to count back from the publication date. This module does that
counting, and refuses to guess when the words name a period ("last week", "in October")
rather than a day.

The words and patterns live in overture/data/dates.toml; the rules for turning each kind
of mention into a date live here, in `resolve`. dateparser is not needed: every pattern
captures its day, month and year, so turning them into a date is plain arithmetic, and
the arithmetic is exactly the contract's "most recent such day on or before publication".
"""

from __future__ import annotations

import datetime
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from collections.abc import Callable
from typing import Any

__all__ = ["DateMention", "find_date_mentions", "resolve", "date_for_sentence"]

# Kinds that name a period, not a day; used to prefer a precise mention on a tie.
_PERIOD_KINDS = frozenset({"vague"})


@dataclass(frozen=True)
class DateMention:
    """Words in a sentence that date something: `sentence[start:end] == text`.

    kind is one of "explicit", "weekday", "day_of_month", "relative", "same_day", "vague".
    """

    start: int
    end: int
    text: str
    kind: str


@dataclass(frozen=True)
class _Rules:
    """dates.toml, compiled: read once per process, never changed."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    speech_cue: re.Pattern[str]
    months: dict[str, int]  # "nov" -> 11
    weekdays: dict[str, int]  # "wednesday" -> 2 (Monday is 0)
    numbers: dict[str, int]
    day_units: dict[str, int]
    relative_days: dict[str, int]
    chained: dict[str, int]
    fixed_holidays: dict[str, tuple[int, int]]


def _norm(words: str) -> str:
    """Lower case, single spaces: the form used as a key in the word tables."""
    return " ".join(words.lower().split())


def _alternation(words: list[str]) -> str:
    """A regex alternation of phrases, longest first so "Sept" beats "Sep"."""
    ordered = sorted(words, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + ")"


@cache
def _rules() -> _Rules:
    data: dict[str, Any] = tomllib.loads(
        files("overture.data").joinpath("dates.toml").read_text("utf-8")
    )
    month_names = [name for names in data["months"] for name in names]
    lists = {
        "weekdays": data["weekdays"],
        "months": month_names,
        "month_names": [names[0] for names in data["months"]],
        "part_of_day": data["part_of_day"],
        "numbers": list(data["numbers"]),
        "day_units": list(data["day_units"]),
        "relative_days": list(data["relative_days"]),
        "chained": list(data["chained"]),
        "fixed_holidays": list(data["fixed_holidays"]),
        "movable_holidays": data["movable_holidays"],
        "periods": data["periods"],
        "ordinal_blockers": data["ordinal_blockers"],
    }

    def expand(regex: str) -> str:
        # Only lower-case names are placeholders, so {1,2} quantifiers are left alone.
        return re.sub(r"\{([a-z_]+)\}", lambda m: _alternation(lists[m.group(1)]), regex)

    return _Rules(
        patterns=tuple((p["kind"], re.compile(expand(p["regex"]))) for p in data["patterns"]),
        speech_cue=re.compile(r"\b" + _alternation(data["speech_cues"]) + r"\b", re.IGNORECASE),
        months={
            name.lower(): number
            for number, names in enumerate(data["months"], start=1)
            for name in names
        },
        weekdays={name.lower(): i for i, name in enumerate(data["weekdays"])},
        numbers={_norm(k): v for k, v in data["numbers"].items()},
        day_units={_norm(k): v for k, v in data["day_units"].items()},
        relative_days={_norm(k): v for k, v in data["relative_days"].items()},
        chained={_norm(k): v for k, v in data["chained"].items()},
        fixed_holidays={_norm(k): tuple(v) for k, v in data["fixed_holidays"].items()},
    )


# ---- finding -----------------------------------------------------------------------


def find_date_mentions(sentence: str) -> list[DateMention]:
    """Every dating expression in `sentence`, in reading order, none overlapping.

    Overlaps are settled for the longest match ("on Tuesday, March 21" beats "on Tuesday").
    """
    candidates = []
    for rank, (kind, pattern) in enumerate(_rules().patterns):
        for m in pattern.finditer(sentence):
            if m.end() > m.start() and _plausible(m):
                candidates.append((-(m.end() - m.start()), rank, m.start(), m.end(), kind))
    chosen: list[DateMention] = []
    for _, _, start, end, kind in sorted(candidates):
        if all(end <= c.start or start >= c.end for c in chosen):
            chosen.append(DateMention(start, end, sentence[start:end], kind))
    return sorted(chosen, key=lambda c: c.start)


def _plausible(m: re.Match[str]) -> bool:
    """Reject numbers that cannot be a calendar day ("on the 47th", "2023-13-40")."""
    groups = m.groupdict()
    day = int(groups["day"]) if groups.get("day") else None
    if day is not None and not 1 <= day <= 31:
        return False
    if groups.get("month_num") and not 1 <= int(groups["month_num"]) <= 12:
        return False
    return True


# ---- resolving ---------------------------------------------------------------------


def resolve(
    mention: DateMention,
    published: datetime.date | None,
    previous: datetime.date | None = None,
) -> datetime.date | None:
    """The day `mention` names, counting back from `published`; None when it names none.

    Without a year, a date is the most recent such day on or before publication (so
    "on Thursday" in a Thursday article is that Thursday). "On the same day" takes
    `previous`. Periods ("last week", "in October") give None: a period is not a day.
    """
    published, previous = _as_date(published), _as_date(previous)
    rules = _rules()
    groups = _groups(mention)
    if groups is None or mention.kind == "vague":
        return None

    if mention.kind == "same_day":
        offset = rules.chained[_norm(groups["chain"])]
        return previous + datetime.timedelta(days=offset) if previous else None

    if mention.kind == "explicit":
        return _explicit(groups, published)

    if published is None:
        return None
    if mention.kind == "weekday":
        weekday = rules.weekdays[groups["weekday"].lower()]
        back = (published.weekday() - weekday) % 7
        if groups.get("last") and back == 0:  # "last Friday" in a Friday paper
            back = 7
        return published - datetime.timedelta(days=back)
    if mention.kind == "day_of_month":
        day = int(groups["day"])
        return _latest_on_or_before(published, lambda year, month: (year, month, day))
    if mention.kind == "relative":
        if groups.get("rel"):
            days = rules.relative_days[_norm(groups["rel"])]
        else:
            count = groups["count"]
            n = int(count) if count.isdigit() else rules.numbers[_norm(count)]
            days = -n * rules.day_units[_norm(groups["unit"])]
        return published + datetime.timedelta(days=days)
    return None


def _groups(mention: DateMention) -> dict[str, str] | None:
    """Re-read the mention with the first pattern of its kind that covers all of it."""
    for kind, pattern in _rules().patterns:
        if kind == mention.kind and (m := pattern.fullmatch(mention.text)):
            return {k: v for k, v in m.groupdict().items() if v is not None}
    return None


def _explicit(groups: dict[str, str], published: datetime.date | None) -> datetime.date | None:
    rules = _rules()
    if "holiday" in groups:
        month, day = rules.fixed_holidays[_norm(groups["holiday"])]
    else:
        month_num = groups.get("month_num")
        month = int(month_num) if month_num else rules.months[groups["month"].lower()]
        day = int(groups["day"])
    if "year" in groups:
        return _date_or_none(int(groups["year"]), month, day)
    if published is None:
        return None
    return _latest_on_or_before(published, lambda year, _: (year, month, day), step="year")


def _latest_on_or_before(
    published: datetime.date,
    build: Callable[[int, int], tuple[int, int, int]],
    step: str = "month",
) -> datetime.date | None:
    """Walk back from publication, month by month (or year by year), to the first real date.

    `build(year, month)` gives the (year, month, day) to try; days that do not exist in
    a month (30 February) are skipped, so "on the 30th" read on 2 March is 30 January.
    """
    year, month = published.year, published.month
    for _ in range(12 * 8 if step == "month" else 8):  # 8 years covers 29 February
        candidate = _date_or_none(*build(year, month))
        if candidate is not None and candidate <= published:
            return candidate
        if step == "month":
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        else:
            year -= 1
    return None


def _as_date(value: datetime.date | None) -> datetime.date | None:
    """A datetime counts as its calendar day."""
    return value.date() if isinstance(value, datetime.datetime) else value


def _date_or_none(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# ---- choosing ----------------------------------------------------------------------


def date_for_sentence(
    sentence: str,
    published: datetime.date | None,
    previous: datetime.date | None = None,
) -> tuple[DateMention | None, datetime.date | None]:
    """The mention that most likely dates the speech act in `sentence`, and its date.

    Dates inside quotation marks date what was said, not the saying, so they are skipped.
    Of the rest, the one nearest a reporting word ("said", "told", "according to") wins,
    a mention opening the sentence before a comma ("On Tuesday, ...") counting as next
    to it; with no
    reporting word, the first one wins. "On the same day" is dated from an earlier date in
    the same sentence, else from `previous`.
    """
    quoted = _quoted_regions(sentence)
    mentions = [
        m for m in find_date_mentions(sentence)
        if not any(a <= m.start and m.end <= b for a, b in quoted)
    ]
    if not mentions:
        return None, None

    cues = [(c.start(), c.end()) for c in _rules().speech_cue.finditer(sentence)]
    if cues:
        lead = len(sentence) - len(sentence.lstrip())

        def distance(m: DateMention) -> int:
            if m.start <= lead and sentence[m.end : m.end + 1] == ",":  # "On Tuesday, ..."
                return 0
            return min(max(a - m.end, m.start - b, 0) for a, b in cues)

        best = min(mentions, key=lambda m: (distance(m), m.kind in _PERIOD_KINDS, m.start))
    else:
        best = mentions[0]

    if best.kind == "same_day":
        for earlier in reversed([m for m in mentions if m.end <= best.start]):
            if (day := resolve(earlier, published, previous)) is not None:
                previous = day
                break
    return best, resolve(best, published, previous)


def _quoted_regions(sentence: str) -> list[tuple[int, int]]:
    """Spans between paired double quotes (curly or straight); an unclosed quote runs on."""
    regions, opened = [], None
    for i, ch in enumerate(sentence):
        if ch == "\u201c" or (ch == '"' and opened is None):
            opened = i if opened is None else opened
        elif (ch == "\u201d" or ch == '"') and opened is not None:
            regions.append((opened, i + 1))
            opened = None
    if opened is not None:
        regions.append((opened, len(sentence)))
    return regions
