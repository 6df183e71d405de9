"""Every format users bring, told by content: front matter in any text file, scraper caches
(one record per `<article>` block), JSON Lines, JSON and CSV exports (one record per row),
with the page's own title, outlet, wire and date read from each. Articles written here."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from overture._errors import InputError, OvertureError
from overture._extract import extract_files, read_inputs
from overture.cli import app
from overture.ingest import ingest
from overture.read import path_date, read_articles
from overture.store import Store

BODY = ("The foreign minister of Veloria said on Tuesday that her government was ready to resume talks "
        "with Ostmark on the disputed river border.\n\n"
        "Officials in Ostmark did not respond to a request for comment on the proposal.\n\n"
        "The two neighbours last met at the negotiating table in the spring, when a round in the capital "
        "ended without agreement.\n")


def records(*paths: Path, **kw) -> list:
    out = list(extract_files(paths, **kw))
    assert not [r for r in out if isinstance(r, OvertureError)], out
    return out


def test_front_matter_in_a_txt_file_gives_title_url_outlet_and_date(tmp_path):
    page = tmp_path / "story.txt"
    page.write_text("---\ntitle: Veloria ready to resume border talks with Ostmark\n"
                    "description: A short teaser that is not the headline\n"
                    "source: https://apnews.com/article/veloria-ostmark-talks-123\n"
                    "date: 2024-03-05T09:12:00Z\n---\n\n" + BODY, encoding="utf-8")
    rec, = records(page)
    assert rec.title == "Veloria ready to resume border talks with Ostmark"
    assert rec.outlet == "Associated Press"  # from the source URL's domain
    assert rec.published == dt.date(2024, 3, 5) and rec.published_from == "text"
    raw = page.read_text(encoding="utf-8")
    assert all(raw[s:e] not in ("---",) and not raw[s:e].startswith(("title:", "description:")) for s, e in rec.body)


CACHE = """# Reuters

<article>
<title>Veloria offers talks on river border</title>
<publication_date>2024-03-05</publication_date>
<url>https://example.org/a1</url>
<content>
{body}
</content>
</article>

<article>
<title>Ostmark rejects Veloria's offer | Reuters</title>
<publication_date>March 7, 2024</publication_date>
<content>
Ostmark's president said his country would not negotiate while troops remained at the river.

He called the offer a stunt.
</content>
</article>

## Al Jazeera

