"""Paths as a model card may ship them: relative to the repository, or names only.

A card travels with the model to other machines and labs; the training machine's folder
layout (home directories, mount points) is no business of theirs.
"""

from __future__ import annotations

import os
from typing import Any, Dict

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def portable_path(path: str, root: str = REPO_ROOT) -> str:
    """A path as the card may ship it: relative to the repository when inside it, else the
    file or folder name only (a card must not carry the training machine's layout)."""
    absolute = os.path.abspath(path)
    if os.path.commonpath([absolute, root]) == root:
        return os.path.relpath(absolute, root).replace(os.sep, "/")
    return os.path.basename(absolute.rstrip(os.sep))


RECIPE_PATHS = ("labels", "images", "test_labels", "test_images", "init_weights", "init_package")


def portable_recipe(recipe: Dict[str, Any], path_keys=RECIPE_PATHS) -> Dict[str, Any]:
    """The training arguments with every absolute path, and the relative paths under
    `path_keys` (resolved from the current directory: call it where they were given), portable."""
    out = {}
    for key, value in recipe.items():
        if isinstance(value, str) and (key in path_keys or os.path.isabs(value)):
            value = portable_path(value)
        out[key] = value
    return out


def portable_source(source: str) -> str:
    """A data set's source ("phantoms:/abs/path/labels.csv") with its path made portable."""
    kind, sep, path = source.partition(":")
    return f"{kind}:{portable_path(path)}" if sep and path else source
