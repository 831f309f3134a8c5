"""Do features pooled at several depths of the trunk teach the learned heads more than `gap`?
An experiment, not a product (issue 23, point 2).

The learned heads read `gap`, the mean of block5_pool (128 values for vgg16_bn-w0.25). This
pools the pooled output of blocks 3, 4 and 5 (global mean, and global mean + global max), each
averaged over the crop's 8 orientations as the app's learner does, and compares candidate
feature sets (block 5 only = today, blocks 4+5, blocks 3+4+5; with or without PCA) with an L2
logistic regression (softmax, class-balanced) whose L2 strength is chosen by an inner 3-fold CV
inside each outer training fold (nested, repeated stratified 5-fold). Reports, per set, the
outcome ROC AUC on a labelled clinic set and macro-F1 on graded phantoms, with bootstrap 95 %
intervals and the paired bootstrap interval of the difference from block 5 alone, at the full
label count and at fractions of it.

Crops are the app's (`npx blastograde preprocess --size 128 --out DIR <images>`); labels are a
CSV with `file` and the label columns (`good` for the clinic; `expansion,icm,te` for phantoms
from `npx tsx scripts/write-microscope-phantoms.ts`). Run from training/:

  /usr/bin/python3 scripts/multi_depth_probe.py --model ../public/models/default \
      --crops /tmp/clinic128 --labels .../labelled/labels.csv --label good --out clinic.json
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from typing import Callable, Dict, List, Sequence, Tuple

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.dirname(__file__))
from blastograde_train.from_package import load_package  # noqa: E402
from blastograde_train.model import GradingNet, HeadSpec, ModelConfig  # noqa: E402
from blastograde_train.normalization import samplewise_normalize  # noqa: E402
from outcome_probe import VIEWS, roc_auc, view  # noqa: E402

FEATURE_SETS: Dict[str, Tuple[Tuple[str, ...], Tuple[str, ...]]] = {
    # name: (blocks, statistics); "block5 mean" is today's `gap`
    "block5 mean (today)": (("block5",), ("mean",)),
    "block5 mean+max": (("block5",), ("mean", "max")),
    "block4+5 mean": (("block4", "block5"), ("mean",)),
    "block4+5 mean+max": (("block4", "block5"), ("mean", "max")),
    "block3+4+5 mean": (("block3", "block4", "block5"), ("mean",)),
    "block3+4+5 mean+max": (("block3", "block4", "block5"), ("mean", "max")),
}
BASELINE = "block5 mean (today)"


# ---------- pure parts (tested in training/tests/test_multi_depth_probe.py) ----------

def pool_blocks(features: torch.nn.Sequential, x: torch.Tensor) -> Dict[str, Dict[str, np.ndarray]]:
    """Global mean and max of each block's pooled output (after its max-pool), by block name.
    Block 5's mean is the graph's `gap` (mean of block5_pool)."""
    out: Dict[str, Dict[str, np.ndarray]] = {}
    block = 1
    for m in features:
        x = m(x)
        if isinstance(m, torch.nn.MaxPool2d):
            out[f"block{block}"] = {"mean": x.mean(dim=(2, 3)).numpy(), "max": x.amax(dim=(2, 3)).numpy()}
            block += 1
    return out


def pool_over_views(features: torch.nn.Sequential, x: torch.Tensor) -> Dict[str, Dict[str, np.ndarray]]:
    """pool_blocks averaged over the 8 orientations (4 quarter turns, each also mirrored)."""
    views = [pool_blocks(features, view(x, k)) for k in range(VIEWS)]
    return {b: {s: np.mean([v[b][s] for v in views], 0) for s in views[0][b]} for b in views[0]}


def feature_set(pooled: Dict[str, Dict[str, np.ndarray]], blocks: Sequence[str], stats: Sequence[str]) -> np.ndarray:
    return np.concatenate([pooled[b][s] for b in blocks for s in stats], 1)


def stratified_folds(y: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """Fold index per example; each class dealt round-robin after a seeded shuffle."""
    rng = np.random.default_rng(seed)
    out = np.zeros(len(y), int)
    for c in np.unique(y):
        idx = np.where(y == c)[0]
        rng.shuffle(idx)
        out[idx] = (np.arange(len(idx)) + rng.integers(folds)) % folds
    return out


def stratified_subset(y: np.ndarray, fraction: float, seed: int) -> np.ndarray:
    """Sorted indexes of a seeded stratified subset (each class keeps round(fraction * count))."""
    rng = np.random.default_rng(seed)
    keep: List[int] = []
    for c in np.unique(y):
        idx = np.where(y == c)[0]
        rng.shuffle(idx)
        keep += idx[: max(1, int(round(fraction * len(idx))))].tolist()
    return np.array(sorted(keep))


class Transform:
    """Standardise on the training rows; with `pca`, keep the leading components that explain
    `variance` of the standardised training features (at most a third of the training rows)."""

    def __init__(self, train: np.ndarray, pca: bool, variance: float = 0.9):
        self.mu, self.sd = train.mean(0), train.std(0) + 1e-6
        self.basis = None
        if pca:
            z = (train - self.mu) / self.sd
            _, s, vt = np.linalg.svd(z - z.mean(0), full_matrices=False)
            explained = np.cumsum(s**2) / np.sum(s**2)
            k = min(int(np.searchsorted(explained, variance) + 1), max(2, len(train) // 3))
            self.center, self.basis = z.mean(0), vt[:k].T

    def __call__(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mu) / self.sd
        return z if self.basis is None else (z - self.center) @ self.basis


def fit_softmax(train: np.ndarray, y: np.ndarray, classes: int, penalty: float) -> Callable[[np.ndarray], np.ndarray]:
    """Class-balanced L2 softmax regression (L-BFGS); returns a function giving probabilities.
    The penalty is penalty * |W|^2 / 2 / n, so it means the same at any sample size."""
    a = torch.tensor(train, dtype=torch.float64)
    t = torch.tensor(y, dtype=torch.long)
    counts = np.bincount(y, minlength=classes).astype(float)
    weight = torch.tensor(np.where(counts > 0, len(y) / (classes * np.maximum(counts, 1)), 0.0))
    w = torch.zeros(a.shape[1], classes, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(classes, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w, b], max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(a @ w + b, t, weight=weight) + penalty * (w * w).sum() / 2 / len(t)
        loss.backward()
        return loss

    opt.step(closure)
    w_, b_ = w.detach().numpy(), b.detach().numpy()

    def predict(x: np.ndarray) -> np.ndarray:
        z = x @ w_ + b_
        z = np.exp(z - z.max(1, keepdims=True))
        return z / z.sum(1, keepdims=True)

    return predict


def macro_f1(y: np.ndarray, predicted: np.ndarray, classes: int) -> float:
    confusion = np.bincount(y * classes + predicted, minlength=classes * classes).reshape(classes, classes)
    tp = np.diag(confusion).astype(float)
    present = confusion.sum(1) > 0
    f1 = 2 * tp / np.maximum(confusion.sum(1) + confusion.sum(0), 1)
    return float(f1[present].mean())


def figure(y: np.ndarray, probabilities: np.ndarray, classes: int) -> float:
    """ROC AUC of the positive class for a binary label, macro-F1 of the argmax otherwise."""
    return roc_auc(probabilities[:, 1], y) if classes == 2 else macro_f1(y, probabilities.argmax(1), classes)


def cross_validated(x: np.ndarray, y: np.ndarray, classes: int, penalties: Sequence[float], pca: bool,
                    folds: int, seed: int, inner: int = 3) -> Tuple[np.ndarray, List[float]]:
    """Out-of-fold probabilities of one stratified k-fold split; with several penalties, each
    outer fold picks its penalty by an inner stratified CV on its training rows only."""
    out = np.zeros((len(y), classes))
    chosen: List[float] = []
    assignment = stratified_folds(y, folds, seed)
    for f in range(folds):
        tr, te = np.where(assignment != f)[0], np.where(assignment == f)[0]
        penalty = penalties[0]
        if len(penalties) > 1:
            inner_scores = [cross_validated(x[tr], y[tr], classes, [p], pca, inner, seed + 1000 + f)[0] for p in penalties]
            penalty = penalties[int(np.argmax([figure(y[tr], s, classes) for s in inner_scores]))]
        chosen.append(penalty)
        transform = Transform(x[tr], pca)
        out[te] = fit_softmax(transform(x[tr]), y[tr], classes, penalty)(transform(x[te]))
    return out, chosen


def bootstrap(y: np.ndarray, scores: Dict[str, np.ndarray], classes: int, baseline: str, resamples: int, seed: int) -> dict:
    """Figure with a 95 % percentile interval per candidate, and the paired interval of its
    difference from the baseline (same resamples)."""
    rng = np.random.default_rng(seed)
    draws = {name: [] for name in scores}
    for _ in range(resamples):
        i = rng.integers(0, len(y), len(y))
        if len(np.unique(y[i])) < 2:
            continue
        for name, s in scores.items():
            draws[name].append(figure(y[i], s[i], classes))
    out = {}
    for name, s in scores.items():
        d, diff = np.array(draws[name]), np.array(draws[name]) - np.array(draws[baseline])
        out[name] = {
            "estimate": round(figure(y, s, classes), 3),
            "low": round(float(np.percentile(d, 2.5)), 3),
            "high": round(float(np.percentile(d, 97.5)), 3),
            "diffFromToday": [round(float(figure(y, s, classes) - figure(y, scores[baseline], classes)), 3),
                              round(float(np.percentile(diff, 2.5)), 3), round(float(np.percentile(diff, 97.5)), 3)],
        }
    return out


# ---------- loading and the experiment ----------

def load_model(package: str) -> Tuple[GradingNet, int]:
    card = json.load(open(os.path.join(package, "grading.json")))
    size = card["input"]["size"][0]
    width = float(card["architecture"].split("-w")[1]) if "-w" in card["architecture"] else 1.0
    config = ModelConfig(heads=[HeadSpec(h["name"], h["classes"]) for h in card["heads"]], batch_norm=True, width=width, input_size=size)
    return GradingNet(config).eval(), size


def load_crops(crops: str, labels: str, size: int) -> Tuple[torch.Tensor, List[dict], List[str]]:
    """The app's crops (samplewise-normalised as the app does) of the sheet's rows; rows whose
    crop is missing (not located by the app) are listed."""
    xs, rows, missing = [], [], []
    for row in csv.DictReader(open(labels)):
        path = os.path.join(crops, os.path.splitext(row["file"])[0] + ".png")
        if not os.path.exists(path):
            missing.append(row["file"])
            continue
        image = np.asarray(Image.open(path).convert("RGB").resize((size, size), Image.BILINEAR))
        xs.append(samplewise_normalize(image).transpose(2, 0, 1))
        rows.append(row)
    return torch.from_numpy(np.stack(xs)), rows, missing


def pooled_features(args) -> Tuple[Dict[str, Dict[str, np.ndarray]], List[dict], List[str]]:
    model, size = load_model(args.model)
    x, rows, missing = load_crops(args.crops, args.labels, size)
    load_package(model, args.model, x[:64])  # as outcome_probe.py: batch norm is folded in the package
    with torch.no_grad():
        pooled = {}
        for start in range(0, len(x), 64):
            part = pool_over_views(model.features, x[start:start + 64])
            for b, stats in part.items():
                for s, v in stats.items():
                    pooled.setdefault(b, {}).setdefault(s, []).append(v)
    return {b: {s: np.concatenate(v) for s, v in stats.items()} for b, stats in pooled.items()}, rows, missing


def run_label(pooled, rows, label: str, args) -> dict:
    have = [i for i, r in enumerate(rows) if r.get(label, "") not in ("", None)]
    names = sorted({rows[i][label] for i in have})
    y_all = np.array([names.index(rows[i][label]) for i in have])
    classes = len(names)
    result = {"label": label, "classes": names, "counts": np.bincount(y_all).tolist(), "byLabelCount": []}
    for fraction in args.fractions:
        subset = stratified_subset(y_all, fraction, args.seed) if fraction < 1 else np.arange(len(y_all))
        y = y_all[subset]
        started = time.time()
        scores, chosen, fixed = {}, {}, {}
        for name, (blocks, stats) in FEATURE_SETS.items():
            x = feature_set(pooled, blocks, stats)[np.array(have)[subset]]
            for pca in (False, True):
                key = f"{name}{' + PCA' if pca else ''}"
                runs = [cross_validated(x, y, classes, args.penalty, pca, 5, args.seed + r) for r in range(args.repeats)]
                scores[key] = np.mean([r[0] for r in runs], 0)  # out-of-fold probabilities averaged over repeats
                chosen[key] = [p for r in runs for p in r[1]]
                print(f"  {label} n={len(y)} {key}: {figure(y, scores[key], classes):.3f} ({time.time() - started:.0f} s)", file=sys.stderr, flush=True)
                if fraction == 1 and args.per_penalty:
                    fixed[key] = {f"{p:g}": round(figure(y, cross_validated(x, y, classes, [p], pca, 5, args.seed)[0], classes), 3) for p in args.penalty}
        figures = bootstrap(y, scores, classes, BASELINE, args.resamples, args.seed)
        for key in figures:
            figures[key]["chosenPenalty"] = {f"{p:g}": chosen[key].count(p) for p in sorted(set(chosen[key]))}
            if key in fixed:
                figures[key]["singleSplitByPenalty"] = fixed[key]
        result["byLabelCount"].append({"examples": int(len(y)), "fraction": fraction, "seconds": round(time.time() - started, 1), "figures": figures})
        print(f"{label} n={len(y)}: " + ", ".join(f"{k} {v['estimate']} ({v['low']}-{v['high']}) d {v['diffFromToday']}" for k, v in figures.items()), file=sys.stderr, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--crops", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("--label", nargs="+", required=True, help="label columns (the first class in sorted order is the negative one for a binary label)")
    parser.add_argument("--penalty", type=float, nargs="+", default=[1.0, 10.0, 100.0, 1000.0])
    parser.add_argument("--fractions", type=float, nargs="+", default=[1.0, 0.5])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-penalty", action="store_true", help="also report each penalty without the inner choice (one split)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    started = time.time()
    pooled, rows, missing = pooled_features(args)
    features_seconds = time.time() - started
    report = {
        "model": args.model, "images": len(rows), "missingCrops": missing,
        "dimensions": {name: int(feature_set(pooled, b, s).shape[1]) for name, (b, s) in FEATURE_SETS.items()},
        "penalties": args.penalty, "repeats": args.repeats, "seed": args.seed,
        "featuresSeconds": round(features_seconds, 1),
        "labels": [run_label(pooled, rows, label, args) for label in args.label],
        "seconds": None,
    }
    report["seconds"] = round(time.time() - started, 1)
    text = json.dumps(report, indent=2)
    if args.out:
        open(args.out, "w").write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
