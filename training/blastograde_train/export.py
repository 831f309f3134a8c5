"""Export a trained checkpoint as the app's model package.

python3 -m blastograde_train.export --checkpoint runs/x/model.pt --out ../public/models/mine \
    [--dtype float16] [--id mine] [--version 1.0.0] [--synthetic] [--metrics metrics.json] [--onnx x.onnx]
    [--phantom-styles default,clinic]

Writes model.json + group1-shard*.bin (TensorFlow.js graph model) and grading.json;
prints a JSON summary on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Optional

from .model import GradingNet, load_checkpoint
from .model_card import DEFAULT_USE, SYNTHETIC_USE, build_model_card, parse_phantom_styles, write_model_card
from .tfjs_export import write_graph_model


def export_model_package(
    model: GradingNet,
    out_dir: str,
    *,
    dtype: str = "float32",
    model_id: str = "custom",
    version: str = "1.0.0",
    training: Optional[dict] = None,
    metrics: Optional[dict] = None,
    intended_use: str = DEFAULT_USE,
    onnx_path: Optional[str] = None,
) -> dict:
    """Write the graph model and grading.json into out_dir; returns the model card."""
    os.makedirs(out_dir, exist_ok=True)
    for stale in os.listdir(out_dir):  # shards of an earlier export would linger otherwise
        if stale.startswith("group1-shard") and stale.endswith(".bin"):
            os.remove(os.path.join(out_dir, stale))
    hashes = write_graph_model(model, out_dir, dtype=dtype)
    card = build_model_card(
        model, hashes, model_id=model_id, version=version, training=training,
        metrics=metrics, intended_use=intended_use, dtype=dtype,
    )
    write_model_card(os.path.join(out_dir, "grading.json"), card)
    if onnx_path:
        from .onnx_export import write_onnx

        write_onnx(model, onnx_path)
    return card


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m blastograde_train.export", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True, help="model.pt written by blastograde_train.train")
    ap.add_argument("--out", required=True, help="output folder, e.g. ../public/models/<id>")
    ap.add_argument("--dtype", choices=["float32", "float16"], default="float32")
    ap.add_argument("--id", default=None, help="model id (default: the output folder's name)")
    ap.add_argument("--version", default="1.0.0")
    ap.add_argument("--synthetic", action="store_true", help="say in intendedUse: synthetic training data, not for clinical use")
    ap.add_argument("--intended-use", default=None, help="override the intendedUse sentence")
    ap.add_argument("--training-data", default=None, help="override training.data (what it was trained on)")
    ap.add_argument("--metrics", default=None, help="metrics JSON (from blastograde_train.evaluate) to record")
    ap.add_argument("--onnx", default=None, help="also write an ONNX file of the same network here")
    ap.add_argument("--phantom-styles", default=None, metavar="STYLES",
                    help="phantom styles trained on, e.g. default,clinic: training.phantomStyles, the styles "
                         "adaptation renders its source phantoms in (absent: the app assumes default)")
    args = ap.parse_args(argv)
    try:
        styles = parse_phantom_styles(args.phantom_styles) if args.phantom_styles is not None else None
    except ValueError as error:
        ap.error(str(error))

    model, payload = load_checkpoint(args.checkpoint)
    training = dict(payload.get("training") or {})
    if args.training_data:
        training["data"] = args.training_data
    if styles:
        training["phantomStyles"] = styles
    metrics = dict(payload.get("metrics") or {})
    if args.metrics:
        with open(args.metrics) as fh:
            metrics.update(json.load(fh))
    synthetic = args.synthetic or bool(training.get("synthetic"))
    intended = args.intended_use or (SYNTHETIC_USE if synthetic else DEFAULT_USE)
    model_id = args.id or os.path.basename(os.path.normpath(args.out))
    print(f"exporting {model.config.architecture} ({args.dtype}) to {args.out}", file=sys.stderr)
    card = export_model_package(
        model, args.out, dtype=args.dtype, model_id=model_id, version=args.version,
        training=training, metrics=metrics, intended_use=intended, onnx_path=args.onnx,
    )
    size = sum(os.path.getsize(os.path.join(args.out, f)) for f in card["weights"])
    print(json.dumps({"out": args.out, "id": model_id, "weightsBytes": size, "shards": len(card["weights"]),
                      "onnx": args.onnx, "heads": card["heads"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
