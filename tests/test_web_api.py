"""The web app over a real store: the seed corpus ingested with its manifest, plus one hostile
article of our own (and, for stories and positions, the examples folder and three reports of
one statement written for these tests). Checks what a client sees: the API agrees with the Store, pages through,
refuses bad parameters with 422 (never 500), and no page lets article text become markup."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about its httpx-based client
    from fastapi.testclient import TestClient

from overture import extract
from overture.ingest import ingest
from overture.store import Store
from overture.store import _analysis as analysis
from overture.web import create_app
from overture.web._highlight import Layer, highlight

ROOT = Path(__file__).resolve().parents[1]
ZELENSKY = "Volodymyr Zelensky"

# Written for these tests: an article whose text and title try to run script in the page.
HOSTILE_TEXT = """Envoys trade offers as the front stalls

KYIV, March 3 (Wire) - Ukrainian President Volodymyr Zelensky said on Monday he was ready to hold talks with Russia. "We are ready to negotiate <script>window.__xss = 1</script> if the shelling stops," Zelensky said.

Kremlin spokesman Dmitry Peskov said Moscow rejected any talks <img src=x onerror="window.__xss = 2"> under such terms.
"""
HOSTILE_TITLE = "<script>window.__xss = 3</script>Envoys trade offers"
HOSTILE_OUTLET = '<b onmouseover="window.__xss = 4">Wire</b>'


def fill_store(url: str, seeds: Path, pipeline) -> tuple[Store, int]:
    """A store holding the seed articles (metadata from their manifest) and the hostile
    article; returns the store and the hostile article's id."""
    store = Store(url)
    report = ingest([], store, manifest=seeds / "manifest.csv", pipeline=pipeline)
    assert report.new == 5 and not report.failed
    record = extract(HOSTILE_TEXT, source="hostile.txt", published=dt.date(2024, 3, 4), pipeline=pipeline)
    record = record.model_copy(update={"title": HOSTILE_TITLE, "outlet": HOSTILE_OUTLET})
    hostile_id, created = store.add(record, HOSTILE_TEXT)
    assert created
    analysis.analyse(store)  # as `overture ingest` does after new articles
    return store, hostile_id


@pytest.fixture(scope="module")
def filled(tmp_path_factory, seeds, pipeline) -> tuple[Store, int]:
    store, hostile_id = fill_store(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}", seeds, pipeline)
    yield store, hostile_id
    store.close()


@pytest.fixture(scope="module")
def store(filled) -> Store:
    return filled[0]


@pytest.fixture(scope="module")
def client(store) -> TestClient:
    return TestClient(create_app(store))


def all_pages(client: TestClient, path: str, **params) -> list[dict]:
    items, cursor, seen_cursors = [], None, set()
    while True:
        response = client.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
        assert cursor not in seen_cursors
        seen_cursors.add(cursor)


# ---------------------------------------------------------------------- the API agrees with the store

def test_signals_filtered_by_actor_and_type_are_the_stores(client, store):
    response = client.get("/api/signals?actor=Volodymyr%20Zelensky&type=offer_talks")
    assert response.status_code == 200
    got = response.json()["items"]
    expected = store.all_signals(actor=ZELENSKY, type="offer_talks")
    assert expected, "the seeds hold offers of talks by Zelensky"
    assert [s["id"] for s in got] == [s["id"] for s in expected]
    assert {s["type"] for s in got} == {"offer_talks"}
    assert {s["actor"] for s in got} == {ZELENSKY}
    assert all(s["evidence"]["text"] for s in got)


def test_spelling_variants_of_an_actor_give_the_same_signals(client):
    ids = [[s["id"] for s in client.get("/api/signals", params={"actor": name}).json()["items"]]
           for name in (ZELENSKY, "Volodymyr Zelenskyy", "volodymyr zelensky")]
    assert ids[0] and ids[0] == ids[1] == ids[2]


def test_signal_pages_walk_the_whole_list_once_in_date_order(client, store):
    paged = all_pages(client, "/api/signals", limit=3)
    everything = store.all_signals()
    assert [s["id"] for s in paged] == [s["id"] for s in everything]
    assert len({s["id"] for s in paged}) == len(paged) > 10
    dated = [s["date"] for s in paged if s["date"]]
    assert dated == sorted(dated)


