"""The generator's output type."""

from __future__ import annotations

from dataclasses import dataclass

# The kinds are the model's vocabulary: the generator proposes content for it.
from orientation.models.content import ItemKind


@dataclass(frozen=True)
class ItemDraft:
    """One questionnaire item as the generator proposes it.

    `statement` is first person ("Je sais …"), `example` starts with "Par exemple : ",
    `dimension` is a slug of `orientation.dimensions.DIMENSIONS`, `rule` names what produced
    the draft ("banque", "facet:equipe", "interest", "fallback") for review. `bank_key` is
    set when the draft is an item of the bank (a facet names bank items): the sync then links
    the attendu to that very item.
    """

    statement: str
    example: str
    dimension: str
    kind: ItemKind
    rule: str
    bank_key: str | None = None
