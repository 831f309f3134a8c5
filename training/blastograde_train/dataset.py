"""Images in memory at the model's input size, augmented and normalised on the fly."""

from __future__ import annotations

import os
from typing import Dict, List, Optional, Sequence

import cv2
import numpy as np
import torch
from torch.utils.data import Dataset

from .adapters import LabelledSet
from .augment import AugmentConfig, augment
from .normalization import samplewise_normalize

MASKED = -1


def load_rgb(path: str, size: int) -> np.ndarray:
    """Read an image as RGB uint8 and resize it bilinearly to size x size (the app's
    resize of the square crop to the model input)."""
    img = cv2.imread(path, cv2.IMREAD_COLOR)
    if img is None:
        raise ValueError(f"cannot read image {path}")
    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    if img.shape[0] != size or img.shape[1] != size:
        img = cv2.resize(img, (size, size), interpolation=cv2.INTER_LINEAR)
    return img


def label_matrix(data: LabelledSet, heads: Sequence[str], classes: Dict[str, List[str]]) -> np.ndarray:
    """(N, heads) class indices, MASKED where the head has no usable grade (or a class
    the model does not know)."""
    out = np.full((len(data.samples), len(heads)), MASKED, dtype=np.int64)
    for i, s in enumerate(data.samples):
        for j, h in enumerate(heads):
            label = s.labels.get(h)
            if label in classes[h]:
                out[i, j] = classes[h].index(label)
    return out


class GradedImages(Dataset):
    def __init__(
        self,
        data: LabelledSet,
        heads: Sequence[str],
        classes: Dict[str, List[str]],
        size: int,
        augment_cfg: Optional[AugmentConfig] = None,
        seed: int = 0,
        cache: Optional[np.ndarray] = None,
    ):
        self.paths = [s.path for s in data.samples]
        self.labels = label_matrix(data, heads, classes)
        self.images = cache if cache is not None else np.stack([load_rgb(p, size) for p in self.paths])
        self.augment_cfg = augment_cfg
        self.seed = seed
        self.epoch = 0

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int):
        img = self.images[index]
        if self.augment_cfg is not None:
            # deterministic per (seed, epoch, index): reproducible with any worker count
            rng = np.random.default_rng((self.seed, self.epoch, index))
            img = augment(img, self.augment_cfg, rng)
        x = torch.from_numpy(samplewise_normalize(img)).permute(2, 0, 1)
        return x, torch.from_numpy(self.labels[index])

    def names(self) -> List[str]:
        return [os.path.basename(p) for p in self.paths]
