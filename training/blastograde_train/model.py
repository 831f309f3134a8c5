"""The seed's multi-label VGG16: one backbone, three small heads (expansion, ICM, TE).

Backbone: torchvision's VGG16 convolution stack (`make_layers`, same module indices as
`torchvision.models.vgg16().features`, so a torchvision ImageNet state dict loads into
it directly), optionally with batch norm (VGG16-BN, for training from scratch) and a
width multiplier (`width` < 1 scales every conv's channel count: the "lite" variant for
CPU-only training; width 1 is the real VGG16).

Each head: global average pooling -> Dense 32 relu -> Dropout 0.5 -> Dense 8 relu ->
Dropout 0.5 -> Dense n (softmax applied outside, so losses get logits).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional, Sequence

import torch
from torch import nn
from torchvision.models.vgg import cfgs as VGG_CFGS
from torchvision.models.vgg import make_layers

VGG16_CFG: List = list(VGG_CFGS["D"])
HEAD_ORDER = ("expansion", "icm", "te")


@dataclass
class HeadSpec:
    name: str
    classes: List[str]


@dataclass
class ModelConfig:
    heads: List[HeadSpec]
    batch_norm: bool = False
    width: float = 1.0
    input_size: int = 320
    hidden_units: List[int] = field(default_factory=lambda: [32, 8])
    dropout: float = 0.5

    @property
    def architecture(self) -> str:
        name = "vgg16_bn" if self.batch_norm else "vgg16"
        return name if self.width == 1.0 else f"{name}-w{self.width:g}"

    def to_dict(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_dict(data: dict) -> "ModelConfig":
        heads = [HeadSpec(h["name"], list(h["classes"])) for h in data["heads"]]
        rest = {k: v for k, v in data.items() if k != "heads"}
        return ModelConfig(heads=heads, **rest)


def scaled_cfg(width: float) -> List:
    return [v if v == "M" else max(8, int(round(v * width))) for v in VGG16_CFG]


class GradingHead(nn.Sequential):
    def __init__(self, in_features: int, hidden: Sequence[int], n_classes: int, dropout: float):
        layers: List[nn.Module] = []
        size = in_features
        for units in hidden:
            layers += [nn.Linear(size, units), nn.ReLU(inplace=True), nn.Dropout(dropout)]
            size = units
        layers.append(nn.Linear(size, n_classes))
        super().__init__(*layers)


class GradingNet(nn.Module):
    """forward(x NCHW, already normalised) -> {head name: logits (N, n_classes)}."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        self.config = config
        cfg = scaled_cfg(config.width)
        self.features = make_layers(cfg, batch_norm=config.batch_norm)
        channels = [v for v in cfg if v != "M"][-1]
        self.heads = nn.ModuleDict(
            {
                h.name: GradingHead(channels, config.hidden_units, len(h.classes), config.dropout)
                for h in config.heads
            }
        )

    def conv_layers(self) -> List[nn.Conv2d]:
        return [m for m in self.features if isinstance(m, nn.Conv2d)]

    def feature_map(self, x: torch.Tensor) -> torch.Tensor:
        """Last conv block's activations after its ReLU, before the final max-pool:
        the tensor the exported graph names "features" (Grad-CAM target)."""
        return self.features[:-1](x)

    def head_logits(self, features: torch.Tensor) -> Dict[str, torch.Tensor]:
        pooled = self.features[-1](features).mean(dim=(2, 3))
        return {name: head(pooled) for name, head in self.heads.items()}

    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        return self.head_logits(self.feature_map(x))

    def probabilities(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        return {k: torch.softmax(v, dim=1) for k, v in self.forward(x).items()}


def build_model(config: ModelConfig, init_weights: Optional[str] = None) -> GradingNet:
    """Build the network; `init_weights` is a local torchvision VGG16(-BN) ImageNet state
    dict (e.g. vgg16-397923af.pth). Nothing is ever downloaded."""
    model = GradingNet(config)
    if init_weights:
        load_backbone_weights(model, init_weights)
    return model


def load_backbone_weights(model: GradingNet, path: str) -> None:
    if model.config.width != 1.0:
        raise ValueError("ImageNet weights fit only width 1.0 (the real VGG16)")
    state = torch.load(path, map_location="cpu")
    if isinstance(state, dict) and "state_dict" in state:
        state = state["state_dict"]
    backbone = {k[len("features."):]: v for k, v in state.items() if k.startswith("features.")}
    if not backbone:
        raise ValueError(f"{path}: no 'features.*' tensors; expected a torchvision VGG16 state dict")
    try:
        missing, unexpected = model.features.load_state_dict(backbone, strict=False)
    except RuntimeError as err:  # shape mismatch
        raise ValueError(f"{path} does not match {model.config.architecture} "
                         f"(VGG16-BN weights need --batch-norm, plain VGG16 weights need no --batch-norm): {err}") from err
    if missing or unexpected:
        raise ValueError(
            f"{path} does not match {model.config.architecture}: missing {missing[:4]}, "
            f"unexpected {unexpected[:4]} (VGG16-BN weights need --batch-norm)"
        )


def freeze_backbone(model: GradingNet, trainable_convs: int) -> None:
    """Freeze every conv (and its batch norm) except the last `trainable_convs`;
    a negative value leaves everything trainable."""
    convs = model.conv_layers()
    if trainable_convs < 0 or trainable_convs >= len(convs):
        for p in model.features.parameters():
            p.requires_grad = True
        return
    first_trainable = len(convs) - trainable_convs
    conv_index = -1
    for module in model.features:
        if isinstance(module, nn.Conv2d):
            conv_index += 1
        trainable = conv_index >= first_trainable
        for p in module.parameters(recurse=False):
            p.requires_grad = trainable
        module.frozen = not trainable  # type: ignore[attr-defined]


def set_train_mode(model: GradingNet) -> None:
    """model.train(), but frozen batch-norm layers keep their running statistics."""
    model.train()
    for module in model.features:
        if isinstance(module, nn.BatchNorm2d) and getattr(module, "frozen", False):
            module.eval()


def order_heads(names: Sequence[str]) -> List[str]:
    known = [h for h in HEAD_ORDER if h in names]
    return known + sorted(n for n in names if n not in HEAD_ORDER)


def save_checkpoint(path: str, model: GradingNet, extra: Optional[dict] = None) -> None:
    payload = {"config": model.config.to_dict(), "state_dict": model.state_dict()}
    payload.update(extra or {})
    torch.save(payload, path)


def load_checkpoint(path: str) -> "tuple[GradingNet, dict]":
    payload = torch.load(path, map_location="cpu")
    model = GradingNet(ModelConfig.from_dict(payload["config"]))
    model.load_state_dict(payload["state_dict"])
    model.eval()
    return model, payload
