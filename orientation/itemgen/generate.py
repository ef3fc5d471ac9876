"""`generate_items`: one attendu text → its item drafts (rules: see the package docstring)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from orientation import dimensions as dim
from orientation.itemgen.bank import Bank
from orientation.itemgen.drafts import ItemDraft
from orientation.itemgen.examples import sector_example, taste_dimension_and_example
from orientation.itemgen.facets import FACETS, Facet, Variant
from orientation.models.content import ItemKind
from programmes.text import clean_text, fold

_VOWEL_START = re.compile(r"^[aeiouyhâàéèêëîïôûœ]", re.IGNORECASE)


def _de(word: str) -> str:
    """ "de" with elision: _de("organiser") → "d'organiser", _de("gérer") → "de gérer"."""
    return f"d'{word}" if _VOWEL_START.match(word) else f"de {word}"


def normalise(text: str) -> str:
    """The attendu as the generator reads it: straight apostrophes, single spaces, no final
    full stop or ellipsis, and the stray capital of "pour Interpréter" lowered."""
    text = clean_text(text).rstrip(" .;…")
    return re.sub(r"(?<=\s)Interpréter\b", "interpréter", text)


def to_first_person(phrase: str, *, possessives: bool = False) -> str:
    """Pronouns of an infinitive phrase to the first person: "pour s'engager" → "pour
    m'engager"; with `possessives`, "gérer son temps et ses priorités" → "gérer mon temps et
    mes priorités". Possessives are converted only in skill sentences (in "le secteur … dans
    ses dimensions" the possessive is the sector's), and never after "de" ("les règles de son
    fonctionnement")."""
    phrase = re.sub(r"(?<=\s)s'(?!ils?\b)(?=[aeiouyhâàéèêîôû])", "m'", phrase)
    phrase = re.sub(r"(?<=\s)se (?=\w)", "me ", phrase)
    if not possessives:
        return phrase
    first_person = {"son": "mon", "sa": "ma", "ses": "mes"}
    return re.sub(
        r"(?<!\bde )(?<!\bdu )\b(son|sa|ses)\b",
        lambda m: first_person[m.group(1)],
        phrase,
    )


# --- Interest frames: "S'intéresser à …", "Être intéressé par …" ----------------------------

_INTEREST = re.compile(r"^S'intéresser\s+(?=(?:à|au|aux)\b)", re.IGNORECASE)
_INTERESTED_BY = re.compile(r"^Être\s+intéressée?s?\s+par\s+", re.IGNORECASE)
_PAR_TO_A = (
    (re.compile(r"^les\s"), "aux "),
    (re.compile(r"^le\s"), "au "),
    (re.compile(r"^la\s"), "à la "),
    (re.compile(r"^l'"), "à l'"),
    (re.compile(r"^(des|un|une)\s"), r"à \1 "),
)

# Phrase-level grammar fixes, general to any text: a coordinated noun keeps its preposition
# (« à la conception et la réalisation » → « … et à la réalisation »), a list colon after
# « tels que » goes.
INTEREST_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"à la conception, (fabrication|réalisation)\b"), r"à la conception et à la \1"),
    (
        re.compile(r"(à la conception[^,]*?) et (?:la )?(réalisation|fabrication)\b"),
        r"\1 et à la \2",
    ),
    (re.compile(r" tels que : "), " tels que "),
)


