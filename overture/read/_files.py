"""Turn paths on disk into Articles: find the files, decompress, decode, read front matter.

Reading is the only place that touches the disk; every failure is an InputError that names
the file, so a batch can report it and carry on with the rest.
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import re
from collections.abc import Iterator
from pathlib import Path

from overture._errors import InputError
from overture.article import Article

SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
            ".html": "html", ".htm": "html", ".xhtml": "html"}
MAX_BYTES = 20_000_000  # refuse larger inputs before reading them whole


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
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused clearly."""
    if not data.strip():
        raise InputError(source, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(source, f"invalid UTF-16 at byte {exc.start}") from exc
    if b"\x00" in data[:8192]:
        raise InputError(source, "binary file (NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r}); "
                                 "convert it to UTF-8 first") from exc
    return text


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise InputError(source, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit")
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from exc
    if path.name.lower().endswith(".gz"):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                data = gz.read(max_bytes + 1)
        except (OSError, EOFError) as exc:
            raise InputError(source, f"broken gzip file: {exc}") from exc
        if len(data) > max_bytes:
            raise InputError(source, f"decompresses to over the {max_bytes:,}-byte limit")
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
    article = Article(source=path.name, raw=raw, kind=kind)
    if kind == "markdown":
        meta, _ = front_matter(raw)
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
    return Article(source=source, raw=text, kind=kind)
