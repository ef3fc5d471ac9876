"""`draft_attendu`: what the questionnaire asks about one attendu text, and whether it is shown.

1. An attendu of the **item bank** (matched on `bank.bank_key`) gets the bank's items: written
   and reviewed by people, shown as they are.
2. A **prerequisite or prose** text (« Être titulaire du baccalauréat… », « Cet attendu… ») is
   not a skill to rate: it is skipped, with the reason.
3. Anything else is drafted by the **general rules** (`generate.py`); every draft is checked
   against the editorial standard (`standard.py`). A clean draft is shown and waits in the
   review queue for a second look; a draft with a defect, or a text no rule understands, waits
   for an editor and is never shown meanwhile: a draft that cannot be made well is not made
   badly.

Pure and deterministic: no ORM; the same text and bank always give the same result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from orientation.itemgen.bank import Bank
from orientation.itemgen.drafts import ItemDraft
from orientation.itemgen.generate import generate_items, normalise
from orientation.itemgen.standard import findings
from orientation.models.content import ItemKind
from programmes.text import fold


class Outcome(StrEnum):
    BANK = "banque"  # the bank's items
    DRAFTED = "redige"  # drafts that meet the standard: shown, to check
    REVIEW = "a-relire"  # at least one draft, or the whole text, needs an editor
    SKIPPED = "ignore"  # a prerequisite or prose, not something to rate


# Texts that are not skills or interests to rate, each with the reason given to editors. Matched
# on the folded text (lower case, no accents), so « Etre titulaire » is caught too.
SKIP_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), reason)
    for pattern, reason in (
        (
            r"^(?:etre |avoir ete )?(?:titulaire|diplome|bachelier|inscrit)\b|"
            r"^(?:posseder|detenir|avoir|disposer d') (?:le |un |du )?(?:baccalaureat|bac|diplome|"
            r"titre|permis|brevet|bafa|psc1|certificat)\b",
            "prérequis (diplôme, titre ou inscription)",
        ),
        (
            r"\b(?:baccalaureat|bac) (?:general|technologique|professionnel|s|es|l|stmg|sti2d)\b.*"
            r"\b(?:obligatoire|exige|requis|necessaire)\b",
            "prérequis (série de bac)",
        ),
        (r"^(?:avoir|etre) (?:age|agee|ages) de\b|\bans au moins\b", "prérequis (âge)"),
        (
            r"^(?:cet|ces|les) attendus?\b|^il est (?:attendu|demande|souhaite|conseille|"
            r"recommande)\b|^(?:le|la|les) (?:candidat|candidate|candidats|formation|"
            r"etudiants?)\b|^(?:une|un) (?:attention|experience|connaissance) .* sera\b",
            "texte explicatif, pas une compétence à évaluer",
        ),
        (
            r"^(?:pour|afin de|dans le cadre|en vue de|compte tenu|selon|si |lorsque|"
            r"a noter|nb|remarque|attention)\b",
            "texte explicatif, pas une compétence à évaluer",
        ),
        (
            r"\ben effet\b|\bc'est\b|^elements de cadrage|"
            r"^(?:le|la|les|l'|cette|ces|ce|outre|nombreux|nombreuses|en \w+,|toute?s?)\b.*"
            r"\b(?:est|sont|suppose|supposent|necessite|"
            r"necessitent|implique|impliquent|requiert|requierent|comporte|comportent|renvoie|"
            r"preparent|prepare|constitue|constituent|doit|doivent|font|fait|permet|permettent|"
            r"se nourrit|exige|exigent)\b",
            "texte explicatif, pas une compétence à évaluer",
        ),
        (
            r"\b(?:certificat medical|aptitude medicale|vaccin\w*|casier judiciaire|"
            r"visite medicale)\b",
            "prérequis administratif ou médical",
        ),
    )
)


@dataclass(frozen=True)
class DraftedItem:
    """One proposed item and, when it may not be shown yet, why."""

    draft: ItemDraft
    bank_key: str | None = None
    defects: tuple[str, ...] = ()

    @property
    def shown(self) -> bool:
        return not self.defects


@dataclass(frozen=True)
class AttenduDraft:
    outcome: Outcome
    items: tuple[DraftedItem, ...] = ()
    reason: str = ""


def skip_reason(text: str) -> str | None:
    """Why a text is not something to rate (a prerequisite, prose), or None."""
    folded = fold(normalise(text))
    for pattern, reason in SKIP_RULES:
        if pattern.search(folded):
            return reason
    return None


def check_draft(draft: ItemDraft) -> tuple[str, ...]:
    """The editorial defects of a rule draft (empty: it may be shown)."""
    found = findings(statement=draft.statement, example=draft.example, kind=draft.kind.value)
    if draft.rule == "fallback":
        # A literal rewrite carries its dimension's generic example, which the lint cannot
        # tell from a fitting one (« condition physique » got a physics-class example).
        found.append("repli: réécriture littérale avec un exemple générique")
    return tuple(found)


def draft_attendu(*, text: str, bank: Bank) -> AttenduDraft:
    """The items for one attendu text and whether each may be shown (see the module doc)."""
    bank_items = bank.items_for(text)
    if bank_items is not None:
        return AttenduDraft(
            outcome=Outcome.BANK,
            items=tuple(
                DraftedItem(
                    draft=ItemDraft(
                        statement=item.statement,
                        example=item.example,
                        dimension=item.dimension,
                        kind=ItemKind(item.kind),
                        rule="banque",
                    ),
                    bank_key=item.key,
                )
                for item in bank_items
            ),
        )
    if reason := skip_reason(text):
        return AttenduDraft(outcome=Outcome.SKIPPED, reason=reason)
    drafts = generate_items(text=text, bank=bank)
    if not drafts:
        return AttenduDraft(
            outcome=Outcome.REVIEW, reason="aucune règle générale ne s'applique : à rédiger"
        )
    items = tuple(DraftedItem(draft=d, bank_key=d.bank_key, defects=check_draft(d)) for d in drafts)
    if all(item.shown for item in items):
        return AttenduDraft(outcome=Outcome.DRAFTED, items=items)
    return AttenduDraft(
        outcome=Outcome.REVIEW, items=items, reason="brouillon non conforme à la charte"
    )
