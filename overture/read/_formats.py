"""What a file holds, told by its content: one page (HTML, markdown, text, a scraper's tag
cache) or many articles (JSON Lines, a JSON array, CSV, a cache of several `<article>` blocks).

Users bring what their tools wrote, under whatever name; a `.txt` may hold HTML, front
matter or an agent's cache, so the extension is only a tie-breaker. A file of many articles
becomes one Article per row or block, its `source` naming the file and the row ("feed.jsonl#12").
A row is kept as a small JSON object (title, text, url, published, outlet) so that a stored
article can be read again without the original file or its column mapping.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from overture._errors import InputError
from overture.article import Article

# a row's fields, by the names news APIs and crawlers give them (first found wins)
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "heading", "name"),
    "text": ("text", "body", "content", "article", "full_text", "fulltext", "maintext", "article_text",
             "body_text", "story", "description", "summary"),
    "url": ("url", "link", "href", "source_url", "canonical_url", "article_url", "uri", "permalink"),
    "published": ("published", "publishedat", "published_at", "date", "pubdate", "publish_date",
                  "publication_date", "date_published", "datepublished", "date_publish", "datetime",
                  "seendate", "timestamp", "created_at", "time"),
    "outlet": ("outlet", "source", "publisher", "site_name", "sitename", "source_name", "site",
               "publication", "newspaper", "media", "domain", "source_domain"),
}
RECORD_KINDS = ("jsonl", "json", "csv")
_HTML = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|div[\s>]|p>|p\s)", re.I)
_CACHE_TAG = re.compile(r"<(article|content|publication_date|published|title|url|source|outlet|date|text|body)"
                        r"(?:\s[^<>]*)?>", re.I)
_BLOCK = re.compile(r"<article(?:\s[^<>]*)?>(.*?)</article\s*>", re.I | re.S)
_FIELD = re.compile(r"<([a-z_][\w-]*)(?:\s[^<>]*)?>(.*?)</\1\s*>", re.I | re.S)


def sniff(text: str, name: str = "") -> str:
    """The kind of a file's text: jsonl, json, csv (many articles), html, cache, markdown or text."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    lower = name.lower().removesuffix(".gz")
    if head.startswith(("[", "{")) and _json_array(text) is not None:
        return "json"  # an array of articles, or an API answer holding one ({"articles": [...]})
    if head.startswith("{") and _json_lines(text):
        return "jsonl"
    if lower.endswith((".csv", ".tsv")) and _csv_header(text):
        return "csv"
    if _HTML.search(head) and not _front(head):
        return "html"
    if len(_CACHE_TAG.findall(text[:200_000])) >= 2 and _FIELD.search(text):
        return "cache"
    if lower.endswith((".md", ".markdown")) or re.match(r"#{1,3} \S", head):
        return "markdown"
    if lower.endswith((".html", ".htm", ".xhtml")) and "<" in head:
        return "html"
    return "text"


def _front(head: str) -> bool:
    return head.startswith("---")


def _json_lines(text: str) -> bool:
    """Whether the first non-empty lines are JSON objects, one per line."""
    seen = 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            if not isinstance(json.loads(line), dict):
                return False
        except ValueError:
            return seen >= 1  # a later broken line is that row's error, not the file's kind
        seen += 1
        if seen >= 3:
            break
    return seen >= 1


def _json_array(text: str) -> list[Any] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict):  # {"articles": [...]} as NewsAPI answers
        data = next((v for v in data.values() if isinstance(v, list)), None)
    return data if isinstance(data, list) and all(isinstance(x, dict) for x in data) else None


def _csv_header(text: str) -> list[str] | None:
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    header = [h.strip().lower() for h in next(csv.reader([first], delimiter=delimiter), [])]
    known = {n for names in FIELD_NAMES.values() for n in names}
    return header if known.intersection(header) else None


def _norm(key: str) -> str:
    return re.sub(r"[\s-]+", "_", key.strip().lower())


def row_article(row: Mapping[str, Any], source: str, fields: Mapping[str, str] | None = None) -> Article:
    """One article from one row of an export: its fields found by their common names, or by
    `fields` ({"text": "story_body"}) for others. The row is kept as normalised JSON."""
    by_name = {_norm(k): v for k, v in row.items()}
    found: dict[str, Any] = {}
    for field, names in FIELD_NAMES.items():
        wanted = [_norm(fields[field])] if fields and field in fields else list(names)
        for name in wanted:
            value = by_name.get(name)
            if isinstance(value, dict):  # NewsAPI: "source": {"id": ..., "name": "BBC News"}
                value = value.get("name") or value.get("title") or value.get("id")
            if value not in (None, "") and not isinstance(value, (list, dict)):
                found[field] = str(value).strip()
                break
    if fields:
        missing = [f"{k}={v}" for k, v in fields.items() if k in FIELD_NAMES and _norm(v) not in by_name]
        if missing:
            raise InputError(source, f"no column {', '.join(missing)} in this row")
    if not found.get("text"):
        raise InputError(source, "row has no article text (looked for a column named "
                                 f"{', '.join(FIELD_NAMES['text'][:6])}...; map another with --field text=NAME)")
    if found.get("outlet", "").lower().startswith(("http://", "https://")):
        found.setdefault("url", found.pop("outlet"))
    raw = json.dumps(found, ensure_ascii=False, sort_keys=True)
    return record_article(raw, source)


