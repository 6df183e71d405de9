"""The clean stage: main text and page metadata, from HTML or from flattened text."""
from __future__ import annotations

import re

from overture.article import Article
from overture.clean import _meta
from overture.pipeline import register_stage
from overture.read import front_matter, parse_date


def _outlet(names: list[str]) -> str | None:
    """The first candidate that names a known outlet, in its canonical form."""
    from overture.actors._registry import OutletRegistry
    registry = OutletRegistry.default()
    for text in names:
        found = registry.find_in(text)
        if found:
            return found[0][2].name
        hit = registry.lookup(text.strip())
        if hit:
            return hit.name
    return None


_SHORT_PAGE = 6  # lines: too few for the line classifier's page-level features to mean anything
_TEASER = re.compile(r"(?i)(?:read more|read also|also read|see also|related|recommended|watch)\s*[:|–—-]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


def _short_page_body(text: str, start: int) -> list[tuple[int, int]]:
    """On a page of a few lines (a snippet, a single sentence) every line that reads as a
    sentence is body; a headline or a label is not."""
    spans = [(s + start, e + start) for s, e in _meta.line_spans(text[start:])]
    if len(spans) <= 1:
        return spans  # nothing, or a snippet of one line: all body, whatever its shape
    kept = [(s, e) for s, e in spans if len(text[s:e].split()) >= 6 and _SENTENCE_END.search(text[s:e])]
    return kept or [max(spans, key=lambda sp: len(text[sp[0]:sp[1]].split()))]


@register_stage("clean", requires=("raw", "kind"),
                produces=("text", "body", "title", "outlet", "published", "language"))
class CleanStage:
    """Separate the article's main text from the page around it and read the page's metadata."""

    def __call__(self, article: Article) -> Article:
        if article.kind == "html":
            self._html(article)
        else:
            self._text(article)
        self._apply_hints(article)
        return article

    def _html(self, article: Article) -> None:
        from overture.clean._html import extract_html
        from overture.actors._registry import OutletRegistry
        page = extract_html(article.raw, article.url)
        article.text, article.offsets, article.body = page.text, "text", list(page.body)
        article.title = page.title
        outlet = None
        if article.url:
            from urllib.parse import urlsplit
            hit = OutletRegistry.default().by_domain(urlsplit(article.url).hostname or "")
            outlet = hit.name if hit else None
        article.outlet = outlet or (page.site_name and (_outlet([page.site_name]) or page.site_name))
        article.published = parse_date(page.published)
        article.language = page.language or _meta.language(page.text)

    def _text(self, article: Article) -> None:
        from overture.clean._lines import body_spans, title_line
        text = article.raw
        article.text, article.offsets = text, "raw"
        start = front_matter(text)[1] if article.kind == "markdown" else 0
        rest = text[start:]
        article.body = [(s + start, e + start) for s, e in body_spans(rest)]
        if len(_meta.line_spans(rest)) <= _SHORT_PAGE:
            article.body = _short_page_body(text, start)
        if article.kind == "markdown":  # markdown headings are titles, not body
            article.body = [(s, e) for s, e in article.body if not text[s:e].startswith("#")]
        # a teaser line ("READ MORE: ...", "Related: ...") links elsewhere
        article.body = [(s, e) for s, e in article.body if not _TEASER.match(text[s:e])]
        # a short line that is mostly a date ("Published: 12 March 2024 09:15") is metadata
        article.body = [(s, e) for s, e in article.body
                        if not (len(text[s:e].split()) <= 8 and _meta.date_in_line(text[s:e]))]
        head = title_line(rest)
        title_span = (head[0] + start, head[1] + start) if head else None
        if title_span:
            article.title = re.sub(r"^#+\s*", "", text[title_span[0]:title_span[1]]).strip() or None
        candidates = _meta.outlet_candidates(text, article.body, title_span)
        article.outlet = _outlet(candidates) or _meta.copyright_holder(candidates)
        if _meta.weak_title(article.title, article.outlet):
            head = _meta.headline_above_body(rest, [(s - start, e - start) for s, e in article.body])
            article.title = head or article.title
        article.published = _meta.published_date(text, article.body)
        body_text = " ".join(text[s:e] for s, e in article.body)
        article.language = _meta.language(body_text)

    @staticmethod
    def _apply_hints(article: Article) -> None:
        """Metadata the user supplied (options, manifest) wins, then what the page declares in
        its front matter, then what extraction found."""
        hints = article.hints
        for field in ("title", "outlet", "language", "published"):
            value = hints.get(field) or hints.get(f"page_{field}")  # front matter is the page's own word
            if value:
                setattr(article, field, value)
