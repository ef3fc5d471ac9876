"""Item rows: seeded dimensions, generation into the database, staff edits, commands."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from orientation import dimensions as dim
from orientation.itemgen import ItemDraft
from orientation.itemgen import sync as sync_module
from orientation.itemgen.sync import sync_items
from orientation.models import Dimension, Item, ItemKind
from orientation.scoring import AttenduSpec, ItemSpec, ProgrammeSpec
from tests.factories import make_attendu, make_programme

pytestmark = pytest.mark.django_db

ORGANISATION = "Disposer de capacités d'organisation et d'autonomie"
EXPRESSION = (
    "Disposer de compétences en matière d'expression écrite et orale, y compris en anglais, "
    "pour communiquer et argumenter"
)
INTEREST = "S'intéresser aux métiers de l'industrie textile"


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


# --- Dimensions -----------------------------------------------------------------------------


def test_the_migration_seeds_the_fifteen_dimensions_in_order():
    assert list(Dimension.objects.values_list("slug", flat=True)) == list(dim.DIMENSION_SLUGS)
    assert len(dim.DIMENSIONS) == 15


@pytest.mark.parametrize("data", dim.DIMENSIONS, ids=lambda d: d.slug)
def test_every_dimension_has_french_advice_of_two_to_four_sentences(data):
    row = Dimension.objects.get(slug=data.slug)
    assert (row.name, row.description, row.advice) == (data.name, data.description, data.advice)
    sentences = [s for s in data.advice.replace("!", ".").split(".") if s.strip()]
    assert 2 <= len(sentences) <= 4, data.advice
    assert data.example.startswith("Par exemple : ")
    assert str(row) == data.name


# --- Generation into the database -----------------------------------------------------------


def test_sync_creates_items_for_every_real_attendu(real_attendus):
    report = sync_items()
    assert report.unmapped == []
    assert report.attendus == 296
    assert report.created == Item.objects.count() == 374
    item = Item.objects.get(attendu__text=ORGANISATION)
    assert (
        item.statement
        == item.generated_statement
        == "Je sais m'organiser et travailler en autonomie"
    )
    assert item.dimension.slug == dim.ORGANISATION
    assert item.generated_dimension == item.dimension
    assert item.kind == Item.Kind.COMPETENCE
    assert item.generation_rule == "facet:organisation"
    assert item.example.startswith("Par exemple : ")
    assert (item.position, item.is_active, item.obsolete, item.is_edited) == (1, True, False, False)
    assert str(item) == item.statement


def test_it_stores_one_row_per_split_skill_in_text_order():
    attendu = make_attendu(text=EXPRESSION)
    sync_items()
    assert [(i.position, i.dimension.slug) for i in attendu.items.all()] == [
        (1, dim.EXPRESSION_ECRITE),
        (2, dim.EXPRESSION_ORALE),
        (3, dim.LANGUES),
    ]


def test_sync_is_idempotent(real_attendus):
    sync_items()
    before = list(Item.objects.values_list("pk", "statement", "updated_at"))
    report = sync_items()
    assert (report.created, report.updated, report.obsoleted) == (0, 0, 0)
    assert report.unchanged == 374
    assert list(Item.objects.values_list("pk", "statement", "updated_at")) == before


def test_a_staff_edit_is_never_overwritten_by_regeneration():
    make_attendu(text=ORGANISATION)
    sync_items()
    item = Item.objects.get()
    item.statement = "Je m'organise et je tiens mes délais"
    item.example = "Par exemple : mon agenda."
    item.dimension = Dimension.objects.get(slug=dim.RIGUEUR)
    item.is_active = False
    item.save()
    assert item.is_edited

    report = sync_items()
    item.refresh_from_db()
    assert item.statement == "Je m'organise et je tiens mes délais"
    assert item.example == "Par exemple : mon agenda."
    assert item.dimension.slug == dim.RIGUEUR
    assert item.is_active is False
    assert item.generated_statement == "Je sais m'organiser et travailler en autonomie"
    assert (report.updated, report.kept_edits) == (0, 0)


def test_a_staff_edit_survives_a_changed_generator_which_still_refreshes_the_generated_copy(
    monkeypatch,
):
    make_attendu(text=ORGANISATION)
    sync_items()
    item = Item.objects.get()
    item.statement = "Je sais m'organiser"
    item.save()

    new = ItemDraft(
        statement="Je sais planifier mon travail",
        example="Par exemple : un planning.",
        dimension=dim.ORGANISATION,
        kind=ItemKind.COMPETENCE,
        rule="facet:organisation",
    )
    monkeypatch.setattr(sync_module, "generate_items", lambda *, text: [new])
    report = sync_items()
    item.refresh_from_db()
    assert item.statement == "Je sais m'organiser"  # edited: kept
    assert item.generated_statement == "Je sais planifier mon travail"  # still recorded
    assert item.example == item.generated_example == "Par exemple : un planning."  # not edited
    assert item.statement_edited and not item.example_edited
    assert (report.updated, report.kept_edits) == (1, 1)


def test_items_the_generator_no_longer_produces_become_obsolete_unless_edited(monkeypatch):
    attendu = make_attendu(text=EXPRESSION)
    sync_items()
    edited = attendu.items.get(position=3)
    edited.statement = "Je me débrouille en anglais"
    edited.save()
    first = sync_module.generate_items(text=EXPRESSION)[0]
    monkeypatch.setattr(sync_module, "generate_items", lambda *, text: [first])

    report = sync_items()
    states = {i.position: (i.obsolete, i.is_active) for i in attendu.items.all()}
    assert states == {1: (False, True), 2: (True, True), 3: (False, True)}
    assert (report.obsoleted, report.kept_extra) == (1, 1)
    assert list(Item.objects.in_questionnaire().values_list("position", flat=True)) == [1, 3]

    monkeypatch.undo()
    report = sync_items()
    assert not attendu.items.filter(obsolete=True).exists()
    assert report.updated == 1


def test_an_attendu_no_rule_understands_is_reported_unmapped():
    make_attendu(text="Les candidats doivent être motivés")
    report = sync_items()
    assert report.unmapped == ["Les candidats doivent être motivés"]
    assert not Item.objects.exists()


def test_a_missing_dimension_is_recreated_from_the_seed_content():
    Dimension.objects.filter(slug=dim.CREATIVITE).delete()
    sync_items(attendus=[])
    assert Dimension.objects.get(slug=dim.CREATIVITE).name == "Créativité et sens artistique"


def test_positions_are_unique_within_an_attendu():
    attendu = make_attendu(text=ORGANISATION)
    sync_items()
    item = attendu.items.get()
    with pytest.raises(IntegrityError):
        Item.objects.create(
            attendu=attendu, position=1, dimension=item.dimension, statement="Je sais"
        )


# --- Commands -------------------------------------------------------------------------------


def test_the_generate_command_reports_and_is_idempotent(real_attendus):
    out = run("generate_questionnaire_items")
    assert (
        "296 attendus : 374 items créés, 0 mis à jour, 0 inchangés, 0 devenus obsolètes ; "
        "0 modifications de la rédaction conservées." in out
    )
    out = run("generate_questionnaire_items")
    assert "0 items créés, 0 mis à jour, 374 inchangés" in out


def test_the_generate_command_dry_run_writes_nothing():
    make_attendu(text=ORGANISATION)
    out = run("generate_questionnaire_items", "--dry-run", "--verbosity", "2")
    assert "[simulation] + [" in out
    assert "Je sais m'organiser et travailler en autonomie" in out
    assert "[simulation] 1 attendus : 1 items créés" in out
    assert not Item.objects.exists()


def test_the_generate_command_lists_unmapped_attendus():
    make_attendu(text="Les candidats doivent être motivés")
    out = run("generate_questionnaire_items")
    assert "1 attendus sans item (aucune règle ne s'applique) :" in out
    assert "  - Les candidats doivent être motivés" in out


def test_the_coverage_command_counts_attendus_and_occurrences(real_attendus):
    make_programme(name="BTS A", attendus=[ORGANISATION, EXPRESSION, INTEREST])
    make_programme(name="BTS B", attendus=[ORGANISATION, "Les candidats doivent être motivés"])
    out = run("items_coverage")
    assert "Attendus : 297 ; couverts : 0 (0 %) ; sans item : 297" in out

    call_command("generate_questionnaire_items", verbosity=0)
    out = run("items_coverage")
    assert "Attendus : 297 ; couverts : 296 (100 %) ; sans item : 1" in out
    assert "Occurrences dans les formations : 5 ; couvertes : 4 (80 %)" in out
    assert "Items dans le questionnaire : 374 (modifiés par la rédaction : 0" in out
    assert "  Intérêt pour le secteur : 133" in out
    assert "Attendus sans item :\n  - Les candidats doivent être motivés (1)" in out
    with pytest.raises(CommandError, match=r"1 attendus n'ont aucun item\."):
        call_command("items_coverage", "--strict", stdout=StringIO())


def test_the_coverage_command_passes_strict_when_everything_is_mapped(real_attendus):
    call_command("generate_questionnaire_items", verbosity=0)
    out = run("items_coverage", "--strict")
    assert "Attendus : 296 ; couverts : 296 (100 %) ; sans item : 0" in out
    assert "Tous les attendus ont au moins un item." in out


def test_an_inactive_item_no_longer_covers_its_attendu():
    make_attendu(text=ORGANISATION)
    sync_items()
    Item.objects.update(is_active=False)
    assert "couverts : 0 (0 %) ; sans item : 1" in run("items_coverage")


# --- Scoring inputs from the database -------------------------------------------------------


def test_programme_specs_share_attendus_between_programmes_and_keep_fiche_order():
    first = make_programme(name="BTS A", attendus=[EXPRESSION, ORGANISATION])
    second = make_programme(name="BTS B", attendus=[ORGANISATION])
    hidden_programme = make_programme(name="BTS C", attendus=[INTEREST])
    hidden_programme.published = False
    hidden_programme.save()
    sync_items()
    hidden = Item.objects.get(attendu__text=EXPRESSION, position=2)
    hidden.is_active = False
    hidden.save()

    specs = Item.objects.in_questionnaire().programme_specs()
    by_id = {spec.programme_id: spec for spec in specs}
    assert set(by_id) == {first.pk, second.pk}
    expression, organisation = by_id[first.pk].attendus
    assert isinstance(expression, AttenduSpec)
    assert [i.dimension for i in expression.items] == [dim.EXPRESSION_ECRITE, dim.LANGUES]
    assert by_id[second.pk].attendus[0] is organisation
    (item,) = organisation.items
    assert item == ItemSpec(Item.objects.get(attendu__text=ORGANISATION).pk, dim.ORGANISATION)
    assert isinstance(by_id[second.pk], ProgrammeSpec)


def test_programme_specs_can_be_limited_to_some_programmes():
    first = make_programme(name="BTS A", attendus=[ORGANISATION])
    make_programme(name="BTS B", attendus=[INTEREST])
    sync_items()
    specs = Item.objects.in_questionnaire().programme_specs(programmes=[first.pk])
    assert [s.programme_id for s in specs] == [first.pk]