def test_filters_on_outlet_and_dates(client, store):
    outlet = next(o for o in store.outlets_matrix()["outlets"] if not o.startswith("("))
    by_outlet = all_pages(client, "/api/signals", outlet=outlet, limit=500)
    assert by_outlet and all(outlet.casefold() in [o.casefold() for o in s["outlets"]] for s in by_outlet)
    in_2022 = all_pages(client, "/api/signals", since="2022-01-01", until="2022-12-31")
    assert in_2022 and all("2022-01-01" <= s["date"] <= "2022-12-31" for s in in_2022)


def test_article_pages_and_one_article_with_its_text(client, store):
    listed = all_pages(client, "/api/articles", limit=2)
    assert len(listed) == store.counts()["articles"] == 6
    one = client.get(f"/api/articles/{listed[-1]['id']}").json()
    assert one["raw"] and one["indexed_text"] and one["source"].endswith(".txt")
    for signal in one["signals"]:
        ev = signal["evidence"]
        assert one["indexed_text"][ev["start"]:ev["end"]] == ev["text"]


def test_actors_and_a_timeline_by_id_or_by_name(client, store):
    actors = client.get("/api/actors").json()
    assert actors[0]["signals"] >= actors[-1]["signals"]
    zelensky = next(a for a in actors if a["name"] == ZELENSKY)
    by_id = client.get(f"/api/actors/{zelensky['id']}/timeline").json()
    by_name = client.get("/api/actors/Volodymyr%20Zelenskyy/timeline").json()
    assert by_id["actor"]["name"] == by_name["actor"]["name"] == ZELENSKY
    assert [s["id"] for s in by_id["signals"]] == [s["id"] for s in by_name["signals"]]
    # the timeline lists each statement once: a lead and its quote in one article are one entry
    assert len(by_id["signals"]) == len(store.timeline(ZELENSKY)) <= zelensky["signals"]


def test_openapi_schema_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/articles", "/api/articles/{article_id}", "/api/signals", "/api/actors",
            "/api/actors/{key}/timeline", "/api/actors/{key}/positions", "/api/stories",
            "/api/stories/{story_id}"} <= set(paths)
    assert not any(p.startswith(("/signals", "/articles/", "/outlets", "/stories")) for p in paths)  # pages stay out
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN


# ---------------------------------------------------------------------- errors: 404 and 422, never 500

@pytest.mark.parametrize("path", ["/api/articles/99999", "/api/actors/99999/timeline",
                                  "/api/actors/Nobody%20Atall/timeline", "/api/nothing", "/api/stories/99999",
                                  "/api/actors/99999/positions", "/api/actors/Nobody%20Atall/positions"])
def test_missing_things_are_json_404s(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize("path", ["/articles/99999", "/actors/99999", "/actors/Nobody%20Atall", "/nothing",
                                  "/stories/99999"])
def test_missing_pages_are_html_404s(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("query", ["since=2024-02-30", "until=yesterday", "type=surrender", "limit=0",
                                   "limit=501", "limit=ten", "cursor=not-a-cursor", "cursor=WzFd"])
def test_bad_signal_parameters_are_422(client, query):
    response = client.get(f"/api/signals?{query}")
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/articles/abc", "/api/articles/0", f"/api/articles/{2**70}",
                                  "/api/articles?limit=100000", "/api/articles?cursor=%%%",
                                  "/api/stories/abc", "/api/stories/0", f"/api/stories/{2**70}",
                                  f"/api/stories?actor={'x' * 201}", f"/api/actors/{'x' * 201}/positions",
                                  "/stories/abc", "/stories/0"])
def test_bad_article_parameters_are_422(client, path):
    assert client.get(path).status_code == 422


@pytest.mark.parametrize("query", ["since=2024-13-01", "type=surrender", "cursor=garbage"])
def test_bad_filters_on_the_signal_page_are_an_html_422(client, query):
    response = client.get(f"/signals?{query}")
    assert response.status_code == 422
    assert 'class="error"' in response.text


