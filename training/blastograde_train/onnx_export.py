"""ONNX export of the same network (NHWC input, softmax outputs) for benchmarks."""

from __future__ import annotations

from typing import List

import inspect

import torch
from torch import nn

from .model import GradingNet


class NhwcProbabilities(nn.Module):
    """Same contract as the TensorFlow.js graph: NHWC normalised input -> per-head softmax."""

    def __init__(self, model: GradingNet):
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> List[torch.Tensor]:
        logits = self.model(x.permute(0, 3, 1, 2))
        return [torch.softmax(v, dim=1) for v in logits.values()]


def write_onnx(model: GradingNet, path: str, opset: int = 13) -> None:
    model.eval()
    size = model.config.input_size
    heads = list(model.heads.keys())
    extra = {}
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        extra["dynamo"] = False  # PyTorch >= 2.5: keep the TorchScript exporter (no onnxscript needed)
    torch.onnx.export(
        NhwcProbabilities(model),
        torch.zeros(1, size, size, 3),
        path,
        input_names=["input"],
        output_names=heads,
        dynamic_axes={"input": {0: "batch"}, **{h: {0: "batch"} for h in heads}},
        opset_version=opset,
        do_constant_folding=True,
        **extra,
    )
