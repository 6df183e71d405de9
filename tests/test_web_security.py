"""The server under hostile requests: writes only with the token, bodies and query strings
capped, SQL-injection-looking parameters harmless, other Host headers refused, URL ingest
refusing loopback, private, link-local and metadata addresses (also after a redirect), and the
event loop answering reads while a write works. No network: URL ingest gets a mock transport
and a resolver of our own."""
from __future__ import annotations

import asyncio
import threading
import warnings

import httpx
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about its httpx-based client
    from fastapi.testclient import TestClient

from overture.store import Store
from overture.web import _write, create_app
from overture.web.app import MAX_BODY, MAX_QUERY, MAX_QUERY_PARAMS

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# Written for these tests.
ARTICLE = """Envoys weigh a pause in the fighting

GENEVA, May 6 (Wire) - Ukrainian President Volodymyr Zelensky said on Tuesday he was ready to hold talks with Russia if the shelling of cities stopped first.

Kremlin spokesman Dmitry Peskov said on Wednesday that Moscow rejected any talks on those terms.
"""
PAGE_HTML = """<html><head><title>Talks offer on the table</title></head><body><article>
<h1>Talks offer on the table</h1>
<p>KYIV, June 9 (Wire) - Ukrainian President Volodymyr Zelensky said on Sunday that Kyiv was ready to negotiate with Russia.</p>
<p>Kremlin spokesman Dmitry Peskov said on Monday that Moscow saw no basis for talks at present.</p>
</article></body></html>"""
INJECTIONS = ["' OR '1'='1", "1; DROP TABLE articles; --", "\" OR 1=1 --", "x' UNION SELECT raw FROM articles --",
              "%' OR '%'='", "Putin'--", "1) OR (1=1", "\\'; DELETE FROM signals; --"]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('sec') / 'sec.db'}")
    yield store
    store.close()


@pytest.fixture(scope="module")
def app(store, pipeline):
    return create_app(store, write_token=TOKEN, pipeline=pipeline)


@pytest.fixture(scope="module")
def client(app) -> TestClient:
    return TestClient(app)