def test_empty_form_fields_mean_no_filter(client):
    response = client.get("/signals?actor=&type=offer_talks&outlet=&since=&until=")
    assert response.status_code == 200
    assert response.text.count('<tr data-type="offer_talks">') == response.text.count("<tr data-type=")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(["actor", "type", "since", "until", "outlet", "limit", "cursor"]),
                              st.text(max_size=40), max_size=4))
def test_no_query_string_makes_a_server_error(client, params):
    for path in ("/api/signals", "/signals", "/api/articles"):
        assert client.get(path, params=params).status_code < 500


# ---------------------------------------------------------------------- pages and escaping

class Marks(HTMLParser):
    """Collects the text inside each element with an id, nested tags included."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[list] = []  # [id, depth, text parts]
        self.text: dict[str, str] = {}
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        for entry in self.open:
            entry[1] += 1
        if "id" in attrs:
            self.open.append([attrs["id"], 1, []])

    def handle_endtag(self, tag):
        for entry in list(self.open):
            entry[1] -= 1
            if entry[1] == 0:
                self.text[entry[0]] = "".join(entry[2])
                self.open.remove(entry)

    def handle_data(self, data):
        for entry in self.open:
            entry[2].append(data)


def parse(html: str) -> Marks:
    marks = Marks()
    marks.feed(html)
    return marks


def test_article_page_marks_evidence_quotes_and_actors(client, store):
    article_id = store.all_signals(actor=ZELENSKY, type="offer_talks")[0]["article_id"]
    article = store.article(article_id)
    page = parse(client.get(f"/articles/{article_id}").text)
    for signal in article["signals"]:
        ev = signal["evidence"]
        anchor = f"ev-{ev['start']}-{ev['end']}"
        assert page.text[anchor] == ev["text"]
        mark = next(attrs for tag, attrs in page.tags if attrs.get("id") == anchor)
        assert signal["type"] in mark["data-type"].split()
    assert any(tag == "q" and attrs.get("class") == "quote" for tag, attrs in page.tags)
    assert any(attrs.get("class") == "actor" and attrs.get("data-actor") == ZELENSKY for _, attrs in page.tags)


def test_hostile_article_text_and_title_are_escaped_everywhere(client, filled):
    store, hostile_id = filled
    pages = [client.get(f"/articles/{hostile_id}").text, client.get("/").text, client.get("/articles").text,
             client.get("/signals?actor=Dmitry%20Peskov").text, client.get("/actors/Dmitry%20Peskov").text,
             client.get("/outlets").text, client.get("/stories").text,
             *(client.get(f"/stories/{s['id']}").text for s in analysis.stories(store) if
               any(a["id"] == hostile_id for a in s["articles"]))]
    article_page = pages[0]
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in article_page
    assert "&lt;img src=x onerror=" in article_page
    assert "&lt;script&gt;window.__xss = 3&lt;/script&gt;Envoys" in article_page  # the title
    for html in pages:
        assert "<script>window.__xss" not in html
        assert "<img" not in html and "<b " not in html
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all('src="/static/' in s or 'type="application/json"' in s for s in scripts)
        # JSON inside a script element cannot close it early
        for body in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S):
            assert "<" not in body


def test_highlight_nests_overlapping_spans_and_keeps_the_text():
    text = "Alpha said: 'Beta will talk if Gamma agrees.' Delta refused."
    layers = [Layer("body", 0, len(text)), Layer("evidence", 0, 46, {"id": "a", "data-type": "offer_talks"}),
              Layer("evidence", 30, len(text), {"id": "b", "data-type": "reject_talks"}),
              Layer("quote", 13, 44), Layer("actor", 0, 5), Layer("actor", 13, 17), Layer("actor", 99, 120)]
    pieces = highlight(text, layers)
    assert "".join(p.text for p in pieces if p.kind == "text") == text
    stack = []
    for p in pieces:
        if p.kind == "open":
            stack.append(p.tag)
        elif p.kind == "close":
            assert stack.pop() == p.tag
    assert not stack
    ids = [dict(p.attrs).get("id") for p in pieces if p.kind == "open"]
    assert ids.count("a") == ids.count("b") == 1  # a split mark keeps its id on the first part


def test_pages_render_with_data(client, store):
    overview = client.get("/").text
    assert f'data-count="articles">{store.counts()["articles"]}<' in overview
    assert ZELENSKY in overview
    zelensky = store.actor(ZELENSKY)
    actor_page = client.get(f"/actors/{zelensky['id']}").text
    dated = sum(1 for s in store.timeline(zelensky["id"]) if s["date"])
    assert f'data-points="{dated}"' in actor_page
    assert 'src="/static/vendor/vega-embed.min.js"' in actor_page
    outlets = client.get("/outlets").text
    assert all(o in outlets for o in store.outlets_matrix()["outlets"] if "<" not in o)
    first = client.get("/signals?limit=5").text
    second_link = re.search(r'href="(/signals\?[^"]*cursor=[^"]+)" rel="next"', first)
    assert second_link
    second = client.get(second_link.group(1).replace("&amp;", "&")).text
    assert parse(first).tags != parse(second).tags


def test_security_headers_and_local_assets_only(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js"):
        asset = client.get(f"/static/vendor/{name}")
        assert asset.status_code == 200
        digest = hashlib.sha256(asset.content).hexdigest()
        assert f"{digest}  {name}" in (ROOT / "overture/web/static/vendor/README.md").read_text()
    for template in (ROOT / "overture/web/templates").glob("*.html"):
        assert "://" not in template.read_text(), f"{template.name} names an outside address"


def test_allowed_hosts_refuse_other_host_headers(store):
    guarded = TestClient(create_app(store, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1")
    assert guarded.get("/api/actors").status_code == 200
    assert guarded.get("/api/actors", headers={"host": "attacker.example"}).status_code == 400


# ---------------------------------------------------------------------- the command and its docs

def test_serve_runs_uvicorn_on_loopback_by_default(monkeypatch, tmp_path):
    import uvicorn
    from typer.testing import CliRunner

    import overture.cli_web  # noqa: F401 - registers `serve`
    from overture.cli import app

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(app, ["serve", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--port", "8765"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8765
    assert "http://127.0.0.1:8765/" in result.output


def test_docs_describe_every_route_and_option():
    doc = (ROOT / "docs" / "web.md").read_text()
    for route in ("/api/articles", "/api/articles/{id}", "/api/signals", "/api/actors", "/api/actors/{id}/timeline",
                  "/api/actors/{id}/positions", "/api/stories", "/api/stories/{id}", "/actors/{id}", "/signals",
                  "/articles/{id}", "/outlets", "/stories", "/stories/{id}", "--host", "--port", "--db"):
        assert f"`{route}" in doc, route


# ---------------------------------------------------------------------- stories and positions (issue 6)

STATES = ["refusing", "conditional", "open", "unknown"]

# Written for these tests: one offer of talks reported three times, by a wire, a reprint of the
# wire (a near copy) and a retelling that leaves the condition out and frames it differently.
WIRE = """Vienna, 11 June 2024.

