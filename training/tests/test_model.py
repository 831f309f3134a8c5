import numpy as np
import pytest
import torch
import torchvision

from blastograde_train.model import (
    HeadSpec, ModelConfig, build_model, freeze_backbone, load_checkpoint, save_checkpoint, set_train_mode,
)
from blastograde_train.normalization import samplewise_normalize
from helpers import HEADS


def test_heads_follow_the_data_and_output_shapes():
    heads = [HeadSpec("expansion", ["2", "3", "4"]), HeadSpec("icm", ["A", "B", "C"]), HeadSpec("te", ["A", "B"])]
    model = build_model(ModelConfig(heads=heads, input_size=64, width=0.25)).eval()
    out = model(torch.zeros(2, 3, 64, 64))
    assert list(out) == ["expansion", "icm", "te"]
    assert [tuple(v.shape) for v in out.values()] == [(2, 3), (2, 3), (2, 2)]
    assert model.config.architecture == "vgg16-w0.25"
    # the seed's head: Dense 32 relu, Dropout, Dense 8 relu, Dropout, Dense n
    assert [type(m).__name__ for m in model.heads["icm"]] == ["Linear", "ReLU", "Dropout"] * 2 + ["Linear"]
    assert [m.out_features for m in model.heads["icm"] if isinstance(m, torch.nn.Linear)] == [32, 8, 3]


def test_full_vgg16_matches_torchvision_and_loads_its_state_dict(tmp_path):
    tv = torchvision.models.vgg16(weights=None)
    path = tmp_path / "vgg16.pth"
    torch.save(tv.state_dict(), path)
    model = build_model(ModelConfig(heads=HEADS), init_weights=str(path))
    assert sum(p.numel() for p in model.features.parameters()) == 14_714_688
    assert torch.equal(model.features[28].weight, tv.features[28].weight)
    with pytest.raises(ValueError, match="batch-norm"):
        build_model(ModelConfig(heads=HEADS, batch_norm=True), init_weights=str(path))


def test_freeze_all_but_last_three_convs():
    model = build_model(ModelConfig(heads=HEADS, width=0.25, batch_norm=True))
    freeze_backbone(model, 3)
    convs = model.conv_layers()
    assert [c.weight.requires_grad for c in convs] == [False] * 10 + [True] * 3
    assert all(p.requires_grad for p in model.heads.parameters())
    set_train_mode(model)
    bns = [m for m in model.features if isinstance(m, torch.nn.BatchNorm2d)]
    assert [b.training for b in bns] == [False] * 10 + [True] * 3
    freeze_backbone(model, -1)
    assert all(p.requires_grad for p in model.parameters())


def test_checkpoint_round_trip(tmp_path):
    model = build_model(ModelConfig(heads=HEADS, width=0.25, input_size=64)).eval()
    save_checkpoint(str(tmp_path / "m.pt"), model, {"note": 1})
    loaded, payload = load_checkpoint(str(tmp_path / "m.pt"))
    x = torch.randn(1, 3, 64, 64)
    assert payload["note"] == 1
    assert torch.equal(loaded(x)["te"], model(x)["te"])
    assert [h.classes for h in loaded.config.heads] == [h.classes for h in HEADS]


def test_samplewise_normalisation_definition():
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (32, 40, 3), dtype=np.uint8)
    out = samplewise_normalize(img)
    assert out.dtype == np.float32
    x = img.astype(np.float64)
    expected = (x - x.mean()) / (np.sqrt(((x - x.mean()) ** 2).mean()) + 1e-6)  # one mean/std over all channels
    assert np.abs(out - expected).max() < 1e-5
    assert abs(out.mean()) < 1e-5 and abs(out.std() - 1) < 1e-4
    # per channel would differ: the channels share one mean
    img[..., 0] = 255
    assert abs(samplewise_normalize(img)[..., 0].mean()) > 0.5
    # constant image: no division by zero
    assert np.all(samplewise_normalize(np.full((4, 4, 3), 7)) == 0)
