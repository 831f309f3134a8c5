"""Sample-wise normalisation, exactly as the app applies it before the model.

Definition (the seed's Keras `samplewise_center` + `samplewise_std_normalization`):
take the crop already resized to the model input, as RGB values on the 0..255 scale;
compute one mean and one population standard deviation (divide by N, not N-1) over
all H*W*3 values together (not per channel); return (x - mean) / (std + 1e-6) as
float32. Mean and std are accumulated in float64 so the result does not depend on
summation order beyond float32 rounding of the output.
"""

from __future__ import annotations

import numpy as np

EPSILON = 1e-6


def samplewise_normalize(image: np.ndarray) -> np.ndarray:
    """Normalise one image (H, W, 3), any numeric dtype on the 0..255 scale."""
    x = np.asarray(image, dtype=np.float64)
    mean = x.mean()
    std = x.std()
    return ((x - mean) / (std + EPSILON)).astype(np.float32)

