"""export --phantom-styles records the phantom styles trained on as training.phantomStyles,
the styles the app's adaptation renders its source phantoms in."""

import importlib.util
import json

import pytest

from blastograde_train.export import main as export_main
from blastograde_train.model import save_checkpoint
from blastograde_train.model_card import parse_phantom_styles
from helpers import card_schema_errors, random_network

needs_jsonschema = pytest.mark.skipif(importlib.util.find_spec("jsonschema") is None,
                                      reason="python3-jsonschema absent: apt-get install python3-jsonschema")


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    path = tmp_path_factory.mktemp("run") / "model.pt"
    save_checkpoint(str(path), random_network(input_size=32, width=0.125, batch_norm=True),
                    {"training": {"data": "phantoms", "synthetic": True}})
    return str(path)


def exported_card(checkpoint, out, *args):
    assert export_main(["--checkpoint", checkpoint, "--out", str(out), "--id", "styles", *args]) == 0
    with open(out / "grading.json") as fh:
        return json.load(fh)


@needs_jsonschema
def test_export_writes_the_phantom_styles_into_the_card(checkpoint, tmp_path, capsys):
    card = exported_card(checkpoint, tmp_path / "mixed", "--phantom-styles", "default,clinic")
    assert card["training"]["phantomStyles"] == ["default", "clinic"]
    assert card["training"]["data"] == "phantoms"
    assert card_schema_errors(card) == []
    # without the option the card says nothing, which the app reads as the default style alone
    assert "phantomStyles" not in exported_card(checkpoint, tmp_path / "plain")["training"]


def test_phantom_styles_are_known_and_unique(checkpoint, tmp_path, capsys):
    assert parse_phantom_styles(" clinic ,default") == ["clinic", "default"]
    for bad in ("", "default,default", "default,hoffman", ","):
        with pytest.raises(ValueError):
            parse_phantom_styles(bad)
    with pytest.raises(SystemExit) as exit_info:
        export_main(["--checkpoint", checkpoint, "--out", str(tmp_path / "bad"), "--phantom-styles", "clinic,clinic"])
    assert exit_info.value.code == 2 and "at most once" in capsys.readouterr().err
    assert not (tmp_path / "bad").exists()


@needs_jsonschema
def test_the_schema_refuses_unknown_repeated_or_no_styles(checkpoint, tmp_path, capsys):
    card = exported_card(checkpoint, tmp_path / "one", "--phantom-styles", "clinic")
    assert card_schema_errors(card) == []
    for bad in ([], ["default", "default"], ["hoffman"]):
        card["training"]["phantomStyles"] = bad
        assert any(e.startswith("training/phantomStyles") for e in card_schema_errors(card)), bad