def record_article(raw: str, source: str) -> Article:
    """An Article of kind "record" from its stored JSON (as `row_article` made it)."""
    try:
        found = json.loads(raw)
    except ValueError as exc:
        raise InputError(source, f"stored record is not JSON: {exc}") from exc
    article = Article(source=source, raw=raw, kind="record")
    if str(found.get("url", "")).lower().startswith(("http://", "https://")):
        article.url = found["url"]
    for field in ("title", "outlet"):
        if found.get(field):
            article.hints[f"page_{field}"] = found[field]
    when = parse_when(found.get("published"))
    if when:
        article.hints["page_published"] = when
    return article


def parse_when(value: Any) -> dt.date | None:
    """A date from an export's date field: ISO, RFC 2822, GDELT's 20240725T120000Z, epoch seconds."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    m = re.match(r"((?:19|20)\d\d)-?(\d\d)-?(\d\d)(?:[T\s]|$|Z)", text)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if re.fullmatch(r"\d{9,10}(?:\.\d+)?", text):
            return dt.datetime.fromtimestamp(float(text), dt.UTC).date()
        from email.utils import parsedate_to_datetime
        return parsedate_to_datetime(text).date()
    except (ValueError, TypeError, OverflowError, IndexError):
        return None


def rows(text: str, kind: str, source: str, fields: Mapping[str, str] | None = None) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    """(row number from 1, row or the error that spoils it) for a JSONL, JSON or CSV file."""
    if kind == "jsonl":
        number = 0
        for line in text.splitlines():
            if not line.strip():
                continue
            number += 1
            try:
                value = json.loads(line)
            except ValueError as exc:
                yield number, InputError(f"{source}#{number}", f"not a JSON object: {exc}")
                continue
            yield number, value if isinstance(value, dict) else InputError(f"{source}#{number}", "not a JSON object")
    elif kind == "json":
        yield from enumerate(_json_array(text) or [], start=1)
    else:
        first = text.lstrip("\ufeff").split("\n", 1)[0]
        delimiter = "\t" if first.count("\t") > first.count(",") else ","
        header = {_norm(h) for h in next(csv.reader([first], delimiter=delimiter), [])}
        if not (fields and "text" in fields) and not header & set(FIELD_NAMES["text"]):
            raise InputError(source, f"no article text column (looked for {', '.join(FIELD_NAMES['text'][:6])}...; "
                                     "map another with --field text=NAME)")
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
        number = 0
        try:
            for row in reader:
                number += 1
                if row.get(None):  # type: ignore[call-overload]
                    yield number, InputError(f"{source}#{number}", "row has more values than the header has columns")
                    continue
                yield number, {k: v for k, v in row.items() if k is not None}
        except csv.Error as exc:
            yield number + 1, InputError(f"{source}#{number + 1}", f"not readable as CSV from here on: {exc}")


def cache_blocks(text: str) -> list[tuple[int, int, str | None]]:
    """(start, end, the heading above it) of the inside of each `<article>` block of a cache;
    the whole text as one block when it has none. The heading often names the outlet."""
    found = list(_BLOCK.finditer(text))
    if not found:
        return [(0, len(text), None)]
    out: list[tuple[int, int, str | None]] = []
    heading = None  # a heading holds for every block under it
    for k, m in enumerate(found):
        start, end = m.start(1), m.end(1)
        between = text[found[k - 1].end() if k else 0:m.start()]  # text since the block before
        for line in reversed(between.splitlines()[-40:]):
            stripped = line.strip()
            if stripped.startswith("<") or stripped.endswith(">"):
                continue  # the tags of the block before
            if stripped and len(stripped) < 100:
                heading = re.sub(r"^(?:#{1,6}|=+|-+)\s*|\s*(?:=+|-+)$", "", stripped).strip() or None
                break
        out.append((start, end, heading))
    return out


def cache_fields(text: str, start: int = 0, end: int | None = None) -> dict[str, tuple[int, int]]:
    """Spans of the inner text of each known tag of a cache block, first occurrence each."""
    spans: dict[str, tuple[int, int]] = {}
    for m in _FIELD.finditer(text, start, len(text) if end is None else end):
        name = m.group(1).lower()
        if name != "article":
            spans.setdefault(name, (m.start(2), m.end(2)))
    return spans
