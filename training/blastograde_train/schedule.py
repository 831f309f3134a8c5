"""Learning-rate schedule for a fixed budget (the CPU recipe trains for a set number of minutes)."""

from __future__ import annotations

import math
from typing import Optional

import torch


class CosineBudget:
    """Learning rate base * (1 + cos(pi * progress)) / 2, progress = the share of the budget
    spent: elapsed time over --max-minutes when given, else batches over all epochs'."""

    def __init__(self, base_lr: float, max_minutes: Optional[float], total_steps: int):
        self.base_lr, self.max_seconds, self.total_steps, self.step = base_lr, (max_minutes or 0) * 60, total_steps, 0

    def apply(self, opt: torch.optim.Optimizer, elapsed_seconds: float) -> None:
        progress = elapsed_seconds / self.max_seconds if self.max_seconds else self.step / max(1, self.total_steps)
        self.step += 1
        lr = self.base_lr * 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))
        for group in opt.param_groups:
            group["lr"] = lr
