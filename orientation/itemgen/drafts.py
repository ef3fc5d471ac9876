"""The generator's output type."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ItemKind(StrEnum):
    """What an item asks about: a skill the lycéen has, or an interest for the field."""

    COMPETENCE = "competence"
    INTERET = "interet"


@dataclass(frozen=True)
class ItemDraft:
    """One questionnaire item as the generator proposes it.

    `statement` is first person ("Je sais …"), `example` starts with "Par exemple : ",
    `dimension` is a slug of `orientation.dimensions.DIMENSIONS`, `rule` names the rule that
    produced the draft ("facet:ecrit", "interest", "taste", "override", "fallback") for review.
    """

    statement: str
    example: str
    dimension: str
    kind: ItemKind
    rule: str
