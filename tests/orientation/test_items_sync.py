"""Item rows: seeded dimensions, the bank and the drafts written to the database, staff edits
and review decisions kept, commands."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from orientation import dimensions as dim
from orientation.itemgen.bank import parse_bank
from orientation.itemgen.sync import sync_items
from orientation.models import AttenduItem, Dimension, Item, ReviewStatus
from orientation.scoring import AttenduSpec, ItemSpec, ProgrammeSpec
from tests.factories import make_attendu, make_programme

pytestmark = pytest.mark.django_db

ORGANISATION = "Disposer de capacités d'organisation et d'autonomie"
EXPRESSION = (
    "Disposer de compétences en matière d'expression écrite et orale, y compris en anglais, "
    "pour communiquer et argumenter"
)
TEAM = "Disposer de compétences pour travailler en équipe"
TEAM_AND_HANDS = "Disposer d'aptitudes au travail manuel et de compétences collaboratives"
INTEREST = "S'intéresser aux métiers de l'industrie textile"
UNKNOWN = "S'intéresser aux enjeux sociétaux et environnementaux des process industriels"
PREREQUISITE = "Être titulaire du baccalauréat"

ITEMS = {
    "organiser": ("Je sais organiser mon travail sans qu'on me le rappelle", dim.ORGANISATION),
    "ecrire": ("Je sais écrire un texte clair", dim.EXPRESSION_ECRITE),
    "oral": ("Je sais présenter un exposé à l'oral", dim.EXPRESSION_ORALE),
    "anglais": ("Je sais me présenter en anglais", dim.LANGUES),
    "equipe": ("Je sais travailler en équipe", dim.EQUIPE),
    "manuel": ("J'aime travailler de mes mains", dim.PRATIQUE),
    "textile": ("J'aime regarder comment sont fabriqués mes vêtements", dim.INTERET_SECTEUR),
}
RECORDS = {
    ORGANISATION: ["organiser"],
    EXPRESSION: ["ecrire", "oral", "anglais"],
    TEAM: ["equipe"],
    TEAM_AND_HANDS: ["manuel", "equipe"],
    INTEREST: ["textile"],
}


def bank_source(items=ITEMS, records=RECORDS) -> str:
    lines = []
    for key, (statement, dimension) in items.items():
        kind = "interet" if statement.startswith("J'aime") else "competence"
        lines += [
            f"[items.{key}]",
            f'statement = "{statement}"',
            f'example = "Par exemple : au lycée, {statement.lower()}."',
            f'dimension = "{dimension}"',
            f'kind = "{kind}"',
            "",
        ]
    for text, keys in records.items():
        quoted = ", ".join(f'"{k}"' for k in keys)
        lines += ["[[attendus]]", f'texts = ["{text}"]', f"items = [{quoted}]", ""]
    return "\n".join(lines)


BANK = parse_bank({"test.toml": bank_source()})


def sync(**kwargs):
    return sync_items(bank=kwargs.pop("bank", BANK), **kwargs)


def asked(attendu) -> list[str]:
    return [
        link.item.statement
        for link in AttenduItem.objects.shown().filter(attendu=attendu).order_by("position")
    ]


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


def test_a_missing_dimension_is_recreated_from_the_seed_content():
    Dimension.objects.filter(slug=dim.CREATIVITE).delete()
    sync(attendus=[])
    assert Dimension.objects.get(slug=dim.CREATIVITE).name == "Créativité et sens artistique"


# --- The bank into the database -------------------------------------------------------------


def test_sync_writes_the_bank_items_of_each_attendu_in_order():
    expression = make_attendu(text=EXPRESSION)
    report = sync()
    assert asked(expression) == [ITEMS["ecrire"][0], ITEMS["oral"][0], ITEMS["anglais"][0]]
    item = Item.objects.get(bank_key="ecrire")
    assert item.statement == item.generated_statement == ITEMS["ecrire"][0]
    assert (item.dimension.slug, item.kind, item.generation_rule) == (
        dim.EXPRESSION_ECRITE,
        Item.Kind.COMPETENCE,
        "banque",
    )
    assert (item.is_active, item.obsolete, item.is_edited) == (True, False, False)
    assert set(expression.item_links.values_list("status", flat=True)) == {ReviewStatus.BANK}
    assert (report.created, report.outcomes) == (3, {"banque": 1})
    assert str(item) == item.statement


def test_two_attendus_asking_the_same_thing_share_one_item():
    team, both = make_attendu(text=TEAM), make_attendu(text=TEAM_AND_HANDS)
    sync()
    shared = Item.objects.get(bank_key="equipe")
    assert asked(team) == [shared.statement]
    assert asked(both) == [ITEMS["manuel"][0], shared.statement]
    assert Item.objects.filter(statement=shared.statement).count() == 1


def test_sync_is_idempotent(real_attendus):
    sync_items()
    before = list(Item.objects.values_list("pk", "statement", "updated_at"))
    links = list(AttenduItem.objects.values_list("pk", "attendu_id", "item_id", "position"))
    report = sync_items()
    assert (report.created, report.updated, report.obsoleted) == (0, 0, 0)
    assert list(Item.objects.values_list("pk", "statement", "updated_at")) == before
    assert list(AttenduItem.objects.values_list("pk", "attendu_id", "item_id", "position")) == links


def test_a_staff_edit_is_never_overwritten_and_the_new_bank_text_is_still_recorded():
    make_attendu(text=ORGANISATION)
    sync()
    item = Item.objects.get()
    item.statement = "Je tiens mes délais"
    item.dimension = Dimension.objects.get(slug=dim.RIGUEUR)
    item.is_active = False
    item.save()

    changed = {**ITEMS, "organiser": ("Je sais planifier mon travail", dim.ORGANISATION)}
    report = sync(bank=parse_bank({"t.toml": bank_source(items=changed)}))
    item.refresh_from_db()
    assert (item.statement, item.dimension.slug, item.is_active) == (
        "Je tiens mes délais",
        dim.RIGUEUR,
        False,
    )
    assert item.generated_statement == "Je sais planifier mon travail"
    assert item.example == item.generated_example  # not edited: follows the bank
    assert item.statement_edited and not item.example_edited
    assert (report.updated, report.kept_edits) == (1, 1)


def test_items_the_bank_no_longer_asks_become_obsolete_unless_edited():
    attendu = make_attendu(text=EXPRESSION)
    sync()
    edited = Item.objects.get(bank_key="anglais")
    edited.statement = "Je me débrouille en anglais"
    edited.save()
    fewer = {**RECORDS, EXPRESSION: ["ecrire"]}
    report = sync(bank=parse_bank({"t.toml": bank_source(records=fewer)}))
    assert asked(attendu) == [ITEMS["ecrire"][0], "Je me débrouille en anglais"]
    assert Item.objects.get(bank_key="oral").obsolete
    assert not edited.__class__.objects.get(pk=edited.pk).obsolete
    assert (report.obsoleted, report.kept_extra) == (1, 1)

    sync()
    assert not Item.objects.filter(obsolete=True).exists()
    assert len(asked(attendu)) == 3


def test_the_first_sync_adopts_the_row_that_already_has_the_sentence():
    """Answers already given to an item keep counting when the bank takes it over."""
    attendu = make_attendu(text=TEAM)
    dimension = Dimension.objects.get(slug=dim.EQUIPE)
    old = Item.objects.create(
        statement=ITEMS["equipe"][0],
        generated_statement=ITEMS["equipe"][0],
        dimension=dimension,
        generated_dimension=dimension,
    )
    sync()
    assert Item.objects.get(bank_key="equipe").pk == old.pk
    assert asked(attendu) == [old.statement]


# --- Attendus the bank does not know ----------------------------------------------------------


def test_a_draft_that_misses_the_standard_waits_for_an_editor_and_is_not_asked():
    attendu = make_attendu(text=UNKNOWN)
    report = sync()
    link = attendu.item_links.get()
    assert link.status == ReviewStatus.TO_REVIEW
    assert "jargon" in link.review_note
    assert asked(attendu) == []
    assert report.to_review == [(UNKNOWN, "brouillon non conforme à la charte")]
    assert report.unmapped == [UNKNOWN]

    link.status = ReviewStatus.APPROVED
    link.save()
    sync()
    link.refresh_from_db()
    assert link.status == ReviewStatus.APPROVED  # an editor's decision is kept
    assert asked(attendu) == [link.item.statement]


def test_a_prerequisite_is_skipped_with_its_reason():
    make_attendu(text=PREREQUISITE)
    report = sync()
    assert report.skipped == [(PREREQUISITE, "prérequis (diplôme, titre ou inscription)")]
    assert report.unmapped == []
    assert not AttenduItem.objects.exists()


# --- Database rules -------------------------------------------------------------------------


def test_no_two_active_items_may_share_a_statement():
    make_attendu(text=TEAM)
    sync()
    item = Item.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.create(statement=item.statement, dimension=item.dimension)
    Item.objects.create(statement=item.statement, dimension=item.dimension, is_active=False)


def test_positions_are_unique_within_an_attendu():
    attendu = make_attendu(text=TEAM)
    sync()
    other = Item.objects.create(statement="Je sais", dimension=Dimension.objects.first())
    with pytest.raises(IntegrityError):
        AttenduItem.objects.create(attendu=attendu, item=other, position=1)


# --- Commands -------------------------------------------------------------------------------


def test_the_generate_command_reports_and_is_idempotent(real_attendus):
    out = run("generate_questionnaire_items")
    assert "296 attendus (banque : 296, brouillons conformes : 0, à relire : 0, ignorés : 0)" in out
    out = run("generate_questionnaire_items")
    assert "0 créés, 0 mis à jour" in out


def test_the_generate_command_counts_the_edits_it_leaves_in_place(real_attendus):
    run("generate_questionnaire_items")
    item = Item.objects.get(bank_key="travailler-en-equipe")
    item.statement = "Je travaille volontiers en équipe"
    item.save()
    out = run("generate_questionnaire_items")
    # Right after an edit the bank did not change: one item kept as edited, no conflict.
    assert "1 item modifié par la rédaction laissé tel quel (dont 0 " in out
    item.refresh_from_db()
    assert item.statement == "Je travaille volontiers en équipe"


def test_the_generate_command_dry_run_writes_nothing():
    make_attendu(text=UNKNOWN)
    out = run("generate_questionnaire_items", "--dry-run", "--verbosity", "2")
    assert "[simulation] + [" in out
    assert "Attendus à relire dans l'administration :" in out
    assert f"  - {UNKNOWN} — brouillon non conforme à la charte" in out
    assert not Item.objects.exists()


def test_the_coverage_command_reports_approved_to_review_and_missing():
    make_programme(name="BTS A", attendus=[ORGANISATION, TEAM])
    make_programme(name="BTS B", attendus=[UNKNOWN, TEAM])
    call_command("generate_questionnaire_items", verbosity=0)
    out = run("items_coverage")
    assert "Attendus des formations : 3 ; validés : 2 (67 %) ; à relire : 1" in out
    assert "Occurrences dans les formations : 4 ; couvertes : 3 (75 %)" in out
    assert f"Attendus sans item posé aux élèves :\n  - {UNKNOWN} (1)" in out
    with pytest.raises(CommandError, match=r"1 attendus n'ont aucun item posé\."):
        call_command("items_coverage", "--strict", stdout=StringIO())


def test_the_coverage_command_passes_strict_when_the_bank_covers_everything():
    make_programme(name="BTS A", attendus=[ORGANISATION, TEAM, EXPRESSION])
    call_command("generate_questionnaire_items", verbosity=0)
    out = run("items_coverage", "--strict")
    assert "Attendus des formations : 3 ; validés : 3 (100 %) ; à relire : 0" in out
    assert "Tous les attendus des formations ont au moins un item posé." in out


def test_the_bank_check_command_passes_on_the_bundled_bank(real_attendus):
    out = run("check_item_bank")
    assert "0 problème(s)" in out


# --- Scoring inputs from the database -------------------------------------------------------


def test_programme_specs_share_attendus_and_items_between_programmes_in_fiche_order():
    first = make_programme(name="BTS A", attendus=[EXPRESSION, TEAM])
    second = make_programme(name="BTS B", attendus=[TEAM_AND_HANDS])
    hidden_programme = make_programme(name="BTS C", attendus=[INTEREST])
    hidden_programme.published = False
    hidden_programme.save()
    sync()
    Item.objects.filter(bank_key="oral").update(is_active=False)

    specs = Item.objects.in_questionnaire().programme_specs()
    by_id = {spec.programme_id: spec for spec in specs}
    assert set(by_id) == {first.pk, second.pk}
    expression, team = by_id[first.pk].attendus
    assert isinstance(expression, AttenduSpec)
    assert [i.dimension for i in expression.items] == [dim.EXPRESSION_ECRITE, dim.LANGUES]
    shared = ItemSpec(Item.objects.get(bank_key="equipe").pk, dim.EQUIPE)
    assert team.items == (shared,)
    assert shared in by_id[second.pk].attendus[0].items  # one answer counts in both
    assert isinstance(by_id[second.pk], ProgrammeSpec)


def test_programme_specs_can_be_limited_to_some_programmes():
    first = make_programme(name="BTS A", attendus=[ORGANISATION])
    make_programme(name="BTS B", attendus=[INTEREST])
    sync()
    specs = Item.objects.in_questionnaire().programme_specs(programmes=[first.pk])
    assert [s.programme_id for s in specs] == [first.pk]
