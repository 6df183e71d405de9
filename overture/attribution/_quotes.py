"""Quotation spans in a paragraph: any marks, nested, or left unclosed.

A quote left open at the end of a paragraph runs to the paragraph's end (news style for
quotes that go on over several paragraphs). Apostrophes are told apart from single quotes
by what stands on either side of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from overture.attribution._rules import rules


@dataclass(frozen=True)
class Quote:
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    depth: int  # 0 for an outer quote, 1 for a quote inside it
    closed: bool


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and (after.isalnum() or after in " .,;:!?")


def find_quotes(text: str) -> list[Quote]:
    """All quotes in `text`, outer and nested, in order of their opening mark."""
    pairs = rules().quote_pairs
    closers_of = {}
    for open_mark, close_mark in pairs:
        closers_of.setdefault(open_mark, set()).add(close_mark)
    quotes: list[Quote] = []
    stack: list[tuple[str, int]] = []  # (opening mark, index of first inside char)
    i = 0
    while i < len(text):
        ch = text[i]
        single = ch in "‘’'"
        if single and _is_apostrophe(text, i):
            i += 1
            continue
        if stack and ch in closers_of.get(stack[-1][0], ()):
            before = text[i - 1] if i else " "
            # a straight or curly mark that could open: it closes only after non-space
            if not (ch in "\"”" and before.isspace() and ch in closers_of and stack[-1][0] != ch):
                mark, start = stack.pop()
                if text[start:i].strip():
                    quotes.append(Quote(start, i, len(stack), True))
                i += 1
                continue
        if ch in closers_of and len(stack) < 2:
            after = text[i + 1] if i + 1 < len(text) else " "
            if not after.isspace() or ch in "«„":
                if not (single and stack == [] and ch == "’"):
                    stack.append((ch, i + 1))
        i += 1
    while stack:  # unclosed: runs to the end of the paragraph
        _, start = stack.pop()
        if len(text[start:].split()) >= 3:
            quotes.append(Quote(start, len(text.rstrip()), len(stack), False))
    quotes = [q for q in quotes if q.depth == 0 or len(text[q.start:q.end].split()) >= 2]
    quotes += [q for q in _dash_quotes(text) if not any(o.start < q.end and q.start < o.end for o in quotes)]
    return sorted(quotes, key=lambda q: (q.start, -q.end))


# '— We are ready, — said Peskov.': a dash opens the quote where a sentence starts, and a
# dash after its closing comma or stop closes it before the attribution (a menu's
# '- Item - Item' has no such punctuation) (translated Russian and
# French copy writes dialogue so).
_DASH_QUOTE = re.compile(r"(?:^|(?<=[.!?…])\s+)[—–-]\s+(?P<q>[^—–\n]{1,600}?)[,.!?…]\s+[—–-]\s+(?=\w)")


def _dash_quotes(text: str) -> list[Quote]:
    return [Quote(m.start("q"), m.end("q"), 0, True) for m in _DASH_QUOTE.finditer(text)
            if len(m.group("q").split()) >= 3]
