"""Tiny on-disk fixtures written by the tests themselves (no shared images copied)."""

import csv
import os

import cv2
import numpy as np


def write_images(folder, names, size=48, seed=0):
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(seed)
    for name in names:
        img = rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
        assert cv2.imwrite(os.path.join(folder, name), img)


def write_phantom_like(folder, n, size=64, seed=0):
    """Phantom-like images whose grades are visible: expansion sets the disc radius,
    ICM the brightness of an inner blob, TE the ring's texture. labels.csv as the
    phantom generator writes it."""
    rng = np.random.default_rng(seed)
    os.makedirs(os.path.join(folder, "images"), exist_ok=True)
    rows = []
    for i in range(n):
        exp = int(rng.integers(1, 7))
        icm, te = "ABC"[int(rng.integers(0, 3))], "ABC"[int(rng.integers(0, 3))]
        img = np.full((size, size, 3), 90, np.uint8)
        c = size // 2
        r = int(size * (0.18 + 0.045 * exp))
        cv2.circle(img, (c, c), r, (160, 160, 160), -1)
        cv2.circle(img, (c, c), r, (40, 40, 40) if te == "A" else (200, 200, 200) if te == "B" else (120, 60, 60), 3)
        cv2.circle(img, (c - r // 3, c), max(3, r // 3), {"A": (250, 250, 250), "B": (30, 30, 30), "C": (40, 200, 40)}[icm], -1)
        img = np.clip(img + rng.normal(0, 6, img.shape), 0, 255).astype(np.uint8)
        name = f"phantom_{i:04d}.png"
        cv2.imwrite(os.path.join(folder, "images", name), img)
        rows.append([name, exp, icm, te, c, c, r, r, 0])
    with open(os.path.join(folder, "labels.csv"), "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["file", "expansion", "icm", "te", "cx", "cy", "rx", "ry", "angle"])
        w.writerows(rows)
