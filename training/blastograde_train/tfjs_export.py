"""Write a GradingNet as a TensorFlow.js graph model (model.json + weight shards).

There is no TensorFlow here, so the GraphDef is written by hand in the JSON form the
official converter emits and `tf.loadGraphModel` reads (string attributes base64,
integer lists as decimal strings). The graph, input NHWC float32 already normalised:

  input (Placeholder [-1, H, W, 3])
  blockB_convC/Relu  _FusedConv2D(BiasAdd, Relu), SAME, stride 1 (batch norm folded in)
  blockB_pool        MaxPool 2x2 stride 2 VALID (blocks 1-4)
  features           Identity of block5_conv3/Relu: last conv block after its ReLU,
                     before the final max-pool (feed it to run only the tail: Grad-CAM)
  block5_pool        MaxPool(features)
  gap                Mean over axes [1, 2]
  <head>/dense1/Relu, <head>/dense2/Relu  _FusedMatMul(BiasAdd, Relu)
  <head>/out/BiasAdd _FusedMatMul(BiasAdd)
  <head>/logits      Identity (pre-softmax)
  <head>/Softmax     Softmax
  <head>             Identity (probabilities): the graph outputs, in head order

Weights: one group, concatenated in node order, cut into shards of at most 4 MiB
(a tensor may straddle shards, as the official converter does). float16 is written the
way the converter's --quantize_float16 writes it: spec dtype "float32" with
quantization {"dtype": "float16"}; tfjs 4.22 rejects a plain dtype "float16" spec
("Unsupported dtype in weight"), see tfjs-core io_utils decodeWeight.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from typing import Dict, List, Tuple

import numpy as np
import torch
from torch import nn

from . import __version__
from .model import GradingNet

SHARD_BYTES = 4 * 1024 * 1024
TFJS_VERSION = "4.22.0"
CONVERTED_BY = f"blastograde_train {__version__} tfjs_export (hand-written GraphDef for TensorFlow.js {TFJS_VERSION})"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("ascii")).decode("ascii")


def _type(dtype: str = "DT_FLOAT") -> dict:
    return {"type": dtype}


def _ints(values: List[int]) -> dict:
    return {"list": {"i": [str(v) for v in values]}}


def _strs(values: List[str]) -> dict:
    return {"list": {"s": [_b64(v) for v in values]}}


def _shape(dims: List[int]) -> dict:
    return {"dim": [{"size": str(d)} for d in dims]}


class GraphBuilder:
    def __init__(self) -> None:
        self.nodes: List[dict] = []
        self.weights: List[Tuple[str, np.ndarray]] = []

    def add(self, name: str, op: str, inputs: List[str], attr: dict) -> str:
        node = {"name": name, "op": op, "attr": attr}
        if inputs:
            node["input"] = inputs
        self.nodes.append(node)
        return name

    def const(self, name: str, value: np.ndarray) -> str:
        tf_dtype = "DT_INT32" if value.dtype == np.int32 else "DT_FLOAT"
        value = value if value.dtype == np.int32 else value.astype(np.float32)
        self.weights.append((name, np.ascontiguousarray(value)))
        attr = {
            "dtype": _type(tf_dtype),
            "value": {"tensor": {"dtype": tf_dtype, "tensorShape": _shape(list(value.shape))}},
        }
        return self.add(name, "Const", [], attr)

    def placeholder(self, name: str, shape: List[int]) -> str:
        return self.add(name, "Placeholder", [], {"dtype": _type(), "shape": {"shape": _shape(shape)}})

    def fused_conv(self, name: str, x: str, kernel: np.ndarray, bias: np.ndarray) -> str:
        k = self.const(f"{name}/kernel", kernel)
        b = self.const(f"{name}/bias", bias)
        attr = {
            "T": _type(),
            "data_format": {"s": _b64("NHWC")},
            "dilations": _ints([1, 1, 1, 1]),
            "strides": _ints([1, 1, 1, 1]),
            "padding": {"s": _b64("SAME")},
            "use_cudnn_on_gpu": {"b": True},
            "fused_ops": _strs(["BiasAdd", "Relu"]),
            "num_args": {"i": "1"},
            "epsilon": {"f": 0.0},
            "leakyrelu_alpha": {"f": 0.2},
        }
        return self.add(f"{name}/Relu", "_FusedConv2D", [x, k, b], attr)

    def max_pool(self, name: str, x: str) -> str:
        attr = {
            "T": _type(),
            "data_format": {"s": _b64("NHWC")},
            "ksize": _ints([1, 2, 2, 1]),
            "strides": _ints([1, 2, 2, 1]),
            "padding": {"s": _b64("VALID")},
        }
        return self.add(name, "MaxPool", [x], attr)

    def fused_matmul(self, name: str, x: str, weight: np.ndarray, bias: np.ndarray, relu: bool) -> str:
        w = self.const(f"{name}/kernel", weight)
        b = self.const(f"{name}/bias", bias)
        attr = {
            "T": _type(),
            "transpose_a": {"b": False},
            "transpose_b": {"b": False},
            "fused_ops": _strs(["BiasAdd", "Relu"] if relu else ["BiasAdd"]),
            "num_args": {"i": "1"},
            "epsilon": {"f": 0.0},
        }
        return self.add(f"{name}/{'Relu' if relu else 'BiasAdd'}", "_FusedMatMul", [x, w, b], attr)

    def identity(self, name: str, x: str) -> str:
        return self.add(name, "Identity", [x], {"T": _type()})


def _numpy(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().to(torch.float64).numpy()


def folded_convs(model: GradingNet) -> List[Tuple[np.ndarray, np.ndarray]]:
    """Each conv as (HWIO kernel, bias), with a following batch norm folded in."""
    out = []
    modules = list(model.features)
    for i, m in enumerate(modules):
        if not isinstance(m, nn.Conv2d):
            continue
        w = _numpy(m.weight)  # OIHW
        b = _numpy(m.bias) if m.bias is not None else np.zeros(w.shape[0])
        nxt = modules[i + 1] if i + 1 < len(modules) else None
        if isinstance(nxt, nn.BatchNorm2d):
            scale = _numpy(nxt.weight) / np.sqrt(_numpy(nxt.running_var) + nxt.eps)
            w = w * scale[:, None, None, None]
            b = (b - _numpy(nxt.running_mean)) * scale + _numpy(nxt.bias)
        out.append((w.transpose(2, 3, 1, 0), b))
    return out


def build_graph(model: GradingNet, input_size: Tuple[int, int]) -> GraphBuilder:
    g = GraphBuilder()
    x = g.placeholder("input", [-1, input_size[0], input_size[1], 3])
    convs = iter(folded_convs(model))
    block, conv_in_block = 1, 0
    cfg = [m for m in model.features if isinstance(m, (nn.Conv2d, nn.MaxPool2d))]
    n_pools = sum(isinstance(m, nn.MaxPool2d) for m in cfg)
    for m in cfg:
        if isinstance(m, nn.Conv2d):
            if m.kernel_size != (3, 3) or m.stride != (1, 1) or m.padding != (1, 1):
                raise ValueError("exporter expects 3x3 stride-1 pad-1 convolutions")
            conv_in_block += 1
            kernel, bias = next(convs)
            x = g.fused_conv(f"block{block}_conv{conv_in_block}", x, kernel, bias)
        else:
            if block == n_pools:
                x = g.identity("features", x)
            x = g.max_pool(f"block{block}_pool", x)
            block, conv_in_block = block + 1, 0
    axis = g.const("gap/reduction_indices", np.array([1, 2], dtype=np.int32))
    pooled = g.add("gap", "Mean", [x, axis], {"T": _type(), "Tidx": _type("DT_INT32"), "keep_dims": {"b": False}})
    for name, head in model.heads.items():
        linears = [m for m in head if isinstance(m, nn.Linear)]
        h = pooled
        for i, lin in enumerate(linears):
            last = i == len(linears) - 1
            layer = "out" if last else f"dense{i + 1}"
            h = g.fused_matmul(f"{name}/{layer}", h, _numpy(lin.weight).T, _numpy(lin.bias), relu=not last)
        logits = g.identity(f"{name}/logits", h)
        probs = g.add(f"{name}/Softmax", "Softmax", [logits], {"T": _type()})
        g.identity(name, probs)
    return g


def _encode(value: np.ndarray, dtype: str) -> Tuple[bytes, dict]:
    spec = {"shape": list(value.shape)}
    if value.dtype == np.int32:
        return value.astype("<i4").tobytes(), {**spec, "dtype": "int32"}
    if dtype == "float16":
        if np.abs(value).max(initial=0) > 65504:
            raise ValueError("weight exceeds float16 range")
        return value.astype("<f2").tobytes(), {**spec, "dtype": "float32", "quantization": {"dtype": "float16"}}
    return value.astype("<f4").tobytes(), {**spec, "dtype": "float32"}


def write_graph_model(
    model: GradingNet,
    out_dir: str,
    dtype: str = "float32",
    input_size: Tuple[int, int] = None,
    shard_bytes: int = SHARD_BYTES,
) -> Dict[str, str]:
    """Write model.json and group1-shard*.bin into out_dir; returns {shard file: sha256}."""
    if dtype not in ("float32", "float16"):
        raise ValueError(f"dtype must be float32 or float16, not {dtype}")
    model.eval()
    size = input_size or (model.config.input_size, model.config.input_size)
    graph = build_graph(model, size)
    specs, chunks = [], []
    for name, value in graph.weights:
        data, spec = _encode(value, dtype)
        specs.append({"name": name, **spec})
        chunks.append(data)
    blob = b"".join(chunks)
    n_shards = max(1, -(-len(blob) // shard_bytes))
    os.makedirs(out_dir, exist_ok=True)
    paths, hashes = [], {}
    for i in range(n_shards):
        fname = f"group1-shard{i + 1}of{n_shards}.bin"
        part = blob[i * shard_bytes : (i + 1) * shard_bytes]
        with open(os.path.join(out_dir, fname), "wb") as fh:
            fh.write(part)
        paths.append(fname)
        hashes[fname] = hashlib.sha256(part).hexdigest()
    heads = list(model.heads.keys())
    tensor_info = lambda name, shape: {"name": f"{name}:0", "dtype": "DT_FLOAT", "tensorShape": _shape(shape)}  # noqa: E731
    model_json = {
        "format": "graph-model",
        "generatedBy": f"PyTorch {torch.__version__}",
        "convertedBy": CONVERTED_BY,
        "signature": {
            "inputs": {"input": tensor_info("input", [-1, size[0], size[1], 3])},
            "outputs": {h: tensor_info(h, [-1, len(model.config.heads[i].classes)]) for i, h in enumerate(heads)},
        },
        "modelTopology": {"node": graph.nodes, "library": {}, "versions": {"producer": 1482}},
        "weightsManifest": [{"paths": paths, "weights": specs}],
    }
    with open(os.path.join(out_dir, "model.json"), "w") as fh:
        json.dump(model_json, fh)
    return hashes
