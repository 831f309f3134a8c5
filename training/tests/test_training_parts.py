import numpy as np
import pytest
import torch

from blastograde_train.adapters import LabelledSet, Sample
from blastograde_train.augment import AugmentConfig, augment, random_affine_matrix
from blastograde_train.dataset import MASKED
from blastograde_train.losses import MultiHeadLoss, balanced_sample_weights, inverse_frequency_weights
from blastograde_train.metrics import draw_confusion_matrices, head_metrics
from blastograde_train.schedule import CosineBudget
from blastograde_train.splits import stratified_folds, train_val_split


def make_set(counts):
    """counts: ICM label -> n images (None = not gradable)."""
    samples = []
    for label, n in counts.items():
        samples += [Sample(f"{label}_{i}.png", {"expansion": "3", "icm": label, "te": "A"}) for i in range(n)]
    return LabelledSet(samples, {"expansion": ["3"], "icm": ["A", "B", "C"], "te": ["A"]}, "test")


def test_seed_split_fixed_minority_count_and_disjoint_test_folds():
    data = make_set({"A": 100, "B": 60, "C": 9, None: 20})
    folds = stratified_folds(data, folds=3, minority_count=2, seed=1)
    assert len(folds) == 3
    tests = [set(f.test) for f in folds]
    assert not (tests[0] & tests[1]) and not (tests[1] & tests[2]) and not (tests[0] & tests[2])
    for f in folds:
        assert sorted(f.train + f.val + f.test) == list(range(len(data.samples)))
        icm = lambda idx: [data.samples[i].labels["icm"] for i in idx]  # noqa: E731
        assert icm(f.val).count("C") == 2 and icm(f.test).count("C") == 2
        assert icm(f.test).count("A") == 15 and icm(f.val).count("B") == 9  # 15 % shares
        assert icm(f.test).count(None) == 3
    # same seed, same split; another seed, another split
    assert stratified_folds(data, minority_count=2, seed=1)[0].test == folds[0].test
    assert stratified_folds(data, minority_count=2, seed=2)[0].test != folds[0].test


def test_fixed_split_carves_validation_only():
    data = make_set({"A": 40, "B": 20, "C": 3})
    split = train_val_split(data, 0.15, seed=0)
    assert split.test == [] and sorted(split.train + split.val) == list(range(63))
    assert [data.samples[i].labels["icm"] for i in split.val].count("C") == 1


def test_masked_loss_ignores_ungraded_and_weights_rare_classes():
    labels = np.array([0] * 90 + [1] * 9 + [2] * 1 + [MASKED] * 5)
    w = inverse_frequency_weights(labels, 3)
    assert w[2] > w[1] > w[0] and abs(float(w.mean()) - 1) < 1e-6
    logits = {"icm": torch.tensor([[2.0, 0.0, 0.0], [0.0, 0.0, 9.0]])}
    loss = MultiHeadLoss(["icm"], "ce")
    # second sample is masked: its awful prediction does not count
    masked = loss(logits, torch.tensor([[0], [MASKED]]))
    only_first = loss({"icm": logits["icm"][:1]}, torch.tensor([[0]]))
    assert torch.allclose(masked, only_first)
    assert float(loss(logits, torch.tensor([[MASKED], [MASKED]]))) == 0.0
    focal = MultiHeadLoss(["icm"], "focal", {"icm": torch.ones(3)})(logits, torch.tensor([[0], [MASKED]]))
    assert 0 < float(focal) < float(masked)  # focal down-weights the already-right sample


def test_balanced_sampling_favours_rare_images():
    labels = np.array([[0, 0]] * 50 + [[1, 0]] * 5 + [[0, 1]] * 2 + [[MASKED, 0]] * 3)
    w = balanced_sample_weights(labels, [2, 2])
    assert w[50] > w[0] and w[55] > w[50] and abs(w.sum() - 1) < 1e-9


