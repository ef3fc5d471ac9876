"""The general drafting rules: on every real attendu text, and on the verb forms they support.

The bank (orientation/itembank) gives the real attendus their items; these rules draft what it
does not know yet. Skill facets name bank items, so their drafts are tested by bank key.
"""

from __future__ import annotations

import re

import pytest

from orientation import dimensions as dim
from orientation.itemgen import ItemDraft, generate_items
from orientation.itemgen.bank import load_bank
from orientation.itemgen.facets import FACETS, facet_keys
from orientation.models import ItemKind
from tests.orientation.conftest import REAL_TEXTS, TSV_ROWS

BANK = load_bank()
ALL_DRAFTS: dict[str, list[ItemDraft]] = {
    text: generate_items(text=text, bank=BANK) for text in REAL_TEXTS
}

# First word after "Je"/"J'" of every statement drafted from the real data.
CONJUGATED = {
    "sais",
    "m'intéresse",
    "ai",
    "aime",
    "apprécie",
    "suis",
    "comprends",
    "connais",
    "garde",
    "travaille",
    "propose",
    "pratique",
    "peux",
    "me",
    "m'investis",
    "m'appuie",
    "respecte",
    "relis",
    "vérifie",
    "pense",
    "utilise",
    "dispose",
    "possède",
    "maîtrise",
    "fais",
}
LEFTOVER_INFINITIVES = re.compile(
    r"^(Je|J')\s*(disposer|s'intéresser|se |s'|avoir|être|posséder|maîtriser|apprécier"
    r"|communiquer|savoir|manifester|faire preuve)",
    re.IGNORECASE,
)
GENDERED = re.compile(
    r"\((e|le|ne|se)\)|intéressée?s?\b|curieu(x|se)|rigoureu(x|se)|motivée?\b|passionnée?\b"
    r"|seule?\b|attentive?\b|habile\b.*\bdoué|prête?\b|déléguée?\b"
)


def _draft(text: str) -> list[ItemDraft]:
    return generate_items(text=text, bank=BANK)


def _keys(text: str) -> list[str | None]:
    return [d.bank_key for d in _draft(text)]


def test_the_tsv_holds_the_305_real_texts_and_792_occurrences():
    assert len(TSV_ROWS) == 305
    assert sum(count for count, _text in TSV_ROWS) == 792


@pytest.mark.parametrize("text", REAL_TEXTS)
def test_every_statement_is_a_first_person_sentence_with_a_concrete_example(text):
    for draft in ALL_DRAFTS[text]:
        assert draft.statement.startswith(("Je ", "J'")), draft.statement
        assert not LEFTOVER_INFINITIVES.search(draft.statement), draft.statement
        first_word = re.match(r"^(?:Je |J')(\S+)", draft.statement).group(1)
        assert first_word in CONJUGATED, draft.statement
        assert not draft.statement.endswith((".", " ")), draft.statement
        assert "  " not in draft.statement and "’" not in draft.statement
        assert "Interpréter" not in draft.statement
        assert draft.example.startswith("Par exemple : "), draft.example
        assert draft.example.endswith("."), draft.example
        assert len(draft.example) > len("Par exemple : ") + 20
        assert len(draft.statement) <= 500 and len(draft.example) <= 500
        assert draft.dimension in dim.DIMENSIONS_BY_SLUG
        assert not GENDERED.search(draft.statement), draft.statement
        assert not GENDERED.search(draft.example), draft.example


def test_the_same_text_always_gives_the_same_items():
    assert [_draft(text) for text in REAL_TEXTS] == list(ALL_DRAFTS.values())


def test_punctuation_and_apostrophe_variants_give_the_same_items():
    straight = _draft(
        "Disposer de compétences en matière d'expression écrite et orale, y compris en "
        "anglais, pour communiquer et argumenter"
    )
    curly = _draft(
        "Disposer de compétences en matière d’expression écrite et orale y compris en "
        "anglais pour communiquer et argumenter."
    )
    assert curly == straight


def test_it_covers_every_dimension_and_gives_interest_items_in_the_sector_dimension():
    drafts = [d for drafts in ALL_DRAFTS.values() for d in drafts]
    assert {d.dimension for d in drafts} == set(dim.DIMENSION_SLUGS)
    for text, text_drafts in ALL_DRAFTS.items():
        if text.replace("’", "'").startswith("S'intéresser"):
            assert [(d.dimension, d.kind) for d in text_drafts] == [
                (dim.INTERET_SECTEUR, ItemKind.INTERET)
            ]


