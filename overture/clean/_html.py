"""Main text and page metadata from an HTML page, through trafilatura and htmldate.

trafilatura finds the article body in the DOM far better than any line
classifier can on flattened text (0.96 F1 on the extraction benchmark), so HTML
input goes through it. Comments are left out (the benchmark's bodies, like
ours, never include them), paragraphs are re-joined with blank lines so that
each one is a span of ``text``, and the date comes from htmldate (no network:
it reads the string only).

Hostile markup: libxml2 stops building the tree 256 elements deep, so a page nested
deeper (10,000 <div>s, or thousands of unclosed tags) would lose its text. When such a
page yields no text, its markup is flattened (every tag but the few that carry text
structure dropped) and read again; RecursionError and parser errors become a ValueError
naming the problem, never a crash. Long runs of punctuation (broken tags leave "<<<<<<")
are cut to three marks: spaCy's tokenizer takes quadratic time on them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import trafilatura

log = logging.getLogger(__name__)

_LANG_ATTR = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)", re.IGNORECASE)

# Settings picked on the benchmark pages (see scripts/bench_extraction.py).
EXTRACT_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
    "favor_recall": False,
}
DATE_OPTIONS = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%d"}

_MAX_DEPTH = 200  # below libxml2's 256, with room for the page's own head and body
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^>]*?(/?)>")
# leftovers of broken markup ("<<<<<<", "((((((("): spaCy's tokenizer is quadratic on such runs
_PUNCT_RUN = re.compile(r"[^\w\s]{32,}")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_KEEP = frozenset("html head title meta body article main p h1 h2 h3 h4 h5 h6 br li".split())  # libxml2 closes these rather than nest them


@dataclass
class HtmlExtract:
    """The main text of a page, its paragraph spans and what the page says about itself."""

    text: str
    body: list[tuple[int, int]] = field(default_factory=list)
    title: str | None = None
    site_name: str | None = None
    published: str | None = None
    language: str | None = None


def _paragraphs(raw: str) -> tuple[str, list[tuple[int, int]]]:
    """Join trafilatura's lines as blank-line separated paragraphs, with their spans."""
    raw = _PUNCT_RUN.sub(lambda m: m.group(0)[:3], raw)
    parts = [ln.strip() for ln in raw.splitlines() if ln.strip()]
    spans, pos = [], 0
    for part in parts:
        spans.append((pos, pos + len(part)))
        pos += len(part) + 2
    return "\n\n".join(parts), spans


def _language(html: str, detected: str | None) -> str | None:
    m = _LANG_ATTR.search(html[:20000])
    if m:
        return m.group(1).replace("_", "-").lower()
    return detected or None


def _too_deep(html: str) -> bool:
    """Whether open tags pile up past _MAX_DEPTH (unclosed tags count too: they nest in libxml2)."""
    depth = 0
    for m in _TAG.finditer(html):
        closing, name, selfclosing = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            depth = max(0, depth - 1)
        elif name not in _VOID and not selfclosing:
            depth += 1
            if depth > _MAX_DEPTH:
                return True
    return False


def _flatten(html: str) -> str:
    """The page with every tag but the text-structure ones dropped, so it nests shallowly."""
    return _TAG.sub(lambda m: m.group(0) if m.group(2).lower() in _KEEP else " ", html)


def _bare(html: str, url: str | None):
    try:
        return trafilatura.bare_extraction(
            html, url=url, with_metadata=True, date_extraction_params=DATE_OPTIONS, **EXTRACT_OPTIONS)
    except (RecursionError, ValueError, TypeError, AttributeError) as exc:  # lxml on hostile markup
        raise ValueError(f"could not parse HTML page: {exc.__class__.__name__}: {exc}") from exc


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Main text, paragraph spans, title, site name, ISO publication date and language of a page.

    Raises ValueError when the page is empty, cannot be parsed, or has no main text.
    """
    if not html or not html.strip():
        raise ValueError("empty HTML page")
    try:
        doc = _bare(html, url)
    except ValueError:
        doc = None
        if not _too_deep(html):
            raise
    if (doc is None or not (doc.text or "").strip()) and _too_deep(html):
        log.info("HTML nested over %d deep: read again with its markup flattened", _MAX_DEPTH)
        doc = _bare(_flatten(html), url)
    if doc is None or not (doc.text or "").strip():
        raise ValueError("no main text found in HTML page")
    text, spans = _paragraphs(doc.text)
    title = (doc.title or "").strip() or None
    if title:  # trafilatura keeps the <h1>; the headline is not part of the body
        spans = [(s, e) for s, e in spans if text[s:e].casefold() != title.casefold()]
    return HtmlExtract(
        text=text,
        body=spans,
        title=title,
        site_name=(doc.sitename or "").strip() or None,
        published=doc.date or None,
        language=_language(html, getattr(doc, "language", None)),
    )
