"""Smoke run (CI): 64 phantoms, a tiny network, 1 epoch -> export -> TensorFlow.js predicts."""

import importlib.util
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
import torch

from blastograde_train.adapters import read_phantoms
from blastograde_train.dataset import GradedImages
from blastograde_train.model import load_checkpoint
from blastograde_train.tfjs_runner import REPO_ROOT, TRAINING_DIR, node_available, run_graph_model
from fixtures import write_phantom_like
from helpers import absolute_paths_in, card_schema_errors

pytestmark = [pytest.mark.smoke, pytest.mark.skipif(not node_available(), reason="node + node_modules/@tensorflow needed")]


def make_phantoms(out_dir, n, seed):
    """The project's phantom generator when it is there, else the tests' own stand-in."""
    if os.path.exists(os.path.join(REPO_ROOT, "src", "cli", "commands", "phantoms.ts")):
        proc = subprocess.run(["npx", "blastograde", "phantoms", "--n", str(n), "--seed", str(seed), "--out", out_dir],
                              cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
        if proc.returncode == 0 and os.path.exists(os.path.join(out_dir, "labels.csv")):
            return "generator"
    write_phantom_like(out_dir, n, seed=seed)
    return "fixture"


def run_module(module, *args):
    env = {**os.environ, "PYTHONPATH": TRAINING_DIR + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run([sys.executable, "-m", module, *args], cwd=TRAINING_DIR, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_train_export_and_predict_in_tfjs(tmp_path):
    phantoms = str(tmp_path / "phantoms")
    make_phantoms(phantoms, 64, seed=11)
    run_dir, package = str(tmp_path / "run"), str(tmp_path / "package")
    summary = run_module("blastograde_train.train", "--format", "phantoms", "--labels", phantoms, "--out", run_dir,
                         "--input-size", "64", "--width", "0.125", "--batch-norm", "--epochs", "1", "--batch-size", "8",
                         "--balanced-sampling", "--loss", "focal", "--seed", "1")
    assert summary["bestEpoch"] == 1 and os.path.exists(os.path.join(run_dir, "confusion.png"))
    for key in ("val", "test"):
        assert 0 <= summary[f"{key}MeanMacroF1"] <= 1

    out = run_module("blastograde_train.export", "--checkpoint", os.path.join(run_dir, "model.pt"),
                     "--out", package, "--dtype", "float16", "--id", "smoke", "--onnx", str(tmp_path / "smoke.onnx"))
    assert out["id"] == "smoke" and os.path.getsize(tmp_path / "smoke.onnx") > 1000
    try:
        import onnx  # python3-onnx, optional
    except ImportError:
        onnx = None
    if onnx is not None:
        graph = onnx.load(str(tmp_path / "smoke.onnx"))
        onnx.checker.check_model(graph)
        assert [o.name for o in graph.graph.output] == ["expansion", "icm", "te"]
    card = json.loads(open(os.path.join(package, "grading.json")).read())
    assert card["input"] == {"size": [64, 64], "channels": 3, "normalization": "samplewise", "resize": "bilinear"}
    assert [h["name"] for h in card["heads"]] == ["expansion", "icm", "te"]
    assert "not for clinical use" in card["intendedUse"].lower()
    assert set(card["metrics"]) == {"val", "test"} and "confusionMatrix" in card["metrics"]["test"]["heads"]["icm"]
    assert set(card["weights"]) == {f for f in os.listdir(package) if f.endswith(".bin")}

    # TensorFlow.js on the exported package predicts what PyTorch predicts
    model, _ = load_checkpoint(os.path.join(run_dir, "model.pt"))
    data = read_phantoms(phantoms)
    classes = {h.name: h.classes for h in model.config.heads}
    ds = GradedImages(data.subset(range(8)), list(classes), classes, 64)
    x = torch.stack([ds[i][0] for i in range(8)])
    with torch.no_grad():
        expected = model.probabilities(x)
    got = run_graph_model(package, x.permute(0, 2, 3, 1).numpy())
    for head in classes:
        assert got[head].shape == (8, len(classes[head]))
        assert np.abs(got[head] - expected[head].numpy()).max() <= 2e-2
        assert np.allclose(got[head].sum(axis=1), 1, atol=1e-5)

    # the evaluation command on the exported package, recorded into its card
    ev = run_module("blastograde_train.evaluate", "--tfjs-model", package, "--format", "phantoms",
                    "--labels", phantoms, "--name", "smoke phantoms", "--split", "smoke",
                    "--update-card", os.path.join(package, "grading.json"))
    assert ev["smoke"]["n"] == 64
    card = json.loads(open(os.path.join(package, "grading.json")).read())
    assert card["metrics"]["smoke"]["data"].startswith("smoke phantoms")
    # the app's contract, and nothing of this machine's folders (the run lay in a temp folder)
    if importlib.util.find_spec("jsonschema"):
        assert card_schema_errors(card) == []
    assert absolute_paths_in(card) == []
    assert card["training"]["recipe"]["labels"] == "phantoms"
    shutil.rmtree(package)
