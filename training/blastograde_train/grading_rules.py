"""Per-head grading rules: from which expansion class on a head is graded.

Gardner grades ICM and TE from expansion 3 (a full blastocyst) on; below it they are "not
gradable". The model card states the rule per head (`gradedFromExpansion`), the app reads it
from there, and the phantom reader masks labels by it: this table is the one place both take
it from on the training side.
"""

from __future__ import annotations

from typing import Dict, Mapping, Optional

# head -> lowest expansion class from which it is graded; a head not listed is always graded
GRADED_FROM_EXPANSION: Dict[str, str] = {"icm": "3", "te": "3"}


def is_graded(head: str, expansion: Optional[str], rules: Mapping[str, str] = GRADED_FROM_EXPANSION) -> bool:
    """False when `expansion` is a Gardner stage below the head's rule; unknown stages count as graded."""
    lowest = rules.get(head)
    if lowest is None or expansion is None:
        return True
    try:
        return int(expansion) >= int(lowest)
    except ValueError:
        return True


def mask_ungraded(labels: Dict[str, Optional[str]], rules: Mapping[str, str] = GRADED_FROM_EXPANSION) -> Dict[str, Optional[str]]:
    """The labels with every head that is not graded at this expansion set to None (masked)."""
    expansion = labels.get("expansion")
    return {head: (None if not is_graded(head, expansion, rules) else value) for head, value in labels.items()}


def card_rule(head: str, expansion_classes, rules: Mapping[str, str] = GRADED_FROM_EXPANSION) -> Optional[str]:
    """The head's `gradedFromExpansion` for the model card, or None when the card should state none
    (the head is always graded, or the model has no expansion head with that class)."""
    lowest = rules.get(head)
    if lowest is None or head == "expansion":
        return None
    if expansion_classes is not None and lowest not in expansion_classes:
        # the app requires the rule to name one of the model's expansion classes
        return None
    return lowest
