"""Shared test helpers: networks with random but informative weights."""

import torch
from torch import nn

from blastograde_train.model import HeadSpec, ModelConfig, build_model

HEADS = [HeadSpec("expansion", ["1", "2", "3", "4", "5", "6"]), HeadSpec("icm", ["A", "B", "C"]), HeadSpec("te", ["A", "B", "C"])]


def random_network(input_size=64, width=1.0, batch_norm=False, seed=0, heads=None):
    """Random weights scaled so activations neither vanish nor explode through 13 convs,
    so the outputs differ per input and a wrong layout or fold would show."""
    torch.manual_seed(seed)
    model = build_model(ModelConfig(heads=heads or HEADS, input_size=input_size, width=width, batch_norm=batch_norm))
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.uniform_(m.bias, -0.1, 0.1)
        elif isinstance(m, nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            nn.init.uniform_(m.weight, 0.5, 1.5)
            nn.init.uniform_(m.bias, -0.2, 0.2)
        elif isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.uniform_(m.bias, 0.0, 0.2)
    with torch.no_grad():
        for head in model.heads.values():
            head[-1].weight.mul_(0.2)  # keep the softmax away from saturation
    return model.eval()
