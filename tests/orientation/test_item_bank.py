"""The editorial item bank and the standard it is held to: every active item of the bundled
catalogue, the bank files, the drafting of attendus the bank does not know."""

from __future__ import annotations

import pytest

from orientation.itemgen.bank import BankError, bank_key, load_bank, parse_bank
from orientation.itemgen.drafting import Outcome, draft_attendu, skip_reason
from orientation.itemgen.facets import facet_keys
from orientation.itemgen.standard import (
    MAX_DOUBLE_BARRELLED,
    is_double_barrelled,
    item_defects,
)
from orientation.itemgen.sync import sync_items
from orientation.models import AttenduItem, Item, ReviewStatus
from programmes.models import Attendu
from tests.factories import make_attendu


def codes(statement: str, example: str, kind: str = "competence") -> set[str]:
    return {d.code for d in item_defects(statement=statement, example=example, kind=kind)}


GOOD_EXAMPLE = "Par exemple : en TP, je me mets d'accord avec mon équipe sur qui fait quoi."


# --- The standard, criterion by criterion ------------------------------------------------------


def test_a_good_item_meets_every_criterion():
    assert codes("Je sais travailler en équipe", GOOD_EXAMPLE) == set()


@pytest.mark.parametrize(
    ("statement", "code"),
    [
        ("Disposer de compétences pour travailler en équipe", "personne"),
        ("Je sais " + "travailler " * 20 + "en équipe", "longueur"),
        ("Je m'intéresse aux process de transformation du bois en équipe", "jargon"),
        ("Je sais travailler en équipe dans leur globalité", "jargon"),
        ("Je sais travailler en équipe,", "ponctuation"),
        ("J'ai l'esprit d'équipe, être capable de travailler en équipe", "infinitif"),
        ("Je sais gérer son temps en équipe", "possessif"),
        ("Je suis curieux du travail en équipe", "genre"),
    ],
)
def test_each_defect_found_in_real_drafts_is_caught(statement, code):
    assert code in codes(statement, GOOD_EXAMPLE)


def test_an_interest_item_says_what_one_does_not_the_attendu_wording():
    assert "interet" in codes(
        "Je m'intéresse au bois",
        "Par exemple : j'ai fabriqué un objet en bois au collège.",
        "interet",
    )
    assert (
        codes(
            "J'aime fabriquer des objets en bois",
            "Par exemple : j'ai fabriqué une étagère en bois en cours de technologie.",
            "interet",
        )
        == set()
    )


@pytest.mark.parametrize(
    ("example", "code"),
    [
        ("", "exemple"),
        ("Pour exemple : je travaille en équipe.", "exemple"),
        ("Par exemple : je sais coopérer avec autrui de manière efficace.", "exemple-concret"),
        ("Par exemple : je m'intéresse au travail en équipe au lycée.", "exemple-concret"),
        ("Par exemple : en cours de français, je lis des romans.", "exemple-sujet"),
    ],
)
def test_the_example_is_a_lived_situation_on_the_same_subject(example, code):
    assert code in codes("Je sais travailler en équipe", example)


@pytest.mark.parametrize(
    ("statement", "double"),
    [
        ("Je sais m'organiser et travailler en autonomie", True),
        ("Je sais accueillir, écouter et conseiller", True),
        ("Je m'intéresse au droit ou à la comptabilité", True),
        ("Je sais travailler en équipe", False),
        ("Je respecte les règles d'hygiène et de sécurité", False),
        ("Je suis à l'aise avec les pourcentages (remises, évolutions)", False),
    ],
)
def test_double_barrelled_statements_are_detected(statement, double):
    assert is_double_barrelled(statement) is double


# --- The bank files ------------------------------------------------------------------------------


BANK_ITEM = """
[items.equipe]
statement = "Je sais travailler en équipe"
example = "Par exemple : en TP, je me mets d'accord avec mon équipe sur qui fait quoi."
dimension = "travail-equipe"
kind = "competence"
"""


def test_the_bank_merges_the_small_variants_onisep_publishes():
    assert bank_key("Disposer de tests, de projets") == bank_key("Disposer de test, de projet")
    assert bank_key("équipes para-médicales") == bank_key("équipes paramédicales")
    assert bank_key("bureau d'étude") == bank_key("bureau d'études")
    assert bank_key("Travailler en équipe") != bank_key("Travailler seul")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("[items.equipe\n", "TOML invalide"),
        ('[[attendus]]\ntexts = ["A"]\nitems = ["inconnu"]\n', "item inconnu"),
        (BANK_ITEM.replace("travail-equipe", "nulle-part"), "dimension inconnue"),
        (BANK_ITEM + BANK_ITEM.replace("items.equipe", "items.autre"), "même affirmation"),
        (
            BANK_ITEM + '[[attendus]]\ntexts = ["A"]\nitems = ["equipe"]\n'
            '[[attendus]]\ntexts = ["a"]\nitems = ["equipe"]\n',
            "figure déjà",
        ),
    ],
)
def test_an_inconsistent_bank_is_an_error_naming_the_record(source, message):
    with pytest.raises(BankError, match=message):
        parse_bank({"test.toml": source})


