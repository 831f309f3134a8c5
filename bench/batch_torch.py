"""Batch baseline for `npm run bench -- --only batch`: decode + locate + crop + grade with
OpenCV (Python) and PyTorch, one image after another, on the weights of a TF.js package.

python3 bench/batch_torch.py PACKAGE_DIR FILE... --threads N  -> JSON on stdout

The network is the package's own (training/'s load_package puts its folded weights into a
VGG16-BN whose batch norms start as the identity), fed what the app feeds it: the crop
resized to the card's input, sample-wise normalised, in every orientation as one batch
(8 views for a square input). The locator is a stand-in of similar cost, not the app's
algorithm (training/ has none): Otsu threshold of a <= 256 px thumbnail, the largest
contour's enclosing circle, a square crop with a 10 % margin, the centre square if
nothing is found. Timed per image from the file's bytes on disk to the grade.
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "training"))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

from blastograde_train.from_package import load_package  # noqa: E402
from blastograde_train.model import GradingNet, HeadSpec, ModelConfig  # noqa: E402
from blastograde_train.normalization import samplewise_normalize  # noqa: E402


def locate(rgb: np.ndarray) -> "tuple[int, int, int]":
    """Centre x, y and half side of a square crop around the embryo, in full-image pixels."""
    h, w = rgb.shape[:2]
    scale = min(1.0, 256 / max(h, w))
    small = cv2.resize(rgb, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY), (5, 5), 0)
    edges = cv2.morphologyEx(cv2.Canny(gray, 20, 60), cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if contours:
        (cx, cy), r = cv2.minEnclosingCircle(max(contours, key=cv2.contourArea))
        if r > 0.1 * min(small.shape[:2]):
            return round(cx / scale), round(cy / scale), round(r * 1.1 / scale)
    return w // 2, h // 2, min(w, h) // 2


def crop(rgb: np.ndarray, size: int) -> np.ndarray:
    cx, cy, half = locate(rgb)
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = max(0, cx - half), max(0, cy - half), min(w, cx + half), min(h, cy + half)
    return cv2.resize(rgb[y0:y1, x0:x1], (size, size), interpolation=cv2.INTER_LINEAR)


def orientations(x: np.ndarray) -> np.ndarray:
    """The 8 dihedral views of one (H, W, 3) crop, as (8, 3, H, W)."""
    views = []
    for k in range(4):
        r = np.rot90(x, k)
        views += [r, r[:, ::-1]]
    return np.stack([v.transpose(2, 0, 1) for v in views]).copy()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("package")
    ap.add_argument("files", nargs="+")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(args.threads)
    card = json.load(open(os.path.join(args.package, "grading.json")))
    size = card["input"]["size"][0]
    arch = card["architecture"]
    width = float(arch.split("-w")[1]) if "-w" in arch else 1.0
    heads = [HeadSpec(h["name"], h["classes"]) for h in card["heads"]]
    t0 = time.perf_counter()
    model = GradingNet(ModelConfig(heads=heads, batch_norm=True, width=width, input_size=size)).eval()
    calibration = torch.from_numpy(np.stack([orientations(samplewise_normalize(np.random.default_rng(i).integers(0, 255, (size, size, 3))))[0] for i in range(8)]))
    load_package(model, args.package, calibration)
    load_ms = (time.perf_counter() - t0) * 1000
    times, done, grades = [], [], []
    start = time.perf_counter()
    with torch.inference_mode():
        model(torch.zeros(8, 3, size, size))  # warm-up, as the app warms its model while the form is filled
        start = time.perf_counter()
        for f in args.files:
            t = time.perf_counter()
            bgr = cv2.imdecode(np.fromfile(f, np.uint8), cv2.IMREAD_COLOR)
            x = torch.from_numpy(orientations(samplewise_normalize(crop(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), size))))
            out = model(x)
            logits = out if isinstance(out, (list, tuple)) else list(out.values()) if isinstance(out, dict) else [out]
            grades.append("".join(str(int(o.mean(0).argmax())) for o in logits))
            now = time.perf_counter()
            times.append((now - t) * 1000)
            done.append((now - start) * 1000)
    n = len(done)
    print(json.dumps({
        "torch": torch.__version__, "opencv": cv2.__version__, "threads": torch.get_num_threads(), "images": n,
        "loadMs": load_ms, "medianMs": statistics.median(times), "firstMs": done[0],
        "steadyMsPerImage": (done[-1] - done[0]) / (n - 1) if n > 1 else None, "totalMs": done[-1],
        "grades": grades,
    }))


if __name__ == "__main__":
    main()
