"""Where in a model's trunk is the signal about a lab's outcome? A probe, not a product.

For a model package and the app's own crops of a labelled set (`npx blastograde preprocess
--size <input> --out CROPS <images>`), this reports the cross-validated ROC AUC of an
L2 logistic regression on each convolution block's pooled output (mean and std over the
map, averaged over the 8 rotations/flips of each crop), the AUC of the package's expected
expansion with and without that test-time averaging, and, with --fine-tune, of training the
last block together with the outcome head (block 4's maps cached per view, batch norm kept
as folded). Labels: a CSV with `file` and `good` (1/0). It answers whether a wider outcome
head (more layers, test-time augmentation, a fine-tuned last block) can beat the pooled
features the app's outcome head reads; run from training/:

  /usr/bin/python3 scripts/outcome_probe.py --model ../public/models/default \
      --crops /tmp/crops128 --labels ../../shared/data/real-signal/embryo-classification-d5/labelled/labels.csv
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import sys

import numpy as np
import torch
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from blastograde_train.from_package import load_package  # noqa: E402
from blastograde_train.model import GradingNet, HeadSpec, ModelConfig  # noqa: E402
from blastograde_train.normalization import samplewise_normalize  # noqa: E402

VIEWS = 8  # the dihedral group: 4 rotations, each also mirrored


def view(x: torch.Tensor, k: int) -> torch.Tensor:
    x = torch.rot90(x, k % 4, dims=(2, 3))
    return torch.flip(x, dims=(3,)) if k >= 4 else x


def roc_auc(score: np.ndarray, y: np.ndarray) -> float:
    pos, neg = score[y == 1], score[y == 0]
    return float((pos[:, None] > neg[None]).mean() + 0.5 * (pos[:, None] == neg[None]).mean())


def stratified_folds(y: np.ndarray, folds: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.zeros(len(y), int)
    for c in (0, 1):
        idx = np.where(y == c)[0]
        rng.shuffle(idx)
        out[idx] = np.arange(len(idx)) % folds
    return out


def logistic_scores(train: np.ndarray, y: np.ndarray, test: np.ndarray, penalty: float) -> np.ndarray:
    mu, sd = train.mean(0), train.std(0) + 1e-6
    a = torch.tensor((train - mu) / sd, dtype=torch.float64)
    b = torch.tensor((test - mu) / sd, dtype=torch.float64)
    t = torch.tensor(y, dtype=torch.float64)
    w = torch.zeros(a.shape[1], dtype=torch.float64, requires_grad=True)
    w0 = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([w, w0], max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(a @ w + w0, t) + penalty * (w * w).sum() / 2 / len(t)
        loss.backward()
        return loss

    opt.step(closure)
    return (b @ w + w0).detach().numpy()


def cross_validated(score_fold, y: np.ndarray, repeats: int, folds: int = 5) -> tuple:
    """Mean and std over seeded repeats of the pooled out-of-fold ROC AUC."""
    aucs = []
    for rep in range(repeats):
        assignment = stratified_folds(y, folds, rep)
        s = np.zeros(len(y))
        for f in range(folds):
            tr, te = np.where(assignment != f)[0], np.where(assignment == f)[0]
            s[te] = score_fold(tr, te)
        aucs.append(roc_auc(s, y))
    return round(float(np.mean(aucs)), 3), round(float(np.std(aucs)), 3)


def load(args):
    card = json.load(open(os.path.join(args.model, "grading.json")))
    size = card["input"]["size"][0]
    width = float(card["architecture"].split("-w")[1]) if "-w" in card["architecture"] else 1.0
    config = ModelConfig(heads=[HeadSpec(h["name"], h["classes"]) for h in card["heads"]], batch_norm=True, width=width, input_size=size)
    model = GradingNet(config).eval()
    xs, ys, missing = [], [], []
    for row in csv.DictReader(open(args.labels)):
        path = os.path.join(args.crops, os.path.splitext(row["file"])[0] + ".png")
        if not os.path.exists(path):
            missing.append(row["file"])
            continue
        image = np.asarray(Image.open(path).convert("RGB").resize((size, size), Image.BILINEAR))
        xs.append(samplewise_normalize(image).transpose(2, 0, 1))
        ys.append(int(row["good"]))
    x = torch.from_numpy(np.stack(xs))
    load_package(model, args.model, x[:64])
    return model, x, np.array(ys), missing


def block_taps(model: GradingNet, x: torch.Tensor) -> dict:
    """Each block's output before its max-pool, pooled to mean and std per channel."""
    out, block = {}, 1
    for m in model.features:
        if isinstance(m, torch.nn.MaxPool2d):
            out[f"block{block}"] = torch.cat([x.mean(dim=(2, 3)), x.std(dim=(2, 3))], 1).numpy()
            block += 1
        x = m(x)
    return out


