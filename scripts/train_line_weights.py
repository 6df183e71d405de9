"""Fit the line classifier of overture/clean/_lines.py on the text benchmark.

Each line of each page in ../shared/bench/article-extraction-text is labelled
body when most of its 4-token shingles occur in the page's ground truth (short
lines: when its token run occurs there). A logistic regression (numpy IRLS, L2,
samples weighted by line length) is fitted on the features of
``overture.clean._lines.featurize``; then the Viterbi switch cost and a decision
offset are picked by grid search on the benchmark metric. Reports a 5-fold
cross-validated figure (everything, grid search included, refitted on the
training folds) beside the full-fit figure, and writes the full fit to
overture/data/clean/line_weights.json.

usage: python scripts/train_line_weights.py [--no-write]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_extraction import _TOKEN, page_counts, prf, shingles, text_pages, truth  # noqa: E402

from overture.clean._lines import FEATURES, featurize, keep_mask, kept_lines  # noqa: E402

OUT = ROOT / "overture" / "data" / "clean" / "line_weights.json"
L2 = 1.0
SWITCH_COSTS = (0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 11.0, 15.0)
OFFSETS = (-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5)


def labels(lines: list[str], gold: str) -> np.ndarray:
    gold_sh = shingles(gold)
    gold_run = " " + " ".join(_TOKEN.findall(gold)) + " "
    out = []
    for line in lines:
        toks = _TOKEN.findall(line)
        if len(toks) >= 4:
            sh = shingles(line)
            out.append(sum(v for k, v in sh.items() if k in gold_sh) / sum(sh.values()) >= 0.5)
        else:
            out.append(bool(toks) and f" {' '.join(toks)} " in gold_run)
    return np.array(out, dtype=float)


def load():
    gold = truth()
    pages = []
    for key, text in text_pages().items():
        spans, feats = featurize(text)
        lines = [text[s:e] for s, e in spans]
        pages.append({"key": key, "lines": lines, "X": feats, "y": labels(lines, gold[key]),
                      "gold": gold[key]})
    return pages


def fit(pages) -> tuple[np.ndarray, float]:
    X = np.vstack([p["X"] for p in pages])
    y = np.concatenate([p["y"] for p in pages])
    w = X[:, list(FEATURES).index("log_units")] + 0.1
    mu, sd = X.mean(0), X.std(0) + 1e-9
    Z = np.hstack([np.ones((len(X), 1)), (X - mu) / sd])
    beta = np.zeros(Z.shape[1])
    reg = L2 * np.eye(Z.shape[1])
    reg[0, 0] = 0.0
    for _ in range(30):
        prob = 1 / (1 + np.exp(-(Z @ beta)))
        grad = Z.T @ (w * (prob - y)) + reg @ beta
        hess = (Z * (w * prob * (1 - prob))[:, None]).T @ Z + reg
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = beta[1:] / sd
    bias = beta[0] - float((mu / sd) @ beta[1:])
    return weights, bias


def extract(page, weights, bias, switch_cost, offset) -> str:
    keep = keep_mask(page["X"], weights, bias, switch_cost, offset)
    return "\n".join(page["lines"][i] for i in kept_lines(page["lines"], page["X"], keep))


def evaluate(pages, weights, bias, switch_cost, offset):
    return [page_counts(p["gold"], extract(p, weights, bias, switch_cost, offset)) for p in pages]


def tune(pages, weights, bias):
    best = None
    for c in SWITCH_COSTS:
        for o in OFFSETS:
            f = prf(evaluate(pages, weights, bias, c, o))[2]
            if best is None or f > best[0]:
                best = (f, c, o)
    return best[1], best[2]


def main(argv: list[str]) -> int:
    pages = load()
    rng = np.random.default_rng(0)
    order = rng.permutation(len(pages))
    folds = np.array_split(order, 5)
    held_out = []
    for i, fold in enumerate(folds):
        test = [pages[j] for j in fold]
        train = [pages[j] for k, f in enumerate(folds) if k != i for j in f]
        weights, bias = fit(train)
        c, o = tune(train, weights, bias)
        held_out += evaluate(test, weights, bias, c, o)
        print(f"fold {i}: switch_cost {c} offset {o} held-out F1 {prf(evaluate(test, weights, bias, c, o))[2]:.3f}")
    cv = prf(held_out)
    weights, bias = fit(pages)
    c, o = tune(pages, weights, bias)
    full = prf(evaluate(pages, weights, bias, c, o))
    print(f"5-fold CV   P {cv[0]:.3f} R {cv[1]:.3f} F1 {cv[2]:.3f}")
    print(f"full fit    P {full[0]:.3f} R {full[1]:.3f} F1 {full[2]:.3f}  (switch_cost {c}, offset {o})")
    for name, wt in sorted(zip(FEATURES, weights), key=lambda t: -abs(t[1])):
        print(f"  {name:18} {wt:+.3f}")
    if "--no-write" not in argv:
        OUT.write_text(json.dumps({
            "note": ("Logistic line classifier for overture/clean/_lines.py, fitted by "
                     "scripts/train_line_weights.py on the 181 pages of the article-extraction-text "
                     "benchmark (labels: line shingles found in the ground truth; L2=1, "
                     "samples weighted by log line length); switch_cost and offset picked by grid "
                     f"search on the benchmark metric. 5-fold CV F1 {cv[2]:.3f}, full fit F1 {full[2]:.3f}."),
            "features": list(FEATURES),
            "weights": [round(float(x), 6) for x in weights],
            "bias": round(float(bias), 6),
            "switch_cost": c,
            "offset": o,
        }, indent=1) + "\n", "utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
