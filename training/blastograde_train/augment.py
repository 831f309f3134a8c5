"""Random geometric augmentation: rotation (full 360 degrees), shift, zoom, shear, flips.

One composed affine warp per image with cv2 (one resampling, not five). Where the warp
uncovers the outside, it is filled with the median colour of the crop's outer pixel ring:
the app fills a crop that leaves the micrograph the same way (border colour, not a mirror
image, which put a ghost embryo beside it), and a fixed black fill would teach the model
black wedges it never sees in the app.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass
class AugmentConfig:
    rotation_deg: float = 360.0
    shift: float = 0.1          # fraction of the side, each axis
    zoom: float = 0.1           # scale in [1 - zoom, 1 + zoom]
    shear_deg: float = 10.0
    flip: bool = True           # horizontal and vertical, each with p = 0.5
    brightness: float = 0.0     # multiplicative jitter in [1 - b, 1 + b] (off by default)


def random_affine_matrix(size: int, cfg: AugmentConfig, rng: np.random.Generator) -> np.ndarray:
    angle = math.radians(rng.uniform(-cfg.rotation_deg / 2, cfg.rotation_deg / 2))
    scale = rng.uniform(1 - cfg.zoom, 1 + cfg.zoom)
    shear = math.radians(rng.uniform(-cfg.shear_deg, cfg.shear_deg))
    fx = -1.0 if cfg.flip and rng.random() < 0.5 else 1.0
    fy = -1.0 if cfg.flip and rng.random() < 0.5 else 1.0
    tx, ty = (rng.uniform(-cfg.shift, cfg.shift) * size for _ in range(2))
    rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
    sh = np.array([[1.0, math.tan(shear)], [0.0, 1.0]])
    linear = rot @ sh @ np.diag([fx * scale, fy * scale])
    c = (size - 1) / 2.0
    offset = np.array([c + tx, c + ty]) - linear @ np.array([c, c])
    return np.hstack([linear, offset[:, None]])


def border_colour(image: np.ndarray) -> tuple:
    """Per-channel median of the outer one-pixel ring, as the app pads crops."""
    ring = np.concatenate([image[0], image[-1], image[1:-1, 0], image[1:-1, -1]])
    return tuple(float(v) for v in np.median(ring, axis=0))


def augment(image: np.ndarray, cfg: AugmentConfig, rng: np.random.Generator) -> np.ndarray:
    """image: (S, S, 3) uint8 -> same shape, randomly transformed."""
    size = image.shape[0]
    m = random_affine_matrix(size, cfg, rng)
    out = cv2.warpAffine(image, m, (size, size), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                         borderValue=border_colour(image))
    if cfg.brightness > 0:
        out = np.clip(out.astype(np.float32) * rng.uniform(1 - cfg.brightness, 1 + cfg.brightness), 0, 255).astype(np.uint8)
    return out
