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

SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
            ".html": "html", ".htm": "html", ".xhtml": "html"}
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
    """The input kind from the file name: text, markdown or html (also when gzipped)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return SUFFIXES.get(Path(name).suffix)


def find_inputs(paths: list[Path]) -> Iterator[Path]:
    """The files to read: each file given, and each article file under each folder given."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and kind_of(child) and not child.name.startswith("."):
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


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """Flat `key: value` pairs of a YAML front matter block, and where the block ends."""
    m = _FRONT.match(text)
    if not m:
        return {}, 0
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        km = _KEY.match(line)
        if km and km.group(2):
            meta[km.group(1).lower()] = km.group(2).strip().strip("'\"")
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
    """One file as an Article, with front-matter hints for markdown."""
    kind = kind_of(path)
    if kind is None:
        raise InputError(str(path), "unknown file type; expected .txt, .md, .html or .htm (optionally .gz)")
    raw = decode(read_bytes(path, max_bytes), str(path))
    return _with_front_matter(Article(source=path.name, raw=raw, kind=kind))


def _with_front_matter(article: Article) -> Article:
    """Markdown front matter (title, outlet, language, date, url) as the page's own hints."""
    if article.kind != "markdown":
        return article
    meta, _ = front_matter(article.raw)
    for key in ("title", "outlet", "language"):
        if meta.get(key):
            article.hints.setdefault(f"page_{key}", meta[key])
    for key in ("date", "published", "published_at"):
        if parse_date(meta.get(key)):
            article.hints.setdefault("page_published", parse_date(meta[key]))
    for key in ("url", "source", "source_url", "link"):
        if meta.get(key, "").startswith("http"):
            article.url = meta[key]
    return article


def article_from_text(text: str, source: str = "<text>", kind: str = "text") -> Article:
    """An Article from a string already in memory (for the library and the API)."""
    if not text.strip():
        raise InputError(source, "text is empty")
    return _with_front_matter(Article(source=source, raw=text, kind=kind))