def fine_tune_last_block(model: GradingNet, x: torch.Tensor, y: np.ndarray, repeats: int, epochs: int, lr: float) -> tuple:
    modules = list(model.features)
    pools = [i for i, m in enumerate(modules) if isinstance(m, torch.nn.MaxPool2d)]
    cut = pools[-2] + 1
    with torch.no_grad():
        maps = torch.stack([torch.nn.Sequential(*modules[:cut])(view(x, k)) for k in range(VIEWS)], 1)
    last = torch.nn.Sequential(*modules[cut:])
    target = torch.tensor(y, dtype=torch.float32)

    def fold(tr, te):
        block = copy.deepcopy(last).eval()  # batch norm stays as folded: 112 images cannot re-estimate it
        head = torch.nn.Linear(maps.shape[2], 1)
        torch.nn.init.zeros_(head.weight)
        torch.nn.init.zeros_(head.bias)
        opt = torch.optim.AdamW(list(head.parameters()) + list(block.parameters()), lr=lr, weight_decay=1e-2)
        pos_weight = torch.tensor((len(tr) - y[tr].sum()) / y[tr].sum())
        for epoch in range(epochs):
            rng = np.random.default_rng(epoch)
            order = rng.permutation(tr)
            for start in range(0, len(order), 16):
                ids = torch.from_numpy(order[start:start + 16])
                views = torch.from_numpy(rng.integers(0, VIEWS, len(ids)))
                z = head(block(maps[ids, views]).mean(dim=(2, 3))).squeeze(1)
                loss = torch.nn.functional.binary_cross_entropy_with_logits(z, target[ids], pos_weight=pos_weight)
                opt.zero_grad()
                loss.backward()
                opt.step()
        with torch.no_grad():
            ids = torch.from_numpy(te)
            return torch.stack([head(block(maps[ids, k]).mean(dim=(2, 3))).squeeze(1) for k in range(VIEWS)]).mean(0).numpy()

    return cross_validated(fold, y, repeats)


def quarter_turn_changes(probabilities: list, expected) -> dict:
    """How much one quarter turn of the crop changes the upright view's expansion call and rank."""
    calls = [p["expansion"].argmax(1) for p in probabilities[:2]]
    ranks = [np.argsort(np.argsort(-expected(p))) for p in probabilities[:2]]
    moves = np.abs(ranks[1] - ranks[0])
    return {
        "expansionCallChangedByQuarterTurn": round(float((calls[0] != calls[1]).mean()), 3),
        "rankMoveByQuarterTurn": {"median": float(np.median(moves)), "max": int(moves.max())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--crops", required=True)
    parser.add_argument("--labels", required=True)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--penalty", type=float, nargs="+", default=[1.0, 10.0, 100.0])
    parser.add_argument("--fine-tune", action="store_true", help="also fine-tune the last block with the outcome head (minutes)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model, x, y, missing = load(args)
    with torch.no_grad():
        probabilities = [{h: torch.softmax(v, 1).numpy() for h, v in model(view(x, k)).items()} for k in range(VIEWS)]
        taps = [block_taps(model, view(x, k)) for k in range(VIEWS)]
    grades = np.arange(1, 7)
    expected = lambda p: (p["expansion"] * grades).sum(1)  # noqa: E731
    averaged = {h: np.mean([p[h] for p in probabilities], 0) for h in probabilities[0]}
    report = {
        "model": args.model,
        "images": int(len(y)),
        "positives": int(y.sum()),
        "missingCrops": missing,
        "expectedExpansionAuc": round(roc_auc(expected(probabilities[0]), y), 3),
        "expectedExpansionAucOver8Views": round(roc_auc(expected(averaged), y), 3),
        "perViewExpectedExpansionAuc": [round(roc_auc(expected(p), y), 3) for p in probabilities],
        **quarter_turn_changes(probabilities, expected),
        "logisticCvAuc": {},
    }
    pooled = {name: np.mean([t[name] for t in taps], 0) for name in taps[0]}
    pooled["all blocks"] = np.concatenate(list(pooled.values()), 1)
    pooled["last block, mean only (the app's gap)"] = pooled[f"block{len(taps[0])}"][:, : pooled[f"block{len(taps[0])}"].shape[1] // 2]
    for name, features in pooled.items():
        report["logisticCvAuc"][name] = {
            f"penalty {p:g}": cross_validated(lambda tr, te: logistic_scores(features[tr], y[tr], features[te], p), y, args.repeats)
            for p in args.penalty
        }
        print(f"{name}: {report['logisticCvAuc'][name]}", file=sys.stderr, flush=True)
    if args.fine_tune:
        report["lastBlockFineTunedCvAuc"] = {
            f"lr {lr:g}": fine_tune_last_block(model, x, y, min(args.repeats, 3), 30, lr) for lr in (1e-4, 3e-4)
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
