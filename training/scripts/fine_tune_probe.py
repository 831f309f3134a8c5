"""Does fine-tuning the trunk's last block beat the learner's linear reading of pooled features,
and from how many labels? A probe, not a product (issue 23, point 2: "where the lab has enough
labels, also offer fine-tuning of the last convolutional block").

For a model package and the app's own crops of a labelled set (`npx blastograde preprocess
--size 128 --out CROPS <images>`), per label and label count, on the same stratified 5 folds:
- `gap` linear: L2 softmax on block 5's mean (the learner's features), penalty by inner CV;
- `blocks 3+4+5` linear: the same on blocks 3-5's means (the multi-depth set);
- fine-tuned: block 5 trained with a new softmax head (block 4's maps cached per view, batch norm
  kept as folded, AdamW, a random orientation per example and epoch, class-balanced loss),
  predicting the mean over the 8 orientations.
Figures: macro-F1 (ROC AUC for a binary label) with a bootstrap interval and the paired interval
of the difference from `gap` linear (and, for the fine-tuned block, from blocks 3+4+5 linear).
Run from training/:

  /usr/bin/python3 scripts/fine_tune_probe.py --model ../public/models/default --crops /tmp/mp128 \
      --labels /tmp/mp300/labels.csv --label expansion te --fractions 1 0.33 --out fine-tune.json
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(__file__))
from multi_depth_probe import (  # noqa: E402
    bootstrap, cross_validated, feature_set, figure, load_crops, load_model, pool_over_views, stratified_folds, stratified_subset,
)
from blastograde_train.from_package import load_package  # noqa: E402
from outcome_probe import VIEWS, view  # noqa: E402

LINEAR_GAP = "gap linear (today)"


def split_trunk(model) -> tuple:
    """The trunk up to block 4's pool, and block 5 (its convolutions and pool)."""
    modules = list(model.features)
    pools = [i for i, m in enumerate(modules) if isinstance(m, torch.nn.MaxPool2d)]
    cut = pools[-2] + 1
    return torch.nn.Sequential(*modules[:cut]), torch.nn.Sequential(*modules[cut:])


def fine_tune_fold(block: torch.nn.Sequential, maps: torch.Tensor, y: np.ndarray, train: np.ndarray, test: np.ndarray,
                   classes: int, epochs: int, lr: float, seed: int) -> np.ndarray:
    """Trains a copy of block 5 and a zero-started softmax head on the training rows; returns
    the test rows' class probabilities, averaged over the 8 orientations."""
    torch.manual_seed(seed)
    block = copy.deepcopy(block).eval()  # batch norm stays folded: a few hundred images cannot re-estimate it
    channels = block(maps[:1, 0]).shape[1]
    head = torch.nn.Linear(channels, classes)
    torch.nn.init.zeros_(head.weight)
    torch.nn.init.zeros_(head.bias)
    opt = torch.optim.AdamW([{"params": block.parameters(), "lr": lr}, {"params": head.parameters(), "lr": lr * 10}], weight_decay=1e-2)
    counts = np.bincount(y[train], minlength=classes).astype(float)
    weight = torch.tensor(np.where(counts > 0, len(train) / (classes * np.maximum(counts, 1)), 0.0), dtype=torch.float32)
    target = torch.from_numpy(y).long()
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(train)
        for start in range(0, len(order), 16):
            ids = torch.from_numpy(order[start:start + 16])
            views = torch.from_numpy(rng.integers(0, VIEWS, len(ids)))
            logits = head(block(maps[ids, views]).mean(dim=(2, 3)))
            loss = torch.nn.functional.cross_entropy(logits, target[ids], weight=weight)
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        ids = torch.from_numpy(test)
        return torch.stack([torch.softmax(head(block(maps[ids, k]).mean(dim=(2, 3))), 1) for k in range(VIEWS)]).mean(0).numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--crops", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("--label", nargs="+", required=True)
    parser.add_argument("--fractions", type=float, nargs="+", default=[1.0])
    parser.add_argument("--penalty", type=float, nargs="+", default=[1.0, 10.0, 100.0, 1000.0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    started = time.time()
    model, size = load_model(args.model)
    x, rows, missing = load_crops(args.crops, args.labels, size)
    load_package(model, args.model, x[:64])
    lower, block5 = split_trunk(model)
    with torch.no_grad():
        maps = torch.cat([torch.stack([lower(view(x[s:s + 64], k)) for k in range(VIEWS)], 1) for s in range(0, len(x), 64)])
        pooled = {}
        for s in range(0, len(x), 64):
            for b, stats in pool_over_views(model.features, x[s:s + 64]).items():
                pooled.setdefault(b, {}).setdefault("mean", []).append(stats["mean"])
        pooled = {b: {"mean": np.concatenate(v["mean"])} for b, v in pooled.items()}
    report = {"model": args.model, "images": len(rows), "missingCrops": missing, "epochs": args.epochs, "lr": args.lr,
              "featuresSeconds": round(time.time() - started, 1), "labels": []}
    for label in args.label:
        have = np.array([i for i, r in enumerate(rows) if r.get(label, "") not in ("", None)])
        names = sorted({rows[i][label] for i in have})
        y_all = np.array([names.index(rows[i][label]) for i in have])
        classes = len(names)
        entry = {"label": label, "classes": names, "byLabelCount": []}
        for fraction in args.fractions:
            subset = have[stratified_subset(y_all, fraction, args.seed)] if fraction < 1 else have
            y = np.array([names.index(rows[i][label]) for i in subset])
            t0 = time.time()
            scores = {
                LINEAR_GAP: cross_validated(feature_set(pooled, ["block5"], ["mean"])[subset], y, classes, args.penalty, False, 5, args.seed)[0],
                "blocks 3+4+5 linear": cross_validated(feature_set(pooled, ["block3", "block4", "block5"], ["mean"])[subset], y, classes, args.penalty, False, 5, args.seed)[0],
            }
            linear_seconds = time.time() - t0
            # The same folds as cross_validated draws (stratified_folds with the same seed).
            assignment = stratified_folds(y, 5, args.seed)
            tuned = np.zeros((len(y), classes))
            for f in range(5):
                train, test = np.where(assignment != f)[0], np.where(assignment == f)[0]
                tuned[test] = fine_tune_fold(block5, maps[subset], y, train, test, classes, args.epochs, args.lr, args.seed + f)
                print(f"  {label} n={len(y)} fold {f + 1}/5 fine-tuned ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
            scores["block 5 fine-tuned"] = tuned
            figures = bootstrap(y, scores, classes, LINEAR_GAP, args.resamples, args.seed)
            # Whether fine-tuning beats the best linear reading, not only `gap`: the paired interval
            # against blocks 3+4+5 on the same resamples.
            against_multi_depth = bootstrap(y, scores, classes, "blocks 3+4+5 linear", args.resamples, args.seed)
            figures["block 5 fine-tuned"]["diffFromBlocks345"] = against_multi_depth["block 5 fine-tuned"]["diffFromToday"]
            entry["byLabelCount"].append({"examples": int(len(y)), "fraction": fraction, "linearSeconds": round(linear_seconds, 1),
                                          "fineTuneSeconds": round(time.time() - t0 - linear_seconds, 1), "figures": figures})
            print(f"{label} n={len(y)}: " + ", ".join(f"{k} {v['estimate']} ({v['low']}-{v['high']}) d {v['diffFromToday']}" for k, v in figures.items()), file=sys.stderr, flush=True)
        report["labels"].append(entry)
    report["seconds"] = round(time.time() - started, 1)
    text = json.dumps(report, indent=2)
    if args.out:
        open(args.out, "w").write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