Russian Foreign Minister Sergei Lavrov said on Tuesday that Russia was ready to hold talks with Ukraine if Kyiv \
accepted neutrality and gave up its bid to join NATO.

Lavrov was speaking at a joint news conference with his Austrian host after two hours of meetings on energy \
supplies and prisoner exchanges.

He said the foreign ministry would publish a longer statement on the proposal later in the week, and that \
envoys were available to meet in a neutral capital.

Ukrainian officials did not comment on the proposal on Tuesday evening.
"""
THREE_REPORTS = {
    "wire.txt": ("Alpine Wire", "2024-06-11", WIRE),
    "reprint.txt": ("Harbour Gazette", "2024-06-12", WIRE + "\nThis report was supplied by a partner agency.\n"),
    "retold.txt": ("Steppe Herald", "2024-06-12", """Moscow is ready for negotiations with the Kiev regime, \
Russian Foreign Minister Sergei Lavrov said on Tuesday.

Lavrov, on a visit to Vienna, told reporters that envoys were available to meet in a neutral capital and that \
the so-called "peace formula" of the West was going nowhere.
"""),
}


@pytest.fixture(scope="module")
def three_reports(tmp_path_factory, rules_pipeline) -> TestClient:
    pipeline = rules_pipeline  # signals fixed by the cue rules: the comparison is under test
    folder = tmp_path_factory.mktemp("three")
    rows = ["path,outlet,published,language"]
    for name, (outlet, day, text) in THREE_REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
        rows.append(f"{name},{outlet},{day},en")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    store = Store(f"sqlite:///{folder / 'three.db'}")
    assert ingest([folder], store, pipeline=pipeline).new == 3
    analysis.analyse(store)
    yield TestClient(create_app(store))
    store.close()


@pytest.fixture(scope="module")
def examples(tmp_path_factory, pipeline) -> TestClient:
    """The project's examples folder, ingested the way `make demo` does (its manifest.csv comes with it)."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('examples') / 'examples.db'}")
    report = ingest([ROOT / "examples"], store, pipeline=pipeline)
    assert report.new == len([p for p in (ROOT / "examples").iterdir() if p.name != "manifest.csv"])
    assert not report.failed
    analysis.analyse(store)
    yield TestClient(create_app(store))
    store.close()


