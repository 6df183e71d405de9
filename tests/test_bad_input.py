"""Hostile and broken input: each bad input fails alone, named, with a reason; the rest of the
batch is still processed and nothing stored is damaged.

Every bad file is written here, in tmp_path; web sites are httpx.MockTransport handlers and
host names resolve through a dict, so nothing touches the network.
"""
from __future__ import annotations

import gzip
import sqlite3
import time
import tracemalloc
import zlib
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from overture import extract
from overture._errors import InputError, OvertureError
from overture.cli import app
from overture.ingest import ingest, read_manifest
from overture.ingest._fetch import MAX_BYTES as FETCH_MAX, MAX_FEED_ENTRIES, MAX_REDIRECTS, Page, check_host, \
    feed_entries, fetch, is_public, system_resolve
from overture.read import MAX_BYTES, read_article
from overture.store import Store

GOOD = ("Geneva, 3 March 2024.\n\n"
        "The foreign minister of Freedonia said on Monday that his government was ready to hold talks "
        "with Sylvania on a ceasefire if its troops left the border region.\n\n"
        "Officials in Sylvania said they would study the offer before answering it.\n")
RUSSIAN = "Министр иностранных дел заявил во вторник, что правительство готово к переговорам о перемирии.\n"
FRENCH = "Le ministre a déclaré mardi que le gouvernement était prêt à négocier un cessez-le-feu.\n"
P = "<p>Diplomats said on Monday that both governments were ready to resume talks about a ceasefire soon.</p>"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def refused(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_article(path)
    assert info.value.source == str(path)
    return info.value.problem


# ---------------------------------------------------------------- files


def test_empty_and_blank_files_are_refused(tmp_path):
    assert refused(write(tmp_path, "empty.txt", b"")) == "file is empty"
    assert refused(write(tmp_path, "blank.md", b" \n\t\r\n ")) == "file is empty"
    assert refused(write(tmp_path, "bom.txt", b"\xef\xbb\xbf\n")) == "file is empty"


def test_binary_files_are_refused(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert "binary" in refused(write(tmp_path, "image.txt", png))
    controls = b"%PDF-1.4\n" + bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 200
    assert "binary" in refused(write(tmp_path, "doc.html", controls))


def test_damaged_utf8_is_refused_with_the_byte(tmp_path):
    good = "Zürich — talks resumed".encode()
    problem = refused(write(tmp_path, "damaged.txt", good + b"\xff\xfe broken" + " ready.".encode()))
    assert problem.startswith(f"not valid UTF-8 (byte {len(good)}: b'\\xff')")


def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path):
    for codec in ("utf-16", "utf-16-be", "utf-32"):
        data = "Ready for talks in Zürich.\n".encode(codec)
        if codec == "utf-16-be":
            data = b"\xfe\xff" + data
        article = read_article(write(tmp_path, f"{codec}.txt", data))
        assert article.raw == "Ready for talks in Zürich.\n"
    assert "invalid UTF-16" in refused(write(tmp_path, "odd.txt", b"\xff\xfeA\x00\x00\xd8B\x00"))


def test_windows_code_pages_are_detected_and_decoded(tmp_path):
    assert read_article(write(tmp_path, "ru.txt", RUSSIAN.encode("cp1251"))).raw == RUSSIAN
    assert read_article(write(tmp_path, "fr.txt", FRENCH.encode("cp1252"))).raw == FRENCH


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: 100 MB on paper, nothing on disk
        fh.truncate(100_000_000)
    tracemalloc.start()
    try:
        problem = refused(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problem == f"file is 100,000,000 bytes, over the {MAX_BYTES:,}-byte limit"
    assert peak < 1_000_000


def test_a_gzip_bomb_is_stopped_at_the_limit(tmp_path):
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb", compresslevel=9) as gz:  # ~150 KB that inflates to 100 MB
        chunk = b"talks " * 170_000
        for _ in range(100):
            gz.write(chunk)
    assert path.stat().st_size < 500_000
    tracemalloc.start()
    try:
        problem = refused(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problem == f"decompresses to over the {MAX_BYTES:,}-byte limit"
    assert peak < 2.5 * MAX_BYTES  # the capped buffer, never the 100 MB


def test_broken_gzip_files_are_refused(tmp_path):
    good = gzip.compress(GOOD.encode())
    assert "broken gzip" in refused(write(tmp_path, "cut.txt.gz", good[: len(good) // 2]))
    assert "broken gzip" in refused(write(tmp_path, "plain.txt.gz", GOOD))
    corrupt = good[:12] + bytes(b ^ 0x5A for b in good[12:-8]) + good[-8:]
    assert "broken gzip" in refused(write(tmp_path, "corrupt.txt.gz", corrupt))
    assert read_article(write(tmp_path, "ok.txt.gz", good)).raw == GOOD


def test_unknown_kinds_and_folders_are_refused(tmp_path):
    assert "unknown file type" in refused(write(tmp_path, "slides.pdf", b"%PDF-1.4"))
    (tmp_path / "folder.txt").mkdir()
    assert "cannot read" in refused(tmp_path / "folder.txt")


# ---------------------------------------------------------------- hostile HTML


def test_html_nested_10000_deep_still_gives_its_text(pipeline):
    for open_tags in ("<div>" * 10_000, "<blockquote><span>" * 5_000, "<table><tr><td>" * 3_400):
        html = f"<html><body>{open_tags}{P * 3}</body></html>"
        record = extract(html, kind="html", source="deep.html", pipeline=pipeline)
        assert "ready to resume talks" in record.text


def test_broken_tags_give_a_record_or_a_named_error(pipeline):
    pages = [
        f"<html><body><p>{P}<div><span>{P}</p></b></i></div></div></div></td></tr>{P}",
        f"<html><<body>>><p <b>{P}<p class='x\"y>{P}</p <!-- never closed {P}",
        f"<p>{P}<script>var x = '</p>';</script><style>{P}</style>{P}<![CDATA[ {P}",
        "\x00<html>\x01<body>" + P * 3 + "\ufffe\ud7ff</body>",
        "<" * 50_000 + P * 3 + ">" * 50_000,
        "</div>" * 20_000 + P * 3,
    ]
    for i, html in enumerate(pages):
        try:
            record = extract(html, kind="html", source=f"broken{i}.html", pipeline=pipeline)
        except OvertureError as exc:
            assert f"broken{i}.html" in str(exc)
        else:
            assert record.text is not None


def test_punctuation_runs_left_by_broken_tags_do_not_stall_the_parser(pipeline):
    # found while writing these tests: 8,000 "<" took spaCy's tokenizer 6 s, 50,000 several minutes
    started = time.perf_counter()
    record = extract("<" * 50_000 + P * 3 + "(<'" * 20_000, kind="html", source="runs.html", pipeline=pipeline)
    assert "ready to resume talks" in record.text
    assert time.perf_counter() - started < 10


def test_punctuation_runs_in_plain_text_do_not_stall_the_parser(pipeline):
    started = time.perf_counter()
    extract(GOOD + "The minister said that talks " + "(" * 50_000 + " would resume.\n", pipeline=pipeline)
    assert time.perf_counter() - started < 10


def test_a_page_without_text_is_a_named_error(pipeline):
    with pytest.raises(OvertureError, match="empty.html: stage 'clean' failed: .*no main text"):
        extract("<html><body><div><img src=x></div></body></html>", kind="html", source="empty.html",
                pipeline=pipeline)


# ---------------------------------------------------------------- a batch of them, through the CLI


def bad_folder(folder: Path) -> dict[str, str]:
    """A folder of every kind of bad file and one good article; the reason each bad one gives."""
    folder.mkdir()
    write(folder, "good.txt", GOOD)
    write(folder, "empty.txt", b"")
    write(folder, "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    write(folder, "damaged.md", "Zürich".encode() + b"\xc3\x28 talks")
    write(folder, "bomb.txt.gz", gzip.compress(b" " * (MAX_BYTES + 10)))
    write(folder, "cut.html.gz", gzip.compress(P.encode())[:20])
    write(folder, "nothing.html", "<html><body><div><img src=x></div></body></html>")
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(100_000_000)
    return {"empty.txt": "file is empty", "binary.txt": "binary file", "damaged.md": "not valid UTF-8",
            "bomb.txt.gz": "decompresses to over", "cut.html.gz": "broken gzip", "huge.txt": "byte limit",
            "nothing.html": "no main text"}


def test_extract_names_each_bad_file_and_still_prints_the_good_one(tmp_path):
    reasons = bad_folder(tmp_path / "news")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "news")])
    assert result.exit_code == 1
    assert '"source": "good.txt"' in result.stdout
    errors = " ".join(result.stderr.split())  # rich wraps long lines
    for name, reason in reasons.items():
        assert name in errors and reason in errors, (name, errors)
    assert f"{len(reasons)} input(s) failed" in errors


def test_ingest_stores_the_good_one_and_nothing_broken(tmp_path):
    reasons = bad_folder(tmp_path / "news")
    db = tmp_path / "corpus.db"
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "news"), "--db", f"sqlite:///{db}"])
    assert result.exit_code == 1
    assert "1 new, 0 duplicate, 7 failed" in result.stdout
    errors = " ".join(result.stderr.split())
    for name, reason in reasons.items():
        assert name in errors and reason in errors, (name, errors)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT source FROM articles").fetchall() == [("good.txt",)]


# ---------------------------------------------------------------- manifests


def test_manifest_bad_rows_are_named_and_the_good_ones_used(tmp_path):
    write(tmp_path, "a.txt", GOOD)
    manifest = write(tmp_path, "manifest.csv",
                     "path,url,outlet,published,publshed\n"
                     "a.txt,,Daily Example,2024-03-04,\n"
                     ",,Nobody,2024-01-01,\n"
                     "b.txt,,Daily Example,2024-13-45,\n"
                     "c.txt,,Daily Example,04/03/2024,\n"
                     ",ftp://news.example/x,,,\n"
                     "d.txt,,Daily Example,2024-03-04,,surplus\n")
    rows, bad = read_manifest(manifest)
    assert [r.path.name for r in rows] == ["a.txt"]
    assert [(where.rsplit(":", 1)[1], reason.split(";")[0]) for where, reason in bad] == [
        ("1", "unknown column 'publshed'"),
        ("3", "row has neither a path nor a url"),
        ("4", "published '2024-13-45' is not an ISO date (YYYY-MM-DD)"),
        ("5", "published '04/03/2024' is not an ISO date (YYYY-MM-DD)"),
        ("6", "url 'ftp://news.example/x' is not an http(s) address"),
        ("7", "row has 1 more value(s) than the header has columns"),
    ]


def test_unusable_manifests_are_refused_whole(tmp_path):
    for name, data, problem in [
        ("noheader.csv", "a.txt,Daily Example\n", "needs a header row"),
        ("binary.csv", b"path\n\x00\x01\x02", "binary file"),
        ("latin.csv", "path,outlet\na.txt,Café\n".encode("cp1252"), "cannot read manifest"),
    ]:
        with pytest.raises(InputError, match=problem):
            read_manifest(write(tmp_path, name, data))


def test_ingest_with_a_bad_manifest_row_stores_the_rest(tmp_path, pipeline):
    write(tmp_path, "a.txt", GOOD)
    manifest = write(tmp_path, "list.csv", "path,published\na.txt,2024-03-04\nmissing.txt,2024-03-04\n,\n")
    with Store(f"sqlite:///{tmp_path / 'c.db'}") as store:
        report = ingest([], store, manifest=manifest, pipeline=pipeline)
        assert report.new == 1
        reasons = dict(report.failed)
        assert reasons[f"{manifest}:4"] == "row has neither a path nor a url"
        assert reasons[str(tmp_path / "missing.txt")] == "no such file or folder"
        assert store.article(1)["published"] == "2024-03-04"


# ---------------------------------------------------------------- the web: limits


def gzipped(size: int) -> bytes:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\x00" * 1_000_000
    return b"".join(squeeze.compress(block) for _ in range(size // len(block))) + squeeze.flush()


PUBLIC = {"news.example": ["93.184.215.14"], "other.example": ["2606:2800:21f:cb07:6820:80da:af6b:8b2c"]}


def resolve(host: str) -> list[str]:
    if host not in PUBLIC:
        raise OSError(f"unknown host {host}")
    return PUBLIC[host]


def client(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def fetch_error(url: str, handler, **kw) -> str:
    with pytest.raises(InputError) as info:
        fetch(url, client(handler), resolve=resolve, **kw)
    assert info.value.source == url
    return info.value.problem


def test_a_zip_bomb_behind_content_encoding_is_stopped_while_streaming():
    bomb = gzipped(200_000_000)
    assert len(bomb) < 300_000

    def handler(request):
        return httpx.Response(200, headers={"content-type": "text/html", "content-encoding": "gzip"},
                              stream=httpx.ByteStream(bomb))

    tracemalloc.start()
    try:
        problem = fetch_error("https://news.example/bomb", handler)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problem == f"response is over the {FETCH_MAX:,}-byte limit (after decompression)"
    assert peak < 3 * FETCH_MAX  # never the 200 MB


def test_content_encodings_are_undone_or_refused():
    page = f"<html><body>{P}</body></html>".encode()
    bodies = {"gzip": gzip.compress(page), "deflate": zlib.compress(page),
              "raw-deflate": zlib.compress(page)[2:-4], "br": b"\x0b\x02\x80hello\x03"}

    def handler(request):
        name = request.url.path.strip("/")
        coding = "deflate" if name == "raw-deflate" else name
        return httpx.Response(200, headers={"content-type": "text/html", "content-encoding": coding},
                              stream=httpx.ByteStream(bodies[name]))

    for name in ("gzip", "deflate", "raw-deflate"):
        assert fetch(f"https://news.example/{name}", client(handler), resolve=resolve).body == page
    assert fetch_error("https://news.example/br", handler) == "unsupported Content-Encoding: br"

    def broken(request):
        return httpx.Response(200, headers={"content-encoding": "gzip"}, stream=httpx.ByteStream(b"not gzip"))

    assert fetch_error("https://news.example/x", broken).startswith("broken gzip body")


def test_timeouts_and_endless_redirects_are_named():
    def slow(request):
        raise httpx.ReadTimeout("no answer", request=request)

    assert fetch_error("https://news.example/slow", slow) == "timed out"
    hops: list[str] = []

    def endless(request):
        hops.append(str(request.url))
        n = int(request.url.params.get("n", 0))
        return httpx.Response(302, headers={"location": f"/next?n={n + 1}"})

    assert fetch_error("https://news.example/next", endless) == "too many redirects"
    assert len(hops) == MAX_REDIRECTS + 1

    def bad_length(request):
        return httpx.Response(200, headers={"content-length": "lots"}, content=b"<p>x</p>")

    assert fetch("https://news.example/x", client(bad_length), resolve=resolve).body == b"<p>x</p>"


def test_malformed_and_huge_feeds():
    def page(body: bytes) -> Page:
        return Page("https://news.example/feed.xml", body, "application/rss+xml", None)

    for body in (b"\x00\xff garbage", b"<rss><channel><item><title>cut off</tit",
                 b"<rss version='2.0'><channel><title>nothing</title></channel></rss>"):
        with pytest.raises(InputError, match="feed lists no article links|not a readable feed"):
            feed_entries(page(body))
    items = "".join(f"<item><link>/a/{i}</link><pubDate>Mon, 99 Foo 2024</pubDate></item>" for i in range(5000))
    entries = feed_entries(page(f"<rss version='2.0'><channel>{items}</channel></rss>".encode()))
    assert len(entries) == MAX_FEED_ENTRIES
    assert entries[0] == ("https://news.example/a/0", {})
    laughs = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "talks">{laughs}]>'
            "<rss version='2.0'><channel><item><title>&e9;</title><link>/a</link></item></channel></rss>")
    assert [link for link, _ in feed_entries(page(bomb.encode()))] == ["https://news.example/a"]

    def huge(request):
        return httpx.Response(200, headers={"content-type": "application/rss+xml"},
                              stream=httpx.ByteStream(b"<rss>" + b"<item/>" * FETCH_MAX))

    assert "byte limit" in fetch_error("https://news.example/feed.xml", huge)


def test_a_feed_that_lists_itself_is_fetched_once(tmp_path):
    feed = b"<rss version='2.0'><channel><item><link>https://news.example/feed.xml</link></item></channel></rss>"
    seen: list[str] = []

    def handler(request):
        seen.append(str(request.url))
        return httpx.Response(200, headers={"content-type": "application/rss+xml"}, content=feed)

    with Store(f"sqlite:///{tmp_path / 'c.db'}") as store:
        report = ingest(["https://news.example/feed.xml"], store, client=client(handler), resolve=resolve)
    assert seen == ["https://news.example/feed.xml"]
    assert (report.new, report.failed) == (0, [])


# ---------------------------------------------------------------- the web: private addresses

BLOCKED = ["127.0.0.1", "127.3.2.1", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.1",
           "169.254.169.254", "169.254.1.1", "fc00::1", "fd12:3456::1", "fe80::1", "0.0.0.0", "::",
           "::ffff:127.0.0.1", "::ffff:10.0.0.1", "100.64.0.1", "224.0.0.1", "240.0.0.1", "fe80::1%eth0"]


@pytest.mark.parametrize("address", BLOCKED)
def test_private_addresses_are_refused(address):
    assert not is_public(address)
    hosts = {"inside.example": [address], "mixed.example": ["93.184.215.14", address]}
    for host in hosts:
        with pytest.raises(InputError, match=r"refused: .*--allow-private"):
            check_host(f"https://{host}/page", hosts.__getitem__)
    if "%" not in address:
        literal = f"[{address}]" if ":" in address else address
        with pytest.raises(InputError, match="refused"):
            check_host(f"http://{literal}:8080/latest/meta-data/", resolve)


def test_public_addresses_pass():
    for address in ("93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "172.32.0.1", "192.169.0.1"):
        assert is_public(address)
    check_host("https://news.example/a", resolve)
    check_host("https://other.example/a", resolve)


def test_the_system_resolver_sees_through_disguised_loopback():
    for url in ("http://localhost/", "http://2130706433/", "http://127.1/", "http://0x7f000001/"):
        with pytest.raises(InputError, match="refused"):
            check_host(url, system_resolve)


def test_every_redirect_hop_is_checked_and_allow_private_lets_it_through():
    served: list[str] = []

    def handler(request):
        served.append(str(request.url))
        if request.url.host == "news.example":
            return httpx.Response(301, headers={"location": "http://169.254.169.254/latest/meta-data/"})
        return httpx.Response(200, text="secret", headers={"content-type": "text/plain"})

    problem = fetch_error("https://news.example/story", handler)
    assert "169.254.169.254" in problem and "--allow-private" in problem
    assert served == ["https://news.example/story"]  # the metadata address was never asked
    page = fetch("https://news.example/story", client(handler), resolve=resolve, allow_private=True)
    assert (page.url, page.body) == ("http://169.254.169.254/latest/meta-data/", b"secret")


def test_ingest_refuses_private_urls_unless_allowed(tmp_path, pipeline):
    def handler(request):
        return httpx.Response(200, text=f"<html><body><article>{P * 3}</article></body></html>",
                              headers={"content-type": "text/html"})

    urls = ["http://127.0.0.1:8000/admin", "http://[::1]/x", "http://192.168.0.10/article"]
    with Store(f"sqlite:///{tmp_path / 'c.db'}") as store:
        report = ingest(urls, store, client=client(handler), resolve=resolve, pipeline=pipeline)
        assert [s for s, _ in report.failed] == urls
        assert all(r.startswith("refused:") for _, r in report.failed)
        assert store.counts()["articles"] == 0
        report = ingest(urls[:1], store, client=client(handler), resolve=resolve, pipeline=pipeline,
                        allow_private=True)
        assert (report.new, report.failed) == (1, [])


def test_the_cli_refuses_private_urls_and_offers_the_flag(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    result = CliRunner().invoke(app, ["ingest", "http://127.0.0.1:9/x", "--db", db])
    assert result.exit_code == 1
    assert "refused" in result.stderr and "--allow-private" in " ".join(result.stderr.split())
    assert "--allow-private" in CliRunner().invoke(app, ["ingest", "--help"]).stdout