def _rewrite(phrase: str, rules: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, replacement in rules:
        phrase = pattern.sub(replacement, phrase)
    return phrase


def _interest(text: str, folded: str) -> list[ItemDraft] | None:
    if match := _INTEREST.match(text):
        obj = text[match.end() :]
    elif match := _INTERESTED_BY.match(text):
        obj = text[match.end() :]
        for pattern, replacement in _PAR_TO_A:
            obj, count = pattern.subn(replacement, obj, count=1)
            if count:
                break
    else:
        return None
    statement = "Je m'intéresse " + to_first_person(_rewrite(obj, INTEREST_REWRITES))
    return [
        ItemDraft(
            statement=statement,
            example=sector_example(folded),
            dimension=dim.INTERET_SECTEUR,
            kind=ItemKind.INTERET,
            rule="interest",
        )
    ]


# --- Taste frames: "Avoir le goût de …", "Avoir de l'appétence pour …", "Apprécier …" --------

_TASTE_OF = re.compile(
    r"^(?:Avoir|Disposer d')\s*(?:le|un)\s+goût\s+(?=d[eu'\s]|des\s)", re.IGNORECASE
)
_TASTE_FOR = re.compile(
    r"^(?:Avoir|Disposer d'|Manifester)\s*"
    r"(?:du goût|un goût|de l'appétence|une appétence|de l'intérêt|un intérêt|un réel intérêt)"
    r"\s+pour\s+",
    re.IGNORECASE,
)
_APPRECIATE = re.compile(r"^(Apprécier|Aimer)\s+", re.IGNORECASE)

_PARTITIVE = (
    (re.compile(r"^de la\s"), "la "),
    (re.compile(r"^de l'"), "l'"),
    (re.compile(r"^du\s"), "le "),
    (re.compile(r"^des\s"), "les "),
    (re.compile(r"^d'"), ""),
    (re.compile(r"^de\s"), ""),
)
_ARTICLE_START = re.compile(r"^(le|la|les|l'|un|une|des)\b")


def _drop_partitive(piece: str) -> str:
    for pattern, replacement in _PARTITIVE:
        piece, count = pattern.subn(replacement, piece, count=1)
        if count:
            return piece
    return piece


def _join_list(obj: str) -> str:
    """ "le conseil, l'argumentation, la valorisation…" → "…, l'argumentation et la valorisation…"
    when every piece is a noun phrase with an article and none is joined by "et" yet."""
    pieces = obj.split(", ")
    if len(pieces) < 2 or not all(_ARTICLE_START.match(p) for p in pieces):
        return obj
    if any(p.startswith(("et ", "ou ")) for p in pieces):
        return obj
    return ", ".join(pieces[:-1]) + " et " + pieces[-1]


def _taste(text: str, folded: str) -> list[ItemDraft] | None:
    if match := _TASTE_OF.match(text):
        obj = text[match.end() :]
        pieces = re.split(r", (?=d[eu'\s]|des\s)", obj)
        obj = ", ".join(_drop_partitive(p) for p in pieces)
        verb = "J'aime "
    elif match := _TASTE_FOR.match(text):
        obj, verb = text[match.end() :], "J'aime "
    elif match := _APPRECIATE.match(text):
        obj = text[match.end() :]
        verb = "J'apprécie " if match.group(1).lower().startswith("appr") else "J'aime "
    else:
        return None
    if obj.startswith(("et ", ",")):
        return None  # "Avoir le goût et la rigueur…": not a plain taste, read as skills
    obj = _join_list(obj)
    dimension, example = taste_dimension_and_example(fold(obj))
    return [
        ItemDraft(
            statement=verb + to_first_person(obj),
            example=example,
            dimension=dimension,
            kind=ItemKind.INTERET,
            rule="taste",
        )
    ]


# --- Skill frames: facets, or a literal first-person rewrite ---------------------------------

_SKILL_VERBS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), replace)
    for pattern, replace in (
        (r"^Disposer d'(une?)\s+", lambda m: f"J'ai {m.group(1).lower()} "),
        (r"^Disposer de bonnes\s+", lambda m: "J'ai de bonnes "),
        (
            r"^Disposer d[e']\s*(compétences|capacités|connaissances|aptitudes|bases|notions)\b",
            lambda m: f"J'ai des {m.group(1).lower()}",
        ),
        (r"^Disposer d(?:e\s+|')", lambda m: "Je dispose "),
        (r"^Posséder\s+", lambda m: "Je possède "),
        (r"^Être capables? d(?:e\s+|')", lambda m: "Je suis capable "),
        (r"^Capacités? à\s+", lambda m: "Je suis capable "),
        (r"^Avoir\s+", lambda m: "J'ai "),
        (r"^Maîtriser\s+", lambda m: "Je maîtrise "),
        (r"^Savoir\s+", lambda m: "Je sais "),
        (r"^Faire preuve d(?:e\s+|')", lambda m: "Je fais preuve "),
        (r"^Manifester\s+", lambda m: "Je manifeste "),
        (r"^S'exprimer\s+", lambda m: "Je m'exprime "),
        (r"^Communiquer\s+", lambda m: "Je communique "),
        (r"^Connaître\s+", lambda m: "Je connais "),
        (r"^Montrer\s+", lambda m: "Je montre "),
        (r"^Être\s+", lambda m: "Je suis "),
    )
)
# Verbs whose complement needs "de"/"d'" put back (it was part of the matched prefix).
_NEEDS_DE = ("Je dispose ", "Je suis capable ", "Je fais preuve ")

