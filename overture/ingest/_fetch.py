"""Fetching pages and feeds over HTTP, politely, within limits, and only from public hosts.

The client is passed in (tests hand over one built on `httpx.MockTransport`); the default
one sets timeouts and a user agent. Redirects are followed here, one hop at a time, so that
every hop is checked: its host must resolve only to public addresses (no loopback, private,
link-local or cloud-metadata address) unless `allow_private` is set. The resolver is passed
in too, so tests give their own answers without DNS.

The default client's transport (`PinnedTransport`) closes the DNS-rebinding gap: httpx would
resolve the host name again when it connects, and a hostile DNS server could answer a public
address for the check and 127.0.0.1 for the connection. Instead, its network backend resolves
the name itself when it opens a connection (with `fetch`'s resolver and `allow_private`),
checks every address with the same rule, and connects to those checked IP addresses only, so
no name is resolved after its check. (`fetch` still checks each hop first, for an early error
and for clients on other transports.) The URL is unchanged, so the Host header, TLS SNI and
certificate verification still use the host name. Environment proxies are not used by the
default client: a proxy would resolve the name itself.

Bodies over MAX_BYTES are refused while streaming. Content-Encoding is undone here, in
bounded steps, so a small gzip bomb is stopped at MAX_BYTES of inflated bytes.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import ipaddress
import re
import socket
import ssl
import warnings
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, NamedTuple

import httpcore
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
    """An httpx client with overture's timeouts and user agent, connecting only to checked
    addresses (`PinnedTransport`); `fetch` follows redirects itself."""
    return httpx.Client(timeout=TIMEOUT, follow_redirects=False, transport=PinnedTransport(),
                        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})


def _private_address(addresses) -> str | None:
    """The first address that is not public (one that does not parse counts as not public)."""
    for address in addresses:
        try:
            if not is_public(address):
                return address
        except ValueError:
            return address
    return None


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
    bad = _private_address(addresses)
    if bad is not None:
        raise InputError(url, _refusal(host, bad))


def _refusal(host: str, address: str) -> str:
    return (f"refused: {host} is a private, loopback, link-local or metadata address "
            f"({address}); pass --allow-private to fetch it")


# ---------------------------------------------------------------- connecting to checked addresses only


class _Policy(NamedTuple):
    allow_private: bool
    resolve: Resolver


_STRICT = _Policy(allow_private=False, resolve=system_resolve)
_POLICY: ContextVar[_Policy] = ContextVar("overture_fetch_policy", default=_STRICT)
"""What `fetch` asked for; outside `fetch`, the pinned transport is strict with the system resolver."""


class RefusedAddress(httpcore.ConnectError):
    """The host resolved (at connection time) to an address the policy forbids; httpx raises it
    as an `httpx.ConnectError` whose `__cause__` is this, and `fetch` turns it into an InputError."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(_refusal(host, address))
        self.host, self.address = host, address


def _same_address(a: str, b: str) -> bool:
    try:
        return ipaddress.ip_address(a.split("%", 1)[0]) == ipaddress.ip_address(b.split("%", 1)[0])
    except ValueError:
        return False


class _PinnedBackend(httpcore.SyncBackend):
    """httpcore's network backend, but `connect_tcp(host, ...)` resolves the host once, refuses
    it if any address is not public (unless this backend's pool allows private addresses), and
    connects to the checked IP addresses themselves, so nothing resolves the name a second time.
    TLS is started afterwards by httpcore with the host name as server_hostname (SNI and
    certificate verification), because the connection's origin is still the URL's host."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        addresses = self.checked_addresses(host)
        last: Exception | None = None
        for address in addresses:
            try:
                stream = super().connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                             socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            peer = stream.get_extra_info("server_addr")
            if not (isinstance(peer, tuple) and peer and _same_address(str(peer[0]), address)):
                stream.close()  # an IP literal was resolved to something else: never use it
                raise RefusedAddress(host, str(peer[0]) if isinstance(peer, tuple) and peer else "unknown")
            return stream
        raise last if last is not None else httpcore.ConnectError(f"could not connect to {host}")

    def checked_addresses(self, host: str) -> Sequence[str]:
        """The addresses to connect to for `host`, each an IP address and checked; raises
        RefusedAddress or httpcore.ConnectError."""
        bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
        if _is_ip(bare):
            addresses = [bare]
        else:
            try:
                addresses = list(_POLICY.get().resolve(bare))
            except (OSError, UnicodeError) as exc:
                raise httpcore.ConnectError(f"could not resolve {bare}: {exc}") from None
            if not addresses:
                raise httpcore.ConnectError(f"could not resolve {bare}: no addresses")
            odd = [a for a in addresses if not (isinstance(a, str) and _is_ip(a))]
            if odd:  # connecting to a name would resolve it again, unchecked
                raise httpcore.ConnectError(f"could not resolve {bare}: not an IP address: {odd[0]!r}"[:300])
        if not self.allow_private:
            bad = _private_address(addresses)
            if bad is not None:
                raise RefusedAddress(bare, bad)
        return addresses


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return False
    return True


class _PinnedHTTPTransport(httpx.HTTPTransport):
    """httpx's own transport (request and response handling, error mapping), with a connection
    pool whose network backend is a `_PinnedBackend`; no proxy, which would resolve names itself."""

    def __init__(self, allow_private: bool, ssl_context: ssl.SSLContext) -> None:
        super().__init__(verify=ssl_context)
        self._pool = httpcore.ConnectionPool(ssl_context=ssl_context, max_connections=100,
                                             max_keepalive_connections=20, keepalive_expiry=5.0,
                                             network_backend=_PinnedBackend(allow_private))


class PinnedTransport(httpx.BaseTransport):
    """An httpx transport that connects only to addresses it has resolved and checked itself.

    Connections opened under `allow_private` are kept in a pool of their own, so a kept-alive
    connection to a private address is never reused by a fetch that forbids private addresses."""

    def __init__(self, verify: ssl.SSLContext | bool = True) -> None:
        ssl_context = httpx.create_ssl_context(verify=verify)
        self._transports = {flag: _PinnedHTTPTransport(flag, ssl_context) for flag in (False, True)}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._transports[_POLICY.get().allow_private].handle_request(request)

    def close(self) -> None:
        for transport in self._transports.values():
            transport.close()


@contextlib.contextmanager
def _policy(allow_private: bool, resolve: Resolver) -> Iterator[None]:
    token = _POLICY.set(_Policy(allow_private, resolve))
    try:
        yield
    finally:
        _POLICY.reset(token)


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
    every failure is an InputError naming the URL and saying what went wrong.

    With the default client the check is made again when connecting, on the addresses connected
    to (`PinnedTransport`, using `allow_private` and `resolve` from here), so a host name that
    resolves differently the second time (DNS rebinding) is refused, not followed."""
    current = url
    try:
        with _policy(allow_private, resolve):
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
        if isinstance(exc.__cause__, RefusedAddress):  # refused when connecting, by the pinned transport
            problem = str(exc.__cause__)
            raise InputError(url, problem if current == url else f"redirected to {current}: {problem}"[:500]) from None
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
