"""The dashboard in a real browser: Debian's Chromium driven by Playwright, against the app
served by uvicorn on a free loopback port, over the seeds (with their manifest), one hostile
article and the project's examples folder. Never downloads a browser: without
/usr/bin/chromium (apt-get install -y chromium) or the playwright package, these skip."""
from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="browser tests need the playwright package (pip install playwright)")

import uvicorn  # noqa: E402

from overture.ingest import ingest  # noqa: E402
from overture.store._analysis import analyse  # noqa: E402
from overture.web import create_app  # noqa: E402
from test_web_api import ROOT, ZELENSKY, fill_store  # noqa: E402 - the same store as the API tests

TOKEN = "browser-test-token-0123456789"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def filled(tmp_path_factory, seeds, rules_pipeline):
    pipeline = rules_pipeline  # signals fixed by the cue rules: the pages are under test
    store, hostile_id = fill_store(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'web.db'}", seeds, pipeline)
    assert not ingest([ROOT / "examples"], store, pipeline=pipeline).failed  # with examples/manifest.csv
    analyse(store)
    yield store, hostile_id
    store.close()


@pytest.fixture(scope="module")
def base_url(filled, pipeline):
    """The app on 127.0.0.1 at a port the OS picked, served from a thread; writes need TOKEN."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(filled[0], allowed_hosts=["127.0.0.1"], write_token=TOKEN, pipeline=pipeline)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that records every request and any script error."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def test_actor_page_draws_one_point_per_dated_signal(page, base_url):
    timeline = page.request.get(f"{base_url}/api/actors/{ZELENSKY}/timeline").json()
    dated = sum(1 for s in timeline["signals"] if s["date"])
    assert dated > 3
    page.goto(f"/actors/{timeline['actor']['id']}")
    chart = page.locator('#chart[data-rendered="true"]')
    chart.wait_for(timeout=15_000)
    assert chart.get_attribute("data-points") == str(dated)
    assert page.locator("#chart svg").count() == 1
    assert page.locator("#chart svg g.mark-symbol.role-mark path").count() == dated
    assert not page.errors
    assert all(url.startswith(base_url) for url in page.requests), "a page asked for something elsewhere"


def test_filtering_the_signal_list_by_type_changes_the_rows(page, base_url):
    page.goto("/signals?limit=500")
    rows = page.locator("table.signals tbody tr[data-type]")
    before = {r.get_attribute("data-type") for r in rows.all()}
    assert len(before) > 2
    page.select_option('select[name="type"]', "reject_talks")
    with page.expect_navigation():
        page.click('form.filters button[type="submit"]')
    assert "type=reject_talks" in page.url
    after = [r.get_attribute("data-type") for r in rows.all()]
    expected = page.request.get(f"{base_url}/api/signals?type=reject_talks&limit=500").json()["items"]
    assert after == ["reject_talks"] * len(expected) and expected


def test_article_page_highlights_each_signals_evidence(page, base_url):
    signal = page.request.get(f"{base_url}/api/signals?actor={ZELENSKY}&type=offer_talks").json()["items"][0]
    article = page.request.get(f"{base_url}/api/articles/{signal['article_id']}").json()
    page.goto(f"/articles/{article['id']}")
    assert page.locator("mark.evidence").count() >= 1
    for s in article["signals"]:
        ev = s["evidence"]
        mark = page.locator(f"mark#ev-{ev['start']}-{ev['end']}")
        assert mark.text_content() == ev["text"]
        assert s["type"] in mark.get_attribute("data-type").split()
    assert page.locator("span.actor").count() >= 1
    assert not page.errors


def test_script_in_an_article_does_not_run(page, filled):
    _, hostile_id = filled
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    page.goto(f"/articles/{hostile_id}")
    text = page.locator("#article-text").text_content()
    assert "<script>window.__xss = 1</script>" in text and 'onerror="window.__xss = 2"' in text
    assert page.locator("h1").text_content().startswith("<script>")  # the title, shown as text
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#article-text img, #article-text script").count() == 0
    page.goto("/actors/Dmitry%20Peskov")  # the same evidence is in the chart's data
    page.locator('#chart[data-rendered="true"]').wait_for(timeout=15_000)
    page.hover("#chart svg g.mark-symbol.role-mark path >> nth=0", force=True)
    assert page.evaluate("typeof window.__xss") == "undefined"


SUMMIT = ("summit_offer_danube.txt", "summit_offer_meridian.txt", "summit_offer_eastern.txt.gz")


def test_position_step_chart_draws_one_step_per_position_and_links_its_evidence(page, base_url):
    steps = page.request.get(f"{base_url}/api/actors/{ZELENSKY}/positions").json()
    assert len(steps) > 3 and len({s["state"] for s in steps}) > 1
    actor_id = steps[0]["actor_id"]
    page.goto(f"/actors/{actor_id}")
    chart = page.locator('#positions-chart[data-rendered="true"]')
    chart.wait_for(timeout=15_000)
    page.locator('#chart[data-rendered="true"]').wait_for(timeout=15_000)  # both charts on one page
    assert chart.get_attribute("data-points") == str(len(steps))
    assert page.locator("#positions-chart svg g.mark-symbol.role-mark path").count() == len(steps)
    assert page.locator("#positions-chart svg g.mark-rule.role-mark line").count() == len(steps)
    labels = page.locator("#positions-chart svg g.role-axis-label text").all_text_contents()
    assert {"open", "conditional", "refusing", "unknown"} <= set(labels)

    page.hover("#positions-chart svg g.mark-symbol.role-mark path >> nth=0", force=True)
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(timeout=5_000)
    first = steps[0]
    assert first["state"] in tooltip.text_content()
    assert first["evidence"][0]["text"][:40] in tooltip.text_content()

    page.click("#positions-chart svg g.mark-symbol.role-mark path >> nth=0", force=True)
    ev = first["evidence"][0]
    page.wait_for_url(f"**/articles/{ev['article_id']}#ev-{ev['start']}-{ev['end']}", timeout=10_000)
    assert page.locator(f"mark#ev-{ev['start']}-{ev['end']}").text_content() == ev["text"]
    assert not page.errors
    assert all(url.startswith(base_url) for url in page.requests), "a page asked for something elsewhere"


def test_stories_page_lists_the_summit_story_with_its_copy_link(page, base_url):
    stories = page.request.get(f"{base_url}/api/stories").json()
    by_source = {a["source"].rsplit("/", 1)[-1]: a for s in stories for a in s["articles"]}
    danube, meridian = by_source[SUMMIT[0]], by_source[SUMMIT[1]]
    page.goto("/stories")
    assert page.locator("table.stories tbody tr[data-story]").count() == len(stories)
    row = page.locator(f'table.stories tbody tr:has(li[data-article="{meridian["id"]}"])')
    copy = row.locator(f'li[data-article="{meridian["id"]}"] a.copy-link')
    assert copy.get_attribute("href") == f"/articles/{danube['id']}"
    assert SUMMIT[0] in copy.text_content()
    assert row.locator(f'li[data-article="{danube["id"]}"]').count() == 1  # the original in the same story

    row.locator("td a").first.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("h1").text_content()
    assert page.locator(f'tr[data-article="{meridian["id"]}"] a.copy-link').get_attribute("href") == \
        f"/articles/{danube['id']}"
    assert page.locator("table.story-outlets tr[data-outlet]").count() >= 2
    assert page.locator("div.statement").count() >= 1
    assert not page.errors


def test_stories_page_shows_the_three_summit_reports_and_the_dropped_conditions(page, base_url):
    stories = page.request.get(f"{base_url}/api/stories").json()
    by_source = {a["source"].rsplit("/", 1)[-1]: a for s in stories for a in s["articles"]}
    page.goto("/stories")
    row = page.locator(f'table.stories tbody tr:has(li[data-article="{by_source[SUMMIT[0]]["id"]}"])')
    assert row.get_attribute("data-articles") == "3"
    for name in SUMMIT:
        assert row.locator(f'li[data-article="{by_source[name]["id"]}"]').count() == 1
    row.locator("td a").first.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("tr.dropped-row del.dropped").count() >= 1
    assert page.locator("ul.dropped-list li").count() >= 1


# Written for this test: script, an event handler and javascript: links in the title and text.
XSS_ARTICLE = """<script>window.__xss = 10</script>Talks <img src=x onerror="window.__xss = 11"> resume

