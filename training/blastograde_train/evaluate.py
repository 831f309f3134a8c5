"""Evaluate a checkpoint (PyTorch) or an exported package (TensorFlow.js) on graded images.

python3 -m blastograde_train.evaluate (--checkpoint runs/x/model.pt | --tfjs-model DIR) \
    --format phantoms --labels phantoms-test/ [--images crops/] [--name "phantoms seed 2"] \
    [--out metrics.json] [--png cm.png] [--update-card DIR/grading.json]

Prints the metrics JSON on stdout. With --tfjs-model the predictions come from the
exported graph run in Node TensorFlow.js (wasm), i.e. the package the app ships.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
from torch.utils.data import DataLoader

from .adapters import LabelledSet, read_dataset
from .dataset import GradedImages
from .metrics import all_head_metrics, draw_confusion_matrices, mean_macro_f1
from .model import GradingNet, load_checkpoint
from .portable import portable_source
from .progress import Progress


def predict_torch(model: GradingNet, dataset: GradedImages, batch_size: int = 32, device: str = "cpu",
                  label: str = "predict") -> Dict[str, np.ndarray]:
    model.eval().to(device)
    loader = DataLoader(dataset, batch_size=batch_size, shuffle=False)
    probs: Dict[str, List[np.ndarray]] = {h: [] for h in model.heads}
    progress = Progress(label, len(loader))
    with torch.no_grad():
        for x, _ in loader:
            for h, p in model.probabilities(x.to(device)).items():
                probs[h].append(p.cpu().numpy())
            progress.step()
    progress.done()
    return {h: np.concatenate(v) for h, v in probs.items()}


def app_orientations(x: np.ndarray) -> List[np.ndarray]:
    """The orientations the app averages a grade over (src/features/inference/orientations.ts),
    in its order, for a batch NHWC: 8 for square images (identity, mirrors, half turn, then the
    same four of the transpose), else the 4 that keep the shape."""
    def flips(v: np.ndarray) -> List[np.ndarray]:
        return [v, v[:, :, ::-1], v[:, ::-1], v[:, ::-1, ::-1]]
    views = flips(x) + (flips(x.transpose(0, 2, 1, 3)) if x.shape[1] == x.shape[2] else [])
    return [np.ascontiguousarray(v) for v in views]


def predict_tfjs(model_dir: str, dataset: GradedImages, heads: Sequence[str], batch_size: int = 16) -> Dict[str, np.ndarray]:
    """What the app computes: the package's graph in wasm, probabilities averaged over the orientations."""
    from .tfjs_runner import run_graph_model

    probs: Dict[str, List[np.ndarray]] = {h: [] for h in heads}
    progress = Progress("tfjs", -(-len(dataset) // batch_size))
    for start in range(0, len(dataset), batch_size):
        x = torch.stack([dataset[i][0] for i in range(start, min(len(dataset), start + batch_size))])
        views = app_orientations(x.permute(0, 2, 3, 1).numpy())
        out = run_graph_model(model_dir, np.concatenate(views), outputs=list(heads))
        for h in heads:
            probs[h].append(out[h].reshape(len(views), len(x), -1).mean(axis=0))
        progress.step()
    progress.done()
    return {h: np.concatenate(v) for h, v in probs.items()}


def metrics_from_probs(probs: Dict[str, np.ndarray], dataset: GradedImages, heads: Sequence[str],
                       classes: Dict[str, List[str]], data_description: str) -> dict:
    pred = np.stack([probs[h].argmax(axis=1) for h in heads], axis=1)
    per_head = all_head_metrics(dataset.labels, pred, heads, classes)
    return {"data": data_description, "n": len(dataset), "meanMacroF1": mean_macro_f1(per_head), "heads": per_head}


def evaluate_set(model: Optional[GradingNet], data: LabelledSet, description: str, *, device: str = "cpu",
                 batch_size: int = 32, tfjs_model: Optional[str] = None, cache: Optional[np.ndarray] = None) -> dict:
    """Metrics of `model` (or, with tfjs_model, of that exported package) on `data`."""
    if tfjs_model:
        with open(os.path.join(tfjs_model, "grading.json")) as fh:
            card = json.load(fh)
        heads = [h["name"] for h in card["heads"]]
        classes = {h["name"]: h["classes"] for h in card["heads"]}
        size = card["input"]["size"][0]
    else:
        heads = list(model.heads.keys())
        classes = {h.name: h.classes for h in model.config.heads}
        size = model.config.input_size
    dataset = GradedImages(data, heads, classes, size, cache=cache)
    if tfjs_model:
        probs = predict_tfjs(tfjs_model, dataset, heads)
        description += (f" (exported TensorFlow.js graph {os.path.basename(os.path.normpath(tfjs_model))}, wasm,"
                        " probabilities averaged over the crop's orientations as the app grades)")
    else:
        probs = predict_torch(model, dataset, batch_size, device, label="eval")
    return metrics_from_probs(probs, dataset, heads, classes, description)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m blastograde_train.evaluate", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", default=None, help="model.pt from training (or give --tfjs-model)")
    ap.add_argument("--format", required=True, choices=["phantoms", "kromp", "sheet"])
    ap.add_argument("--labels", required=True, help="labels file (phantoms: the phantom folder or its labels.csv)")
    ap.add_argument("--images", default=None, help="image (crop) folder; default depends on --format")
    ap.add_argument("--name", default=None, help="what this data is, recorded with the metrics")
    ap.add_argument("--split", default="test", help="key under which the metrics are recorded (default: test)")
    ap.add_argument("--tfjs-model", default=None, help="evaluate this exported package instead of the checkpoint")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--out", default=None, help="write the metrics JSON here too")
    ap.add_argument("--png", default=None, help="write the confusion matrices as PNG")
    ap.add_argument("--update-card", default=None, help="grading.json whose metrics[--split] to replace")
    args = ap.parse_args(argv)

    if not args.checkpoint and not args.tfjs_model:
        ap.error("give --checkpoint or --tfjs-model")
    model = load_checkpoint(args.checkpoint)[0] if args.checkpoint else None
    data = read_dataset(args.format, args.labels, args.images)
    if data.skipped:
        print(f"warning: {len(data.skipped)} labelled files have no image", file=sys.stderr)
    result = evaluate_set(model, data, args.name or portable_source(data.source), device=args.device, tfjs_model=args.tfjs_model)
    metrics = {args.split: result}
    for h, m in result["heads"].items():
        print(f"{args.split} {h}: acc {m['accuracy']:.3f} macro-F1 {m['macroF1']:.3f} recall {m['perClassRecall']}",
              file=sys.stderr)
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(metrics, fh, indent=2)
    if args.png:
        draw_confusion_matrices({args.split: result["heads"]}, args.png)
    if args.update_card:
        with open(args.update_card) as fh:
            card = json.load(fh)
        card.setdefault("metrics", {})[args.split] = result
        with open(args.update_card, "w") as fh:
            json.dump(card, fh, indent=2)
            fh.write("\n")
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