def test_the_bundled_bank_loads_and_every_item_meets_the_standard():
    bank = load_bank()
    failing = {
        key: [str(d) for d in item_defects(statement=i.statement, example=i.example, kind=i.kind)]
        for key, i in bank.items.items()
    }
    assert {key: found for key, found in failing.items() if found} == {}
    doubles = [i.statement for i in bank.items.values() if is_double_barrelled(i.statement)]
    assert len(doubles) <= MAX_DOUBLE_BARRELLED * len(bank.items), doubles
    used = {key for record in bank.records for key in record.items}
    assert set(bank.items) == used | facet_keys(), "every item is asked by an attendu or a rule"


# --- Drafting attendus the bank does not know --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Être titulaire du baccalauréat ou d'un diplôme de niveau 4",
        "Etre titulaire d'un bac professionnel",
        "Cette mention suppose en effet des qualités dans la compréhension fine de textes",
        "Il est attendu des candidats une bonne culture générale",
        "Les études en STAPS comportent en effet des enseignements scientifiques",
    ],
)
def test_prerequisites_and_prose_are_skipped_with_a_reason(text):
    assert skip_reason(text)
    assert draft_attendu(text=text, bank=load_bank()).outcome is Outcome.SKIPPED


@pytest.mark.parametrize(
    "text",
    [
        "Etre intéressé par la démarche scientifique",
        "Aptitude à travailler avec toutes les espèces animales",
        "Aisance avec les outils numériques",
        "Mobiliser ses compétences en expression écrite et orale",
        "Compétences relationnelles : écoute, empathie, travail en équipe",
    ],
)
def test_new_wordings_are_read_not_ignored(text):
    plan = draft_attendu(text=text, bank=load_bank())
    assert plan.outcome in (Outcome.DRAFTED, Outcome.REVIEW)
    assert plan.items, text


def test_a_draft_that_cannot_be_made_well_is_held_back_not_shown():
    plan = draft_attendu(
        text="S'intéresser aux enjeux sociétaux et environnementaux des process industriels",
        bank=load_bank(),
    )
    assert plan.outcome is Outcome.REVIEW
    assert all(not item.shown for item in plan.items if item.bank_key is None)


@pytest.mark.django_db
def test_a_new_attendu_naming_known_skills_is_linked_to_the_bank_items_already_asked():
    known = make_attendu(text="Disposer de compétences pour travailler en équipe")
    new = make_attendu(text="Savoir travailler en groupe et faire preuve de rigueur")
    sync_items(attendus=[known])
    team = Item.objects.get(bank_key="travailler-en-equipe")

    report = sync_items(attendus=[new])

    links = list(new.item_links.order_by("position").select_related("item"))
    assert [link.item.bank_key for link in links] == [
        "travailler-en-equipe",
        "verifier-chaque-etape",
    ]
    assert links[0].item == team  # the same question: one answer counts for both attendus
    assert [link.status for link in links] == [ReviewStatus.DRAFT] * 2  # shown, to check
    assert [link.rule for link in links] == ["facet:equipe", "facet:rigueur"]
    assert {link.item.generation_rule for link in links} == {"banque"}
    assert report.outcomes == {"redige": 1}


# --- The bundled catalogue, as students get it -------------------------------------------------


@pytest.mark.django_db
def test_every_active_item_of_the_catalogue_meets_the_standard(real_catalogue):
    shown = Item.objects.in_questionnaire().filter(
        pk__in=AttenduItem.objects.shown().values("item_id")
    )
    failing = {
        item.statement: [
            str(d)
            for d in item_defects(statement=item.statement, example=item.example, kind=item.kind)
        ]
        for item in shown
    }
    assert {s: f for s, f in failing.items() if f} == {}
    doubles = [item.statement for item in shown if is_double_barrelled(item.statement)]
    assert len(doubles) <= MAX_DOUBLE_BARRELLED * shown.count(), doubles


@pytest.mark.django_db
def test_no_two_active_items_of_the_catalogue_share_a_statement(real_catalogue):
    statements = list(Item.objects.in_questionnaire().values_list("statement", flat=True))
    assert len(statements) == len(set(statements))


@pytest.mark.django_db
def test_every_attendu_of_the_catalogue_comes_from_the_bank(real_catalogue):
    bank = load_bank()
    texts = Attendu.objects.filter(programme_attendus__isnull=False).values_list("text", flat=True)
    assert [t for t in texts if bank.record_for(t) is None] == []
    assert (
        not AttenduItem.objects.exclude(status=AttenduItem.Status.BANK)
        .filter(attendu__programme_attendus__isnull=False)
        .exists()
    )
