"""Fine-tuning starts from a package: loading it back gives the network the package computes."""

import numpy as np
import pytest
import torch

from blastograde_train.from_package import load_package, read_package_weights
from blastograde_train.tfjs_export import write_graph_model
from helpers import random_network


def _inputs(n, size, seed):
    rng = np.random.default_rng(seed)
    low = torch.from_numpy(rng.standard_normal((n, 3, 4, 4)).astype(np.float32))
    smooth = torch.nn.functional.interpolate(low, size=size, mode="bilinear", align_corners=False)
    return (0.5 * torch.from_numpy(rng.standard_normal((n, 3, size, size)).astype(np.float32)) + 1.5 * smooth)


@pytest.mark.parametrize("dtype,tol", [("float32", 1e-4), ("float16", 2e-2)])
def test_package_loads_back_into_a_batch_norm_network(tmp_path, dtype, tol):
    # random_network gives batch norms far from the identity, so folding and re-inflating is exercised
    source = random_network(input_size=64, width=0.25, batch_norm=True, seed=7)
    write_graph_model(source, str(tmp_path), dtype=dtype)

    target = random_network(input_size=64, width=0.25, batch_norm=True, seed=8)
    target.eval()
    x = _inputs(6, 64, seed=2)
    with torch.no_grad():
        before = {h: torch.softmax(v, 1) for h, v in target(x).items()}
    load_package(target, str(tmp_path), _inputs(16, 64, seed=3))
    with torch.no_grad():
        want = {h: torch.softmax(v, 1) for h, v in source(x).items()}
        got = {h: torch.softmax(v, 1) for h, v in target(x).items()}
    for h in want:
        assert want[h].std(dim=0).max() > 1e-3, f"{h}: degenerate network"
        assert (before[h] - want[h]).abs().max() > tol, f"{h}: the check could not fail"
        assert (got[h] - want[h]).abs().max() <= tol, h
    # calibrated batch norms start as the identity on the calibration images' statistics
    bn = next(m for m in target.modules() if isinstance(m, torch.nn.BatchNorm2d))
    assert torch.allclose(bn.weight, torch.sqrt(bn.running_var + bn.eps))
    assert torch.allclose(bn.bias, bn.running_mean)


def test_a_package_of_another_architecture_is_refused(tmp_path):
    write_graph_model(random_network(input_size=64, width=0.25, batch_norm=True, seed=1), str(tmp_path))
    wider = random_network(input_size=64, width=0.5, batch_norm=True, seed=1)
    with pytest.raises(ValueError, match="does not match"):
        load_package(wider, str(tmp_path), _inputs(4, 64, seed=1))
    assert "block1_conv1/kernel" in read_package_weights(str(tmp_path))
