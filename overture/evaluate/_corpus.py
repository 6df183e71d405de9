"""The labelled corpus of real news: labels kept as offsets plus the text's hash, never text.

`overture/data/corpus/docs.jsonl` points at each sampled file under ../shared by a hash of
its name (CNN's file names are headlines: they stay out of the repository too), with the
SHA-256 of its text and its split (train / dev / test, fixed per story so near-copies
never straddle);
`labels.jsonl` gives, per labelled document, every body sentence's span (all of them: most
carry no signal) and its signals. The text is read in place and checked against the hash,
so a changed file is refused rather than silently mislabelled.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterator

from overture._errors import OvertureError

SPLITS = ("train", "dev", "test")
# where each labelled collection lives under ../shared
PLACES = {"cnn-2024": "corpus/cnn-2024", "agnews-world": "corpus/agnews-world",
          "bench": "bench/article-extraction-text/text"}


def source_path(shared: Path, corpus: str, file: str) -> Path:
    """The file a label points at, under ../shared."""
    return shared / PLACES.get(corpus, f"corpus/{corpus}") / file


def name_id(name: str) -> str:
    """What the repository keeps of a file's name (or a story's): a short hash of it."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:16]


@cache
def _names(folder: Path) -> dict[str, str]:
    return {name_id(p.name): p.name for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}


def resolve_name(shared: Path, corpus: str, file_id: str) -> str:
    """The file name behind a name hash, found by listing the collection's folder."""
    name = _names(shared / PLACES.get(corpus, f"corpus/{corpus}")).get(file_id)
    if name is None:
        raise OvertureError(f"{shared / PLACES.get(corpus, corpus)}: no file for labelled id {file_id}")
    return name


@dataclass
class LabelledDoc:
    corpus: str
    file: str
    split: str
    text: str
    sentences: list[tuple[int, int]]
    signals: list[dict[str, Any]]  # start, end (evidence), type, actor, actor_side, target, conditions
    story: str = ""  # near-copies (daily versions of one story) share it: a hash

    def path(self, shared: Path) -> Path:
        return source_path(shared, self.corpus, self.file)

    @property
    def id(self) -> str:
        return f"{self.corpus}/{self.file}"

    def sentence_types(self) -> list[set[str]]:
        """Per sentence, the types of the signals whose evidence holds it."""
        out: list[set[str]] = [set() for _ in self.sentences]
        for sig in self.signals:
            for k, (s, e) in enumerate(self.sentences):
                if s < sig["end"] and sig["start"] < e:
                    out[k].add(sig["type"])
        return out

    def gold_record(self) -> dict[str, Any]:
        """The document's gold in the contract's shape (signals only; other fields unscored)."""
        sigs = []
        for sig in self.signals:
            s, e = sig["start"], sig["end"]
            sigs.append({**{k: sig[k] for k in ("type", "actor", "actor_side", "target", "conditions")},
                         "evidence": {"start": s, "end": e, "text": self.text[s:e]}})
        return {"source": self.file, "offsets": "raw", "title": None, "outlet": None, "published": None,
                "signals": sigs}  # statements, claims and body were not labelled: unscored


def corpus_dir() -> Path:
    return Path(str(files("overture.data").joinpath("corpus")))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_labelled(shared: Path, splits: tuple[str, ...] = SPLITS, corpora: tuple[str, ...] | None = None,
                  labels: Path | None = None) -> Iterator[LabelledDoc]:
    """Every labelled document of these splits, its text read from `shared`/corpus."""
    labels = labels or corpus_dir() / "labels.jsonl"
    for line in labels.read_text("utf-8").splitlines():
        rec = json.loads(line)
        if rec["split"] not in splits or (corpora and rec["corpus"] not in corpora):
            continue
        file = resolve_name(shared, rec["corpus"], rec["file_id"])
        path = source_path(shared, rec["corpus"], file)
        try:
            text = path.read_bytes().decode("utf-8")
        except OSError as exc:
            raise OvertureError(f"{path}: labelled file not readable ({exc})") from exc
        if sha256(text) != rec["sha256"]:
            raise OvertureError(f"{path}: text differs from the labelled version (SHA-256 mismatch)")
        yield LabelledDoc(rec["corpus"], file, rec["split"], text,
                          [tuple(s) for s in rec["sentences"]], rec["signals"], rec["story_id"])


def write_gold(docs: list[LabelledDoc], out: Path) -> None:
    """One gold .json per document, for shared/tools/score.py and `overture eval`."""
    out.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (out / (d.file + ".json")).write_text(json.dumps(d.gold_record(), ensure_ascii=False), encoding="utf-8")
