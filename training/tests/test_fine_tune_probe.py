"""training/scripts/fine_tune_probe.py: the trunk split and one fold of fine-tuning."""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts"))
from fine_tune_probe import fine_tune_fold, split_trunk  # noqa: E402
from blastograde_train.model import GradingNet, HeadSpec, ModelConfig  # noqa: E402


def small_net():
    torch.manual_seed(0)
    return GradingNet(ModelConfig(heads=[HeadSpec("expansion", list("123456"))], batch_norm=True, width=0.25, input_size=64)).eval()


def test_the_two_parts_of_the_trunk_make_the_whole_trunk():
    net, x = small_net(), torch.randn(2, 3, 64, 64)
    lower, block5 = split_trunk(net)
    with torch.no_grad():
        np.testing.assert_allclose(block5(lower(x)).numpy(), net.features(x).numpy(), rtol=1e-5, atol=1e-6)


def test_fine_tuning_learns_a_class_the_maps_carry_and_leaves_the_given_block_untouched():
    net = small_net()
    lower, block5 = split_trunk(net)
    before = [p.clone() for p in block5.parameters()]
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 24)
    # Block-4 maps per example and orientation (8 views): class 1 is brighter in every view.
    base = torch.from_numpy(rng.normal(size=(48, 1, 128, 4, 4)).astype(np.float32))
    maps = (base + torch.from_numpy(y.astype(np.float32)).view(48, 1, 1, 1, 1) * 1.5).expand(48, 8, 128, 4, 4).contiguous()
    train, test = np.arange(0, 48, 2), np.arange(1, 48, 2)
    probabilities = fine_tune_fold(block5, maps, y, train, test, classes=2, epochs=15, lr=1e-3, seed=1)
    assert probabilities.shape == (24, 2)
    np.testing.assert_allclose(probabilities.sum(1), 1, rtol=1e-5)
    assert (probabilities.argmax(1) == y[test]).mean() >= 0.9
    for p, q in zip(before, block5.parameters()):
        assert torch.equal(p, q)
