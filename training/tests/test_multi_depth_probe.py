"""The pure parts of training/scripts/multi_depth_probe.py: pooling, folds, the nested CV."""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts"))
from multi_depth_probe import (  # noqa: E402
    Transform, bootstrap, cross_validated, feature_set, macro_f1, pool_blocks, pool_over_views, stratified_folds, stratified_subset,
)
from blastograde_train.model import GradingNet, HeadSpec, ModelConfig  # noqa: E402


def small_net():
    torch.manual_seed(0)
    return GradingNet(ModelConfig(heads=[HeadSpec("expansion", list("123456"))], batch_norm=True, width=0.25, input_size=64)).eval()


def test_block5_mean_is_the_graph_gap_and_shapes_follow_the_blocks():
    net, x = small_net(), torch.randn(3, 3, 64, 64)
    with torch.no_grad():
        pooled = pool_blocks(net.features, x)
        gap = net.features(x).mean(dim=(2, 3)).numpy()  # mean of block5_pool, what the heads read
    assert list(pooled) == [f"block{b}" for b in range(1, 6)]
    assert [pooled[b]["mean"].shape[1] for b in ("block3", "block4", "block5")] == [64, 128, 128]
    np.testing.assert_allclose(pooled["block5"]["mean"], gap, rtol=1e-5, atol=1e-6)
    assert np.all(pooled["block4"]["max"] >= pooled["block4"]["mean"] - 1e-6)
    assert feature_set(pooled, ("block4", "block5"), ("mean", "max")).shape == (3, 512)


def test_pooling_over_views_is_the_same_for_any_orientation_of_the_input():
    net, x = small_net(), torch.randn(2, 3, 64, 64)
    with torch.no_grad():
        upright = pool_over_views(net.features, x)
        turned = pool_over_views(net.features, torch.flip(torch.rot90(x, 1, dims=(2, 3)), dims=(3,)))
    for b in upright:
        np.testing.assert_allclose(upright[b]["mean"], turned[b]["mean"], rtol=1e-4, atol=1e-5)


def test_stratified_folds_balance_every_class_and_depend_on_the_seed():
    y = np.array([0] * 50 + [1] * 23 + [2] * 12)
    folds = stratified_folds(y, 5, seed=3)
    for c, n in ((0, 50), (1, 23), (2, 12)):
        per_fold = np.bincount(folds[y == c], minlength=5)
        assert per_fold.sum() == n and per_fold.max() - per_fold.min() <= 1
    assert np.array_equal(folds, stratified_folds(y, 5, seed=3))
    assert not np.array_equal(folds, stratified_folds(y, 5, seed=4))
    subset = stratified_subset(y, 0.5, seed=1)
    assert np.bincount(y[subset]).tolist() == [25, 12, 6] and len(set(subset)) == len(subset)


def test_nested_cv_learns_a_planted_signal_and_chooses_penalties_inside_the_folds():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1, 2], 40)
    x = rng.normal(size=(120, 8))
    x[:, 0] += 4.0 * y  # signal in one feature of 8
    probabilities, chosen = cross_validated(x, y, 3, [0.1, 1000.0], pca=False, folds=5, seed=1)
    assert probabilities.shape == (120, 3) and np.allclose(probabilities.sum(1), 1)
    assert macro_f1(y, probabilities.argmax(1), 3) > 0.85
    assert len(chosen) == 5 and set(chosen) <= {0.1, 1000.0}
    noise, _ = cross_validated(rng.normal(size=(120, 30)), y, 3, [1.0], pca=True, folds=5, seed=1)
    assert macro_f1(y, noise.argmax(1), 3) < 0.55


def test_pca_keeps_the_leading_components_of_the_training_rows():
    rng = np.random.default_rng(1)
    latent = rng.normal(size=(90, 2))
    x = latent @ rng.normal(size=(2, 20)) + 0.01 * rng.normal(size=(90, 20))
    assert Transform(x, pca=True)(x).shape == (90, 2)
    assert Transform(x, pca=False)(x).shape == (90, 20)


def test_bootstrap_gives_a_zero_difference_for_the_baseline_and_orders_candidates():
    rng = np.random.default_rng(2)
    y = np.repeat([0, 1], 60)
    good = np.stack([1 - (0.3 + 0.4 * y), 0.3 + 0.4 * y], 1)
    flat = np.full((120, 2), 0.5) + 0.01 * rng.normal(size=(120, 2))
    out = bootstrap(y, {"today": flat, "better": good}, 2, "today", 200, seed=1)
    assert out["today"]["diffFromToday"] == [0.0, 0.0, 0.0]
    assert out["better"]["estimate"] == 1.0 and out["better"]["diffFromToday"][1] > 0
    assert out["today"]["low"] <= out["today"]["estimate"] <= out["today"]["high"]
