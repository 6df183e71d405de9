"""Ingest: folders, manifests, URLs and feeds into a store, each article once, failures named.

The seed articles are read in place from ../shared; the feed and its pages are served by
httpx.MockTransport from texts written for these tests, so nothing touches the network.
"""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from overture.ingest import ingest, read_manifest
from overture.pipeline import Pipeline
from overture.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"

ARTICLE = """Kyiv, 4 June 2024.

Foreign Minister Dmytro Kuleba said on Tuesday that Ukraine was ready to hold talks with Russia
if Russian troops left the occupied territories.

"We will not negotiate while our cities are under fire," Kuleba told reporters in Kyiv.
"""

OTHER = """Moscow, 12 August 2023.

Kremlin spokesman Dmitry Peskov said on Saturday that Moscow saw no basis for negotiations with Kyiv
at present.
"""


def page(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title><meta charset='utf-8'></head><body>"
            f"<article><h1>{title}</h1>{body}</article></body></html>")


PAGES = {
    "https://news.example/world/truce-offer": page(
        "Ministers discuss a truce",
        "Ukrainian Foreign Minister Dmytro Kuleba said on Monday that Ukraine was ready to hold talks "
        "with Russia on a ceasefire if Moscow withdrew its troops.",
        "Kremlin spokesman Dmitry Peskov said Russia remained open to negotiations but dismissed "
        "the conditions as unrealistic.",
        "Diplomats said further contacts were expected in the coming weeks, although no date had been set."),
    "https://news.example/world/envoy-visit": page(
        "Envoy visits the capital",
        "Turkish President Recep Tayyip Erdogan offered on Wednesday to host a new round of talks "
        "between Russia and Ukraine in Istanbul.",
        "Officials in both capitals said they would study the proposal before answering it.",
        "The offer came after weeks of fighting along the front line in the east of the country."),
}
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example world news</title><link>https://news.example/</link>
<item><title>Ministers discuss a truce</title><link>https://news.example/world/truce-offer</link>
  <pubDate>Mon, 03 Jun 2024 09:00:00 GMT</pubDate></item>
<item><title>Envoy visits the capital</title><link>https://news.example/world/envoy-visit</link>
  <pubDate>Wed, 05 Jun 2024 09:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>https://news.example/world/removed</link></item>
