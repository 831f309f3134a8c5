"""PyTorch forward time of the bench network (same weights as the TF.js package).

python3 bench/torch_forward.py CHECKPOINT --threads N --runs R  -> JSON on stdout
python3 bench/torch_forward.py --size S --width W ...: a VGG16 of that geometry with random
weights and no batch norm (the exported graph has it folded into the convolutions).
--batch N: N images per forward; the bench passes the views one grade takes (the app grades
every crop in its 8 orientations as one batch), so both sides time the same work.
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "training"))

import torch  # noqa: E402

from blastograde_train.model import HeadSpec, ModelConfig, build_model, load_checkpoint  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("checkpoint", nargs="?")
ap.add_argument("--size", type=int)
ap.add_argument("--width", type=float, default=1.0)
ap.add_argument("--threads", type=int, default=os.cpu_count())
ap.add_argument("--runs", type=int, default=5)
ap.add_argument("--batch", type=int, default=1)
args = ap.parse_args()
torch.set_num_threads(args.threads)
if args.checkpoint:
    model, _ = load_checkpoint(args.checkpoint)
else:
    heads = [HeadSpec("expansion", list("123456")), HeadSpec("icm", list("ABC")), HeadSpec("te", list("ABC"))]
    model = build_model(ModelConfig(heads=heads, width=args.width, input_size=args.size)).eval()
size = model.config.input_size
x = torch.randn(args.batch, 3, size, size)
times = []
with torch.inference_mode():
    model(x)  # warm-up
    for _ in range(args.runs):
        t0 = time.perf_counter()
        model(x)
        times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "batch": args.batch, "medianMs": statistics.median(times), "times": times}))
