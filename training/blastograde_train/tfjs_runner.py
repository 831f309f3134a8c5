"""Run an exported graph model in Node TensorFlow.js (wasm) through training/js/run_graph_model.mjs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from typing import Dict, Optional, Sequence

import numpy as np

TRAINING_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_ROOT = os.path.dirname(TRAINING_DIR)
RUNNER = os.path.join(TRAINING_DIR, "js", "run_graph_model.mjs")


def node_available() -> bool:
    return shutil.which("node") is not None and os.path.isdir(
        os.path.join(REPO_ROOT, "node_modules", "@tensorflow", "tfjs-backend-wasm")
    )


def run_graph_model(
    model_dir: str,
    inputs: np.ndarray,
    outputs: Optional[Sequence[str]] = None,
    feed: str = "input",
    backend: str = "wasm",
    timeout: float = 600,
) -> Dict[str, np.ndarray]:
    """Feed `inputs` (NHWC float32) to node `feed`; returns {output name: array}."""
    with tempfile.TemporaryDirectory() as tmp:
        x_path = os.path.join(tmp, "x.f32")
        out_path = os.path.join(tmp, "out.json")
        np.ascontiguousarray(inputs, dtype="<f4").tofile(x_path)
        # the runner runs from the repository root: a relative model path is the caller's
        cmd = ["node", RUNNER, "--model", os.path.abspath(model_dir), "--input", x_path, "--feed", feed,
               "--shape", ",".join(str(d) for d in inputs.shape), "--backend", backend, "--out", out_path]
        if outputs:
            cmd += ["--outputs", ",".join(outputs)]
        proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"run_graph_model.mjs failed ({proc.returncode}): {proc.stderr[-3000:]}")
        with open(out_path) as fh:
            result = json.load(fh)
    return {
        name: np.asarray(v["data"], dtype=np.float32).reshape(v["shape"])
        for name, v in result["outputs"].items()
    }
