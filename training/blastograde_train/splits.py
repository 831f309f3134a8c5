"""Train/validation/test splits.

The seed's scheme: stratify on the rare ICM label; the minority class gets a fixed
count of images in validation and in test (so the rare grade is present in every
split), the other classes a fixed share (70/15/15); three folds. Here the folds are
rotations of one shuffle per class, so the three test sets are disjoint. Images with
no ICM grade form their own stratum.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

from .adapters import LabelledSet


@dataclass
class Split:
    train: List[int]
    val: List[int]
    test: List[int]


def _strata(data: LabelledSet, head: str) -> Dict[str, List[int]]:
    groups: Dict[str, List[int]] = defaultdict(list)
    for i, s in enumerate(data.samples):
        groups[s.labels.get(head) or "<none>"].append(i)
    return dict(sorted(groups.items()))


def stratified_folds(
    data: LabelledSet,
    folds: int = 3,
    val_share: float = 0.15,
    test_share: float = 0.15,
    minority_count: Optional[int] = None,
    stratify_head: str = "icm",
    seed: int = 0,
) -> List[Split]:
    """`folds` splits; test sets disjoint when folds * test_share <= 1."""
    groups = _strata(data, stratify_head)
    graded = {k: v for k, v in groups.items() if k != "<none>"}
    minority = min(graded, key=lambda k: len(graded[k])) if graded else None
    rng = random.Random(seed)
    splits = [Split([], [], []) for _ in range(folds)]
    for label, members in groups.items():
        members = members[:]
        rng.shuffle(members)
        n = len(members)
        if label == minority and minority_count is not None:
            n_val = n_test = min(minority_count, n // 3)
        else:
            n_test = round(n * test_share)
            n_val = round(n * val_share)
        if n >= 3:  # every stratum with at least 3 images appears in val and test
            n_test, n_val = max(1, n_test), max(1, n_val)
        for f, split in enumerate(splits):
            start = (f * n_test) % n if n else 0
            rotated = members[start:] + members[:start]
            split.test += rotated[:n_test]
            split.val += rotated[n_test : n_test + n_val]
            split.train += rotated[n_test + n_val :]
    for split in splits:
        split.train.sort(), split.val.sort(), split.test.sort()
    return splits


def train_val_split(
    data: LabelledSet, val_share: float = 0.15, stratify_head: str = "icm", seed: int = 0
) -> Split:
    """Fixed-split mode: the test set is given separately; carve validation from train."""
    split = stratified_folds(data, folds=1, val_share=val_share, test_share=0.0, stratify_head=stratify_head, seed=seed)[0]
    return Split(sorted(split.train + split.test), split.val, [])


def label_counts(data: LabelledSet, indices: Sequence[int]) -> Dict[str, Dict[str, int]]:
    out: Dict[str, Dict[str, int]] = {}
    for head, classes in data.classes.items():
        counts = {c: 0 for c in classes}
        counts["masked"] = 0
        for i in indices:
            counts[data.samples[i].labels.get(head) or "masked"] += 1
        out[head] = counts
    return out