def check_story_list(stories: list[dict]) -> None:
    """The shape issue 6 asks for, and each story's dates spanning its articles' dates."""
    assert stories
    for s in stories:
        assert {"id", "title", "first_seen", "last_seen", "articles"} <= set(s)
        assert s["articles"] and all({"id", "source", "outlet", "copy_of"} <= set(a) for a in s["articles"])
        days = [a["published"] for a in s["articles"] if a["published"]]
        if days:
            assert s["first_seen"] <= min(days) and max(days) <= s["last_seen"]
    last_seen = [s["last_seen"] for s in stories if s["last_seen"]]
    assert last_seen == sorted(last_seen, reverse=True)  # most recently reported first


def test_stories_are_the_analysis_stories_and_cover_every_article(client, store):
    got = client.get("/api/stories").json()
    check_story_list(got)
    assert [s["id"] for s in got] == [s["id"] for s in analysis.stories(store)]
    in_stories = sorted(a["id"] for s in got for a in s["articles"])
    assert in_stories == sorted(a["id"] for a in all_pages(client, "/api/articles"))  # each article in one story


def test_stories_filtered_by_actor(client, store):
    everything = client.get("/api/stories").json()
    for name in (ZELENSKY, "Dmitry Peskov"):
        found = client.get("/api/stories", params={"actor": name}).json()
        assert found and [s["id"] for s in found] == [s["id"] for s in analysis.stories(store, actor=name)]
        for s in found:
            statements = client.get(f"/api/stories/{s['id']}").json()["statements"]
            assert any(st["actor"] == name for st in statements)
    assert len(client.get("/api/stories", params={"actor": "Dmitry Peskov"}).json()) < len(everything)
    assert client.get("/api/stories", params={"actor": "Nobody Atall"}).json() == []
    assert client.get("/api/stories", params={"actor": ""}).json() == client.get("/api/stories").json()


def test_one_story_with_statements_and_outlet_comparison(client, store):
    story_id = max(analysis.stories(store), key=lambda s: len(analysis.story(store, s["id"])["statements"]))["id"]
    body = client.get(f"/api/stories/{story_id}").json()
    assert body["statements"] == analysis.story(store, story_id)["statements"]
    comparison = analysis.outlet_comparison(store, story_id)
    assert body["comparison"]["statements"] == comparison["statements"]
    assert {o["outlet"] for o in body["comparison"]["outlets"]} == {a["outlet"] for a in body["articles"]}
    for st in body["statements"]:
        for m in st["mentions"]:
            text = store.article(m["article_id"])["indexed_text"]
            assert text[m["evidence"]["start"]:m["evidence"]["end"]] == m["evidence"]["text"]


def test_positions_by_id_and_by_name_are_the_analysis_steps(client, store):
    zelensky = store.actor(ZELENSKY)
    by_id = client.get(f"/api/actors/{zelensky['id']}/positions").json()
    by_name = client.get("/api/actors/Volodymyr%20Zelenskyy/positions").json()
    assert by_id == by_name == analysis.positions(store, ZELENSKY)
    assert len(by_id) >= 2 and {p["state"] for p in by_id} <= set(STATES)
    for step in by_id:
        assert {"actor", "counterpart", "state", "since", "until", "evidence"} <= set(step)
        assert step["until"] is None or step["since"] < step["until"]
        assert step["evidence"]
        for ev in step["evidence"]:
            assert store.article(ev["article_id"])["indexed_text"][ev["start"]:ev["end"]] == ev["text"]
    for counterpart in {p["counterpart"] for p in by_id}:
        steps = [p for p in by_id if p["counterpart"] == counterpart]
        assert [p["since"] for p in steps] == sorted(p["since"] for p in steps)
        assert all(a["until"] == b["since"] for a, b in zip(steps, steps[1:]))  # no gaps, no overlaps
        assert steps[-1]["until"] is None


