"""Per-head losses that ignore masked labels, with class-imbalance handling.

- "ce": plain cross-entropy (the seed).
- "weighted": cross-entropy weighted by inverse class frequency in the training split
  (weights normalised to mean 1 over the head's classes).
- "focal": focal loss (Lin et al. 2017), gamma 2, with the same class weights as alpha.
The total is the sum over heads of each head's mean over its unmasked samples.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from .dataset import MASKED


def inverse_frequency_weights(labels: np.ndarray, n_classes: int, max_ratio: float = 20.0) -> torch.Tensor:
    counts = np.bincount(labels[labels != MASKED], minlength=n_classes).astype(np.float64)
    weights = np.where(counts > 0, 1.0 / np.maximum(counts, 1), 0.0)
    present = weights > 0
    if present.any():
        weights[present] = np.minimum(weights[present], weights[present].min() * max_ratio)
        weights = weights / weights[present].mean()
    return torch.tensor(weights, dtype=torch.float32)


class MultiHeadLoss:
    def __init__(self, heads: Sequence[str], kind: str = "weighted",
                 class_weights: Optional[Dict[str, torch.Tensor]] = None, gamma: float = 2.0):
        if kind not in ("ce", "weighted", "focal"):
            raise ValueError(f"unknown loss {kind}")
        self.heads = list(heads)
        self.kind = kind
        self.class_weights = class_weights or {}
        self.gamma = gamma

    def head_loss(self, logits: torch.Tensor, target: torch.Tensor, head: str) -> torch.Tensor:
        keep = target != MASKED
        if not keep.any():
            return logits.sum() * 0.0
        logits, target = logits[keep], target[keep]
        weight = self.class_weights.get(head) if self.kind != "ce" else None
        if weight is not None:
            weight = weight.to(logits.device)
        if self.kind == "focal":
            logp = F.log_softmax(logits, dim=1).gather(1, target[:, None]).squeeze(1)
            focal = (1 - logp.exp()).pow(self.gamma) * -logp
            if weight is not None:
                focal = focal * weight[target]
            return focal.mean()
        return F.cross_entropy(logits, target, weight=weight)

    def __call__(self, outputs: Dict[str, torch.Tensor], targets: torch.Tensor) -> torch.Tensor:
        return sum(self.head_loss(outputs[h], targets[:, j], h) for j, h in enumerate(self.heads))


def balanced_sample_weights(labels: np.ndarray, n_classes: List[int]) -> np.ndarray:
    """Per-image sampling weight: the largest inverse class frequency over its heads, so
    an image that is rare in any head (ICM C, TE C, hatched) is drawn more often."""
    weights = np.ones(len(labels))
    for j, n in enumerate(n_classes):
        col = labels[:, j]
        counts = np.bincount(col[col != MASKED], minlength=n).astype(np.float64)
        inv = np.where(counts > 0, counts.sum() / np.maximum(counts, 1) / max(1, (counts > 0).sum()), 1.0)
        head_w = np.where(col != MASKED, inv[np.maximum(col, 0)], 1.0)
        weights = np.maximum(weights, head_w)
    return weights / weights.sum()
