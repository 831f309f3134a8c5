"""Per-head classification metrics and a confusion-matrix picture.

Macro averages run over the classes that occur in the truth or in the predictions
(scikit-learn's default label set); a class with no images and no predictions says
nothing about the model and is left out. Masked (ungraded) images are not counted.
"""

from __future__ import annotations

from typing import Dict, List, Sequence

import cv2
import numpy as np

from .dataset import MASKED


def confusion_matrix(truth: np.ndarray, pred: np.ndarray, n_classes: int) -> np.ndarray:
    keep = truth != MASKED
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (truth[keep], pred[keep]), 1)
    return cm


def head_metrics(truth: np.ndarray, pred: np.ndarray, classes: Sequence[str]) -> dict:
    """truth/pred: class indices (truth MASKED = ignore). Rows of the matrix are truth."""
    cm = confusion_matrix(truth, pred, len(classes))
    n = int(cm.sum())
    tp = np.diag(cm).astype(np.float64)
    support = cm.sum(axis=1).astype(np.float64)
    predicted = cm.sum(axis=0).astype(np.float64)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, support, out=np.zeros_like(tp), where=support > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros_like(tp), where=(precision + recall) > 0)
    active = (support > 0) | (predicted > 0)
    mean = lambda v: float(v[active].mean()) if active.any() else 0.0  # noqa: E731
    return {
        "n": n,
        "accuracy": float(tp.sum() / n) if n else 0.0,
        "macroPrecision": mean(precision),
        "macroRecall": mean(recall),
        "macroF1": mean(f1),
        "perClassRecall": {c: (float(recall[i]) if support[i] > 0 else None) for i, c in enumerate(classes)},
        "perClassF1": {c: float(f1[i]) for i, c in enumerate(classes)},
        "support": {c: int(support[i]) for i, c in enumerate(classes)},
        "classes": list(classes),
        "confusionMatrix": cm.tolist(),
    }


def all_head_metrics(truth: np.ndarray, pred: np.ndarray, heads: Sequence[str], classes: Dict[str, List[str]]) -> dict:
    return {h: head_metrics(truth[:, j], pred[:, j], classes[h]) for j, h in enumerate(heads)}


def mean_macro_f1(metrics: dict) -> float:
    return float(np.mean([m["macroF1"] for m in metrics.values()])) if metrics else 0.0


def draw_confusion_matrices(sections: Dict[str, dict], path: str, cell: int = 44) -> None:
    """One row of matrices per section (e.g. "val", "test"), one matrix per head; cells
    shaded by row-normalised share, with counts. Drawn with OpenCV (no matplotlib here)."""
    font = cv2.FONT_HERSHEY_SIMPLEX
    rows = []
    for section, metrics in sections.items():
        panels = []
        for head, m in metrics.items():
            cm = np.asarray(m["confusionMatrix"])
            k = len(m["classes"])
            margin, top = 36, 48
            panel = np.full((top + k * cell + 30, margin + k * cell + 10, 3), 255, np.uint8)
            title = f"{section} {head} acc {m['accuracy']:.2f} F1 {m['macroF1']:.2f}"
            cv2.putText(panel, title, (4, 16), font, 0.4, (0, 0, 0), 1, cv2.LINE_AA)
            cv2.putText(panel, "pred ->", (margin, 38), font, 0.35, (80, 80, 80), 1, cv2.LINE_AA)
            totals = cm.sum(axis=1, keepdims=True)
            share = np.divide(cm, totals, out=np.zeros(cm.shape), where=totals > 0)
            for i in range(k):
                cv2.putText(panel, m["classes"][i], (6, top + i * cell + cell // 2 + 4), font, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
                cv2.putText(panel, m["classes"][i], (margin + i * cell + cell // 3, top + k * cell + 18), font, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
                for j in range(k):
                    shade = int(255 - 200 * share[i, j])
                    x0, y0 = margin + j * cell, top + i * cell
                    cv2.rectangle(panel, (x0, y0), (x0 + cell - 1, y0 + cell - 1), (255, shade, shade), -1)
                    cv2.rectangle(panel, (x0, y0), (x0 + cell - 1, y0 + cell - 1), (180, 180, 180), 1)
                    colour = (255, 255, 255) if share[i, j] > 0.6 else (0, 0, 0)
                    cv2.putText(panel, str(cm[i, j]), (x0 + 4, y0 + cell // 2 + 4), font, 0.4, colour, 1, cv2.LINE_AA)
            panels.append(panel)
        height = max(p.shape[0] for p in panels)
        panels = [np.pad(p, ((0, height - p.shape[0]), (0, 12), (0, 0)), constant_values=255) for p in panels]
        rows.append(np.hstack(panels))
    width = max(r.shape[1] for r in rows)
    image = np.vstack([np.pad(r, ((0, 8), (0, width - r.shape[1]), (0, 0)), constant_values=255) for r in rows])
    if not cv2.imwrite(path, image):
        raise OSError(f"cannot write {path}")
