"""Train the signal actor ranker (`make train`, after train_signals.py).

For every labelled signal of train + dev, the signals stage is made to emit the gold type on
the gold sentence; each candidate actor it sees (`SignalStage.actor_candidates`) is labelled
right when it names the gold actor by the scorer's own rule (`same_entity` of
../shared/tools/score.py: the actor, its `actor_also`, either party of a meeting). One
logistic regression scores candidates; C and the score at which a second candidate joins the
first are chosen on out-of-fold predictions (5 folds by story), compared with the rules'
pick on the same folds. Written to overture/data/signal_model/actors.json. The test split is
never read here.

    python scripts/train_actors.py              # writes the ranker, prints cross-validated figures
    python scripts/train_actors.py --no-write   # only the figures
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import pickle
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_signals import CACHE, MODEL_DIR, ROOT, SHARED, _folds, prf, up_to_signals, written_groups  # noqa: E402

from overture.evaluate._corpus import load_labelled  # noqa: E402
from overture.read._files import article_from_text, kind_of  # noqa: E402
from overture.signals._actors import ActorRanker  # noqa: E402
from overture.signals.stage import SignalStage  # noqa: E402

C_GRID = (0.1, 0.3, 1.0, 3.0)
SECOND_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
FOLDS = 5
SEED = 7


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class _GoldTypes(SignalStage):
    """The signals stage made to emit the labelled types, collecting its actor candidates."""

    def __init__(self) -> None:
        super().__init__("default")
        self.ranker = None
        self.gold: list[set[str]] = []

    def _decided(self, article, i, sent, cues, feats):
        out = []
        for t in sorted(self.gold[i]):
            same = [c for c in cues if c.type == t]
            out.append(same[0] if same else self._anchor(article, sent, t))
        return out


_PIPE = None


def groups_of(d) -> list[tuple[str, list[dict], list[bool], bool, int]]:
    """Per (sentence, gold type): type, candidate features, which candidates are right,
    whether the rules' pick is right, and how many actors the gold gives it."""
    global _PIPE
    if _PIPE is None:
        _PIPE = (up_to_signals(), _GoldTypes(), _scorer())
    pipe, stage, score = _PIPE
    art = pipe(article_from_text(d.text, d.file, kind_of(Path(d.file)) or "text"))
    spans = [(s.start, s.end) for s in art.sentences]
    stage.gold = [{g["type"] for g in d.signals if s < g["end"] and g["start"] < e} for s, e in spans]
    out = []

    def right(name, names):
        return any(score.same_entity(name, n) for n in names if n)

    def collect(i, cue, candidates):
        s, e = spans[i]
        names, n_gold = [], set()
        for g in d.signals:
            if g["type"] == cue.type and s < g["end"] and g["start"] < e:
                names += [g["actor"], *g.get("actor_also", [])] + ([g.get("target")] if cue.type == "meeting" else [])
                n_gold.add(g["actor"])
        labels = [right(c.mention.name, names) for c in candidates]
        rule = next((c for c in candidates if "rule0" in c.sources), None)
        out.append((cue.type, [c.feats for c in candidates], labels, bool(rule and right(rule.mention.name, names)),
                    len(n_gold)))

    stage.collect = collect
    stage(art)
    return out


def analyse(docs, workers: int, cache: bool = True):
    code = hashlib.sha1(b"".join(p.read_bytes() for p in sorted((ROOT / "overture").rglob("*.py")))).hexdigest()[:12]
    todo, out = [], {}
    for d in docs:
        path = CACHE / ("actors-" + code) / (hashlib.sha1(d.id.encode()).hexdigest() + ".pkl")
        if cache and path.exists():
            out[d.id] = pickle.loads(path.read_bytes())
        elif d.signals:
            todo.append((d, path))
        else:
            out[d.id] = []
    t0 = time.time()
    with ProcessPoolExecutor(workers) as pool:
        for n, ((d, path), groups) in enumerate(zip(todo, pool.map(groups_of, [d for d, _ in todo])), 1):
            if cache:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(pickle.dumps(groups))
            out[d.id] = groups
            if n % 50 == 0:
                print(f"  analysed {n}/{len(todo)} documents ({time.time() - t0:.0f} s)", file=sys.stderr)
    return [(d, out[d.id]) for d in docs]


def written_docs() -> list[SimpleNamespace]:
    """The sentences and articles written for training, as documents with offsets: they only
    ever join the training folds, never the held-out ones."""
    out = []
    for key, recs in written_groups().items():
        text, signals = "", []
        for r in recs:
            if text:
                text += "\n\n"
            for sig in r.get("signals", []):
                signals.append({**sig, "start": len(text), "end": len(text) + len(r["text"])})
            text += r["text"]
        if signals:
            out.append(SimpleNamespace(text=text, file="written.txt", signals=signals, id=f"written/{key}",
                                       corpus="written", story=key))
    return out


