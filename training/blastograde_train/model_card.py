"""grading.json: the model card the app reads before trusting a model (DESIGN.md 3.1)."""

from __future__ import annotations

import datetime as _dt
import json
import os
import subprocess
from typing import Dict, Optional

from . import __version__
from .model import GradingNet

SYNTHETIC_USE = (
    "Research demonstration only: trained on synthetic phantom images, not on real embryos. "
    "Not for clinical use; do not base any transfer, freezing or discard decision on it."
)
DEFAULT_USE = (
    "Research use only: decision support for embryologists grading day-5 blastocysts; "
    "not a medical device and not validated for clinical use."
)


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
    return {
        "id": model_id,
        "version": version,
        "architecture": cfg.architecture,
        "input": {"size": [cfg.input_size, cfg.input_size], "channels": 3,
                  "normalization": "samplewise", "resize": "bilinear"},
        "heads": [
            {"name": h.name, "output": h.name, "logits": f"{h.name}/logits", "classes": list(h.classes)}
            for h in cfg.heads
        ],
        # Grad-CAM: feed this node's value and differentiate a head's logits node.
        "featureNode": "features",
        "weights": dict(weight_hashes),
        "weightsDtype": dtype,
        "training": training,
        "metrics": metrics or {},
        "intendedUse": intended_use,
    }


def write_model_card(path: str, card: dict) -> None:
    with open(path, "w") as fh:
        json.dump(card, fh, indent=2)
        fh.write("\n")
