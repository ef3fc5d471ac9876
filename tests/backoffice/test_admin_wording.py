"""Django's generic admin wording, reworded in French where it read oddly
(orientation/config/admin_wording.py, locale/fr, templates/admin/change_list.html)."""

from __future__ import annotations

import gettext
import html
from pathlib import Path

import django
import pytest
import simple_history
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from orientation.config import admin_wording
from orientation.models import Cohort, Dimension, Response

DJANGO = Path(django.__file__).parent
CATALOGUES = {
    "admin": DJANGO / "contrib/admin/locale/fr/LC_MESSAGES/django.mo",
    "django": DJANGO / "conf/locale/fr/LC_MESSAGES/django.mo",
    "simple_history": Path(simple_history.__file__).parent / "locale/fr/LC_MESSAGES/django.mo",
}
LISTS = {
    "admin": admin_wording.DJANGO_ADMIN_MSGIDS,
    "django": admin_wording.DJANGO_MSGIDS,
    "simple_history": admin_wording.SIMPLE_HISTORY_MSGIDS,
}


def library_french(catalogue: str) -> gettext.GNUTranslations:
    with CATALOGUES[catalogue].open("rb") as file:
        return gettext.GNUTranslations(file)


def msgid(entry) -> str:
    """gettext_noop gives the msgid itself; the ngettext_lazy(…, 1) of a plural gives its
    singular msgid when read untranslated."""
    with translation.override(None):
        return str(entry)


@pytest.mark.parametrize("catalogue", sorted(LISTS))
def test_each_reworded_msgid_is_still_the_librarys_and_ours_wins(catalogue):
    """An upgrade that rewords a msgid would bring the library's French back without a word:
    every msgid listed must still be one of the library's, and translate to our wording."""
    theirs = library_french(catalogue)
    known = {key if isinstance(key, str) else key[0] for key in theirs._catalog}
    with translation.override("fr"):
        for entry in LISTS[catalogue]:
            text = msgid(entry)
            assert text in known, text
            if isinstance(entry, str):
                ours = translation.gettext(text)
                assert ours != theirs.gettext(text), text
            else:  # a plural: ours must word both forms
                ours = translation.ngettext(text, text, 1) + translation.ngettext(text, text, 2)
                assert ours != theirs.ngettext(text, text, 1) + theirs.ngettext(text, text, 2)
            assert "objet" not in ours and "sélectionnés" not in ours, ours


def page(client, url: str, params: dict | None = None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def test_a_list_is_titled_with_its_plural_name(counsellor_a, response_a):
    text = page(counsellor_a, reverse("admin:orientation_response_changelist"))
    assert "<h1>Réponses</h1>" in text
    assert "<title>Réponses | Cap BTS</title>" in text
    assert "Sélectionnez" not in text and "l’objet" not in text


def test_a_list_with_its_own_template_is_titled_too(editor, catalogue):
    text = page(editor, reverse("admin:orientation_item_changelist"))
    assert "<h1>Items du questionnaire</h1>" in text
    assert "Prévisualiser « Quels BTS me correspondent ? »" in text  # its own block kept


def test_a_filter_is_titled_by_its_criterion(counsellor_a, cohort_a):
    text = page(counsellor_a, reverse("admin:orientation_cohort_changelist"))
    assert "Critère : ouverte" in text
    assert "Par ouverte" not in text


def test_selection_and_actions_read_in_good_french(superuser, catalogue):
    text = page(superuser, reverse("admin:programmes_programme_changelist"))
    assert "Supprimer la sélection (formations)" in text
    assert "Sélectionner toutes les lignes de cette page pour une action" in text
    assert "Sélectionner « BTS comptabilité et gestion » pour une action" in text
    assert "formations sélectionnés" not in text and "objet" not in text


def test_a_saved_change_is_confirmed_without_objet(editor, catalogue):
    dimension = Dimension.objects.get(slug="travail-equipe")
    url = reverse("admin:orientation_dimension_change", args=[dimension.pk])
    saved = editor.post(
        url,
        {
            "name": dimension.name,
            "description": dimension.description,
            "advice": dimension.advice,
            "position": dimension.position,
        },
    )
    assert saved.status_code == 302
    messages = [strip_tags(str(m)) for m in get_messages(saved.wsgi_request)]
    assert messages == [f"Modifications enregistrées : dimension « {dimension.name} »."]
    text = page(editor, url)
    assert "<h1>Modification : dimension</h1>" in text


def test_the_deletion_page_reads_in_good_french(superuser, cohort_a):
    url = reverse("admin:orientation_cohort_delete", args=[cohort_a.pk])
    text = page(superuser, url)
    assert f"Voulez-vous vraiment supprimer « {cohort_a.name} » (cohorte) ?" in text
    assert 'value="Oui, supprimer"' in text
    assert Cohort.objects.filter(pk=cohort_a.pk).exists()


def test_the_history_page_reads_in_good_french(editor, catalogue):
    dimension = Dimension.objects.get(slug="travail-equipe")
    dimension.advice = "Nouveau conseil."
    dimension.save()
    text = page(editor, reverse("admin:orientation_dimension_history", args=[dimension.pk]))
    assert f"Historique des modifications : {dimension}" in text
    assert "<td>Modification</td>" in text
    assert "ouvrez-la avec « Voir cette version »" in text
    assert Response.objects.count() == 0