VIENNA, July 1 (Wire) - Ukrainian President Volodymyr Zelensky said on Monday he was ready to hold talks with Russia <a href="javascript:window.__xss = 12">now</a> if Moscow agreed to a ceasefire. <svg onload="window.__xss = 13"></svg>

Kremlin spokesman Dmitry Peskov said on Tuesday that Russia rejected any talks <iframe src="javascript:window.__xss = 14"></iframe> on those terms [see](javascript:window.__xss=15).
"""


def test_markup_posted_through_the_api_never_runs_on_any_page(page, base_url):
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    response = page.request.post(f"{base_url}/api/ingest", data={"text": XSS_ARTICLE, "source": "<b>x</b>.txt"},
                                 headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status == 200, response.text()
    [article_id] = response.json()["article_ids"]
    article = page.request.get(f"{base_url}/api/articles/{article_id}").json()
    assert article["signals"], "the test article should give signals to show on the other pages"
    actor = next(s["actor"] for s in article["signals"] if s["actor"])
    story_id = next(s["id"] for s in page.request.get(f"{base_url}/api/stories").json()
                    if any(a["id"] == article_id for a in s["articles"]))
    for path in (f"/articles/{article_id}", "/signals?limit=500", "/stories", f"/stories/{story_id}",
                 f"/actors/{quote(actor)}", "/", "/articles"):
        page.goto(path)
        if path.startswith("/actors/"):
            page.locator('#chart[data-rendered="true"]').wait_for(timeout=15_000)
            for mark in page.locator("svg g.role-mark path").all()[:20]:
                mark.hover(force=True)  # tooltips carry the evidence text
        content = page.locator("main").first if page.locator("main").count() else page.locator("body")
        assert "window.__xss" in content.text_content(), path  # shown, as text
        # the page's own scripts: its chart data (JSON, which tojson keeps from closing the element) and /static
        own = ":not([type='application/json']):not([src^='/static/'])"
        assert page.locator(f"main script{own}, main img, main svg:not(#chart svg):not(#positions-chart svg), "
                            "main iframe, [onerror], [onload], a[href^='javascript:' i]").count() == 0, path
        assert page.evaluate("typeof window.__xss") == "undefined", path
    assert not page.errors
