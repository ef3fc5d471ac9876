"""Content editing by the Rédaction: change history (who, when, before → after) and previews."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from orientation.models import Dimension, Item, Response
from orientation.presentation import step_heading
from orientation.questionnaire import programme_questionnaire
from programmes.models import Programme
from tests.backoffice.conftest import RELATION
from tests.factories import make_programme

pytestmark = pytest.mark.django_db

NEW_STATEMENT = "Je sais accueillir un client et l'écouter avec attention"


def item_form(item: Item, **changes) -> dict:
    data = {
        "statement": item.statement,
        "example": item.example,
        "dimension": item.dimension_id,
        "kind": item.kind,
        "is_active": "on" if item.is_active else "",
        # The attendus inline, left as it is.
        "attendu_links-TOTAL_FORMS": "0",
        "attendu_links-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


@pytest.fixture
def relation_item(catalogue) -> Item:
    return Item.objects.filter(attendus__text=RELATION).order_by("attendu_links__position").first()


def test_history_records_who_changed_an_item_and_shows_before_and_after(editor, relation_item):
    before = relation_item.statement
    url = reverse("admin:orientation_item_change", args=[relation_item.pk])
    saved = editor.post(url, item_form(relation_item, statement=NEW_STATEMENT))
    assert saved.status_code == 302
    latest = relation_item.history.first()
    assert latest.history_user == editor.user
    assert latest.history_type == "~"
    assert latest.statement == NEW_STATEMENT
    assert latest.prev_record.statement == before
    page = editor.get(reverse("admin:orientation_item_history", args=[relation_item.pk]))
    html = page.content.decode()
    assert "redacteur" in html
    assert f'<del class="history-old">{escape(before)}</del>' in html
    assert f'<ins class="history-new">{escape(NEW_STATEMENT)}</ins>' in html
    assert not re.search(r"\sstyle=", html)


def test_history_shows_long_texts_whole_never_shortened(editor, relation_item):
    long_example = "Par exemple : " + " ".join(f"mot{n}" for n in range(60)) + "."
    url = reverse("admin:orientation_item_change", args=[relation_item.pk])
    before = relation_item.example
    assert editor.post(url, item_form(relation_item, example=long_example)).status_code == 302
    html = editor.get(reverse("admin:orientation_item_history", args=[relation_item.pk]))
    html = html.content.decode()
    assert escape(long_example) in html and escape(before) in html
    assert "chars]" not in html


def test_an_item_without_history_gets_its_previous_state_recorded_on_first_edit(
    editor, relation_item
):
    """Items written in bulk or before history began still show a before/after."""
    relation_item.history.all().delete()
    before = relation_item.statement
    url = reverse("admin:orientation_item_change", args=[relation_item.pk])
    editor.post(url, item_form(relation_item, statement=NEW_STATEMENT))
    baseline, edit = reversed(relation_item.history.all())
    assert (baseline.statement, baseline.history_user) == (before, None)
    assert (edit.statement, edit.history_user) == (NEW_STATEMENT, editor.user)


def test_restoring_the_generated_text_is_recorded_with_its_author(editor, relation_item):
    generated = relation_item.generated_statement
    relation_item.statement = "Texte modifié à la main"
    relation_item.save()
    editor.post(
        reverse("admin:orientation_item_changelist"),
        {"action": "restore_generated", "_selected_action": [relation_item.pk]},
    )
    latest = relation_item.history.first()
    assert (latest.statement, latest.history_user) == (generated, editor.user)
    assert latest.history_change_reason == "Retour au texte généré"


def test_history_records_dimension_advice_and_programme_edits(editor, catalogue):
    dimension = Dimension.objects.get(slug="travail-equipe")
    editor.post(
        reverse("admin:orientation_dimension_change", args=[dimension.pk]),
        {
            "name": dimension.name,
            "description": dimension.description,
            "advice": "Propose-toi pour répartir les tâches d'un exposé.",
            "position": dimension.position,
        },
    )
    latest = dimension.history.first()
    assert (latest.advice, latest.history_user) == (
        "Propose-toi pour répartir les tâches d'un exposé.",
        editor.user,
    )
    programme = catalogue["mco"]
    programme.name = "BTS MCO (nouveau nom)"
    programme._history_user = editor.user
    programme.save()
    assert programme.history.first().history_user == editor.user
    assert programme.history.first().prev_record.name == "BTS management commercial opérationnel"


def test_the_programme_page_links_to_its_questionnaire_preview(editor, catalogue):
    programme = catalogue["mco"]
    html = editor.get(
        reverse("admin:programmes_programme_change", args=[programme.pk])
    ).content.decode()
    assert reverse("admin:orientation_item_preview_programme", args=[programme.pk]) in html
    assert "Prévisualiser le questionnaire" in html


def test_the_preview_shows_the_questionnaire_a_student_gets_and_creates_nothing(editor, catalogue):
    programme = catalogue["mco"]
    url = reverse("admin:orientation_item_preview_programme", args=[programme.pk])
    page = editor.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    steps = programme_questionnaire(programme=programme)
    for step in steps:
        assert escape(step_heading(step)["title"]) in html
        for question in step["questions"]:
            assert escape(question["statement"]) in html
            if "item" in question:
                assert reverse("admin:orientation_item_change", args=[question["item"]]) in html
    assert html.count('<fieldset class="preview-question" disabled>') == sum(
        len(s["questions"]) for s in steps
    )
    assert "Tout à fait" in html and "Je ne sais pas" in html
    assert not re.search(r"\sstyle=", html)
    assert Response.objects.count() == 0


def test_the_preview_reflects_an_edit_at_once(editor, relation_item, catalogue):
    relation_item.statement = NEW_STATEMENT
    relation_item.save()
    url = reverse("admin:orientation_item_preview_programme", args=[catalogue["mco"].pk])
    assert escape(NEW_STATEMENT) in editor.get(url).content.decode()


def test_the_preview_of_a_programme_without_items_says_so(editor, db):
    empty = make_programme(name="BTS sans questionnaire", attendus=[], published=False)
    url = reverse("admin:orientation_item_preview_programme", args=[empty.pk])
    html = editor.get(url).content.decode()
    assert "Pas encore de questionnaire" in html
    assert "n'est pas publiée" in html


def test_the_discovery_preview_is_linked_from_the_item_list(editor, catalogue):
    html = editor.get(reverse("admin:orientation_item_changelist")).content.decode()
    url = reverse("admin:orientation_item_preview_discovery")
    assert url in html
    page = editor.get(url)
    assert page.status_code == 200
    assert "Ce qui te plaît" in page.content.decode()
    assert Response.objects.count() == 0


def test_an_unknown_programme_preview_is_404(editor):
    missing = (Programme.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    url = reverse("admin:orientation_item_preview_programme", args=[missing])
    assert editor.get(url).status_code == 404


def test_an_editor_cannot_change_a_programmes_slug_or_code_nor_an_official_attendu(
    editor, superuser, catalogue
):
    programme = catalogue["mco"]
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    html = editor.get(url).content.decode()
    assert 'name="slug"' not in html and 'name="code_scolarite"' not in html
    assert programme.slug in html  # shown, read-only
    assert 'name="name"' in html  # the rest stays editable
    admin_html = superuser.get(url).content.decode()
    assert 'name="slug"' in admin_html and 'name="code_scolarite"' in admin_html

    attendu = programme.programme_attendus.first().attendu
    url = reverse("admin:programmes_attendu_change", args=[attendu.pk])
    html = editor.get(url).content.decode()
    assert 'name="text"' not in html and escape(attendu.text) in html
    before = attendu.text
    editor.post(url, {"text": "Texte réécrit par la rédaction"})
    attendu.refresh_from_db()
    assert attendu.text == before
    assert 'name="text"' in superuser.get(url).content.decode()
