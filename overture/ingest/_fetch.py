"""Fetching pages and feeds over HTTP, politely and within limits.

The client is passed in (tests hand over one built on `httpx.MockTransport`); the default
one sets timeouts, a redirect limit and a user agent. Bodies over MAX_BYTES are refused
while streaming, before they are held whole.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import httpx

from overture._errors import InputError

MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
USER_AGENT = "overture/0.1 (negotiation-signal extraction from news; python-httpx)"


def default_client() -> httpx.Client:
    """An httpx client with overture's timeouts, redirect limit and user agent."""
    return httpx.Client(timeout=TIMEOUT, follow_redirects=True, max_redirects=MAX_REDIRECTS,
                        headers={"User-Agent": USER_AGENT})


@dataclass
class Page:
    """A fetched response: the final URL (after redirects), its body, and its content type."""

    url: str
    body: bytes
    content_type: str
    charset: str | None

    @property
    def is_feed(self) -> bool:
        """RSS or Atom, by content type or, for generic XML, by its first element."""
        if re.search(r"rss|atom", self.content_type):
            return True
        head = self.body[:2048].lstrip().lower()
        return b"<html" not in head and any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf"))

    @property
    def kind(self) -> str:
        """The article kind for the reader: html unless the server says plain text or markdown."""
        if "markdown" in self.content_type:
            return "markdown"
        if self.content_type.startswith("text/plain"):
            return "text"
        return "html"

    def text(self) -> str:
        """The body decoded: the declared charset, else UTF-8, else a <meta charset>, else cp1252."""
        if not self.body.strip():
            raise InputError(self.url, "page is empty")
        for charset in (self.charset, "utf-8", _meta_charset(self.body)):
            if charset:
                try:
                    return self.body.decode(charset).lstrip("\ufeff")
                except (UnicodeDecodeError, LookupError):
                    continue
        return self.body.decode("cp1252", errors="replace")


def _meta_charset(body: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", body[:4096], re.I)
    return m.group(1).decode("ascii") if m else None


def fetch(url: str, client: httpx.Client, max_bytes: int = MAX_BYTES) -> Page:
    """GET one URL; every failure is an InputError naming the URL and saying what went wrong."""
    if not url.lower().startswith(("http://", "https://")):
        raise InputError(url, "not an http(s) URL")
    try:
        with client.stream("GET", url, follow_redirects=True) as response:
            if response.status_code >= 400:
                raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            declared = int(response.headers.get("content-length") or 0)
            if declared > max_bytes:
                raise InputError(url, f"response is {declared:,} bytes, over the {max_bytes:,}-byte limit")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(url, f"response is over the {max_bytes:,}-byte limit")
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "").lower()
            return Page(url=str(response.url), body=b"".join(chunks), content_type=content_type,
                        charset=response.charset_encoding)
    except httpx.TooManyRedirects:
        raise InputError(url, "too many redirects") from None
    except httpx.TimeoutException:
        raise InputError(url, "timed out") from None
    except httpx.HTTPError as exc:
        raise InputError(url, f"could not fetch: {type(exc).__name__}: {exc}") from None


def feed_entries(page: Page) -> list[tuple[str, dict[str, Any]]]:
    """(link, hints) for each entry of an RSS/Atom feed; the entry's date and title only fill
    what the page itself lacks (page_* hints)."""
    import feedparser
    parsed = feedparser.parse(page.body)
    if not parsed.entries and parsed.bozo:
        raise InputError(page.url, f"not a readable feed: {parsed.get('bozo_exception')}")
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        if not link:
            continue
        hints: dict[str, Any] = {}
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        if stamp:
            hints["page_published"] = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
        if entry.get("title"):
            hints["page_title"] = entry["title"]
        entries.append((httpx.URL(page.url).join(link).__str__(), hints))
    return entries