# Fallback dimension: the keyword named first in the text.
DIMENSION_KEYWORDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), slug)
    for pattern, slug in (
        (r"anglais|langue", dim.LANGUES),
        (r"ecrit|redig|redaction", dim.EXPRESSION_ECRITE),
        (r"oral|prise de parole", dim.EXPRESSION_ORALE),
        (r"equipe|collabor|collecti", dim.EQUIPE),
        (r"organis|autonom|\btemps\b|planifi|projet|initiative|decision", dim.ORGANISATION),
        (r"client|commerc|vente|vendre|conseil|argument|negoci|relation|accueil", dim.RELATION),
        (r"droit|juridique|gestion|econom|comptab|budget|entreprise", dim.ECONOMIE_DROIT),
        (r"numerique|informati|ordinateur|digital|logiciel", dim.NUMERIQUE),
        (r"math|physique|chimie|biolog|scienti|technolog|calcul", dim.SCIENCES),
        (r"experiment|laboratoire|manuel|pratique|fabriqu|bricol|outil", dim.PRATIQUE),
        (r"creati|artisti|design|dessin", dim.CREATIVITE),
        (r"rigueur|regle|securite|qualite|precision|consigne", dim.RIGUEUR),
        (r"curios|culture|adapt|decouv", dim.CURIOSITE),
    )
)


def keyword_dimension(folded: str, *, default: str = dim.CURIOSITE) -> str:
    """The dimension of the keyword named first in the folded text."""
    best: tuple[int, int, str] | None = None
    for index, (pattern, slug) in enumerate(DIMENSION_KEYWORDS):
        match = pattern.search(folded)
        if match and (best is None or (match.start(), index) < best[:2]):
            best = (match.start(), index, slug)
    return best[2] if best else default


@dataclass(frozen=True)
class _Fired:
    position: int
    order: int
    facet: Facet


def _pick_variant(facet: Facet, folded: str, *, alone: bool) -> Variant | None:
    for variant in facet.variants:
        if variant.alone_only and not alone:
            continue
        if variant.when is None or variant.when.search(folded):
            return variant
    return None


def _facet_drafts(folded: str, bank: Bank) -> list[ItemDraft]:
    fired: list[_Fired] = []
    for order, facet in enumerate(FACETS):
        match = facet.trigger.search(folded)
        if match and not (facet.unless and facet.unless.search(folded)):
            fired.append(_Fired(match.start(), order, facet))
    fired.sort(key=lambda f: (f.position, f.order))
    drafts = []
    for item in fired:
        variant = _pick_variant(item.facet, folded, alone=len(fired) == 1)
        for key in variant.items if variant else ():
            bank_item = bank.items.get(key)
            if bank_item is None:
                continue  # a partial bank (a test's, a subset of files) lacks it
            drafts.append(
                ItemDraft(
                    statement=bank_item.statement,
                    example=bank_item.example,
                    dimension=bank_item.dimension,
                    kind=ItemKind(bank_item.kind),
                    rule=f"facet:{item.facet.name}",
                    bank_key=key,
                )
            )
    return drafts


def _fallback(text: str, folded: str) -> list[ItemDraft]:
    for pattern, replace in _SKILL_VERBS:
        if match := pattern.match(text):
            head, rest = replace(match), text[match.end() :]
            if head in _NEEDS_DE:
                head, rest = head.rstrip(), _de(rest)
                statement = f"{head} {rest}"
            else:
                statement = head + rest
            slug = keyword_dimension(folded)
            return [
                ItemDraft(
                    statement=to_first_person(statement, possessives=True),
                    example=dim.DIMENSIONS_BY_SLUG[slug].example,
                    dimension=slug,
                    kind=ItemKind.COMPETENCE,
                    rule="fallback",
                )
            ]
    return []


