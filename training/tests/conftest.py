import os
import sys

TRAINING_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if TRAINING_DIR not in sys.path:
    sys.path.insert(0, TRAINING_DIR)

import torch  # noqa: E402

# The suite shares 2 cores with other work; more threads only add contention.
torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))