<article>
<title>Mediators arrive in the capital</title>
<publication_date>2024-03-09 14:00</publication_date>
<content>
Envoys from three states arrived on Saturday to prepare a new round of talks between the two neighbours.
</content>
</article>
"""


def test_a_cache_of_several_articles_gives_one_record_per_block_with_the_heading_as_outlet(tmp_path):
    cache = tmp_path / "agent_cache.txt"
    cache.write_text(CACHE.format(body=BODY), encoding="utf-8")
    recs = records(cache)
    assert [r.source for r in recs] == ["agent_cache.txt#1", "agent_cache.txt#2", "agent_cache.txt#3"]
    assert [r.title for r in recs] == ["Veloria offers talks on river border", "Ostmark rejects Veloria's offer",
                                      "Mediators arrive in the capital"]
    assert [r.outlet for r in recs] == ["Reuters", "Reuters", "Al Jazeera"]
    assert [r.published for r in recs] == [dt.date(2024, 3, 5), dt.date(2024, 3, 7), dt.date(2024, 3, 9)]
    for rec, article in zip(recs, read_articles(cache)):
        text = article.raw
        body = " ".join(text[s:e] for s, e in rec.body)
        assert "<" not in body and body.strip()  # only what was inside <content>
    assert any(s.type == "reject_talks" or s.type == "dismiss" for s in recs[1].signals) or recs[1].statements


def test_a_single_article_cache_keeps_raw_offsets(tmp_path):
    cache = tmp_path / "one.xml"
    cache.write_text("<title>Veloria offers talks</title>\n<publication_date>2024-03-05</publication_date>\n"
                     f"<content>\n{BODY}</content>\n", encoding="utf-8")
    rec, = records(cache)
    raw = cache.read_text(encoding="utf-8")
    assert rec.offsets == "raw" and rec.title == "Veloria offers talks"
    assert rec.published == dt.date(2024, 3, 5)
    assert raw[rec.body[0][0]:rec.body[0][1]].startswith("The foreign minister of Veloria")


def _rows(n: int) -> list[dict]:
    outlets = [{"name": "BBC News"}, "reuters.com", "Al Jazeera English", "Kyiv Independent"]
    return [{"title": f"Report {i} from the border region", "description": "teaser only",
             "content": (f"Item {i}. Local officials counted {i % 7 + 1} convoys crossing the river on Monday.\n\n"
                         "Traffic on the bridge was slow."),
             "url": f"https://news.example/{i}", "publishedAt": f"2024-0{1 + i % 9}-1{i % 10}T08:00:00Z",
             "source": outlets[i % len(outlets)]} for i in range(n)]


def test_a_jsonl_export_of_1000_rows_gives_1000_records_naming_file_and_row(tmp_path):
    export = tmp_path / "newsapi_export.jsonl"
    rows = _rows(1000)
    export.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    recs = records(export, workers=2)
    assert len(recs) == 1000
    assert recs[0].source == "newsapi_export.jsonl#1" and recs[999].source == "newsapi_export.jsonl#1000"
    assert [r.outlet for r in recs[:4]] == ["BBC", "Reuters", "Al Jazeera", "The Kyiv Independent"]
    assert recs[10].title == "Report 10 from the border region"
    assert recs[10].published == dt.date(2024, 2, 10) and recs[10].published_from == "text"
    assert recs[10].offsets == "text" and recs[10].text.startswith("Item 10.")  # the content, not the teaser
    assert all(r.body for r in recs)


def test_a_bad_row_is_an_error_naming_file_and_row_and_the_others_go_on(tmp_path):
    export = tmp_path / "feed.jsonl"
    rows = _rows(3)
    export.write_text(json.dumps(rows[0]) + "\n{broken json\n" + json.dumps({"title": "no text"}) + "\n"
                      + json.dumps(rows[2]) + "\n", encoding="utf-8")
    out = list(read_inputs([export]))
    errors = [str(x) for x in out if isinstance(x, InputError)]
    assert len(out) == 4 and len(errors) == 2
    assert errors[0].startswith("feed.jsonl#2: not a JSON object") and errors[1].startswith("feed.jsonl#3: row has no article text")


def test_csv_export_with_a_field_mapping_on_the_command_line(tmp_path):
    export = tmp_path / "crawl.csv"
    export.write_text("headline,story_body,link,seendate,domain\n"
                      f"\"Veloria ready for talks\",\"{BODY.replace(chr(10), ' ')}\",https://www.bbc.co.uk/news/1,"
                      "20240305T101500Z,bbc.co.uk\n", encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(app, ["extract", str(export)])
    assert refused.exit_code == 1 and "no article text column" in refused.output
    result = runner.invoke(app, ["extract", str(export), "--field", "text=story_body", "--workers", "1"])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout.splitlines()[0])
    assert rec["source"] == "crawl.csv#1" and rec["title"] == "Veloria ready for talks"
    assert rec["outlet"] == "BBC" and rec["published"] == "2024-03-05"
    bad = runner.invoke(app, ["extract", str(export), "--field", "txet=story_body"])
    assert bad.exit_code != 0 and "FIELD=COLUMN" in bad.output


def test_a_newsapi_json_answer_is_read_when_named(tmp_path):
    answer = tmp_path / "everything.json"
    answer.write_text(json.dumps({"status": "ok", "articles": [
        {"source": {"id": None, "name": "Al Jazeera English"}, "title": "Mediators arrive - Al Jazeera English",
         "url": "https://www.aljazeera.com/news/2024/3/9/x", "publishedAt": "2024-03-09T10:00:00Z",
         "content": "Envoys from three states arrived on Saturday to prepare a new round of talks."}]}),
        encoding="utf-8")
    rec, = records(answer)
    assert (rec.outlet, rec.published, rec.title) == ("Al Jazeera", dt.date(2024, 3, 9), "Mediators arrive")


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    page = tmp_path / "saved.txt"
    page.write_text("<!DOCTYPE html><html><head><title>Veloria ready for talks - BBC News</title>"
                    '<meta property="og:site_name" content="BBC News"></head><body><article>'
                    + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n") if p.strip())
                    + "</article></body></html>", encoding="utf-8")
    rec, = records(page)
    assert rec.offsets == "text" and rec.title == "Veloria ready for talks" and rec.outlet == "BBC"


@pytest.mark.parametrize("name, day", [
    ("20220219T231500Z_veloria-talks.txt", dt.date(2022, 2, 19)),
    ("2024/07/25/veloria-talks.txt", dt.date(2024, 7, 25)),
    ("2024-07-25-veloria-talks.md", dt.date(2024, 7, 25)),
    ("veloria_20240725_talks.txt", dt.date(2024, 7, 25)),
    ("3f9a20240725bc.txt", None),  # digits inside a hash are not a date
])
def test_a_date_in_the_path_is_the_last_resort(tmp_path, name, day):
    assert path_date(name) == day
    page = tmp_path / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(BODY, encoding="utf-8")
    rec, = records(page)
    assert rec.published == day and rec.published_from == ("path" if day else None)


def test_the_text_date_wins_over_the_path_and_the_manifest_wins_over_both(tmp_path):
    page = tmp_path / "20220219T231500Z_veloria.txt"
    page.write_text("Veloria ready to resume border talks\n\nPublished: 5 March 2024\n\n" + BODY, encoding="utf-8")
    rec, = records(page)
    assert (rec.published, rec.published_from) == (dt.date(2024, 3, 5), "text")
    rec, = records(page, published=dt.date(2024, 3, 6))
    assert (rec.published, rec.published_from) == (dt.date(2024, 3, 6), "manifest")


def test_ingest_stores_each_row_of_an_export_and_reports_bad_rows_by_row(tmp_path):
    export = tmp_path / "feed.jsonl"
    export.write_text("\n".join(json.dumps(r) for r in _rows(5)) + "\n{bad\n", encoding="utf-8")
    with Store(f"sqlite:///{tmp_path / 'x.db'}") as store:
        report = ingest([export], store, fast=True)
        assert report.new == 5 and [s for s, _ in report.failed] == [f"{export}#6"]
        again = ingest([export], store, fast=True)
        assert again.new == 0 and again.duplicate == 5
        rec = store.record(1)
        assert rec.published_from == "text" and rec.outlet == "BBC"
