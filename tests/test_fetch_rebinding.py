"""DNS rebinding: the default client connects only to the addresses it has checked.

A hostile DNS server can answer a public address when `fetch` checks a host and 127.0.0.1 when
the connection is made. These tests play that server: names resolve through fakes (the resolver
handed to `fetch`, or a patched `socket.getaddrinfo`, which the system resolver and a plain
httpx connection both use), and "the internet" is a guard on httpcore's socket connections:
93.184.215.14 (the public address the fakes give) is served by a local "public site", loopback
connections go through to the real local servers, and any other address is refused, so nothing
here touches the network. The "internal" server on 127.0.0.1 stands for what an attacker wants
to reach: it must never receive a request unless private addresses are allowed.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpcore
import httpx
import pytest

from overture._errors import InputError
from overture.ingest._fetch import PinnedTransport, default_client, fetch

PUBLIC_IP = "93.184.215.14"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse can be tested

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        server: Site = self.server  # type: ignore[assignment]
        server.seen.append((self.path, self.headers.get("Host", "")))
        status, headers, body = server.answer(self.path)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class Site(ThreadingHTTPServer):
    """A local web server that records (path, Host header) of every request it receives."""

    daemon_threads = True

    def __init__(self, name: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.name = name
        self.seen: list[tuple[str, str]] = []
        self.redirects: dict[str, str] = {}
        self.port = self.server_address[1]

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes]:
        if path in self.redirects:
            return 302, {"Location": self.redirects[path]}, b""
        return 200, {"Content-Type": "text/html; charset=utf-8"}, f"<p>{self.name} {path}</p>".encode()


def _serve(site: Site) -> Iterator[Site]:
    thread = threading.Thread(target=site.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.shutdown()
        site.server_close()
        thread.join(5)


@pytest.fixture
def internal() -> Iterator[Site]:
    """What a rebinding attacker wants to reach: a server on 127.0.0.1."""
    yield from _serve(Site("internal"))


@pytest.fixture
def public_site() -> Iterator[Site]:
    """Stands in for the public host at PUBLIC_IP (see `connections`)."""
    yield from _serve(Site("public"))


@pytest.fixture
def connections(monkeypatch, public_site) -> list[tuple[str, int]]:
    """Every (host, port) httpcore is asked to open a TCP connection to. PUBLIC_IP is served by
    public_site, loopback and names go through (names resolve by the patched getaddrinfo only),
    any other address is refused: no network."""
    opened: list[tuple[str, int]] = []
    real = httpcore.SyncBackend.connect_tcp

    def guarded(self, host, port, timeout=None, local_address=None, socket_options=None):
        opened.append((host, port))
        try:
            address = ipaddress.ip_address(host)
        except ValueError:  # a name: only the faked names below resolve
            return real(self, host, port, timeout, local_address, socket_options)
        if str(address) == PUBLIC_IP:
            return _AtPublicIp(real(self, "127.0.0.1", public_site.port, timeout, local_address, socket_options))
        if address.is_loopback:
            return real(self, host, port, timeout, local_address, socket_options)
        raise httpcore.ConnectError(f"test: no network to {host}")

    monkeypatch.setattr(httpcore.SyncBackend, "connect_tcp", guarded)
    return opened


class _AtPublicIp(httpcore.NetworkStream):
    """A connection to public_site that says it is connected to PUBLIC_IP, as the real one would."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self.stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, timeout)

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None) -> httpcore.NetworkStream:
        return self.stream.start_tls(ssl_context, server_hostname, timeout)

    def get_extra_info(self, info: str) -> object:
        if info == "server_addr":
            return (PUBLIC_IP, self.stream.get_extra_info("server_addr")[1])
        return self.stream.get_extra_info(info)


class Dns:
    """Answers per name, in turn; the last answer repeats. Counts lookups per name."""

    def __init__(self, **answers: list[list[str]]) -> None:
        self.answers = {name.replace("_", "-") + ".test": list(seq) for name, seq in answers.items()}
        self.lookups: dict[str, int] = {}

    def __call__(self, host: str) -> list[str]:
        if host not in self.answers:
            raise OSError(f"test: unknown host {host}")
        n = self.lookups.get(host, 0)
        self.lookups[host] = n + 1
        seq = self.answers[host]
        return seq[min(n, len(seq) - 1)]


@pytest.fixture
def system_dns(monkeypatch):
    """Patch socket.getaddrinfo (what system_resolve and a plain socket connection use): names
    in the returned dict are answered by a Dns, numeric hosts as they are, anything else fails."""
    real = socket.getaddrinfo
    dns = Dns()

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else host
        if name in dns.answers:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "",
                     (a, port or 0)) for a in dns(name)]
        return real(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)  # never a DNS query

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return dns


def fetch_problem(url: str, **kw) -> str:
    with pytest.raises(InputError) as info:
        fetch(url, default_client(), **kw)
    assert info.value.source == url
    return info.value.problem


# ---------------------------------------------------------------- (1) rebinding


def test_a_name_that_rebinds_to_loopback_after_the_check_is_refused(system_dns, internal, connections):
    system_dns.answers["rebind.test"] = [[PUBLIC_IP], ["127.0.0.1"]]  # public for the check, then loopback
    url = f"http://rebind.test:{internal.port}/admin"
    problem = fetch_problem(url)  # the system resolver, as in production
    assert system_dns.lookups["rebind.test"] >= 2  # the check passed on the public answer first
    assert problem == ("refused: rebind.test is a private, loopback, link-local or metadata address "
                       "(127.0.0.1); pass --allow-private to fetch it")
    assert internal.seen == []
    assert connections == []  # not even a TCP connection was opened