def test_every_facet_names_an_item_of_the_bank():
    assert facet_keys() - set(BANK.items) == set()


def test_a_facet_draft_is_the_bank_item_itself_so_the_sentence_is_asked_once_everywhere():
    (draft,) = _draft("Savoir travailler en équipe")
    item = BANK.items["travailler-en-equipe"]
    assert (draft.statement, draft.example, draft.dimension) == (
        item.statement,
        item.example,
        item.dimension,
    )
    assert (draft.bank_key, draft.rule) == ("travailler-en-equipe", "facet:equipe")


def test_no_facet_rule_is_written_for_a_single_known_text():
    """A `when` that quotes a long stretch of one attendu is a hand-written item behind a regex:
    such texts belong in the bank. Keywords stay short (at most four words)."""
    for facet in FACETS:
        for variant in facet.variants:
            if variant.when is not None:
                for alternative in variant.when.pattern.split("|"):
                    assert len(alternative.split()) <= 4, (facet.name, alternative)


def test_an_interest_becomes_je_m_interesse_in_the_sector_dimension():
    drafts = _draft(
        "S'intéresser aux métiers de l'audiovisuel dans leur globalité pour gérer des productions"
    )
    assert drafts == [
        ItemDraft(
            statement="Je m'intéresse aux métiers de l'audiovisuel dans leur globalité pour "
            "gérer des productions",
            example="Par exemple : je tourne ou je monte des vidéos, je participe à un atelier "
            "cinéma ou vidéo, ou je regarde des making-of de films et d'émissions.",
            dimension=dim.INTERET_SECTEUR,
            kind=ItemKind.INTERET,
            rule="interest",
        )
    ]


@pytest.mark.parametrize(
    ("text", "statement"),
    [
        (
            "S'intéresser à la maintenance des systèmes",
            "Je m'intéresse à la maintenance des systèmes",
        ),
        (
            "S’intéresser à l’environnement des métiers en lien avec le contexte maritime",
            "Je m'intéresse à l'environnement des métiers en lien avec le contexte maritime",
        ),
        ("S'intéresser au design d'espace", "Je m'intéresse au design d'espace"),
        (
            "Être intéressé par la prise en charge administrative des usagers du secteur "
            "sanitaire et social",
            "Je m'intéresse à la prise en charge administrative des usagers du secteur sanitaire "
            "et social",
        ),
        (
            "S'intéresser au management des organisations et aux montages financiers pour "
            "s'engager en équipe dans des projets collectifs",
            "Je m'intéresse au management des organisations et aux montages financiers pour "
            "m'engager en équipe dans des projets collectifs",
        ),
        (
            "S'intéresser au secteur de l'optique lunetterie dans ses dimensions scientifiques, "
            "managériales et commerciales",
            "Je m'intéresse au secteur de l'optique lunetterie dans ses dimensions scientifiques, "
            "managériales et commerciales",
        ),
        (
            "S'intéresser à la conception, fabrication d'appareillages orthopédiques",
            "Je m'intéresse à la conception et à la fabrication d'appareillages orthopédiques",
        ),
        (
            "S'intéresser à la conception et la réalisation de meubles",
            "Je m'intéresse à la conception et à la réalisation de meubles",
        ),
    ],
)
def test_interest_statements_keep_a_grammatical_contraction(text, statement):
    assert [d.statement for d in _draft(text)] == [statement]


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        (
            "Disposer de capacités de prise de décisions, d'organisation et d'autonomie",
            ["prendre-une-decision", "organiser-mon-travail"],
        ),
        (
            "Disposer de compétences en matière d'expression écrite et orale, y compris en "
            "anglais, pour communiquer et argumenter",
            [
                "argumenter-a-l-ecrit",
                "argumenter-a-l-oral",
                "s-exprimer-en-anglais",
                "comprendre-l-anglais",
            ],
        ),
        (
            "Disposer de compétences en matière de communication écrite et orale",
            ["ecrire-clairement", "parler-clairement"],
        ),
        (
            "Disposer de compétences pour s'adapter à un environnement industriel, pour "
            "comprendre et respecter les règles de son fonctionnement",
            ["s-adapter-a-un-nouveau-lieu", "respecter-les-regles-d-un-lieu"],
        ),
        (
            "Disposer de compétences dans les disciplines scientifiques et technologiques : "
            "biologie, physique-chimie",
            ["matieres-techniques", "biologie", "physique-chimie"],
        ),
        (
            "Posséder un bon niveau dans les disciplines scientifiques et techniques",
            ["matieres-scientifiques", "matieres-techniques"],
        ),
        (
            "Communiquer avec aisance et rigueur en français et en langue étrangère",
            ["ecrire-clairement", "parler-clairement", "une-langue-etrangere"],
        ),
        (
            "Capacité à évoluer dans des environnements numériques et digitalisés",
            ["outils-numeriques"],
        ),
        (
            "Être capable de comprendre et de s'exprimer à l'écrit et l'oral en langue anglaise",
            ["comprendre-l-anglais"],
        ),
        (
            "Disposer de compétences dans au moins deux langues vivantes étrangères, dont "
            "l'anglais comme langue obligatoire",
            ["deux-langues-etrangeres"],
        ),
        (
            "Avoir des aptitudes à s'intégrer dans un travail en équipe, à être force de "
            "proposition",
            ["trouver-ma-place-dans-un-groupe", "proposer-des-idees-en-groupe"],
        ),
        (
            "Disposer d'aptitudes au travail manuel, de compétences collaboratives et "
            "d'animation d'équipe",
            ["travailler-de-mes-mains", "travailler-en-equipe", "animer-un-groupe"],
        ),
        (
            "Disposer de compétences scientifiques et technologiques pour interpréter et "
            "exploiter les informations obtenues à partir d'essais, de tests, de simulations, "
            "de réalisations et pour mener des activités de diagnostic et de maintenance",
            ["interpreter-des-resultats", "chercher-une-panne"],
        ),
        (
            "Disposer de compétences relationnelles, de capacité d'écoute, d'empathie, de sens "
            "de la négociation",
            ["ecouter-pour-comprendre", "negocier-un-accord"],
        ),
        (
            "Faire preuve de rigueur et de curiosité",
            ["verifier-chaque-etape", "aimer-apprendre"],
        ),
        ("Manifester de la curiosité", ["aimer-apprendre"]),
    ],
)
def test_it_splits_an_attendu_into_one_bank_item_per_skill_it_names(text, keys):
    assert _keys(text) == keys