@pytest.fixture(scope="module")
def stored(client) -> int:
    """The test article, ingested through the API; its id."""
    response = client.post("/api/ingest", json={"text": ARTICLE, "source": "envoys.txt"}, headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["new"] == 1 and body["analysed"] and len(body["article_ids"]) == 1
    return body["article_ids"][0]


@pytest.fixture
def web(app):
    """URL ingest over a mock network: `pages` maps URL -> response, `resolved` host -> addresses;
    `asked` records every URL the server actually requested."""
    writer = app.state.writer
    pages: dict[str, httpx.Response] = {}
    resolved: dict[str, list[str]] = {}
    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        return pages.get(str(request.url), httpx.Response(404))

    writer.client, writer.resolve = httpx.Client(transport=httpx.MockTransport(handle)), \
        lambda host: resolved.get(host, ["93.184.216.34"])
    yield pages, resolved, asked
    writer.client.close()
    writer.client, writer.resolve = None, _write.system_resolve


# ---------------------------------------------------------------------- the token

def test_a_read_only_server_has_no_write_routes(store):
    client = TestClient(create_app(store))
    for path in ("/api/ingest", "/api/reprocess"):
        assert client.post(path, json={"text": ARTICLE}).status_code == 404
        assert client.post(path, json={"text": ARTICLE}, headers=AUTH).status_code == 404
    operations = client.get("/openapi.json").json()["paths"]
    assert not [m for ops in operations.values() for m in ops if m != "get"]
    assert "/api/ingest" in TestClient(create_app(store, write_token=TOKEN)).get("/openapi.json").json()["paths"]


@pytest.mark.parametrize("path", ["/api/ingest", "/api/reprocess"])
def test_writes_need_the_token(client, store, path):
    before = store.counts()
    missing = client.post(path, json={"text": "Some text"})
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    for wrong in ("Bearer nope", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", f"Basic {TOKEN}", TOKEN, "Bearer ",
                  "Bearer \u00e9\u00e9\u00e9".encode("latin-1")):
        response = client.post(path, json={"text": "Some text"}, headers={"Authorization": wrong})
        assert response.status_code == 403, (wrong, response.text)
    assert store.counts() == before


def test_the_token_is_compared_in_constant_time(client, monkeypatch):
    calls = []
    real = _write.hmac.compare_digest
    monkeypatch.setattr(_write.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    client.post("/api/reprocess", headers={"Authorization": "Bearer wrong-token"})
    assert calls == [(b"wrong-token", TOKEN.encode())]


@pytest.mark.parametrize("token", ["short", "x" * 15, "has a space in it!!", "\u00e9" * 20, "tab\there-0123456789"])
def test_weak_or_unsendable_tokens_are_refused(store, token):
    with pytest.raises(ValueError, match="at least 16"):
        create_app(store, write_token=token)


def test_ingest_text_stores_the_article_and_runs_the_analysis(client, store, stored):
    article = client.get(f"/api/articles/{stored}").json()
    assert article["source"] == "envoys.txt" and article["indexed_text"] == ARTICLE
    assert {s["type"] for s in article["signals"]} >= {"offer_talks"}
    assert any(a["id"] == stored for s in client.get("/api/stories").json() for a in s["articles"])
    again = client.post("/api/ingest", json={"text": ARTICLE, "source": "again.txt"}, headers=AUTH).json()
    assert again == {"new": 0, "duplicate": 1, "article_ids": [stored], "failed": [], "analysed": False}


def test_reprocess_with_the_token(client, store, stored):
    signals = store.counts()["signals"]
    response = client.post("/api/reprocess", headers={"Authorization": f"bearer {TOKEN}"})  # scheme is case-blind
    assert response.status_code == 200, response.text
    assert response.json()["articles"] == store.counts()["articles"] and not response.json()["failed"]
    assert store.counts()["signals"] == signals


def test_blank_text_is_a_clear_422(client):
    response = client.post("/api/ingest", json={"text": "   \n ", "source": "blank.txt"}, headers=AUTH)
    assert response.status_code == 422
    assert response.json()["failed"] == [{"source": "blank.txt", "reason": "text is empty"}]


@pytest.mark.parametrize("body", [
    {}, {"urls": []}, {"urls": ["/etc/passwd"]}, {"urls": ["file:///etc/passwd"]}, {"urls": ["ftp://example.org/"]},
    {"urls": ["http://"]}, {"urls": ["http://exa mple.org/"]}, {"urls": ["https://example.org/"] * 21},
    {"urls": ["http://example.org/" + "a" * 2000]}, {"text": "x", "kind": "pdf"}, {"text": "x", "source": ""},
    {"text": "x", "urls": ["http://example.org/"]}, {"text": 5}, [], "text",
])
def test_malformed_ingest_bodies_are_422(client, store, body):
    before = store.counts()
    response = client.post("/api/ingest", json=body, headers=AUTH)
    assert response.status_code == 422, response.text
    assert store.counts() == before


def test_a_local_path_is_never_read_as_a_source(client, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE.replace("Tuesday", "Thursday"))
    response = client.post("/api/ingest", json={"urls": [str(secret)]}, headers=AUTH)
    assert response.status_code == 422 and "not an http(s) URL" in response.text


# ---------------------------------------------------------------------- limits

def test_a_body_over_the_cap_is_413(client, store):
    before = store.counts()
    big = {"text": "word " * (MAX_BODY // 5 + 10)}
    assert client.post("/api/ingest", json=big, headers=AUTH).status_code == 413

    def chunks():  # no Content-Length: counted as it streams in
        for _ in range(MAX_BODY // 100_000 + 2):
            yield b"x" * 100_000
    streamed = client.post("/api/ingest", content=chunks(), headers={**AUTH, "Content-Type": "application/json"})
    assert streamed.status_code == 413 and "over" in streamed.json()["detail"]
    assert client.post("/api/ingest", content=b"{}", headers={**AUTH, "Content-Length": "12x"}).status_code == 400
    assert store.counts() == before


def test_query_complexity_is_capped(client):
    many = "&".join(f"actor=a{i}" for i in range(MAX_QUERY_PARAMS + 1))
    assert client.get(f"/api/signals?{many}").status_code == 422
    assert client.get(f"/signals?{many}").status_code == 422
    assert client.get(f"/api/signals?outlet={'a' * MAX_QUERY}").status_code == 422
    assert client.get(f"/api/signals?actor={'a' * 201}").status_code == 422
    assert client.get("/api/signals?limit=501").status_code == 422


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_injection_looking_parameters_find_nothing_and_change_nothing(client, store, stored, value):
    before = store.counts()
    for path, params in [("/api/signals", {"actor": value}), ("/api/signals", {"outlet": value}),
                         ("/api/stories", {"actor": value}), ("/signals", {"actor": value, "outlet": value}),
                         ("/stories", {"actor": value})]:
        response = client.get(path, params=params)
        assert response.status_code == 200, (path, value, response.text)
        if path.startswith("/api/signals"):
            assert response.json()["items"] == []
        elif path == "/api/stories":
            assert response.json() == []
    for path, params in [("/api/signals", {"type": value}), ("/api/signals", {"since": value}),
                         ("/api/signals", {"cursor": value}), ("/api/articles", {"cursor": value}),
                         ("/signals", {"type": value}), ("/api/signals", {"limit": value})]:
        assert client.get(path, params=params).status_code == 422, (path, value)
    for path in (f"/api/actors/{value}/timeline", f"/api/actors/{value}/positions", f"/actors/{value}",
                 f"/api/articles/{value}", f"/api/stories/{value}"):
        assert client.get(path).status_code in (404, 422), (path, value)
    assert store.counts() == before
    assert client.get(f"/api/articles/{stored}").json()["indexed_text"] == ARTICLE


def test_a_quote_and_comment_after_a_stored_name_find_what_the_name_finds(client, store, stored):
    """Names are matched leniently (case, accents, punctuation): "Zelensky'--" is Zelensky, not SQL."""
    before = store.counts()
    plain = client.get("/api/signals", params={"actor": "Zelensky"}).json()["items"]
    assert plain and all(item["actor"] == "Volodymyr Zelensky" for item in plain)
    assert client.get("/api/signals", params={"actor": "Zelensky'--"}).json()["items"] == plain
    assert store.counts() == before


def test_other_host_headers_are_refused(store):
    client = TestClient(create_app(store, allowed_hosts=["127.0.0.1", "localhost"], write_token=TOKEN),
                        base_url="http://127.0.0.1")
    assert client.get("/api/articles").status_code == 200
    for host in ("evil.example", "127.0.0.1.evil.example", "localhost.evil.example"):
        assert client.get("/api/articles", headers={"Host": host}).status_code == 400
        assert client.post("/api/reprocess", headers={**AUTH, "Host": host}).status_code == 400


# ---------------------------------------------------------------------- SSRF

@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://169.254.169.254/latest/meta-data/",
                                 "http://[::1]:8000/", "http://10.0.0.7/", "http://0.0.0.0/",
                                 "http://[::ffff:127.0.0.1]/", "http://metadata.internal/", "http://intranet.corp/"])
def test_url_ingest_refuses_private_addresses(client, store, web, url):
    _, resolved, asked = web
    resolved.update({"metadata.internal": ["169.254.169.254"], "intranet.corp": ["93.184.216.34", "192.168.1.4"]})
    before = store.counts()
    response = client.post("/api/ingest", json={"urls": [url]}, headers=AUTH)
    assert response.status_code == 422, response.text
    [failure] = response.json()["failed"]
    assert failure["source"] == url and failure["reason"].startswith("refused:") and "private" in failure["reason"]
    assert "never fetched over the API" in failure["reason"]
    assert asked == [] and store.counts() == before


def test_url_ingest_refuses_a_redirect_to_a_private_address(client, store, web):
    pages, _, asked = web
    pages["https://news.example/story"] = httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/"})
    response = client.post("/api/ingest", json={"urls": ["https://news.example/story"]}, headers=AUTH)
    assert response.status_code == 422
    assert "redirected to http://169.254.169.254/latest/" in response.json()["failed"][0]["reason"]
    assert asked == ["https://news.example/story"]  # the metadata address was never asked


def test_url_ingest_of_a_public_page_stores_it(client, store, web):
    pages, _, asked = web
    pages["https://news.example/talks"] = httpx.Response(200, text=PAGE_HTML, headers={"Content-Type": "text/html"})
    response = client.post("/api/ingest", json={"urls": ["https://news.example/talks", "http://127.0.0.1/x"]},
                           headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["new"] == 1 and len(body["failed"]) == 1 and body["analysed"]
    article = client.get(f"/api/articles/{body['article_ids'][0]}").json()
    assert article["url"] == "https://news.example/talks" and article["signals"]
    assert asked == ["https://news.example/talks"]


# ---------------------------------------------------------------------- the event loop stays free

def test_reads_are_answered_while_a_write_works(store, pipeline):
    started, release = threading.Event(), threading.Event()

    def slow_pipeline(article):
        started.set()
        assert release.wait(20)
        return pipeline(article)

    app = create_app(store, write_token=TOKEN, pipeline=slow_pipeline)

    async def scenario() -> tuple[int, int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            text = ARTICLE.replace("Tuesday", "Friday")
            write = asyncio.create_task(http.post("/api/ingest", json={"text": text}, headers=AUTH))
            while not started.is_set():
                await asyncio.sleep(0.01)
            read = await asyncio.wait_for(http.get("/api/articles"), timeout=10)  # answered mid-write
            release.set()
            return read.status_code, (await write).status_code

    assert asyncio.run(scenario()) == (200, 200)


# ---------------------------------------------------------------------- the command

def test_serve_takes_the_token_from_the_environment(monkeypatch, tmp_path):
    import uvicorn
    from typer.testing import CliRunner

    import overture.cli_web  # noqa: F401 - registers `serve`
    from overture.cli import app

    apps = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: apps.append((app, kw)))
    db = ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--workers", "1"]  # one process: the app itself
    result = CliRunner().invoke(app, db, env={"OVERTURE_WRITE_TOKEN": TOKEN})
    assert result.exit_code == 0, result.output
    served, kw = apps[-1]
    assert kw["host"] == "127.0.0.1" and "writes need the token" in result.output
    assert TestClient(served, base_url="http://127.0.0.1").post("/api/reprocess").status_code == 401
    result = CliRunner().invoke(app, db, env={"OVERTURE_WRITE_TOKEN": ""})
    assert "read-only" in result.output and TestClient(apps[-1][0], base_url="http://127.0.0.1").post("/api/reprocess").status_code == 404
    result = CliRunner().invoke(app, [*db, "--write-token", "short"])
    assert result.exit_code != 0 and "at least 16" in result.output


def test_serve_with_several_workers_gives_each_process_the_store_and_the_token(monkeypatch, tmp_path):
    import uvicorn
    from typer.testing import CliRunner

    import overture.cli_web  # noqa: F401 - registers `serve`
    from overture.cli import app
    from overture.web._serve import ENV, app_from_env

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **kw: calls.append((target, kw)))
    monkeypatch.setenv(ENV, "{}")  # restored after the test: serve sets it for its workers
    monkeypatch.setenv("OVERTURE_WRITE_TOKEN", "")
    result = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--workers", "3",
                                      "--write-token", TOKEN])
    assert result.exit_code == 0, result.output
    target, kw = calls[-1]
    assert target == "overture.web._serve:app_from_env" and kw["factory"] and kw["workers"] == 3
    assert "3 worker processes" in result.output
    served = app_from_env()  # what each worker builds: the same store, hosts and token
    client = TestClient(served, base_url="http://127.0.0.1")
    assert client.get("/api/articles").status_code == 200
    assert client.post("/api/reprocess").status_code == 401  # the token is on, and this request has none
    assert TestClient(served, base_url="http://evil.example").get("/api/articles").status_code == 400


# ---------------------------------------------------------------------- what schemathesis found (regressions)

def test_times_are_rfc3339_with_their_zone(client, stored):
    """Found by schemathesis: `ingested_at` was sent without a zone, not a valid date-time."""
    assert client.get(f"/api/articles/{stored}").json()["ingested_at"].endswith("Z")
    assert all(a["ingested_at"].endswith("Z") for a in client.get("/api/articles").json()["items"])


def test_every_api_422_has_the_schemas_detail_list(client):
    """Found by schemathesis: a cursor the store refused gave `detail` as a string, not the schema's list."""
    for path in ("/api/signals?cursor=0000", "/api/articles?cursor=abc", "/api/signals?since=2024-13-01"):
        detail = client.get(path).json()["detail"]
        assert isinstance(detail, list) and detail[0]["msg"] and detail[0]["type"], path


@pytest.mark.parametrize("actor", ["\u00b2", "99999999999999999999999", "\u0663", " 12 "])
def test_digit_like_actor_filters_on_stories_are_no_server_error(client, actor):
    """Found by schemathesis: /api/stories?actor=² made the analysis read "²" as an id (500)."""
    assert client.get("/api/stories", params={"actor": actor}).json() == []
    assert client.get("/stories", params={"actor": actor}).status_code == 200
