"""Questionnaire items generated from the national Parcoursup attendus.

An attendu is the State's sentence ("Disposer de capacités d'organisation et d'autonomie");
an item is what a lycéen answers ("Je sais m'organiser et travailler en autonomie", with a
concrete "Par exemple : …" and a dimension). `generate_items(text=…)` is the pure, deterministic
function that turns one into the other; `sync_items()` (in `orientation.itemgen.sync`) writes the
result to `orientation.Item` rows without ever overwriting a staff edit.

How a text becomes items (first rule that applies wins):

1. **Overrides** (`overrides.py`): a short table, keyed by `attendu_key`, for the few real texts
   the rules cannot phrase well (a pronoun without antecedent, several skills tangled in one
   clause). Each entry is listed and tested.
2. **Verb frame**: the text's leading verb, matched on its folded form (`generate.py`):
   - interest frames, `S'intéresser à/au/aux …`, `Être intéressé par …` → one item,
     "Je m'intéresse à/au/aux …", kind *intérêt*, dimension *intérêt pour le secteur*, with an
     example chosen by sector keywords (`examples.py`);
   - taste frames, `Avoir le goût de / du goût pour / de l'appétence pour / une appétence pour /
     de l'intérêt pour …`, `Disposer d'une appétence pour …`, `Apprécier …`, `Aimer …`,
     `Manifester un intérêt pour …` → one item "J'aime …" / "J'apprécie …", kind *intérêt*,
     dimension and example from the taste keyword table;
   - skill frames, `Disposer de …`, `Posséder …`, `Avoir …`, `Être capable de …`,
     `Capacité à …`, `Maîtriser …`, `S'exprimer …`, `Communiquer …`, `Savoir …`,
     `Faire preuve de …`, `Manifester …`, `Connaître …`, `Montrer …`, `Être …` → the text
     is searched for **skill facets** (`facets.py`): each facet is a keyword rule with a
     first-person statement, an example and a dimension, so an attendu naming several skills
     ("expression écrite et orale, y compris en anglais") gives one item per skill, in the
     order the text names them. A skill text where no facet applies falls back to a literal
     first-person rewrite of the sentence ("Savoir gérer son temps" → "Je sais gérer mon
     temps"), dimension from keywords; its `rule` is `"fallback"` so staff can review it.
3. A text with no known leading verb gives no item: `items_coverage` lists it as unmapped.

Every statement starts with "Je " or "J'", is written so that it reads the same for a girl or a
boy, and every example starts with "Par exemple : ". The same text always gives the same items.
"""

from orientation.itemgen.drafts import ItemDraft
from orientation.itemgen.generate import generate_items

__all__ = ["ItemDraft", "generate_items"]
