"""Item generation on every real attendu text, and on the verb forms the rules support."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from orientation import dimensions as dim
from orientation.itemgen import ItemDraft, generate_items
from orientation.itemgen.overrides import OVERRIDE_TEXTS, OVERRIDES
from orientation.models import ItemKind
from programmes.text import attendu_key
from tests.orientation.conftest import REAL_TEXTS, TSV_ROWS

ALL_DRAFTS: dict[str, list[ItemDraft]] = {text: generate_items(text=text) for text in REAL_TEXTS}

# First word after "Je"/"J'" of every statement generated from the real data.
CONJUGATED = {
    "sais",
    "m'intéresse",
    "ai",
    "aime",
    "apprécie",
    "suis",
    "comprends",
    "garde",
    "travaille",
    "propose",
    "pratique",
    "peux",
    "me",
    "m'investis",
    "m'appuie",
    "respecte",
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


def test_the_tsv_holds_the_305_real_texts_and_792_occurrences():
    assert len(TSV_ROWS) == 305
    assert sum(count for count, _text in TSV_ROWS) == 792


def test_every_real_attendu_gives_at_least_one_item():
    unmapped = [text for text, drafts in ALL_DRAFTS.items() if not drafts]
    assert unmapped == []


def test_no_real_attendu_needs_the_literal_fallback():
    fallbacks = [
        text for text, drafts in ALL_DRAFTS.items() if any(d.rule == "fallback" for d in drafts)
    ]
    assert fallbacks == []


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
    assert [generate_items(text=text) for text in REAL_TEXTS] == list(ALL_DRAFTS.values())


def test_punctuation_and_apostrophe_variants_give_the_same_items():
    straight = generate_items(
        text="Disposer de compétences en matière d'expression écrite et orale, y compris en "
        "anglais, pour communiquer et argumenter"
    )
    curly = generate_items(
        text="Disposer de compétences en matière d’expression écrite et orale y compris en "
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


def test_the_real_data_gives_the_documented_number_of_items():
    drafts_by_key = {attendu_key(text): drafts for text, drafts in ALL_DRAFTS.items()}
    per_dimension = Counter(d.dimension for drafts in drafts_by_key.values() for d in drafts)
    assert len(drafts_by_key) == 296
    assert sum(per_dimension.values()) == 374
    assert per_dimension[dim.INTERET_SECTEUR] == 133


def _statements(text: str) -> list[tuple[str, str]]:
    return [(d.statement, d.dimension) for d in generate_items(text=text)]


def test_it_turns_organisation_and_autonomy_into_one_plain_statement():
    assert _statements("Disposer de capacités d'organisation et d'autonomie") == [
        ("Je sais m'organiser et travailler en autonomie", dim.ORGANISATION)
    ]


def test_it_splits_written_oral_and_english():
    text = (
        "Disposer de compétences en matière d'expression écrite et orale, y compris en anglais, "
        "pour communiquer et argumenter"
    )
    assert _statements(text) == [
        ("Je sais rédiger un texte clair et argumenté", dim.EXPRESSION_ECRITE),
        (
            "Je sais présenter mes idées à l'oral et les défendre avec des arguments",
            dim.EXPRESSION_ORALE,
        ),
        ("Je sais communiquer en anglais, à l'écrit comme à l'oral", dim.LANGUES),
    ]


def test_it_splits_written_and_oral_without_english():
    assert _statements("Disposer de compétences en matière de communication écrite et orale") == [
        ("Je sais m'exprimer clairement et correctement à l'écrit", dim.EXPRESSION_ECRITE),
        ("Je sais m'exprimer clairement à l'oral", dim.EXPRESSION_ORALE),
    ]


def test_it_turns_an_interest_into_je_m_interesse_in_the_sector_dimension():
    drafts = generate_items(
        text="S'intéresser aux métiers de l'audiovisuel dans leur globalité pour gérer des "
        "productions"
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
            "S'intéresser à la maintenance des véhicules et les nouvelles technologies associées",
            "Je m'intéresse à la maintenance des véhicules et aux nouvelles technologies associées",
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
    ],
)
def test_interest_statements_keep_a_grammatical_contraction(text, statement):
    assert [d.statement for d in generate_items(text=text)] == [statement]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Disposer de capacités de prise de décisions, d'organisation et d'autonomie",
            [
                ("Je sais prendre une décision et l'assumer", dim.ORGANISATION),
                ("Je sais m'organiser et travailler en autonomie", dim.ORGANISATION),
            ],
        ),
        (
            "Disposer de compétences pour s'adapter à un environnement industriel, pour "
            "comprendre et respecter les règles de son fonctionnement",
            [
                (
                    "Je sais m'adapter à un nouveau lieu de travail, comme un atelier ou une usine",
                    dim.CURIOSITE,
                ),
                (
                    "Je comprends et je respecte les règles d'un lieu de travail (consignes, "
                    "sécurité, horaires)",
                    dim.RIGUEUR,
                ),
            ],
        ),
        (
            "Avoir le goût du conseil, de l'argumentation, de la valorisation des produits ou "
            "services",
            [
                (
                    "J'aime le conseil, l'argumentation et la valorisation des produits ou "
                    "services",
                    dim.RELATION,
                )
            ],
        ),
        (
            "Disposer de compétences dans les disciplines scientifiques et technologiques : "
            "biologie, physique-chimie",
            [
                (
                    "J'ai un bon niveau dans les matières scientifiques et technologiques : "
                    "biologie et physique-chimie",
                    dim.SCIENCES,
                )
            ],
        ),
        (
            "Posséder un bon niveau dans les disciplines scientifiques et techniques",
            [("J'ai un bon niveau dans les matières scientifiques et techniques", dim.SCIENCES)],
        ),
        (
            "Communiquer avec aisance et rigueur en français et en langue étrangère",
            [
                ("Je sais m'exprimer clairement et correctement à l'écrit", dim.EXPRESSION_ECRITE),
                ("Je sais m'exprimer clairement à l'oral", dim.EXPRESSION_ORALE),
                ("Je sais communiquer dans une langue étrangère", dim.LANGUES),
            ],
        ),
        (
            "Capacité à évoluer dans des environnements numériques et digitalisés",
            [
                (
                    "Je suis à l'aise avec les outils numériques (logiciels, applications, "
                    "services en ligne)",
                    dim.NUMERIQUE,
                )
            ],
        ),
        (
            "Apprécier les activités expérimentales au laboratoire",
            [("J'apprécie les activités expérimentales au laboratoire", dim.PRATIQUE)],
        ),
        (
            "Être capable de comprendre et de s'exprimer à l'écrit et l'oral en langue anglaise",
            [
                (
                    "Je comprends l'anglais et je sais m'exprimer en anglais, à l'écrit comme à "
                    "l'oral",
                    dim.LANGUES,
                )
            ],
        ),
        (
            "Disposer de compétences dans au moins deux langues vivantes étrangères, dont "
            "l'anglais comme langue obligatoire",
            [("Je pratique au moins deux langues étrangères, dont l'anglais", dim.LANGUES)],
        ),
        (
            "Avoir des aptitudes à s'intégrer dans un travail en équipe, à être force de "
            "proposition",
            [
                ("Je sais m'intégrer dans un groupe et y trouver ma place", dim.EQUIPE),
                ("Je propose des idées quand je travaille en groupe", dim.EQUIPE),
            ],
        ),
        (
            "Disposer d'aptitudes au travail manuel, de compétences collaboratives et "
            "d'animation d'équipe",
            [
                ("Je suis à l'aise dans le travail manuel", dim.PRATIQUE),
                ("Je sais travailler en équipe", dim.EQUIPE),
                ("Je sais animer un groupe et répartir le travail entre chacun", dim.EQUIPE),
            ],
        ),
        (
            "Disposer de compétences scientifiques et technologiques pour interpréter et "
            "exploiter les informations obtenues à partir d'essais, de tests, de simulations, "
            "de réalisations et pour mener des activités de diagnostic et de maintenance",
            [
                (
                    "Je sais interpréter les résultats d'une expérience, d'une mesure ou d'un test",
                    dim.SCIENCES,
                ),
                ("Je sais chercher méthodiquement d'où vient une panne", dim.PRATIQUE),
            ],
        ),
    ],
)
def test_it_splits_an_attendu_into_one_item_per_skill_it_names(text, expected):
    assert _statements(text) == expected


def test_team_work_named_only_as_the_purpose_of_expression_is_not_a_separate_item():
    text = (
        "S'exprimer et communiquer correctement à l'écrit et à l'oral pour s'inscrire dans un "
        "travail en équipe, échanger avec les professionnels du secteur"
    )
    assert [d.dimension for d in generate_items(text=text)] == [
        dim.EXPRESSION_ECRITE,
        dim.EXPRESSION_ORALE,
    ]


def test_relational_skills_alone_become_a_contact_item_but_not_when_another_skill_is_named():
    assert _statements("Disposer de compétences relationnelles") == [
        ("Je suis à l'aise dans le contact avec les autres", dim.RELATION)
    ]
    text = (
        "Disposer de compétences relationnelles permettant de s'inscrire dans un travail en "
        "équipe, être capable d'adopter des comportements et des codes professionnels"
    )
    assert [d.dimension for d in generate_items(text=text)] == [dim.EQUIPE, dim.RIGUEUR]


# --- Verb forms the rules support beyond the current data -----------------------------------


@pytest.mark.parametrize(
    ("text", "statements"),
    [
        ("Savoir travailler en équipe", ["Je sais travailler en équipe"]),
        (
            "Faire preuve de rigueur et de curiosité",
            [
                "Je travaille avec rigueur et je soigne les détails",
                "J'aime découvrir et apprendre des choses nouvelles",
            ],
        ),
        ("Manifester un intérêt pour les sciences", ["J'aime les sciences"]),
        ("Manifester de la curiosité", ["J'aime découvrir et apprendre des choses nouvelles"]),
        ("Savoir gérer son temps et ses priorités", ["Je sais gérer mon temps et mes priorités"]),
        (
            "Connaître le fonctionnement d'une entreprise",
            ["Je connais le fonctionnement d'une entreprise"],
        ),
        ("Être capable de s'exprimer en public", ["Je suis capable de m'exprimer en public"]),
        ("Disposer d'une bonne résistance physique", ["J'ai une bonne résistance physique"]),
        ("Aimer le contact avec les animaux", ["J'aime le contact avec les animaux"]),
        ("Avoir de l'appétence pour le dessin", ["J'aime le dessin"]),
    ],
)
def test_it_supports_other_verb_forms(text, statements):
    assert [d.statement for d in generate_items(text=text)] == statements


def test_the_literal_fallback_is_marked_for_review_and_picks_a_dimension_by_keyword():
    (draft,) = generate_items(text="Connaître le fonctionnement d'une entreprise")
    assert draft.rule == "fallback"
    assert draft.dimension == dim.ECONOMIE_DROIT
    assert draft.example == dim.DIMENSIONS_BY_SLUG[dim.ECONOMIE_DROIT].example


@pytest.mark.parametrize("text", ["", "   ", "Les candidats doivent être motivés", "…"])
def test_a_text_without_a_known_leading_verb_gives_no_item(text):
    assert generate_items(text=text) == []


# --- Overrides ----------------------------------------------------------------------------


def test_every_override_is_a_real_attendu_and_is_used():
    real_keys = {attendu_key(text) for text in REAL_TEXTS}
    assert set(OVERRIDES) <= real_keys
    for text in OVERRIDE_TEXTS:
        assert all(d.rule == "override" for d in generate_items(text=text))
    assert len(OVERRIDES) == len(OVERRIDE_TEXTS) <= 15


def test_an_override_resolves_a_pronoun_without_antecedent():
    text = (
        "S'intéresser à la maîtrise et au contrôle de leurs qualités nutritionnelle, sanitaire "
        "et gustative"
    )
    (draft,) = generate_items(text=text)
    assert "leurs" not in draft.statement
    assert "aliments" in draft.statement


def test_an_override_splits_taste_rigour_and_creativity():
    text = "Avoir le goût, la rigueur et la créativité pour élaborer des supports de communication"
    assert [(d.dimension, d.kind) for d in generate_items(text=text)] == [
        (dim.INTERET_SECTEUR, ItemKind.INTERET),
        (dim.RIGUEUR, ItemKind.COMPETENCE),
        (dim.CREATIVITE, ItemKind.COMPETENCE),
    ]
