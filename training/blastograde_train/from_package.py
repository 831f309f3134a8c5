"""Start training from a shipped TensorFlow.js model package instead of from scratch.

A package's convolutions have their batch norms folded in (tfjs_export), and its weights
may be float16. To fine-tune it as a VGG16-BN again, each conv takes the folded kernel
and bias, and its batch norm is re-inflated so that it starts as the identity: running
mean and variance are the conv output's per-channel statistics on calibration images,
and gamma/beta are their std and mean, so (x - mean) / std * std + mean = x in eval mode
and, on batches like the calibration ones, nearly so in train mode. The network then
computes what the package computes, and training goes on with batch norm's benefits.
"""

from __future__ import annotations

import json
import os
from typing import Dict, List

import numpy as np
import torch
from torch import nn

from .model import GradingNet

FLOAT_BYTES = {"float32": 4, "float16": 2, "int32": 4}


def read_package_weights(package_dir: str) -> Dict[str, np.ndarray]:
    """Every weight of a package's model.json, by name, as float32 (int32 kept)."""
    with open(os.path.join(package_dir, "model.json")) as fh:
        manifest = json.load(fh)["weightsManifest"]
    out: Dict[str, np.ndarray] = {}
    for group in manifest:
        blob = b"".join(open(os.path.join(package_dir, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            stored = (spec.get("quantization") or {}).get("dtype", spec["dtype"])
            if stored not in FLOAT_BYTES:
                raise ValueError(f"{package_dir}: weight {spec['name']} has unsupported dtype {stored}")
            count = int(np.prod(spec["shape"])) if spec["shape"] else 1
            size = count * FLOAT_BYTES[stored]
            raw = np.frombuffer(blob, dtype=np.dtype(stored).newbyteorder("<"), count=count, offset=offset)
            offset += size
            value = raw.astype(np.int32 if stored == "int32" else np.float32).reshape(spec["shape"])
            out[spec["name"]] = value
    return out


def _conv_names(model: GradingNet) -> List[str]:
    """The exported names of the convs in order: block<b>_conv<c>."""
    names, block, conv = [], 1, 0
    for m in model.features:
        if isinstance(m, nn.MaxPool2d):
            block, conv = block + 1, 0
        elif isinstance(m, nn.Conv2d):
            conv += 1
            names.append(f"block{block}_conv{conv}")
    return names


def load_package(model: GradingNet, package_dir: str, calibration: torch.Tensor) -> None:
    """Copies a package's weights into `model` (same architecture and heads); `calibration`
    is a batch of normalised training images (N, 3, H, W) for the batch-norm statistics."""
    weights = read_package_weights(package_dir)
    names = iter(_conv_names(model))
    modules = list(model.features)
    x = calibration
    with torch.no_grad():
        for i, m in enumerate(modules):
            if isinstance(m, nn.Conv2d):
                name = next(names)
                kernel, bias = weights.get(f"{name}/kernel"), weights.get(f"{name}/bias")
                if kernel is None or tuple(kernel.shape) != (m.kernel_size[0], m.kernel_size[1], m.in_channels, m.out_channels):
                    raise ValueError(f"{package_dir}: {name} does not match {model.config.architecture}")
                m.weight.copy_(torch.from_numpy(kernel.transpose(3, 2, 0, 1).copy()))
                if m.bias is None:
                    raise ValueError("the network's convs need biases to take folded weights")
                m.bias.copy_(torch.from_numpy(bias))
                x = m(x)
                nxt = modules[i + 1] if i + 1 < len(modules) else None
                if isinstance(nxt, nn.BatchNorm2d):
                    mean = x.mean(dim=(0, 2, 3))
                    var = x.var(dim=(0, 2, 3), unbiased=False)
                    std = torch.sqrt(var + nxt.eps)
                    nxt.running_mean.copy_(mean)
                    nxt.running_var.copy_(var)
                    nxt.weight.copy_(std)
                    nxt.bias.copy_(mean)
            elif not isinstance(m, nn.BatchNorm2d):
                x = m(x)
        for head_name, head in model.heads.items():
            linears = [layer for layer in head if isinstance(layer, nn.Linear)]
            parts = [f"dense{k + 1}" for k in range(len(linears) - 1)] + ["out"]
            for layer, part in zip(linears, parts):
                kernel = weights.get(f"{head_name}/{part}/kernel")
                if kernel is None or tuple(kernel.shape) != (layer.in_features, layer.out_features):
                    raise ValueError(f"{package_dir}: head {head_name}/{part} does not match the network")
                layer.weight.copy_(torch.from_numpy(kernel.T.copy()))
                layer.bias.copy_(torch.from_numpy(weights[f"{head_name}/{part}/bias"]))