def test_actor_page_carries_the_step_chart_and_every_steps_evidence_link(client, store):
    zelensky = store.actor(ZELENSKY)
    steps = analysis.positions(store, ZELENSKY)
    page = client.get(f"/actors/{zelensky['id']}").text
    assert f'id="positions-chart" class="chart" data-spec="positions-spec" data-points="{len(steps)}"' in page
    spec = re.search(r'<script type="application/json" id="positions-spec">(.*?)</script>', page, re.S).group(1)
    import json
    values = json.loads(spec)["data"]["values"]
    assert [(v["counterpart"], v["state"], v["since"]) for v in values] == \
        [(s["counterpart"] or "(anyone)", s["state"], s["since"]) for s in steps]
    for step, value in zip(steps, values):
        first = step["evidence"][0]
        assert value["href"] == f"/articles/{first['article_id']}#ev-{first['start']}-{first['end']}"
        for ev in step["evidence"]:
            assert f'href="/articles/{ev["article_id"]}#ev-{ev["start"]}-{ev["end"]}"' in page


def test_the_examples_folder_gives_the_summit_story_with_its_copy(examples):
    stories = examples.get("/api/stories").json()
    check_story_list(stories)
    articles = {a["source"].rsplit("/", 1)[-1]: (s["id"], a) for s in stories for a in s["articles"]}
    assert {"summit_offer_danube.txt", "summit_offer_meridian.txt", "summit_offer_eastern.txt.gz"} <= set(articles)
    story_id, meridian = articles["summit_offer_meridian.txt"]
    assert meridian["copy_of"].endswith("summit_offer_danube.txt") and meridian["outlet"] == "Meridian Herald"
    assert articles["summit_offer_danube.txt"][0] == story_id and articles["summit_offer_danube.txt"][1]["copy_of"] is None
    page = examples.get(f"/stories/{story_id}").text
    assert f'class="copy-link" href="/articles/{meridian["copy_of_id"]}"' in page
    positions = examples.get("/api/actors/Volodymyr%20Zelensky/positions").json()
    assert {p["state"] for p in positions} >= {"refusing", "conditional"}  # the examples swing both ways


def test_the_examples_summit_story_has_all_three_reports(examples):
    stories = examples.get("/api/stories").json()
    [summit] = [s for s in stories if any("summit_offer_danube" in a["source"] for a in s["articles"])]
    assert sorted(a["source"].rsplit("/", 1)[-1] for a in summit["articles"]) == [
        "summit_offer_danube.txt", "summit_offer_eastern.txt.gz", "summit_offer_meridian.txt"]


def test_three_reports_of_one_statement_show_the_copy_and_the_dropped_condition(three_reports):
    [story] = three_reports.get("/api/stories").json()
    by_file = {a["source"].rsplit("/", 1)[-1]: a for a in story["articles"]}
    assert by_file["reprint.txt"]["copy_of"].endswith("wire.txt") and by_file["retold.txt"]["copy_of"] is None
    body = three_reports.get(f"/api/stories/{story['id']}").json()
    comparison = body["comparison"]
    assert (comparison["independent_outlets"], comparison["copying_outlets"]) == (2, 1)
    [offer] = [s for s in body["statements"] if s["type"] == "offer_talks" and "neutrality" in s["conditions"]]
    assert {m["outlet"] for m in offer["mentions"]} == {"Alpine Wire", "Harbour Gazette", "Steppe Herald"}
    [compared] = [s for s in comparison["statements"] if s["id"] == offer["id"]]
    assert sorted(compared["reported_by"]) == ["Alpine Wire", "Harbour Gazette", "Steppe Herald"]
    assert [(d["outlet"], d["conditions"]) for d in compared["dropped"]] == [("Steppe Herald", ["neutrality"])]
    assert {"regime", "so_called"} <= {f["cue"] for f in comparison["framing"] if f["outlet"] == "Steppe Herald"}

    page = parse(three_reports.get(f"/stories/{story['id']}").text)
    dropped_rows = [attrs for tag, attrs in page.tags if tag == "tr" and attrs.get("class") == "dropped-row"]
    assert {"data-outlet": "Steppe Herald", "class": "dropped-row", "data-dropped": "neutrality"} in dropped_rows
    assert page.text[f"statement-{offer['id']}"].count("neutrality") >= 3
    listing = three_reports.get("/stories").text
    assert 'class="copy-link"' in listing and "Harbour Gazette" in listing


