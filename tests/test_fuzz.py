"""Property and fuzz tests (Hypothesis): whatever comes in, overture answers with a valid
record or a named InputError/StageError, never a crash, and every span it gives points into
the text it indexes.

Example counts are fixed below (FUZZ_EXAMPLES) so the file runs in well under a minute; the
README's reliability table quotes them. Inputs that once failed are pinned with @example.
"""
from __future__ import annotations

import gzip
import json

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from overture import extract
from overture._errors import InputError, StageError
from overture.clean._lines import body_spans, line_spans, title_line
from overture.read import read_article
from overture.read._files import decode
from overture.record import Record
from overture.record._models import SIGNAL_TYPES, Claim, Signal, Span, Statement

FUZZ_EXAMPLES = {"text": 300, "markdown": 100, "html": 150, "record": 300, "lines": 300, "bytes": 500, "files": 200}
FAST = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# invented newsroom vocabulary, so that generated texts reach the attribution and signal rules
WORDS = ["The", "foreign", "minister", "of", "Freedonia", "Sylvania", "President", "Anna", "Berg", "said", "told",
         "reporters", "on", "Monday", "12", "March", "2024", "that", "the", "government", "was", "ready", "to",
         "hold", "talks", "with", "if", "troops", "withdraw", "rejected", "negotiations", "ceasefire", "truce",
         "proposed", "urged", "accused", "violating", "welcomed", "offer", "spokesman", "according", "people",
         "killed", "percent", "not", "never", "“", "”", '"', "'", "«", "»", "(", ")", ":", "-", "—", ",", ".",
         "?", "!", "...", "#", "---", "title:", "date:", "\n", "\n\n", "\r\n", "\t", " ", "\u00a0", "\u200b"]
TAGS = ["<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<h1>", "</h1>", "<b>", "</i>", "<br>",
        "<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<", ">", "&amp;", "&#0;",
        "&#x110000;", "&nbsp;", "<meta charset='koi8-r'>", "<html lang='xx-yy'>", "<title>", "</title>",
        "<time datetime='2024-02-30'>", "<a href='javascript:alert(1)'>", "<img src=x onerror=alert(1)>"]

newsy = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=80).map(" ".join)
# paragraphs of sentence-like lines, which the line classifier keeps as body and the later stages parse
sentence = st.lists(st.sampled_from([w for w in WORDS if w.strip()]), min_size=6, max_size=30).map(
    lambda words: " ".join(words).capitalize() + ".")
paragraphs = st.lists(st.lists(sentence, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=6).map("\n\n".join)
any_text = st.text(max_size=400) | newsy | paragraphs
markup = st.lists(st.sampled_from(TAGS) | st.sampled_from(WORDS) | st.text(max_size=6) | sentence,
                  max_size=120).map("".join)


def check_spans(record: Record, raw: str) -> None:
    """Every span inside the indexed text and equal to its slice; body spans in bounds."""
    text = record.indexed_text(raw)
    spans = [st.content for st in record.statements] + [st.cue for st in record.statements if st.cue]
    spans += [sg.evidence for sg in record.signals] + [sg.quote for sg in record.signals if sg.quote]
    spans += [c.evidence for c in record.claims]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text), span
        assert text[span.start:span.end] == span.text, span
    for start, end in record.body:
        assert 0 <= start <= end <= len(text)
    assert Record.model_validate_json(record.model_dump_json()) == record


def run(text: str, kind: str, pipeline) -> None:
    try:
        record = extract(text, kind=kind, source=f"fuzz.{kind}", pipeline=pipeline)
    except InputError:
        assert not text.strip()  # only blank input is refused
        return
    except StageError as exc:  # an HTML page with no main text is a named failure, not a crash
        assert kind == "html" and exc.stage == "clean" and "HTML page" in str(exc), exc
        return
    event(f"{kind}: {'with' if record.signals else 'no'} signals, {'with' if record.statements else 'no'} statements")
    check_spans(record, text)


@settings(max_examples=FUZZ_EXAMPLES["text"], **FAST)
@given(text=any_text)
@example(text="")
@example(text="\u2028\u2029\x85\x0b\x0c")  # line breaks that str.splitlines sees and the line finder doesn't
@example(text="“" * 3 + " said " + "”" * 3)
def test_any_text_gives_a_valid_record(text, pipeline):
    run(text, "text", pipeline)


@settings(max_examples=FUZZ_EXAMPLES["markdown"], **FAST)
@given(text=any_text.map(lambda t: "---\ntitle: x\ndate: 2024-99-99\n---\n" + t) | any_text)
def test_any_markdown_gives_a_valid_record(text, pipeline):
    run(text, "markdown", pipeline)


@settings(max_examples=FUZZ_EXAMPLES["html"], **FAST)
@given(html=markup)
@example(html="<html><body>" + "<div>" * 3000 + "<p>" + "The minister said talks would resume. " * 5)
def test_any_html_gives_a_valid_record_or_a_named_error(html, pipeline):
    run(html, "html", pipeline)


# ------------------------------------------------------------------ the record round trip