def test_metrics_against_hand_computed_values(tmp_path):
    truth = np.array([0, 0, 0, 1, 1, 2, MASKED])
    pred = np.array([0, 0, 1, 1, 0, 2, 2])
    m = head_metrics(truth, pred, ["A", "B", "C"])
    assert m["n"] == 6 and m["confusionMatrix"] == [[2, 1, 0], [1, 1, 0], [0, 0, 1]]
    assert m["accuracy"] == pytest.approx(4 / 6)
    assert m["perClassRecall"] == pytest.approx({"A": 2 / 3, "B": 0.5, "C": 1.0})
    f1 = [2 * (2 / 3) * (2 / 3) / (4 / 3), 0.5, 1.0]
    assert m["macroF1"] == pytest.approx(np.mean(f1))
    # a class absent from truth and predictions does not drag the macro average
    m2 = head_metrics(np.array([0, 1]), np.array([0, 1]), ["A", "B", "C"])
    assert m2["macroF1"] == 1.0 and m2["perClassRecall"]["C"] is None
    draw_confusion_matrices({"val": {"icm": m}, "test": {"icm": m, "te": m2}}, str(tmp_path / "cm.png"))
    assert (tmp_path / "cm.png").stat().st_size > 1000


def test_augmentation_is_a_seeded_affine_filled_with_the_border_colour():
    img = np.zeros((64, 64, 3), np.uint8)
    img[20:44, 20:44] = 200
    cfg = AugmentConfig()
    a = augment(img, cfg, np.random.default_rng(3))
    b = augment(img, cfg, np.random.default_rng(3))
    assert np.array_equal(a, b) and a.shape == img.shape and not np.array_equal(a, img)
    # identity settings leave the image unchanged
    none = AugmentConfig(rotation_deg=0, shift=0, zoom=0, shear_deg=0, flip=False)
    assert np.array_equal(augment(img, none, np.random.default_rng(0)), img)
    # no rotation, shift, zoom, shear or flip: the identity matrix
    m = random_affine_matrix(64, AugmentConfig(rotation_deg=0, shift=0, zoom=0, shear_deg=0, flip=False), np.random.default_rng(0))
    assert np.allclose(m, [[1, 0, 0], [0, 1, 0]])
    # the uncovered outside takes the border colour: a bright image stays bright in the corners
    bright = np.full((64, 64, 3), 180, np.uint8)
    assert augment(bright, cfg, np.random.default_rng(5)).min() >= 179
    # ... and a dark embryo on a bright ring does not leak into the fill (a mirror would)
    ring = np.full((64, 64, 3), 150, np.uint8)
    ring[2:62, 2:62] = 10
    rotated = augment(ring, AugmentConfig(rotation_deg=0, shift=0.0, zoom=0, shear_deg=0, flip=False), np.random.default_rng(0))
    assert np.array_equal(rotated, ring)
    shrunk = augment(ring, AugmentConfig(rotation_deg=45, shift=0, zoom=0, shear_deg=0, flip=False), np.random.default_rng(1))
    assert tuple(shrunk[0, 0]) == (150, 150, 150)


def test_cosine_budget_decays_from_base_to_zero_over_time_or_steps():
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    timed = CosineBudget(1e-3, max_minutes=10, total_steps=1)
    lrs = []
    for seconds in (0, 150, 300, 450, 600, 900):
        timed.apply(opt, seconds)
        lrs.append(opt.param_groups[0]["lr"])
    assert lrs[0] == pytest.approx(1e-3)
    assert lrs[2] == pytest.approx(5e-4)
    assert lrs[4] == pytest.approx(0, abs=1e-12) and lrs[5] == pytest.approx(0, abs=1e-12)
    assert all(a > b for a, b in zip(lrs[:4], lrs[1:5]))
    # without a time budget: by steps over all epochs
    stepped = CosineBudget(2e-3, max_minutes=None, total_steps=4)
    seen = []
    for _ in range(5):
        stepped.apply(opt, 1e9)
        seen.append(opt.param_groups[0]["lr"])
    assert seen[0] == pytest.approx(2e-3) and seen[2] == pytest.approx(1e-3) and seen[4] == pytest.approx(0, abs=1e-12)
