"""Writes a small random-weight model package with the training code's own exporter.

python3 training/tests/export_test_model.py OUT_DIR '{"inputSize": 32, "width": 0.125, "seed": 1, "shardBytes": 65536}'
Used by the TypeScript model-core tests (src/features/inference/testing) and the bench (never commits weights). Random weights come from
training/tests/helpers.py, scaled so outputs differ per input.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)

import torch  # noqa: E402

from blastograde_train.model import HeadSpec  # noqa: E402
from helpers import random_network  # noqa: E402  (training/tests: one recipe for random test weights)
from blastograde_train.model_card import build_model_card, write_model_card  # noqa: E402
from blastograde_train.tfjs_export import write_graph_model  # noqa: E402

out, opts = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
heads = [HeadSpec(h["name"], h["classes"]) for h in opts.get("heads", [
    {"name": "expansion", "classes": ["1", "2", "3", "4", "5", "6"]},
    {"name": "icm", "classes": ["C", "B", "A"]},
    {"name": "te", "classes": ["C", "B", "A"]},
])]
model = random_network(input_size=opts.get("inputSize", 32), width=opts.get("width", 0.125), seed=opts.get("seed", 1), heads=heads)
hashes = write_graph_model(model, out, dtype=opts.get("dtype", "float32"), shard_bytes=opts.get("shardBytes", 4 * 1024 * 1024))
card = build_model_card(model, hashes, model_id=opts.get("id", "test-model"), version="0.0.1",
                        intended_use="Test fixture with random weights; not for clinical use.",
                        training={"data": "none (random weights)"})
write_model_card(os.path.join(out, "grading.json"), card)
if opts.get("checkpoint"):
    torch.save({"config": model.config.to_dict(), "state_dict": model.state_dict()}, opts["checkpoint"])
if opts.get("onnx"):
    from blastograde_train.onnx_export import write_onnx
    write_onnx(model, opts["onnx"])
print(json.dumps({"out": out, "shards": sorted(hashes)}))