def test_the_connection_goes_to_the_address_that_was_checked(system_dns, internal, public_site, connections):
    # fetch's resolver says public (for the check and for the connection); anything else that
    # resolves the name again - such as a plain httpx connection - would be told loopback
    dns = Dns(rebind=[[PUBLIC_IP], [PUBLIC_IP], ["127.0.0.1"]])
    system_dns.answers["rebind.test"] = [["127.0.0.1"]]
    page = fetch(f"http://rebind.test:{internal.port}/story", default_client(), resolve=dns)
    assert page.body == b"<p>public /story</p>"
    assert connections == [(PUBLIC_IP, internal.port)]  # the checked IP, never the name
    assert public_site.seen == [("/story", f"rebind.test:{internal.port}")]  # Host header: the name
    assert internal.seen == []


def test_a_redirect_to_a_name_that_rebinds_is_refused_naming_the_url(system_dns, internal, public_site, connections):
    public_site.redirects["/story"] = f"http://rebind.test:{internal.port}/admin"
    dns = Dns(news=[[PUBLIC_IP]], rebind=[[PUBLIC_IP], ["127.0.0.1"]])
    system_dns.answers["rebind.test"] = [["127.0.0.1"]]
    url = "http://news.test/story"
    problem = fetch_problem(url, resolve=dns)
    assert problem.startswith(f"redirected to http://rebind.test:{internal.port}/admin: refused: rebind.test ")
    assert "(127.0.0.1)" in problem and "--allow-private" in problem
    assert public_site.seen == [("/story", "news.test")]
    assert internal.seen == []
    assert connections == [(PUBLIC_IP, 80)]


def test_a_kept_alive_private_connection_is_not_reused_when_private_is_forbidden(internal, connections):
    client = default_client()
    url = f"http://local.test:{internal.port}/page"
    assert fetch(url, client, allow_private=True, resolve=Dns(local=[["127.0.0.1"]])).body == b"<p>internal /page</p>"
    # the same client, private addresses now forbidden, and the name now says public: the
    # kept-alive connection to 127.0.0.1 must not be reused, a new one goes to the public address
    assert fetch(url, client, resolve=Dns(local=[[PUBLIC_IP]])).body == b"<p>public /page</p>"
    assert internal.seen == [("/page", f"local.test:{internal.port}")]  # once, with allow_private
    assert connections == [("127.0.0.1", internal.port), (PUBLIC_IP, internal.port)]


# ---------------------------------------------------------------- (2) private addresses


@pytest.mark.parametrize("answer", [["10.1.2.3"], [PUBLIC_IP, "10.1.2.3"], ["::ffff:10.1.2.3"]])
def test_a_name_resolving_to_a_private_address_is_refused_naming_the_url(answer, connections):
    url = "https://intranet.test/wiki"
    problem = fetch_problem(url, resolve=Dns(intranet=[answer]))
    private = answer[-1]
    assert problem == (f"refused: intranet.test is a private, loopback, link-local or metadata address "
                       f"({private}); pass --allow-private to fetch it")
    assert connections == []


def test_the_transport_refuses_private_addresses_on_its_own(system_dns, internal, connections):
    # used without fetch (no check before the request), it is strict with the system resolver
    system_dns.answers["inside.test"] = [["127.0.0.1"]]
    with httpx.Client(transport=PinnedTransport()) as client:
        for url in (f"http://inside.test:{internal.port}/", f"http://127.0.0.1:{internal.port}/",
                    f"http://[::1]:{internal.port}/"):
            with pytest.raises(httpx.ConnectError, match="refused: .* loopback"):
                client.get(url)
    assert internal.seen == [] and connections == []


# ---------------------------------------------------------------- (3) local fetching, when allowed


def test_a_local_server_is_fetched_when_private_addresses_are_allowed(internal, connections):
    url = f"http://127.0.0.1:{internal.port}/article"
    assert fetch_problem(url).startswith("refused: 127.0.0.1 ")  # as before, unless allowed
    page = fetch(url, default_client(), allow_private=True)
    assert (page.url, page.body, page.content_type) == (url, b"<p>internal /article</p>", "text/html; charset=utf-8")
    named = f"http://local.test:{internal.port}/article"
    page = fetch(named, default_client(), allow_private=True, resolve=Dns(local=[["127.0.0.1"]]))
    assert (page.url, page.body) == (named, b"<p>internal /article</p>")
    assert internal.seen == [("/article", f"127.0.0.1:{internal.port}"), ("/article", f"local.test:{internal.port}")]


def test_redirects_between_local_pages_are_followed_when_allowed(internal, connections):
    internal.redirects["/old"] = "/new"
    page = fetch(f"http://127.0.0.1:{internal.port}/old", default_client(), allow_private=True)
    assert (page.url, page.body) == (f"http://127.0.0.1:{internal.port}/new", b"<p>internal /new</p>")


def test_tls_names_the_host_not_the_pinned_address(connections):
    """The TLS ClientHello (plain text) carries the host name as SNI, so the certificate is
    checked against the name; the server here just records the hello and hangs up."""
    listener = socket.create_server(("127.0.0.1", 0))
    hello: list[bytes] = []

    def accept() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.settimeout(5)
            hello.append(conn.recv(4096))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        problem = fetch_problem(f"https://secure.test:{port}/", allow_private=True,
                                resolve=Dns(secure=[["127.0.0.1"]]))
        thread.join(5)
    finally:
        listener.close()
    assert problem.startswith("could not fetch: ConnectError")
    assert connections == [("127.0.0.1", port)]
    assert hello and hello[0][:1] == b"\x16"  # a TLS handshake record
    assert b"secure.test" in hello[0] and b"127.0.0.1" not in hello[0]
    context = PinnedTransport()._transports[False]._pool._ssl_context
    assert context.check_hostname and context.verify_mode.name == "CERT_REQUIRED"