def test_team_work_named_only_as_the_purpose_of_expression_is_not_a_separate_item():
    text = (
        "S'exprimer et communiquer correctement à l'écrit et à l'oral pour s'inscrire dans un "
        "travail en équipe, échanger avec les professionnels du secteur"
    )
    assert _keys(text) == ["ecrire-clairement", "adapter-ma-facon-de-parler"]


def test_relational_skills_alone_become_a_contact_item_but_not_when_another_skill_is_named():
    assert _keys("Disposer de compétences relationnelles") == ["parler-avec-des-inconnus"]
    text = (
        "Disposer de compétences relationnelles permettant de s'inscrire dans un travail en "
        "équipe, être capable d'adopter des comportements et des codes professionnels"
    )
    assert _keys(text) == ["travailler-en-equipe", "attitude-professionnelle"]


# --- Verb forms the rules support beyond the current data -----------------------------------


@pytest.mark.parametrize(
    ("text", "statements"),
    [
        ("Manifester un intérêt pour les sciences", ["J'aime les sciences"]),
        ("Savoir gérer son temps et ses priorités", ["Je sais gérer mon temps et mes priorités"]),
        (
            "Connaître le fonctionnement d'une entreprise",
            ["Je connais le fonctionnement d'une entreprise"],
        ),
        ("Être capable de s'exprimer en public", ["Je suis capable de m'exprimer en public"]),
        ("Disposer d'une bonne résistance physique", ["J'ai une bonne résistance physique"]),
        ("Aimer le contact avec les animaux", ["J'aime le contact avec les animaux"]),
        ("Avoir de l'appétence pour le dessin", ["J'aime le dessin"]),
        (
            "Avoir le goût du conseil, de l'argumentation, de la valorisation des produits ou "
            "services",
            ["J'aime le conseil, l'argumentation et la valorisation des produits ou services"],
        ),
    ],
)
def test_it_supports_other_verb_forms(text, statements):
    assert [d.statement for d in _draft(text)] == statements


def test_the_literal_fallback_is_marked_for_review_and_picks_a_dimension_by_keyword():
    (draft,) = _draft("Connaître le fonctionnement d'une entreprise")
    assert (draft.rule, draft.bank_key) == ("fallback", None)
    assert draft.dimension == dim.ECONOMIE_DROIT
    assert draft.example == dim.DIMENSIONS_BY_SLUG[dim.ECONOMIE_DROIT].example


@pytest.mark.parametrize("text", ["", "   ", "Les candidats doivent être motivés", "…"])
def test_a_text_without_a_known_leading_verb_gives_no_item(text):
    assert _draft(text) == []
