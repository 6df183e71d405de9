"""The clean stage: main text and page metadata, from HTML or from flattened text."""
from __future__ import annotations

import re

from overture.article import Article
from overture.clean import _meta, _outlet
from overture.pipeline import register_stage
from overture.read import front_matter, parse_date


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


_JUNK_TITLE = re.compile(r"(?i)cookie|your privacy|privacy (?:policy|settings|notice)|we use |javascript|"
                         r"subscribe|sign in|log in|advertisement|skip to|^menu$|newsletter|accept all|"
                         r"^(?:description|summary|tags?|categories|author|keywords)\s*:")
_JUNK_LINE = re.compile(r"^\s*<[a-zA-Z_]+>.*</[a-zA-Z_]+>\s*$|^\s*[a-z_]{3,20}:\s|(?i:cookies?\b|your privacy)|"
                        r"^\s*(?i:(?:[a-z]+\s*:\s*)?https?://\S+)\s*$")
_TAGS = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?>")
_KEYED = re.compile(r"(?i)^\s*(?:title|headline)\s*:\s*")
_BULLET = re.compile(r"^\s*[•·*▪►»›-]\s")


def clean_title(line: str | None) -> str | None:
    """A headline line as a reader would write it: no tags, no "title:" key, no heading marks;
    None for a cookie banner, a menu, a teaser bullet or a front-matter description."""
    if not line:
        return None
    line = _TAGS.sub(" ", line)
    line = " ".join(_KEYED.sub("", re.sub(r"^#+\s*", "", line.strip())).split()).strip("`'\" ")
    if not line or _JUNK_TITLE.search(line) or _BULLET.match(line):
        return None
    return line


def _registry():  # noqa: ANN202 - keeps the registry's import out of module load
    from overture.actors._registry import OutletRegistry
    return OutletRegistry.default()


def canonical_outlet(name: str | None) -> str | None:
    """A known outlet's own name for what a page or a user called it ("BBC News", "bbc.co.uk"
    -> "BBC"); anything else as given."""
    if not name:
        return None
    registry = _registry()
    hit = registry.lookup(name.strip())
    if hit is None and name.lower().startswith(("http://", "https://")):
        hit = _outlet.host_outlet(name, registry)
    return hit.name if hit else name.strip()


@register_stage("clean", requires=("raw", "kind"),
                produces=("text", "body", "title", "outlet", "published", "language"))
