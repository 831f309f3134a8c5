"""Parity proof: the exported TensorFlow.js graph computes what the PyTorch network does."""

import json
import os

import numpy as np
import pytest
import torch

from blastograde_train.tfjs_export import SHARD_BYTES, write_graph_model
from blastograde_train.tfjs_runner import node_available, run_graph_model
from helpers import HEADS, random_network

pytestmark = pytest.mark.skipif(not node_available(), reason="node + node_modules/@tensorflow needed")

HEAD_NAMES = [h.name for h in HEADS]


def torch_outputs(model, x_nhwc):
    with torch.no_grad():
        x = torch.from_numpy(x_nhwc).permute(0, 3, 1, 2).contiguous()
        feats = model.feature_map(x)
        logits = model.head_logits(feats)
    out = {h: torch.softmax(v, 1).numpy() for h, v in logits.items()}
    out.update({f"{h}/logits": v.numpy() for h, v in logits.items()})
    out["features"] = feats.permute(0, 2, 3, 1).numpy()
    return out


def fixed_inputs(n, size, seed=1):
    """Noise over a smooth per-image pattern: i.i.d. noise alone averages out in the
    global pooling and every input would give the same output."""
    rng = np.random.default_rng(seed)
    low = torch.from_numpy(rng.standard_normal((n, 3, 4, 4)).astype(np.float32))
    smooth = torch.nn.functional.interpolate(low, size=size, mode="bilinear", align_corners=False)
    x = 0.5 * rng.standard_normal((n, size, size, 3)) + 1.5 * smooth.permute(0, 2, 3, 1).numpy()
    return x.astype(np.float32)


def assert_heads_close(model, model_dir, x, tol):
    expected = torch_outputs(model, x)
    names = HEAD_NAMES + [f"{h}/logits" for h in HEAD_NAMES]
    got = run_graph_model(model_dir, x, outputs=names)
    for name in HEAD_NAMES:
        # The check must be able to fail: outputs vary between the fixed inputs.
        assert expected[name].std(axis=0).max() > 1e-3, f"{name}: degenerate random network"
        diff = np.abs(got[name] - expected[name]).max()
        assert diff <= tol, f"{name}: max |diff| {diff} > {tol}"
        logits = expected[f"{name}/logits"]
        logit_diff = np.abs(got[f"{name}/logits"] - logits).max()
        assert logit_diff <= tol * max(1.0, np.abs(logits).max()), f"{name}/logits: max |diff| {logit_diff}"
    return expected, got


@pytest.mark.parametrize("batch_norm", [False, True])
def test_float32_parity_small_input(tmp_path, batch_norm):
    model = random_network(input_size=64, batch_norm=batch_norm, seed=3)
    hashes = write_graph_model(model, str(tmp_path), dtype="float32")
    x = fixed_inputs(3, 64)
    assert_heads_close(model, str(tmp_path), x, 1e-4)
    # Full-width VGG16 weights (~59 MB) must be cut into several <= 4 MiB shards.
    sizes = [os.path.getsize(tmp_path / f) for f in hashes]
    assert len(sizes) > 10 and max(sizes) <= SHARD_BYTES


def test_float16_parity_and_manifest(tmp_path):
    model = random_network(input_size=64, batch_norm=True, seed=4)
    write_graph_model(model, str(tmp_path), dtype="float16")
    manifest = json.loads((tmp_path / "model.json").read_text())["weightsManifest"][0]
    float_specs = [w for w in manifest["weights"] if w["dtype"] == "float32"]
    assert float_specs and all(w["quantization"] == {"dtype": "float16"} for w in float_specs)
    total = sum(os.path.getsize(tmp_path / p) for p in manifest["paths"])
    n_params = sum(int(np.prod(w["shape"])) for w in float_specs)
    assert total == n_params * 2 + 2 * 4  # float16 values + the int32 [1, 2] reduction axes
    assert_heads_close(model, str(tmp_path), fixed_inputs(3, 64), 2e-2)


def test_lite_network_and_gradcam_tail(tmp_path):
    """The width-0.25 "lite" variant; feeding "features" runs only the tail (Grad-CAM)."""
    model = random_network(input_size=64, width=0.25, batch_norm=True, seed=5)
    write_graph_model(model, str(tmp_path), dtype="float32")
    x = fixed_inputs(2, 64)
    expected, got = assert_heads_close(model, str(tmp_path), x, 1e-4)
    feats = run_graph_model(str(tmp_path), x, outputs=["features"])["features"]
    assert feats.shape == (2, 4, 4, 128)
    assert np.abs(feats - expected["features"]).max() <= 1e-4 * max(1.0, np.abs(expected["features"]).max())
    tail = run_graph_model(str(tmp_path), expected["features"], feed="features", outputs=["icm/logits"])
    assert np.abs(tail["icm/logits"] - expected["icm/logits"]).max() <= 1e-4


@pytest.mark.slow
def test_float32_parity_full_size(tmp_path):
    model = random_network(input_size=320, seed=6)
    write_graph_model(model, str(tmp_path), dtype="float32")
    assert_heads_close(model, str(tmp_path), fixed_inputs(2, 320, seed=7), 1e-4)
