"""Train the signal classifier from the labelled real-news corpus (`make train`).

Reads overture/data/corpus/labels.jsonl (offsets + hashes; the text is read in place from
../shared/corpus), runs overture's own pipeline up to the signals stage on every labelled
document, takes the signals stage's features per candidate sentence, and fits one logistic
regression per type (scikit-learn). The regularisation and each type's threshold are chosen
on out-of-fold predictions over train + dev (5 folds by story); the model is then refit on
train + dev and written as JSON to
overture/data/signal_model/model.json. The test split is never read here: report it with
scripts/eval_signals.py.

    python scripts/train_signals.py              # writes the model, prints cross-validated figures
    python scripts/train_signals.py --no-write   # only the figures
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
import time
from pathlib import Path

import numpy as np

from overture.evaluate._corpus import load_labelled
from overture.pipeline import Pipeline, default_config
from overture.read._files import article_from_text, kind_of
from overture.record import SIGNAL_TYPES
from overture.signals._model import SignalModel
from overture.signals.stage import SignalStage

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MODEL_DIR = ROOT / "overture" / "data" / "signal_model"
CACHE = ROOT / ".cache" / "signal_features"
WRITTEN = ROOT / "overture" / "data" / "corpus" / "written"  # sentences written for training, *.jsonl
C_GRID = (0.1, 0.3, 1.0, 3.0)
FOLDS = 5
QUIET_SHARE = 0.10  # signal-free documents a feed may see flagged: a random feed's target
SEED = 7


def up_to_signals() -> Pipeline:
    """The default pipeline without its signals and claims stages, every article parsed: what
    the signals stage sees, for training."""
    config = default_config()
    config["pipeline"]["stages"] = [s for s in config["pipeline"]["stages"] if s not in ("signals", "claims")]
    config.setdefault("stages", {}).setdefault("prefilter", {})["enabled"] = False
    return Pipeline(config)


def analyse(docs, cache: bool = True):
    """Per labelled document: [(features or None, gold types)] per sentence, in order."""
    pipe = up_to_signals()
    stage = SignalStage(model=None)
    code = hashlib.sha1(b"".join(p.read_bytes() for p in sorted((ROOT / "overture").rglob("*.py")))).hexdigest()[:12]
    out = []
    t0 = time.time()
    for n, d in enumerate(docs, 1):
        path = CACHE / code / (hashlib.sha1(d.id.encode()).hexdigest() + ".pkl")
        if cache and path.exists():
            rows = pickle.loads(path.read_bytes())
        else:
            art = pipe(article_from_text(d.text, d.file, kind_of(Path(d.file)) or "text"))
            feats = stage.features(art)
            gold = _gold_per_sentence(d, [(s.start, s.end) for s in art.sentences])
            rows = list(zip(feats, gold))
            if cache:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(pickle.dumps(rows))
        out.append((d, rows))
        if n % 100 == 0:
            print(f"  analysed {n}/{len(docs)} documents ({time.time() - t0:.0f} s)", file=sys.stderr)
    return out


def _gold_per_sentence(d, spans):
    gold = [set() for _ in spans]
    for sig in d.signals:
        for k, (s, e) in enumerate(spans):
            if s < sig["end"] and sig["start"] < e:
                gold[k].add(sig["type"])
    return gold


def written_groups() -> dict[str, list[dict]]:
    """The written lines by piece: one sentence alone, or the sentences of one written article
    (lines with the same "article" key), in order."""
    groups: dict[str, list[dict]] = {}
    for path in sorted(WRITTEN.glob("*.jsonl")):
        for n, line in enumerate(path.read_text("utf-8").splitlines()):
            rec = json.loads(line)
            groups.setdefault(rec.get("article") or f"{path.name}:{n}", []).append(rec)
    for recs in groups.values():
        recs.sort(key=lambda r: r.get("i", 0))
    return groups


def written_rows():
    """Sentences and whole articles written for training (never for scoring): many conflicts,
    every type, hard negatives. They only ever add to the training folds. A line with an
    "article" key is one sentence of a written article (its headline first)."""
    pipe = up_to_signals()
    stage = SignalStage(model=None)
    rows = []
    for recs in written_groups().values():
        text, spans = "", []
        for r in recs:
            if text:
                text += "\n\n"
            spans.append((len(text), len(text) + len(r["text"]), {s["type"] for s in r.get("signals", [])}))
            text += r["text"]
        art = pipe(article_from_text(text, "written.txt"))
        for f, sent in zip(stage.features(art), art.sentences):
            types = set().union(*(t for s, e, t in spans if s < sent.end and sent.start < e))
            rows.append((f, types))
    return rows


def matrix(rows, vec=None):
    rows = [(f, g) for f, g in rows if f is not None]
    if vec is None:
        from sklearn.feature_extraction import DictVectorizer  # training only: not a run-time dependency

        vec = DictVectorizer()
        X = vec.fit_transform([f for f, _ in rows])
    else:
        X = vec.transform([f for f, _ in rows])
    X = X.tocsr()
    X.indices, X.indptr = X.indices.astype(np.int32), X.indptr.astype(np.int32)  # liblinear's index type
    Y = {t: np.array([t in g for _, g in rows], dtype=int) for t in SIGNAL_TYPES}
    return X, Y, vec


def _folds(doc_ids: list[str], k: int) -> list[int]:
    """A fold per row, fixed by its story, so that daily versions of one story share a fold."""
    return [int(hashlib.sha1(d.encode()).hexdigest()[:8], 16) % k for d in doc_ids]


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fit(X, y, C):
    if y.sum() == 0:
        return None
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=2000, solver="liblinear", random_state=SEED)
    clf.fit(X, y)
    return clf


def best_threshold(p, y):
    best = (0.0, 0.5)
    for t in np.arange(0.2, 0.96, 0.05):
        pred = p >= t
        tp = int((pred & (y == 1)).sum())
        fp = int((pred & (y == 0)).sum())
        fn = int((~pred & (y == 1)).sum())
        f = prf(tp, fp, fn)[2]
        if f > best[0] + 1e-9:
            best = (f, float(round(t, 2)))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-write", action="store_true", help="print dev figures, write no model")
    ap.add_argument("--no-written", action="store_true", help="leave out the sentences written for training")
    ap.add_argument("--no-cache", action="store_true")
    args = ap.parse_args()
    random.seed(SEED)
    np.random.seed(SEED)

    docs = list(load_labelled(SHARED, ("train", "dev")))
    print(f"{len(docs)} labelled documents (train + dev)", file=sys.stderr)
    analysed = analyse(docs, cache=not args.no_cache)
    train = [r for d, rows in analysed if d.split == "train" for r in rows]
    dev = [r for d, rows in analysed if d.split == "dev" for r in rows]
    extra = [] if args.no_written else written_rows()
    n_pos = sum(1 for f, g in train + dev if g)
    missed = sum(1 for f, g in train + dev if g and f is None)
    print(f"candidate recall (train+dev): {1 - missed / max(1, n_pos):.3f} "
          f"({missed} of {n_pos} labelled sentences are not candidates)")

    # choose C and each type's threshold on out-of-fold predictions over train + dev, folds
    # by story (the dev split alone holds too few signals of each type to choose on)
    rows = [(f, g, d.corpus + "/" + d.story) for d, rs in analysed for f, g in rs if f is not None]
    folds = _folds([doc for _, _, doc in rows], FOLDS)
    oof = {(t, C): np.zeros(len(rows)) for t in SIGNAL_TYPES for C in C_GRID}
    for k in range(FOLDS):
        fit_rows = [(f, g) for (f, g, _), fk in zip(rows, folds) if fk != k] + extra
        X, Y, vec = matrix(fit_rows)
        held = [i for i, fk in enumerate(folds) if fk == k]
        Xh, _, _ = matrix([(rows[i][0], rows[i][1]) for i in held], vec)
        for t in SIGNAL_TYPES:
            for C in C_GRID:
                clf = fit(X, Y[t], C)
                if clf is not None:
                    oof[t, C][held] = clf.predict_proba(Xh)[:, 1]
        print(f"  fold {k + 1}/{FOLDS}", file=sys.stderr)
    gold = {t: np.array([t in g for _, g, _ in rows], dtype=int) for t in SIGNAL_TYPES}
    chosen = {}
    tp = fp = fn = 0
    print(f"{'type':18} {'C':>5} {'thr':>5} {'cvF1':>6} {'n':>5}")
    for t in SIGNAL_TYPES:
        best = max(((best_threshold(oof[t, C], gold[t]), C) for C in C_GRID), key=lambda x: x[0][0])
        (f, th), C = best
        chosen[t] = (f, C, th)
        pred = oof[t, C] >= th
        tp += int((pred & (gold[t] == 1)).sum())
        fp += int((pred & (gold[t] == 0)).sum())
        fn += int((~pred & (gold[t] == 1)).sum())
        print(f"{t:18} {C:5} {th:5} {f:6.3f} {int(gold[t].sum()):5}")
    p, r, f = prf(tp, fp, fn)
    print(f"train+dev, {FOLDS}-fold by story, sentence-level, all types: P {p:.3f} R {r:.3f} F1 {f:.3f}")

    # a feed is mostly articles with no signal at all: raise every threshold by one margin
    # until at most QUIET_SHARE of the signal-free documents would get a signal (out of fold)
    doc_of = [doc for _, _, doc in rows]
    free = {doc for doc in doc_of} - {doc for (_, g, doc) in rows if g}

    def loud_share(margin: float) -> float:
        loud = {doc_of[i] for t in SIGNAL_TYPES for i in
                np.flatnonzero(oof[t, chosen[t][1]] >= min(0.99, chosen[t][2] + margin))}
        return len(loud & free) / max(1, len(free))

    margin, before = 0.0, loud_share(0.0)
    while loud_share(margin) > QUIET_SHARE and margin < 0.5:
        margin = round(margin + 0.05, 2)
    chosen = {t: (f0, C, round(min(0.99, th + margin), 2)) for t, (f0, C, th) in chosen.items()}
    tp = fp = fn = 0
    for t in SIGNAL_TYPES:
        pred = oof[t, chosen[t][1]] >= chosen[t][2]
        tp += int((pred & (gold[t] == 1)).sum())
        fp += int((pred & (gold[t] == 0)).sum())
        fn += int((~pred & (gold[t] == 1)).sum())
    p, r, f = prf(tp, fp, fn)
    print(f"thresholds raised by {margin}: signal-free documents given a signal {loud_share(0.0):.3f} "
          f"(was {before:.3f}); sentence-level P {p:.3f} R {r:.3f} F1 {f:.3f}")
    if args.no_write:
        return

    Xa, Ya, vec = matrix(train + dev + extra)
    names = vec.get_feature_names_out()
    weights, bias, thresholds = {}, {}, {}
    for t in SIGNAL_TYPES:
        f, C, th = chosen[t]
        clf = fit(Xa, Ya[t], C or 1.0)
        if clf is None:
            weights[t], bias[t], thresholds[t] = {}, -30.0, 1.0
            continue
        coef = clf.coef_[0]
        weights[t] = {str(names[j]): round(float(coef[j]), 4) for j in np.flatnonzero(np.abs(coef) >= 0.005)}
        bias[t] = round(float(clf.intercept_[0]), 4)
        thresholds[t] = th
    labels = (ROOT / "overture" / "data" / "corpus" / "labels.jsonl").read_bytes()
    meta = {"trained_on": {"documents": len(docs), "sentences": len(train) + len(dev),
                           "written_sentences": len(extra), "labels_sha256": hashlib.sha256(labels).hexdigest()},
            "chosen": {t: {"C": chosen[t][1], "threshold": thresholds[t], "cv_f1": round(chosen[t][0], 3)}
                       for t in SIGNAL_TYPES},
            "cv_sentence_prf": [round(p, 3), round(r, 3), round(f, 3)], "threshold_margin": margin,
            "features": len(names), "sklearn": __import__("sklearn").__version__}
    SignalModel(weights, bias, thresholds, meta).to_disk(MODEL_DIR)
    print(f"wrote {MODEL_DIR / 'model.json'} ({sum(len(w) for w in weights.values())} weights)")


if __name__ == "__main__":
    main()
