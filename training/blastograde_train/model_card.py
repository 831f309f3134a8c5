"""grading.json: the model card the app reads before trusting a model.

Its contract is src/features/inference/model-card.schema.json (docs/model-package.md); the
tests validate every card this module builds against that schema."""

from __future__ import annotations

import datetime as _dt
import json
import os
import subprocess
from typing import Dict, Optional

from . import __version__
from .grading_rules import card_rule
from .portable import portable_recipe
from .model import GradingNet

SYNTHETIC_USE = (
    "Research demonstration only: trained on synthetic phantom images, not on real embryos. "
    "Not for clinical use; do not base any transfer, freezing or discard decision on it."
)
DEFAULT_USE = (
    "Research use only: decision support for embryologists grading day-5 blastocysts; "
    "not a medical device and not validated for clinical use."
)

# Phantom styles the app renders (src/features/phantom PHANTOM_STYLES); the card's
# training.phantomStyles names those a model was trained on, and adaptation renders its
# source phantoms in them.
PHANTOM_STYLES = ("default", "clinic")


def parse_phantom_styles(text: str) -> list:
    """'default,clinic' -> ['default', 'clinic']: known styles, at least one, each once."""
    styles = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in styles if s not in PHANTOM_STYLES]
    if not styles or unknown:
        raise ValueError(f"phantom styles must be a comma-separated list of {', '.join(PHANTOM_STYLES)}, got {text!r}")
    if len(set(styles)) != len(styles):
        raise ValueError(f"each phantom style at most once, got {text!r}")
    return styles


def code_version() -> str:
    """Package version plus the git commit of the training code, when known."""
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=here, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"blastograde_train {__version__}" + (f" (git {commit})" if commit else "")


def build_model_card(
    model: GradingNet,
    weight_hashes: Dict[str, str],
    *,
    model_id: str,
    version: str,
    training: Optional[dict] = None,
    metrics: Optional[dict] = None,
    intended_use: str = DEFAULT_USE,
    dtype: str = "float32",
) -> dict:
    cfg = model.config
    training = dict(training or {})
    training.setdefault("data", "unspecified")
    training.setdefault("date", _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    training.setdefault("codeVersion", code_version())
    if isinstance(training.get("recipe"), dict):
        # absolute paths only: relative ones already are (train.py writes them so)
        training["recipe"] = portable_recipe(training["recipe"], path_keys=())
    expansion_classes = next((list(h.classes) for h in cfg.heads if h.name == "expansion"), None)
    return {
        "id": model_id,
        "version": version,
        "architecture": cfg.architecture,
        "input": {"size": [cfg.input_size, cfg.input_size], "channels": 3,
                  "normalization": "samplewise", "resize": "bilinear"},
        "heads": [_card_head(h.name, list(h.classes), expansion_classes) for h in cfg.heads],
        # Grad-CAM: feed this node's value and differentiate a head's logits node.
        "featureNode": "features",
        "weights": dict(weight_hashes),
        "weightsDtype": dtype,
        "training": training,
        "metrics": metrics or {},
        "intendedUse": intended_use,
    }


def _card_head(name: str, classes, expansion_classes) -> dict:
    head = {"name": name, "output": name, "logits": f"{name}/logits", "classes": classes}
    rule = card_rule(name, expansion_classes)
    if rule is not None:
        head["gradedFromExpansion"] = rule  # the app grades this head from that expansion on
    return head


def write_model_card(path: str, card: dict) -> None:
    with open(path, "w") as fh:
        json.dump(card, fh, indent=2)
        fh.write("\n")