def _skill(text: str, folded: str, bank: Bank) -> list[ItemDraft]:
    if not any(pattern.match(text) for pattern, _replace in _SKILL_VERBS):
        return []
    return _facet_drafts(folded, bank) or _fallback(text, folded)


# Leading words as ONISEP writes them year to year (no accent, a noun instead of a verb…) →
# the frame the rules below read. Matched on the folded text; the rest of the text is kept.
FRAME_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), frame)
    for pattern, frame in (
        (r"^etre interesse(?:e|s|es)?(?:\(e\))? par ", "Être intéressé par "),
        (r"^etre capable(?:s)? d(?:e |')", "Être capable de "),
        (r"^etre ", "Être "),
        (r"^maitriser ", "Maîtriser "),
        (r"^connaitre ", "Connaître "),
        (
            r"^(?:une |l')?(?:aptitudes?|capacites?|habiletes?) (?:a |au |aux |d'|de )",
            "Être capable de ",
        ),
        (r"^(?:pouvoir|savoir) (?=\w)", "Savoir "),
        (r"^(?:une |la |l')?(?:bonne )?maitrise des ", "Maîtriser les "),
        (r"^(?:une |la |l')?(?:bonne )?maitrise du ", "Maîtriser le "),
        (r"^(?:une |la |l')?(?:bonne )?maitrise de la ", "Maîtriser la "),
        (r"^(?:une |la |l')?(?:bonne )?maitrise de l'", "Maîtriser l'"),
        (r"^(?:une |la |l')?(?:bonne )?maitrise (?:de |d')", "Maîtriser "),
        (r"^(?:une |l')?aisance (?:avec|dans|en|a|a l'|au) ", "Être à l'aise avec "),
        (
            r"^(?:un |l'|de l')?(?:vif |reel |fort )?interet (?:pour|marque pour) ",
            "Avoir un intérêt pour ",
        ),
        (
            r"^(?:un |le )?gout (?:prononce |marque )?(?:pour|du|de la|des|de l') ",
            "Avoir du goût pour ",
        ),
        (r"^(?:l'|avoir )?envie d(?:e |')", "Aimer "),
        (
            r"^mobiliser (?:ses|des|de bonnes|les) (?=competences|connaissances|capacites)",
            "Disposer de ",
        ),
        (r"^(?:detenir|posseder) ", "Posséder "),
        (
            r"^(?:des |de bonnes )?(?=(?:competences|qualites|capacites|connaissances)\b)",
            "Disposer de ",
        ),
    )
)


def _folded_length(char: str) -> int:
    decomposed = unicodedata.normalize("NFKD", char.replace("œ", "oe").replace("æ", "ae"))
    return sum(1 for c in decomposed if not unicodedata.combining(c))


def canonical_frame(text: str) -> str:
    """The text with its leading frame in the form the rules read: « Etre intéressé » →
    « Être intéressé », « Aptitude à travailler… » → « Être capable de travailler… »."""
    folded = fold(text)
    for pattern, frame in FRAME_REWRITES:
        if match := pattern.match(folded):
            # The match is on the folded text: find where it ends in the original one.
            offset = length = 0
            while offset < len(text) and length < match.end():
                length += _folded_length(text[offset])
                offset += 1
            rest = text[offset:]
            return frame + rest[:1].lower() + rest[1:] if rest else text
    return text


def generate_items(*, text: str, bank: Bank) -> list[ItemDraft]:
    """The item drafts for one attendu text, in questionnaire order (empty if no rule applies).
    Skill facets give items of `bank` (see `facets.py`).

    Deterministic and pure: the same text and bank always give the same drafts.
    """
    text = normalise(text)
    if not text:
        return []
    text = canonical_frame(text)
    folded = fold(text)
    drafts = _interest(text, folded) or _taste(text, folded) or _skill(text, folded, bank)
    unique: list[ItemDraft] = []
    seen: set[str] = set()
    for draft in drafts:
        if draft.statement not in seen:
            seen.add(draft.statement)
            unique.append(draft)
    return unique
