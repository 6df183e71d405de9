"""Score overture's main-text extractors on the article-extraction benchmark.

Reads ../shared/bench (the repo's sibling folder) and prints, with the benchmark's
own metric (4-token shingle P/R/F1 averaged over pages) and pages per second:
  HTML pages:   trafilatura with default settings vs overture.clean._html.extract_html
  text dumps:   keep every line, keep lines of >= 15 words, overture.clean._lines.body_spans

usage: python scripts/bench_extraction.py [--only html|text]
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    """The benchmark's multiset of overlapping n-token shingles of text."""
    toks = _TOKEN.findall(text or "")
    return Counter(" ".join(toks[i:i + n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i + n])


def page_counts(truth: str, pred: str) -> tuple[int, int, int]:
    """tp, fp, fn shingles for one page."""
    a, b = shingles(truth), shingles(pred)
    tp = sum((a & b).values())
    return tp, sum(b.values()) - tp, sum(a.values()) - tp


def prf(counts: Iterable[tuple[int, int, int]]) -> tuple[float, float, float]:
    """Precision averaged over pages with output, recall over all pages, F1 of the two."""
    ps, rs = [], []
    for tp, fp, fn in counts:
        if tp + fp:
            ps.append(tp / (tp + fp))
        if tp + fn:
            rs.append(tp / (tp + fn))
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def truth() -> dict[str, str]:
    gt = json.loads((BENCH / "article-extraction" / "ground-truth.json").read_text("utf-8"))
    return {k: v["articleBody"] for k, v in gt.items()}


def text_pages() -> dict[str, str]:
    folder = BENCH / "article-extraction-text" / "text"
    return {p.stem: p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))}


def html_pages() -> dict[str, str]:
    folder = BENCH / "article-extraction" / "html"
    return {p.name.split(".")[0]: gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
            for p in sorted(folder.glob("*.html.gz"))}


def run(name: str, pages: dict[str, str], gold: dict[str, str],
        extract: Callable[[str], str]) -> tuple[str, float, float, float, float]:
    start = time.perf_counter()
    preds = {k: extract(v) for k, v in pages.items()}
    elapsed = time.perf_counter() - start
    p, r, f = prf(page_counts(gold[k], preds[k]) for k in pages)
    return name, p, r, f, len(pages) / elapsed


def keep_lines(min_words: int) -> Callable[[str], str]:
    return lambda text: "\n".join(ln for ln in text.splitlines() if len(ln.split()) >= min_words)


def clean_stage(kind: str) -> Callable[[str], str]:
    """What overture keeps as body: the whole clean stage, as `overture extract` runs it."""
    from overture.article import Article
    from overture.clean.stage import CleanStage
    stage = CleanStage()

    def body(page: str) -> str:
        try:
            article = stage(Article(source="page", raw=page, kind=kind))
        except ValueError:
            return ""
        return "\n".join(article.text[s:e] for s, e in article.body)
    return body


def trafilatura_default(html: str) -> str:
    import trafilatura
    return trafilatura.extract(html) or ""


def ours_html(html: str) -> str:
    from overture.clean._html import extract_html
    try:
        return extract_html(html).text
    except ValueError:
        return ""


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    if not BENCH.exists():
        print(f"benchmark not found at {BENCH}", file=sys.stderr)
        return 2
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    gold = truth()
    rows = []
    if only in (None, "html"):
        pages = html_pages()
        rows += [("html  trafilatura default",) + run("", pages, gold, trafilatura_default)[1:],
                 ("html  overture extract_html",) + run("", pages, gold, ours_html)[1:],
                 ("html  overture clean stage",) + run("", pages, gold, clean_stage("html"))[1:]]
    if only in (None, "text"):
        pages = text_pages()
        rows += [("text  keep every line",) + run("", pages, gold, keep_lines(0))[1:],
                 ("text  keep lines >= 15 words",) + run("", pages, gold, keep_lines(15))[1:],
                 ("text  overture clean stage",) + run("", pages, gold, clean_stage("text"))[1:]]
    print(f"{'method':32} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>8}")
    for name, p, r, f, speed in rows:
        print(f"{name:32} {p:6.3f} {r:6.3f} {f:6.3f} {speed:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
