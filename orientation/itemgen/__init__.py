"""Questionnaire items for the national Parcoursup attendus.

An attendu is the State's sentence ("Disposer de capacités d'organisation et d'autonomie");
an item is what a lycéen answers ("Je sais organiser mon travail sans qu'on me le rappelle",
with a concrete "Par exemple : …" and a dimension).

- The **item bank** (`bank.py`, data in `orientation/itembank/*.toml`) holds the hand-written,
  reviewed items of every attendu of the bundled catalogue, each item written once and shared.
- `draft_attendu` (`drafting.py`) decides for one text: the bank's items, a skip (prerequisite,
  prose), or drafts by the general rules, checked against the editorial standard
  (`standard.py`, docs/items.md) and held back for an editor when they miss it.
- `generate_items(text=…, bank=…)` (`generate.py`) holds the general rules, pure and
  deterministic, first that applies wins:
  - interest frames, `S'intéresser à …`, `Être intéressé par …` → "Je m'intéresse à …" with a
    sector example (`examples.py`); the standard holds these back, an editor rewrites them;
  - taste frames, `Avoir le goût de …`, `Apprécier …`, `Aimer …` → "J'aime …";
  - skill frames, `Disposer de …`, `Être capable de …`, `Savoir …`… → **skill facets**
    (`facets.py`): keyword rules naming bank items, one per skill the text names, so a new
    attendu that asks for team work gets the team-work question every programme already asks;
    a skill text no facet reads falls back to a literal first-person rewrite, held for review.
  ONISEP's yearly wordings (no accent, « Aptitude à… », « Maîtrise de… ») are first brought to
  these frames (`canonical_frame`).
- `sync_items()` (`sync.py`) writes the result to `Item` and `AttenduItem` rows without ever
  overwriting a staff edit or an editor's decision.
"""

from orientation.itemgen.drafts import ItemDraft
from orientation.itemgen.generate import generate_items

__all__ = ["ItemDraft", "generate_items"]
