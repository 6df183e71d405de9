"""Turn paths on disk into Articles: find the files, decompress, decode, read front matter.

Reading is the only place that touches the disk; every failure is an InputError that names
the file, so a batch can report it and carry on with the rest.

Limits, because news folders hold hostile files too: a file (or what a .gz inflates to)
over MAX_BYTES is refused without being read whole (gzip is inflated in chunks and
stopped at the cap, so a small bomb costs at most MAX_BYTES of memory); binary files are
refused; text is UTF-8, UTF-16/32 with a BOM, or a legacy 8-bit encoding (Windows-1251,
Latin-1...) that charset_normalizer recognises with confidence; damaged UTF-8 is refused.
"""
from __future__ import annotations

import datetime as dt
import gzip
import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from overture._errors import InputError
from overture.article import Article
from overture.read import _formats

SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
            ".html": "html", ".htm": "html", ".xhtml": "html", ".xml": "text",
            ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "csv"}
MAX_BYTES = 20_000_000  # refuse larger inputs (on disk, or once inflated) before reading them whole

log = logging.getLogger(__name__)

_BOMS = ((b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"),  # 32 before 16: same start
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# C0 controls other than tab, newlines, form feed and escape: text files hardly ever hold them
_CONTROL = bytes(c for c in range(32) if c not in b"\t\n\r\x0b\x0c\x1b")
_MAX_CONTROL_SHARE = 0.01
_PREFERRED = ("cp1252", "cp1251")  # Western European and Cyrillic Windows code pages
_MAX_CHAOS = 0.2  # charset_normalizer's mess ratio above which a guessed encoding is not trusted


def kind_of(path: Path) -> str | None:
    """The input kind the file name suggests (also when gzipped); the content decides."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return SUFFIXES.get(Path(name).suffix)


# in a folder, a .json file is as often a record or a config as an export: read when named
_FOLDER_SKIP_SUFFIXES = (".json", ".json.gz")
_NOT_ARTICLES = frozenset((".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".tar",
                           ".7z", ".rar", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".mp3", ".mp4",
                           ".wav", ".avi", ".mov", ".exe", ".dll", ".so", ".bin", ".db", ".sqlite", ".parquet"))
MANIFEST_NAME = "manifest.csv"  # a folder's sidecar of metadata, not articles


def find_inputs(paths: list[Path]) -> Iterator[Path]:
    """The files to read: each file given, and each article file under each folder given
    (pages and .jsonl/.csv exports; not its manifest, not .json files, which are read when named)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                name = child.name.lower()
                if child.is_file() and kind_of(child) and not name.startswith(".") \
                        and name != MANIFEST_NAME and not name.endswith(_FOLDER_SKIP_SUFFIXES):
                    yield child
        else:
            yield path


def decode(data: bytes, source: str) -> str:
    """The text of a file's bytes, or an InputError saying why they are not an article's text.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are decoded; bytes with no valid
    UTF-8 multi-byte sequence at all are a legacy 8-bit encoding, decoded when
    charset_normalizer recognises it; UTF-8 with damaged bytes is refused (guessing would
    garble the good part)."""
    if not data.strip():
        raise InputError(source, "file is empty")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(f"{codec}-{'le' if bom[0] == 0xFF else 'be'}")
            except UnicodeDecodeError as exc:
                raise InputError(source, f"invalid {codec.upper()} at byte {exc.start + len(bom)}") from exc
            return _checked_text(text, source)
    head = data[:65536]
    if b"\x00" in head or sum(head.count(c) for c in _CONTROL) > _MAX_CONTROL_SHARE * len(head):
        raise InputError(source, "binary file (control bytes), not an article")
    try:
        return _checked_text(data.decode("utf-8-sig"), source)
    except UnicodeDecodeError as exc:
        bad = exc.start
    if _has_utf8_sequences(data):
        raise InputError(source, f"not valid UTF-8 (byte {bad}: {data[bad:bad + 1]!r}); "
                                 "convert it to UTF-8 first")
    return _checked_text(_legacy(data, source), source)


def _has_utf8_sequences(data: bytes) -> bool:
    """Whether any non-ASCII character decodes as UTF-8: then the file is UTF-8 with damage."""
    return any(ord(ch) > 127 for ch in data.decode("utf-8", errors="ignore"))


def _legacy(data: bytes, source: str) -> str:
    """Text in an 8-bit encoding (Windows-1251, Latin-1...), when it can be told with confidence."""
    from charset_normalizer import from_bytes
    found = from_bytes(data)
    best = found.best()
    if best is not None:  # on a short text several code pages tie; the most common on the web wins
        ties = {m.encoding: m for m in found if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
        best = next((ties[e] for e in _PREFERRED if e in ties), best)
    if best is None or best.chaos > _MAX_CHAOS or best.encoding.startswith(("utf_16", "utf_32")):
        raise InputError(source, "not UTF-8, and its encoding could not be recognised; convert it to UTF-8 first")
    log.info("%s: decoded as %s", source, best.encoding)
    return str(best)


def _checked_text(text: str, source: str) -> str:
    """Decoded text that is still mostly control characters is a binary file after all."""
    if not text.strip():
        raise InputError(source, "file is empty")
    head = text[:65536]
    controls = sum(1 for ch in head if ch < " " and ch not in "\t\n\r\x0b\x0c\x1b")
    if controls > _MAX_CONTROL_SHARE * len(head):
        raise InputError(source, "binary file (control characters), not an article")
    return text


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """A file's bytes, inflated when it ends in .gz; never more than max_bytes held in memory."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise InputError(source, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
    gzipped = path.name.lower().endswith(".gz")
    try:
        with (gzip.open(path, "rb") if gzipped else path.open("rb")) as fh:
            data = fh.read(max_bytes + 1)  # GzipFile inflates in chunks and stops here
    except (OSError, EOFError, zlib.error) as exc:
        if gzipped and not isinstance(exc, (FileNotFoundError, PermissionError, IsADirectoryError)):
            raise InputError(source, f"broken gzip file: {exc}") from exc
        raise InputError(source, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    if len(data) > max_bytes:
        what = "decompresses to" if gzipped else "is"
        raise InputError(source, f"{what} over the {max_bytes:,}-byte limit")
    return data


_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
# front-matter keys, by what they give
_FRONT_KEYS = {"title": ("title", "headline"),
               "published": ("date", "published", "published_at", "publishedat", "pubdate", "publish_date",
                             "publication_date", "date_published", "created"),
               "outlet": ("outlet", "publisher", "site_name", "site", "source_name", "publication", "newspaper",
                          "source"),
               "url": ("url", "source", "source_url", "link", "canonical_url", "original_url"),
               "language": ("language", "lang")}


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """Flat `key: value` pairs of a YAML front matter block, and where the block ends."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        km = _KEY.match(line)
        if km and km.group(2):
            meta.setdefault(km.group(1).lower(), km.group(2).strip().strip("'\""))
    return meta, m.end()


def parse_date(value: str | None) -> dt.date | None:
    """An ISO date (or datetime) from metadata; None when it isn't one."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def read_article(path: Path, max_bytes: int = MAX_BYTES) -> Article:
    """One file that holds one article, as an Article (see `read_articles` for the others)."""
    found = list(read_articles(path, max_bytes))
    if len(found) != 1 or isinstance(found[0], InputError):
        if len(found) == 1:
            raise found[0]  # type: ignore[misc]
        raise InputError(str(path), f"holds {len(found)} articles, not one")
    return found[0]  # type: ignore[return-value]


def read_articles(path: Path, max_bytes: int = MAX_BYTES,
                  fields: dict[str, str] | None = None) -> Iterator[Article | InputError]:
    """Every article in one file, by its content: one for a page, one per row or block for
    an export or a cache; a bad row is an InputError in its place. The file's path (a date
    or an outlet in it) is kept as a last-resort hint."""
    if path.suffix.lower() in _NOT_ARTICLES:
        raise InputError(str(path), f"unknown file type '{path.suffix}'; expected a page (.txt .md .html), "
                                    "an export (.jsonl .json .csv) or a cache, optionally .gz")
    raw = decode(read_bytes(path, max_bytes), str(path))
    on_path = path_date(path)
    where = "/".join(path.resolve().parts[-3:])  # the folders a collection is sorted into name it
    for item in split_articles(raw, path.name, fields=fields):
        if isinstance(item, Article):
            item.hints.setdefault("path", where)
            if on_path:
                item.hints.setdefault("path_published", on_path)
        yield item


def split_articles(text: str, source: str, kind: str | None = None,
                   fields: dict[str, str] | None = None) -> Iterator[Article | InputError]:
    """The articles in a text: `kind` as given, else told from the content."""
    if not text.strip():
        raise InputError(source, "text is empty")
    kind = kind if kind in ("html", "record") else _formats.sniff(text, source if kind is None else f"x.{kind}")
    if kind == "record":
        yield _formats.record_article(text, source)
    elif kind in _formats.RECORD_KINDS:
        count = 0
        for number, row in _formats.rows(text, kind, source, fields):
            count += 1
            if isinstance(row, InputError):
                yield row
                continue
            try:
                yield _formats.row_article(row, f"{source}#{number}", fields)
            except InputError as exc:
                yield exc
        if not count:
            raise InputError(source, f"no rows in this {kind.upper()} file")
    elif kind == "cache":
        blocks = _formats.cache_blocks(text)
        if len(blocks) == 1:
            yield Article(source=source, raw=text, kind="cache")
            return
        for number, (start, end, heading) in enumerate(blocks, start=1):
            article = Article(source=f"{source}#{number}", raw=text[start:end], kind="cache")
            if heading:
                article.hints["page_heading"] = heading
            yield article
    else:
        yield _with_front_matter(Article(source=source, raw=text, kind=kind))


_EDGE_L, _EDGE_R = r"(?<![0-9A-Za-z])", r"(?![0-9A-Za-z])"  # a stamp, not digits inside a hash
_PATH_DATES = (re.compile(_EDGE_L + r"((?:19|20)\d\d)(\d\d)(\d\d)T\d{4,6}Z?" + _EDGE_R),  # 20220219T231500Z_...
               re.compile(r"(?<!\d)((?:19|20)\d\d)[/_.-](\d\d)[/_.-](\d\d)(?!\d)"),  # 2024/07/25/, 2024-07-25-
               re.compile(_EDGE_L + r"((?:19|20)\d\d)(\d\d)(\d\d)" + _EDGE_R))  # 20240725_slug


def path_date(path: Path | str) -> dt.date | None:
    """A date written in a file's path or name, the collection's own stamp; None if none."""
    text = str(path)
    for pattern in _PATH_DATES:
        for m in pattern.finditer(text):
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def _with_front_matter(article: Article) -> Article:
    """YAML front matter at the top of any text file (title, date, source URL, outlet) as the
    page's own hints; a description is not a title."""
    if article.kind == "html":
        return article
    meta, _ = front_matter(article.raw)
    if not meta:
        return article
    for field, keys in _FRONT_KEYS.items():
        for key in keys:
            value = meta.get(key, "")
            is_url = value.lower().startswith(("http://", "https://"))
            if not value or is_url != (field == "url"):
                continue
            if field == "url":
                article.url = article.url or value
            elif field == "published":
                when = _formats.parse_when(value)
                if when:
                    article.hints.setdefault("page_published", when)
            else:
                article.hints.setdefault(f"page_{field}", value)
            break
    return article


def article_from_text(text: str, source: str = "<text>", kind: str = "text") -> Article:
    """An Article from a string already in memory (for the library and the API): the one
    article of a page, or the first of a file of several."""
    for item in split_articles(text, source, kind):
        if isinstance(item, InputError):
            raise item
        return item
    raise InputError(source, "text is empty")
