"""The model card Python writes follows the app's contract: model-card.schema.json."""

import importlib.util
import json
import os

import pytest

from blastograde_train.grading_rules import GRADED_FROM_EXPANSION, is_graded, mask_ungraded
from blastograde_train.model import HeadSpec, ModelConfig, build_model
from blastograde_train.model_card import SYNTHETIC_USE, build_model_card
from blastograde_train.portable import REPO_ROOT, portable_path, portable_recipe, portable_source
from helpers import absolute_paths_in, card_schema_errors

# Debian: apt-get install python3-jsonschema (.ci/run installs it)
needs_jsonschema = pytest.mark.skipif(importlib.util.find_spec("jsonschema") is None,
                                      reason="python3-jsonschema absent: apt-get install python3-jsonschema")

DEFAULT_CARD = os.path.join(REPO_ROOT, "public", "models", "default", "grading.json")


def small_card(heads, **kwargs):
    model = build_model(ModelConfig(heads=heads, input_size=32, width=0.125, batch_norm=True))
    return build_model_card(model, {"group1-shard1of1.bin": "0" * 64}, model_id="test", version="1.0.0", **kwargs)


GARDNER = [HeadSpec("expansion", ["1", "2", "3", "4", "5", "6"]), HeadSpec("icm", ["A", "B", "C"]), HeadSpec("te", ["A", "B", "C"])]


@needs_jsonschema
def test_built_card_passes_the_app_schema_and_states_the_grading_rule():
    card = small_card(GARDNER, intended_use=SYNTHETIC_USE, training={"data": "phantoms"}, metrics={"val": {"n": 3}})
    assert card_schema_errors(card) == []
    assert {h["name"]: h.get("gradedFromExpansion") for h in card["heads"]} == {"expansion": None, "icm": "3", "te": "3"}


@needs_jsonschema
def test_the_schema_check_can_fail():
    card = small_card(GARDNER)
    card["heads"][1]["gradedFromExpansion"] = 3
    del card["intendedUse"]
    errors = card_schema_errors(card)
    assert any("intendedUse" in e for e in errors) and any(e.startswith("heads/1/gradedFromExpansion") for e in errors)


@needs_jsonschema
def test_no_rule_where_the_model_cannot_state_one():
    # expansion classes without "3": the app would refuse a rule naming no expansion class
    card = small_card([HeadSpec("expansion", ["4", "5", "6"]), HeadSpec("icm", ["A", "B"])])
    assert [h.get("gradedFromExpansion") for h in card["heads"]] == [None, None]
    assert card_schema_errors(card) == []
    # no expansion head at all: the rule still holds against the embryologist's expansion grade
    assert small_card([HeadSpec("te", ["A", "B", "C"])])["heads"][0]["gradedFromExpansion"] == "3"


def test_phantom_labels_are_masked_by_the_same_rule():
    assert GRADED_FROM_EXPANSION == {"icm": "3", "te": "3"}
    assert mask_ungraded({"expansion": "2", "icm": "A", "te": "B"}) == {"expansion": "2", "icm": None, "te": None}
    assert mask_ungraded({"expansion": "3", "icm": "A", "te": "B"}) == {"expansion": "3", "icm": "A", "te": "B"}
    assert mask_ungraded({"expansion": "3", "icm": "A", "te": "B"}, {"te": "4"}) == {"expansion": "3", "icm": "A", "te": None}
    assert is_graded("icm", None) and is_graded("icm", "early") and is_graded("expansion", "1")


def test_card_paths_are_relative_to_the_repository_or_names_only(tmp_path):
    inside = os.path.join(REPO_ROOT, "training", ".work", "default", "train")
    assert portable_path(inside) == "training/.work/default/train"
    assert portable_path(str(tmp_path / "lab" / "crops")) == "crops"
    assert portable_source(f"phantoms:{inside}/labels.csv") == "phantoms:training/.work/default/train/labels.csv"
    recipe = {"labels": inside, "images": str(tmp_path / "crops"), "init_weights": None, "epochs": 3, "fold": "0"}
    assert portable_recipe(recipe) == {"labels": "training/.work/default/train", "images": "crops", "init_weights": None, "epochs": 3, "fold": "0"}
    # the card writer cleans a recipe it is handed, whatever wrote it
    card = small_card(GARDNER, training={"data": "x", "recipe": {"labels": inside, "test_images": "/home/someone/test/crops", "seed": 0}})
    assert card["training"]["recipe"] == {"labels": "training/.work/default/train", "test_images": "crops", "seed": 0}
    assert absolute_paths_in(card) == []


@needs_jsonschema
def test_shipped_default_card_passes_the_schema_and_carries_no_absolute_path():
    with open(DEFAULT_CARD) as fh:
        card = json.load(fh)
    assert card_schema_errors(card) == []
    assert absolute_paths_in(card) == []
    assert {h["name"]: h.get("gradedFromExpansion") for h in card["heads"]} == {"expansion": None, "icm": "3", "te": "3"}