def fit(X, y, C):
    X = X.tocsr()
    X.indices, X.indptr = X.indices.astype(np.int32), X.indptr.astype(np.int32)  # liblinear's index type
    from sklearn.linear_model import LogisticRegression  # training only: not a run-time dependency

    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, solver="liblinear", random_state=SEED)
    return clf.fit(X, y)


def record_prf(groups, probs, second):
    """Signals' actors, counted as the stage emits them: the top candidate, and a second one
    where it scores at least `second`; each right candidate counts once."""
    tp = fp = fn = 0
    for (_, _, labels, _, n_gold), p in zip(groups, probs):
        order = np.argsort(-p)
        chosen = [order[0]] + [j for j in order[1:2] if p[j] >= second]
        hits = min(n_gold, sum(1 for j in chosen if labels[j]))
        tp += hits
        fp += len(chosen) - hits
        fn += n_gold - hits
    return prf(tp, fp, fn)


def main() -> None:
    from sklearn.feature_extraction import DictVectorizer

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-written", action="store_true", help="leave out the sentences written for training")
    args = ap.parse_args()
    docs = list(load_labelled(SHARED, ("train", "dev")))
    analysed = analyse(docs, args.workers)
    groups, stories = [], []
    for d, gs in analysed:
        for g in gs:
            if g[1]:
                groups.append(g)
                stories.append(d.corpus + "/" + d.story)
    extra = [] if args.no_written else [g for _, gs in analyse(written_docs(), args.workers) for g in gs if g[1]]
    print(f"written for training: {len(extra)} groups (training folds only)")
    n = len(groups)
    covered = sum(1 for g in groups if any(g[2]))
    rule_right = sum(1 for g in groups if g[3])
    print(f"{n} (sentence, type) groups from {len(docs)} documents; a right candidate among them: "
          f"{covered / n:.3f}; the rules' pick right: {rule_right / n:.3f}")
    folds = _folds(stories, FOLDS)
    best = None
    for C in C_GRID:
        probs = [None] * n
        for k in range(FOLDS):
            fit_groups = [groups[i] for i in range(n) if folds[i] != k] + extra
            held = [i for i in range(n) if folds[i] == k]
            vec = DictVectorizer()
            X = vec.fit_transform([f for g in fit_groups for f in g[1]])
            y = np.array([lab for g in fit_groups for lab in g[2]], dtype=int)
            clf = fit(X, y, C)
            for i in held:
                probs[i] = clf.predict_proba(vec.transform(groups[i][1]))[:, 1]
        top1 = sum(1 for g, p in zip(groups, probs) if g[2][int(np.argmax(p))]) / n
        for second in SECOND_GRID:
            p_, r_, f_ = record_prf(groups, probs, second)
            print(f"  C {C:<5} second {second:<5} top-1 right {top1:.3f}  actors P {p_:.3f} R {r_:.3f} F1 {f_:.3f}")
            if best is None or f_ > best[0] + 1e-9:
                best = (f_, C, second, top1)
    f_, C, second, top1 = best
    print(f"chosen: C {C}, second {second}: out-of-fold top-1 right {top1:.3f} (rules {rule_right / n:.3f}), "
          f"actor F1 {f_:.3f}")
    if args.no_write:
        return
    vec = DictVectorizer()
    X = vec.fit_transform([f for g in groups + extra for f in g[1]])
    y = np.array([lab for g in groups + extra for lab in g[2]], dtype=int)
    clf = fit(X, y, C)
    names = vec.get_feature_names_out()
    coef = clf.coef_[0]
    weights = {str(names[j]): round(float(coef[j]), 4) for j in np.flatnonzero(np.abs(coef) >= 0.001)}
    labels = (ROOT / "overture" / "data" / "corpus" / "labels.jsonl").read_bytes()
    meta = {"trained_on": {"groups": n, "written_groups": len(extra), "candidates": int(X.shape[0]),
                           "labels_sha256": hashlib.sha256(labels).hexdigest()},
            "C": C, "cv_top1": round(top1, 3), "cv_rules_top1": round(rule_right / n, 3),
            "cv_actor_f1": round(f_, 3), "sklearn": __import__("sklearn").__version__}
    ActorRanker(weights, round(float(clf.intercept_[0]), 4), second, meta).to_disk(MODEL_DIR)
    print(f"wrote {MODEL_DIR / 'actors.json'} ({len(weights)} weights)")


if __name__ == "__main__":
    main()
