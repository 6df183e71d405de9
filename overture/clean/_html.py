"""Main text and page metadata from an HTML page, through trafilatura and htmldate.

trafilatura finds the article body in the DOM far better than any line
classifier can on flattened text (0.96 F1 on the extraction benchmark), so HTML
input goes through it. Comments are left out (the benchmark's bodies, like
ours, never include them), paragraphs are re-joined with blank lines so that
each one is a span of ``text``, and the date comes from htmldate (no network:
it reads the string only).
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


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Main text, paragraph spans, title, site name, ISO publication date and language of a page.

    Raises ValueError when the page is empty, cannot be parsed, or has no main text.
    """
    if not html or not html.strip():
        raise ValueError("empty HTML page")
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, date_extraction_params=DATE_OPTIONS, **EXTRACT_OPTIONS)
    except (RecursionError, ValueError, TypeError, AttributeError) as exc:  # lxml on hostile markup
        raise ValueError(f"could not parse HTML page: {exc.__class__.__name__}: {exc}") from exc
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
