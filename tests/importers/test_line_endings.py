"""A text saved from the admin (a browser ends its lines in CR LF) is not a staff edit: the next
ONISEP update of it applies, without a conflict. Rows saved before this rule are normalised by a
data migration."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from programmes.importers.apply import plan_update
from programmes.importers.run import run_import
from programmes.models import Programme
from tests.importers.conftest import AUDIOVISUEL_CODE, AUDIOVISUEL_FICHE, copy_into
from tests.programmes.admin_forms import programme_change_data

pytestmark = pytest.mark.django_db

FIRST_PARAGRAPH = "L'objectif de ce BTS est de former des assistants ou chargés de production."


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def test_a_text_that_differs_only_by_its_line_endings_is_not_an_edit():
    plan = plan_update(
        wanted={"description": "Un.\nDeux, mis à jour."},
        current={"description": "Un.\r\nDeux."},
        imported={"description": "Un.\nDeux."},
    )
    assert plan.changes == {"description": "Un.\nDeux, mis à jour."}
    assert plan.conflicts == []


@pytest.fixture
def imported(tmp_path) -> Programme:
    assert run_import(paths=[copy_into(tmp_path / "v1", AUDIOVISUEL_FICHE)]).ok
    programme = Programme.objects.get(code_scolarite=AUDIOVISUEL_CODE)
    assert "\n" in programme.description  # several paragraphs: the case that matters
    return programme


def test_saving_a_programme_untouched_in_the_admin_keeps_its_texts_and_onisep_updates_them(
    admin_client, imported, tmp_path
):
    # What a browser posts for a form nobody changed: every textarea with CR LF.
    data = programme_change_data(
        imported,
        description=crlf(imported.description),
        access=crlf(imported.access),
        further_studies=crlf(imported.further_studies),
    )
    url = reverse("admin:programmes_programme_change", args=[imported.pk])
    assert admin_client.post(url, data).status_code == 302
    saved = Programme.objects.get(pk=imported.pk)
    assert "\r" not in saved.description + saved.access + saved.further_studies
    assert saved.description == imported.description

    changed = AUDIOVISUEL_FICHE.read_text(encoding="utf-8").replace(
        FIRST_PARAGRAPH, "Nouveau texte ONISEP."
    )
    folder = tmp_path / "v2"
    folder.mkdir()
    (folder / AUDIOVISUEL_FICHE.name).write_text(changed, encoding="utf-8")
    report = run_import(paths=[folder])
    assert report.conflicts == []
    assert "Nouveau texte ONISEP." in Programme.objects.get(pk=imported.pk).description


def test_the_data_migration_gives_rows_saved_with_cr_lf_their_lf(imported):
    Programme.objects.filter(pk=imported.pk).update(
        description=crlf(imported.description), access="Ligne 1\rLigne 2"
    )
    migration = importlib.import_module("programmes.migrations.0004_normalise_newlines")
    migration.normalise(apps, None)
    row = Programme.objects.get(pk=imported.pk)
    assert row.description == imported.description
    assert row.access == "Ligne 1\nLigne 2"