class CleanStage:
    """Separate the article's main text from the page around it and read the page's metadata."""

    def __call__(self, article: Article) -> Article:
        {"html": self._html, "record": self._record, "cache": self._cache}.get(article.kind, self._text)(article)
        self._apply_hints(article)
        return article

    def _html(self, article: Article) -> None:
        from overture.clean._html import extract_html
        page = extract_html(article.raw, article.url)
        article.text, article.offsets, article.body = page.text, "text", list(page.body)
        registry = _registry()
        site = _outlet.host_outlet(article.url, registry)
        named = (page.site_name and canonical_outlet(page.site_name)) or None
        found = _outlet.find_outlet(page.text, article.body, [], page.title, None, registry)
        article.outlet = (site.name if site else None) or named or found.outlet
        article.wire = found.wire if found.wire != article.outlet else None
        article.title = page.title and _outlet.strip_site(page.title, article.outlet, registry)
        article.published = parse_date(page.published)
        article.language = page.language or _meta.language(page.text)

    def _record(self, article: Article) -> None:
        """One row of an export: its text is all body; its metadata came with it (hints)."""
        import json
        text = str(json.loads(article.raw).get("text", ""))
        article.text, article.offsets = text, "text"
        article.body = [(s, e) for s, e in _meta.line_spans(text)
                        if not (len(text[s:e].split()) <= 8 and _meta.date_in_line(text[s:e]))]
        self._read_meta(article, text, title=None)
        article.language = _meta.language(text)

    def _cache(self, article: Article) -> None:
        """A scraper's or agent's cache: `<title>`, `<publication_date>`, `<content>` tags."""
        from overture.read._formats import cache_fields, parse_when
        text = article.raw
        fields = cache_fields(text)
        content = next((fields[k] for k in ("content", "text", "body", "article_text", "maintext") if k in fields), None)
        if content is None:
            self._text(article)
        else:
            article.text, article.offsets = text, "raw"
            article.body = [(s, e) for s, e in _meta.line_spans(text[content[0]:content[1]])]
            article.body = [(s + content[0], e + content[0]) for s, e in article.body
                            if not _TAGS.fullmatch(text[s + content[0]:e + content[0]])]
            article.language = _meta.language(" ".join(text[s:e] for s, e in article.body))
        value = {k: text[s:e].strip() for k, (s, e) in fields.items()}
        for key in ("url", "link", "source_url", "source", "canonical_url"):
            if value.get(key, "").lower().startswith(("http://", "https://")):
                article.url = article.url or value[key]
                break
        for key in ("publication_date", "published", "date", "pubdate", "published_at", "datetime"):
            when = parse_when(value.get(key)) or _meta.date_in_line(value.get(key, ""))
            if when:
                article.hints.setdefault("page_published", when)
                break
        for key in ("outlet", "publisher", "site_name", "source", "site", "publication"):
            name = value.get(key, "")
            if name and not name.lower().startswith(("http://", "https://")) and len(name) < 80:
                article.hints.setdefault("page_outlet", name)
                break
        heading = article.hints.get("page_heading")
        if heading and "page_outlet" not in article.hints:
            named = _registry().find_in(heading)
            if named:
                article.hints["page_outlet"] = named[0][2].name
        title = clean_title(value.get("title") or value.get("headline"))
        if title:
            article.hints.setdefault("page_title", title)
        if content is not None:
            self._read_meta(article, text, title=title)

    def _text(self, article: Article) -> None:
        from overture.clean._lines import body_spans, title_line
        text = article.raw
        article.text, article.offsets = text, "raw"
        start = front_matter(text)[1]
        rest = text[start:]
        article.body = [(s + start, e + start) for s, e in body_spans(rest)]
        if len(_meta.line_spans(rest)) <= _SHORT_PAGE:
            article.body = _short_page_body(text, start)
        if article.kind == "markdown" or rest.lstrip().startswith("#"):  # markdown headings are titles
            article.body = [(s, e) for s, e in article.body if not text[s:e].startswith("#")]
        # a teaser line ("READ MORE: ...", "Related: ...") links elsewhere
        article.body = [(s, e) for s, e in article.body if not _TEASER.match(text[s:e])]
        # a short line that is mostly a date ("Published: 12 March 2024 09:15") is metadata
        article.body = [(s, e) for s, e in article.body
                        if not (len(text[s:e].split()) <= 8 and _meta.date_in_line(text[s:e]))]
        head = title_line(rest)
        title = clean_title(text[head[0] + start:head[1] + start]) if head else None
        opening = [(s + start, e + start) for s, e in _meta.line_spans(rest)[:3]]  # the page's first lines
        lead = self._headline_in_body(text, article.body, opening)
        if lead is not None:  # a clean page's headline, read as body: it is the title
            article.body.remove(lead)
            title = title if title and not _meta.weak_title(title, None) else clean_title(text[lead[0]:lead[1]])
        windowed = _outlet.window_title(text, opening, _registry())
        site = None
        if windowed:
            title, site = clean_title(windowed[0]) or title, windowed[1]
        self._read_meta(article, text, title=title, start=start, site=site)
        body_text = " ".join(text[s:e] for s, e in article.body)
        article.language = _meta.language(body_text)

    @staticmethod
    def _headline_in_body(text: str, body: list[tuple[int, int]],
                          opening: list[tuple[int, int]]) -> tuple[int, int] | None:
        """The first body line when it reads as a headline (3-25 words, no sentence end, no
        dateline) and more body follows; junk opening the page (a tag line, a "key: value"
        line, a URL, a cookie notice) is dropped from the body first."""
        while len(body) > 1 and body[0] in opening and _JUNK_LINE.search(text[body[0][0]:body[0][1]]):
            del body[0]  # a tag line, a "key: value" line or a cookie notice opening the page
        if len(body) < 2:
            return None
        s, e = body[0]
        line = text[s:e]
        if 3 <= len(line.split()) <= 25 and not _SENTENCE_END.search(line) \
                and not re.search(r"\)\s*[-–—]|^[A-Z][A-Z .,'’-]{2,40}\s[-–—]", line) and clean_title(line):
            return body[0]
        return None

    @staticmethod
    def _read_meta(article: Article, text: str, title: str | None, start: int = 0, site: str | None = None) -> None:
        """Outlet, wire, title and date from the page's own words around the body."""
        registry = _registry()
        boiler = _meta.boilerplate_lines(text, article.body) if article.offsets == "raw" else []
        boiler = [(s, e) for s, e in boiler if s >= start]
        url = article.url or article.hints.get("url")
        found = _outlet.find_outlet(text, article.body, boiler, title, url, registry, site,
                                    article.hints.get("path"))
        article.outlet = found.outlet
        if article.outlet is None and boiler:
            candidates = _meta.outlet_candidates(text, article.body, None)
            article.outlet = _meta.copyright_holder(candidates)
        article.wire = found.wire
        if site is None and _meta.weak_title(title, article.outlet) and boiler:
            rest = text[start:]
            head = _meta.headline_above_body(rest, [(s - start, e - start) for s, e in article.body])
            title = clean_title(head) or title
        article.title = title and _outlet.strip_site(title, article.outlet, registry)
        article.published = _meta.published_date(text, article.body) or _meta.dateline_date(text, article.body)

    @staticmethod
    def _apply_hints(article: Article) -> None:
        """Metadata the user supplied (options, manifest) wins, then what the page declares in
        its front matter, cache tags or export columns, then what extraction found; a date in
        the file's path is the last resort. `published_from` says which one gave the date."""
        hints = article.hints
        if article.published is not None:
            article.published_from = "text"
        for field in ("title", "outlet", "language", "published"):
            value, origin = hints.get(field), "manifest"
            if not value:
                value, origin = hints.get(f"page_{field}"), "text"
            if value and field == "outlet":
                value = canonical_outlet(value)
            elif value and field == "title" and origin == "text":
                value = _outlet.strip_site(clean_title(value) or value, article.outlet, _registry())
            if value:
                setattr(article, field, value)
                if field == "published":
                    article.published_from = origin
        if article.published is None and hints.get("path_published"):
            article.published, article.published_from = hints["path_published"], "path"
        if article.wire and article.wire == article.outlet:
            article.wire = None