</channel></rss>"""


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'corpus.db'}") as s:
        yield s


class Site:
    """A pretend web site: serves the feed and the pages above, and counts requests."""

    def __init__(self) -> None:
        self.requests: list[str] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        url = str(request.url.copy_with(query=None))  # tracking parameters don't change the page
        self.requests.append(url)
        if url == "https://news.example/feed.xml":
            return httpx.Response(200, text=FEED, headers={"content-type": "application/rss+xml"})
        if url == "https://news.example/loop":
            return httpx.Response(302, headers={"location": "https://news.example/loop"})
        if url == "https://news.example/huge":
            return httpx.Response(200, content=b"<html>" + b"x" * 6_000_000, headers={"content-type": "text/html"})
        if url in PAGES:
            return httpx.Response(200, text=PAGES[url], headers={"content-type": "text/html; charset=utf-8"})
        return httpx.Response(404)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self), max_redirects=3)


def test_seed_folder_with_its_manifest_gives_zelensky_a_timeline_with_outlets(store, pipeline):
    report = ingest([SEEDS], store, manifest=SEEDS / "manifest.csv", pipeline=pipeline)
    assert (report.new, report.duplicate, report.failed) == (5, 0, [])
    steps = store.timeline("Volodymyr Zelensky")
    assert len(steps) >= 3
    assert [s["date"] for s in steps] == sorted(s["date"] for s in steps)
    manifest_outlets = {"Global Times", "Press TV", "RT"}
    assert manifest_outlets <= {o for s in steps for o in s["outlets"]}
    assert all(s["type"] and s["date"] for s in steps)


def test_the_manifest_wins_over_what_the_page_says(store, pipeline):
    ingest([SEEDS], store, manifest=SEEDS / "manifest.csv", pipeline=pipeline)
    rows, _ = read_manifest(SEEDS / "manifest.csv")
    wanted = {row.path.name: row.hints for row in rows}
    page, _ = store.articles(limit=10)
    for article in page:
        hints = wanted[article["source"]]
        assert article["published"] == hints["published"].isoformat()
        if hints.get("outlet"):
            assert article["outlet"] == hints["outlet"]


def test_ingesting_the_same_folder_twice_adds_nothing(store, pipeline):
    ingest([SEEDS], store, pipeline=pipeline)
    before = store.counts()
    again = ingest([SEEDS], store, pipeline=pipeline)
    assert (again.new, again.duplicate, again.failed) == (0, 5, [])
    assert store.counts() == before


def test_a_broken_file_is_named_and_the_others_are_stored(tmp_path, store, pipeline):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "kuleba.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "peskov.md").write_text(OTHER, encoding="utf-8")
    (folder / "empty.txt").write_text("")
    (folder / "scan.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    progress = []
    report = ingest([folder], store, pipeline=pipeline, progress=progress.append)
    assert report.new == 2
    failed = dict(report.failed)
    assert set(failed) == {str(folder / "empty.txt"), str(folder / "scan.txt")}
    assert "empty" in failed[str(folder / "empty.txt")] and "binary" in failed[str(folder / "scan.txt")]
    assert [o.status for o in progress].count("failed") == 2 and progress[-1].done == 4


def test_a_missing_path_is_a_failure_not_a_crash(tmp_path, store):
    report = ingest([tmp_path / "nowhere"], store)
    assert report.failed == [(str(tmp_path / "nowhere"), "no such file or folder")]


def test_manifest_bad_rows_are_reported_and_good_rows_ingested(tmp_path, store, pipeline):
    (tmp_path / "kuleba.txt").write_text(ARTICLE, encoding="utf-8")
    manifest = tmp_path / "list.csv"
    manifest.write_text("path,outlet,published,language\n"
                        "kuleba.txt,Ukrainska Pravda,2024-06-04,en\n"
                        ",Nobody,2024-01-01,en\n"
                        "kuleba.txt,Somebody,yesterday,en\n"
                        "missing.txt,Somebody,2024-01-01,en\n", encoding="utf-8")
    report = ingest([], store, manifest=manifest, pipeline=pipeline)
    assert report.new == 1
    reasons = dict(report.failed)
    assert "neither a path nor a url" in reasons[f"{manifest}:3"]
    assert "not an ISO date" in reasons[f"{manifest}:4"]
    assert reasons[str(tmp_path / "missing.txt")] == "no such file or folder"
    article = store.article(1)
    assert (article["outlet"], article["published"]) == ("Ukrainska Pravda", "2024-06-04")


def test_a_manifest_without_path_or_url_column_is_refused(tmp_path, store):
    manifest = tmp_path / "m.csv"
    manifest.write_text("file,outlet\na.txt,X\n")
    report = ingest([], store, manifest=manifest)
    assert report.new == 0 and "'path' or 'url' column" in report.failed[0][1]


def test_a_feed_is_followed_to_its_entries(store, pipeline):
    site = Site()
    report = ingest(["https://news.example/feed.xml"], store, client=site.client(), pipeline=pipeline)
    assert report.new == 2
    assert report.failed == [("https://news.example/world/removed", "HTTP 404 Not Found")]
    page, _ = store.articles()
    assert {a["url"] for a in page} == set(PAGES)
    article = store.article(page[-1]["id"])
    assert article["offsets"] == "text" and article["kind"] == "html"
    assert "Kuleba" in article["indexed_text"]
    assert article["published"] == "2024-06-03"  # the feed's date, as the page has none

    site.requests.clear()
    again = ingest(["https://news.example/feed.xml"], store, client=site.client(), pipeline=pipeline)
    assert (again.new, again.duplicate) == (0, 2)
    assert "https://news.example/world/truce-offer" not in site.requests  # known URLs are not fetched


def test_manifest_urls_are_fetched_with_their_metadata(tmp_path, store, pipeline):
    manifest = tmp_path / "urls.csv"
    manifest.write_text("url,outlet,published,language\n"
                        "https://news.example/world/envoy-visit?utm_source=rss,Example News,2024-06-05,en\n")
    report = ingest([], store, manifest=manifest, client=Site().client(), pipeline=pipeline)
    assert report.new == 1
    article = store.article(1)
    assert (article["outlet"], article["published"]) == ("Example News", "2024-06-05")


def test_fetching_has_limits(store):
    report = ingest(["https://news.example/loop", "https://news.example/huge", "ftp://news.example/x"],
                    store, client=Site().client())
    reasons = dict(report.failed)
    assert reasons["https://news.example/loop"] == "too many redirects"
    assert "byte limit" in reasons["https://news.example/huge"]
    assert reasons["ftp://news.example/x"] == "no such file or folder"
    assert store.counts()["articles"] == 0


def test_ingest_in_worker_processes_stores_what_one_process_stores(tmp_path, seeds):
    """Files extracted by two workers are stored in queue order, with the same records."""
    from overture._extract import pipeline_config
    config = pipeline_config(fast=True)
    stored = []
    for workers in (1, 2):
        with Store(f"sqlite:///{tmp_path / f'w{workers}.db'}") as s:
            report = ingest([seeds], s, manifest=seeds / "manifest.csv", pipeline=Pipeline(config),
                            workers=workers)
            assert (report.new, report.duplicate, report.failed) == (5, 0, [])
            again = ingest([seeds], s, workers=workers)  # a second run adds nothing
            assert (again.new, again.duplicate) == (0, 5)
            stored.append(sorted((Path(g["source"]).name, g["type"], g["actor"] or "", str(g["evidence"]))
                                 for g in s.all_signals()))
    assert stored[0] == stored[1]


def test_ingest_in_workers_reports_a_bad_file_and_keeps_the_rest(tmp_path, seeds):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    for p in sorted(seeds.glob("*.txt"))[:2]:
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    with Store(f"sqlite:///{tmp_path / 'm.db'}") as s:
        report = ingest([folder], s, workers=2, fast=True)
        assert report.new == 2
        assert sorted(Path(src).name for src, _ in report.failed) == ["binary.txt", "empty.txt"]
