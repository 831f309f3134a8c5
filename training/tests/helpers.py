"""Shared test helpers: networks with random but informative weights; the app's card contract."""

import json
import os

import torch
from torch import nn

from blastograde_train.model import HeadSpec, ModelConfig, build_model
from blastograde_train.portable import REPO_ROOT

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


CARD_SCHEMA_PATH = os.path.join(REPO_ROOT, "src", "features", "inference", "model-card.schema.json")


def card_schema_errors(card):
    """Where `card` breaks the app's model-card schema ("path: message"); needs python3-jsonschema."""
    import jsonschema

    with open(CARD_SCHEMA_PATH) as fh:
        validator = jsonschema.Draft7Validator(json.load(fh))
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(card)]


def absolute_paths_in(value):
    """Every string in a JSON value that is an absolute path (a card must carry none)."""
    if isinstance(value, str):
        return [value] if value.startswith("/") or REPO_ROOT in value else []
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for v in items for s in absolute_paths_in(v)]