def test_answers_carry_etags_that_hold_until_the_store_changes(tmp_path, pipeline):
    """A client that sends back the ETag it got is answered 304 (no body, no query) until
    something is ingested; then it gets the new answer and a new tag."""
    store = Store(f"sqlite:///{tmp_path / 'etag.db'}")
    first = extract(HOSTILE_TEXT, source="a.txt", published=dt.date(2024, 3, 4), pipeline=pipeline)
    store.add(first, HOSTILE_TEXT)
    client = TestClient(create_app(store))
    for path in ("/api/signals", "/api/actors", "/signals", "/"):
        answer = client.get(path)
        tag = answer.headers["etag"]
        assert answer.status_code == 200 and tag.startswith('W/"')
        again = client.get(path, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
        cached = client.get(path)  # answered from memory: the same bytes and headers
        assert cached.content == answer.content and cached.headers["etag"] == tag
        assert cached.headers["content-type"] == answer.headers["content-type"]
        assert client.get(path, headers={"If-None-Match": 'W/"other"'}).status_code == 200
    assert client.get("/api/signals?type=meeting").headers["etag"] != tag  # per query
    tag = client.get("/api/signals").headers["etag"]
    text = HOSTILE_TEXT.replace("March 3", "March 5")
    store.add(extract(text, source="b.txt", published=dt.date(2024, 3, 6), pipeline=pipeline), text)
    changed = client.get("/api/signals", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    assert len(changed.json()["items"]) > len(client.get("/api/signals?type=meeting").json()["items"]) >= 0
    assert {s["article_id"] for s in changed.json()["items"]} == {1, 2}  # the new article is in the answer
    store.close()


def linked_pages(client: TestClient, url: str, size: int) -> list[dict]:
    """Every item of a list API, following its `Link: <...>; rel="next"` headers."""
    items = []
    while url:
        answer = client.get(url)
        assert answer.status_code == 200 and len(answer.json()) <= size
        items += answer.json()
        link = answer.headers.get("link")
        url = re.search(r"<([^>]+)>; rel=\"next\"", link).group(1) if link else None
    return items


def test_actor_lists_page_in_order_and_say_where_the_next_page_is(client, store):
    """/api/actors a page at a time (keyset), the Link header naming the next; the pages
    together are `store.actors()`, in its order; the dashboard's list pages the same way."""
    everyone = [a["id"] for a in store.actors()]
    assert len(everyone) > 3
    assert [a["id"] for a in linked_pages(client, "/api/actors?limit=2", 2)] == everyone
    assert client.get("/api/actors?cursor=not-a-cursor").status_code == 422
    page = client.get("/actors")
    assert page.status_code == 200 and 'rel="next"' not in page.text  # one page holds this store


def test_story_lists_page_in_order_and_say_where_the_next_page_is(client, store):
    """/api/stories a page at a time (keyset on the last date reported and the id): the pages
    together are the whole list in its order; a bad cursor is a 422, never a 500."""
    everyone = [s["id"] for s in analysis.stories(store)]
    assert len(everyone) > 2
    assert [s["id"] for s in linked_pages(client, "/api/stories?limit=2", 2)] == everyone
    for bad in ("not-a-cursor", "WyJ4IiwgMV0"):  # not base64 JSON; a list whose date is no date
        assert client.get(f"/api/stories?cursor={bad}").status_code == 422
        assert client.get(f"/stories?cursor={bad}").status_code == 422
