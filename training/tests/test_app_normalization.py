"""The app's TypeScript normalisation and the Python one agree on the same crop."""

import os
import shutil
import subprocess

import cv2
import numpy as np
import pytest

from blastograde_train.dataset import load_rgb
from blastograde_train.normalization import samplewise_normalize
from blastograde_train.tfjs_runner import REPO_ROOT, TRAINING_DIR

TSX = os.path.join(REPO_ROOT, "node_modules", ".bin", "tsx")
SHARED = os.path.join(REPO_ROOT, "..", "shared", "data", "real", "pcrm-saeedi", "images")


def crop_image(tmp_path):
    """A real micrograph when ../shared/data is there, else a synthetic one."""
    if os.path.isdir(SHARED):
        names = sorted(f for f in os.listdir(SHARED) if f.lower().endswith(".bmp"))
        if names:
            return os.path.join(SHARED, names[0])
    path = str(tmp_path / "synthetic.png")
    rng = np.random.default_rng(0)
    img = cv2.GaussianBlur(rng.integers(0, 256, (200, 200, 3), dtype=np.uint8), (7, 7), 0)
    cv2.circle(img, (100, 100), 70, (180, 170, 160), 5)
    cv2.imwrite(path, img)
    return path


@pytest.mark.skipif(shutil.which("node") is None or not os.path.exists(TSX), reason="node + tsx needed")
def test_typescript_and_python_normalisation_agree(tmp_path):
    rgb = load_rgb(crop_image(tmp_path), 96)  # the crop at model input size, RGB uint8
    rgba = np.concatenate([rgb, np.full(rgb.shape[:2] + (1,), 255, np.uint8)], axis=2)
    (tmp_path / "crop.rgba").write_bytes(rgba.tobytes())
    proc = subprocess.run(
        [TSX, os.path.join(TRAINING_DIR, "js", "normalize_input.mts"), "--rgba", str(tmp_path / "crop.rgba"),
         "--width", "96", "--height", "96", "--out", str(tmp_path / "x.f32")],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    app = np.fromfile(tmp_path / "x.f32", dtype="<f4").reshape(96, 96, 3)
    ours = samplewise_normalize(rgb)
    assert np.abs(app - ours).max() <= 1e-5
    assert abs(float(ours.std()) - 1) < 1e-3