@st.composite
def records(draw) -> Record:
    text = draw(st.text(max_size=120))
    offsets = draw(st.sampled_from(["raw", "text"]))

    def span() -> Span:
        start = draw(st.integers(0, len(text)))
        return Span.of(text, start, draw(st.integers(start, len(text))))

    names = st.none() | st.text(max_size=20)
    lists = st.lists(st.text(max_size=12), max_size=3)
    statements = [Statement(speaker=draw(names), speaker_side=draw(names), cue=draw(st.none() | st.just(None)) or
                            (span() if draw(st.booleans()) else None), content=span(),
                            kind=draw(st.sampled_from(["direct", "indirect", "mixed"])), reported_via=draw(lists),
                            medium=draw(names)) for _ in range(draw(st.integers(0, 3)))]
    signals = [Signal(type=draw(st.sampled_from(SIGNAL_TYPES)), actor=draw(names), actor_side=draw(names),
                      target=draw(names), evidence=span(), quote=span() if draw(st.booleans()) else None,
                      conditions=draw(lists), said_on=draw(st.none() | st.dates()), date_text=draw(names),
                      medium=draw(names), reported_via=draw(lists), cameo=draw(names), plover=draw(names),
                      goldstein=draw(st.none() | st.floats(-10, 10, allow_nan=False)))
               for _ in range(draw(st.integers(0, 3)))]
    claims = [Claim(claimant=draw(names), figure=draw(st.text(max_size=10)), subject=draw(names), evidence=span(),
                    verified=draw(st.none() | st.booleans())) for _ in range(draw(st.integers(0, 2)))]
    body = [(s.start, s.end) for s in (span() for _ in range(draw(st.integers(0, 3))))]
    return Record(source=draw(st.text(max_size=30)), offsets=offsets, title=draw(names), outlet=draw(names),
                  published=draw(st.none() | st.dates()), language=draw(names),
                  text=text if offsets == "text" else draw(st.none() | st.just(text)), body=body,
                  statements=statements, signals=signals, claims=claims)


@settings(max_examples=FUZZ_EXAMPLES["record"], deadline=None)
@given(record=records())
def test_record_json_round_trip(record):
    assert Record.model_validate_json(record.model_dump_json()) == record
    as_json = json.loads(json.dumps(record.model_dump(mode="json"), ensure_ascii=False))
    assert Record.model_validate(as_json) == record


# ------------------------------------------------------------------ the flattened-text line classifier

lines = st.lists(st.text(max_size=60) | newsy, max_size=40)
breaks = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\n \n"])


@settings(max_examples=FUZZ_EXAMPLES["lines"], **FAST)
@given(parts=lines, sep=breaks)
@example(parts=["[Reuters] The minister said talks would resume.", "x"], sep="\n")
def test_line_classifier_on_arbitrary_lines(parts, sep):
    text = sep.join(parts)
    lines_found = line_spans(text)
    for s, e in lines_found:
        line = text[s:e]
        assert line and line == line.strip() and "\n" not in line and "\r" not in line
    body = body_spans(text)
    assert body == sorted(body)
    for (s, e), nxt in zip(body, body[1:] + [(len(text), len(text))]):
        assert 0 <= s < e <= nxt[0] <= len(text)
        assert "\n" not in text[s:e] and "\r" not in text[s:e]
        assert any(ls <= s and e <= le for ls, le in lines_found)  # each body span sits in one line
    head = title_line(text)
    if head is not None:
        assert head in lines_found


# ------------------------------------------------------------------ reading bytes

@settings(max_examples=FUZZ_EXAMPLES["bytes"], deadline=None)
@given(data=st.binary(max_size=2000) | st.text(max_size=300).map(lambda t: t.encode("utf-8")) |
       st.text(max_size=300).map(lambda t: t.encode("utf-16")) |
       st.text(alphabet="абвгдежзийклмнопрстуфхцчшщыьэюя ,.", max_size=300).map(lambda t: t.encode("cp1251")))
@example(data=b"\xff\xfe\x00\xd8")  # a lone UTF-16 surrogate after the BOM
@example(data=b"\xff\xfe\x00\x00\x00\x00\x11\x00")  # a UTF-32 BOM and a code point past U+10FFFF
@example(data=b"\xed\xa0\x80")  # a surrogate encoded as UTF-8
def test_decoding_arbitrary_bytes_gives_text_or_input_error(data):
    try:
        text = decode(data, "fuzz.bin")
    except InputError as exc:
        assert exc.source == "fuzz.bin" and exc.problem
    else:
        assert isinstance(text, str) and text.strip()
        text.encode("utf-8")  # no lone surrogates got through


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzzfiles")


@settings(max_examples=FUZZ_EXAMPLES["files"], **FAST)
@given(data=st.binary(max_size=3000), name=st.sampled_from(["a.txt", "a.html", "a.md", "a.txt.gz", "a.htm.gz"]),
       wrap=st.booleans())
def test_reading_arbitrary_files_gives_an_article_or_input_error(folder, data, name, wrap):
    path = folder / name
    path.write_bytes(gzip.compress(data) if wrap and name.endswith(".gz") else data)
    try:
        article = read_article(path)
    except InputError as exc:
        assert exc.source == str(path)
    else:
        assert article.raw.strip() and article.source == name
