"""Fetching pages and feeds over HTTP, politely, within limits, and only from public hosts.

The client is passed in (tests hand over one built on `httpx.MockTransport`); the default
one sets timeouts and a user agent. Redirects are followed here, one hop at a time, so that
every hop is checked: its host must resolve only to public addresses (no loopback, private,
link-local or cloud-metadata address) unless `allow_private` is set. The resolver is passed
in too, so tests give their own answers without DNS.

Bodies over MAX_BYTES are refused while streaming. Content-Encoding is undone here, in
bounded steps, so a small gzip bomb is stopped at MAX_BYTES of inflated bytes.
"""
from __future__ import annotations

import datetime as dt
import ipaddress
import re
import socket
import warnings
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from overture._errors import InputError

MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
MAX_FEED_ENTRIES = 1000  # a feed lists recent items; more than this is not a feed we trust
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
USER_AGENT = "overture/0.1 (negotiation-signal extraction from news; python-httpx)"
_CHUNK = 65536  # inflate at most this much at a time

Resolver = Callable[[str], list[str]]
"""host name -> its IP addresses (as strings); raises OSError when it cannot be resolved."""


def system_resolve(host: str) -> list[str]:
    """The host's addresses from the system resolver (what httpx itself will connect to)."""
    return sorted({info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})


def default_client() -> httpx.Client:
    """An httpx client with overture's timeouts and user agent; `fetch` follows redirects itself."""
    return httpx.Client(timeout=TIMEOUT, follow_redirects=False,
                        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, link-local,
    metadata, multicast, reserved or unspecified); IPv4 mapped into IPv6 is judged as IPv4."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour or (ip.teredo or (None, None))[1]
        if mapped is not None and not is_public(str(mapped)):
            return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def check_host(url: str, resolve: Resolver = system_resolve) -> None:
    """Refuse a URL whose host is, or resolves to, a non-public address.

    A host that does not resolve is let through: the connection will fail the same way."""
    host = httpx.URL(url).host
    if not host:
        raise InputError(url, "URL has no host")
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = resolve(host)
        except (OSError, UnicodeError):
            return
    for address in addresses:
        try:
            public = is_public(address)
        except ValueError:
            public = False
        if not public:
            raise InputError(url, f"refused: {host} is a private, loopback, link-local or metadata address "
                                  f"({address}); pass --allow-private to fetch it")


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


def fetch(url: str, client: httpx.Client, max_bytes: int = MAX_BYTES, *, allow_private: bool = False,
          resolve: Resolver = system_resolve) -> Page:
    """GET one URL, following up to MAX_REDIRECTS redirects, each hop's host checked first;
    every failure is an InputError naming the URL and saying what went wrong."""
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            if not current.lower().startswith(("http://", "https://")):
                raise InputError(url, f"not an http(s) URL: {current}"[:300])
            if not allow_private:
                try:
                    check_host(current, resolve)
                except InputError as exc:
                    if current == url:
                        raise
                    raise InputError(url, f"redirected to {current}: {exc.problem}"[:500]) from None
            with client.stream("GET", current, follow_redirects=False) as response:
                location = response.headers.get("location")
                if response.is_redirect and location:
                    current = str(response.url.join(location))
                    continue
                return _page(url, response, max_bytes)
        raise InputError(url, "too many redirects")  # a loop ends here too
    except httpx.TimeoutException:
        raise InputError(url, "timed out") from None
    except httpx.InvalidURL as exc:
        raise InputError(url, f"invalid URL: {exc}") from None
    except httpx.HTTPError as exc:
        raise InputError(url, f"could not fetch: {type(exc).__name__}: {exc}") from None


def _page(url: str, response: httpx.Response, max_bytes: int) -> Page:
    if response.status_code >= 400:
        raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise InputError(url, f"response is {int(declared):,} bytes, over the {max_bytes:,}-byte limit")
    chunks, size = [], 0
    for chunk in _decoded(url, response):
        size += len(chunk)
        if size > max_bytes:
            raise InputError(url, f"response is over the {max_bytes:,}-byte limit (after decompression)")
        chunks.append(chunk)
    content_type = response.headers.get("content-type", "").lower()
    return Page(url=str(response.url), body=b"".join(chunks), content_type=content_type,
                charset=response.charset_encoding)


def _decoded(url: str, response: httpx.Response) -> Iterator[bytes]:
    """The body with its Content-Encoding (gzip or deflate) undone, at most _CHUNK bytes at a time."""
    if response.is_stream_consumed:  # a response built in memory (a test's) is already decoded
        body = response.content
        yield from (body[i:i + _CHUNK] for i in range(0, len(body), _CHUNK))
        return
    codings = [c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings:
        yield from response.iter_raw()
        return
    if len(codings) > 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        raise InputError(url, f"unsupported Content-Encoding: {', '.join(codings)}")
    wbits = 16 + zlib.MAX_WBITS if codings[0] != "deflate" else zlib.MAX_WBITS
    inflater = None
    try:
        for raw in response.iter_raw():
            if inflater is None:  # "deflate" is zlib-wrapped by the standard, raw by some servers
                raw_deflate = codings[0] == "deflate" and raw[:1] and (raw[0] & 0x0F) != 8
                inflater = zlib.decompressobj(-zlib.MAX_WBITS if raw_deflate else wbits)
            data = inflater.decompress(raw, _CHUNK)
            while True:
                yield data
                if not inflater.unconsumed_tail:
                    break
                data = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
    except zlib.error as exc:
        raise InputError(url, f"broken {codings[0]} body: {exc}") from None


def feed_entries(page: Page) -> list[tuple[str, dict[str, Any]]]:
    """(link, hints) for each entry of an RSS/Atom feed (the first MAX_FEED_ENTRIES); the
    entry's date and title only fill what the page itself lacks (page_* hints)."""
    import feedparser
    parsed = feedparser.parse(page.body)
    if not parsed.entries and parsed.bozo:
        raise InputError(page.url, f"not a readable feed: {parsed.get('bozo_exception')}")
    entries = []
    for entry in parsed.entries[:MAX_FEED_ENTRIES]:
        link = entry.get("link")
        try:
            absolute = str(httpx.URL(page.url).join(link)) if isinstance(link, str) and link.strip() else None
        except httpx.InvalidURL:
            absolute = None
        if not absolute:
            continue
        hints: dict[str, Any] = {}
        with warnings.catch_warnings():  # feedparser warns about its updated->published fallback
            warnings.simplefilter("ignore", DeprecationWarning)
            stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            if stamp:
                hints["page_published"] = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
        except (ValueError, TypeError, AttributeError):
            pass
        if isinstance(entry.get("title"), str) and entry["title"].strip():
            hints["page_title"] = entry["title"].strip()[:1000]
        entries.append((absolute, hints))
    if not entries:
        problem = f" ({parsed.get('bozo_exception')})" if parsed.bozo else ""
        raise InputError(page.url, f"feed lists no article links{problem}")
    return entries
