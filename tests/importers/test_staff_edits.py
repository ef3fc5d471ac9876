"""The staff-edit rule: what the staff edited is never overwritten; a double change is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from programmes.importers.run import run_import
from programmes.models import BacTrack, Programme, ProgrammeAttendu
from tests.importers.conftest import (
    AUDIOVISUEL_CODE,
    AUDIOVISUEL_FICHE,
    AUDIOVISUEL_FORMATION,
    copy_into,
    run_command,
)

pytestmark = pytest.mark.django_db

ORIGINAL = AUDIOVISUEL_FICHE.read_text(encoding="utf-8")
FIRST_PARAGRAPH = "L'objectif de ce BTS est de former des assistants ou chargés de production."


def write_fiche(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / AUDIOVISUEL_FICHE.name
    path.write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def imported(tmp_path) -> Programme:
    report = run_import(
        paths=[copy_into(tmp_path / "v1", AUDIOVISUEL_FICHE, AUDIOVISUEL_FORMATION)]
    )
    assert report.ok and len(report.programmes) == 1
    return Programme.objects.get(code_scolarite=AUDIOVISUEL_CODE)


def edit(programme: Programme, **fields) -> None:
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.save()


def test_a_staff_edit_survives_a_reimport_of_the_same_data(imported, tmp_path):
    edit(imported, description="Texte réécrit par la rédaction.")
    report = run_import(paths=[tmp_path / "v1"])
    assert [r.status.value for r in report.programmes] == ["unchanged"]
    assert report.conflicts == []
    assert Programme.objects.get(pk=imported.pk).description == "Texte réécrit par la rédaction."


def test_a_field_changed_by_staff_and_onisep_is_kept_and_reported_as_a_conflict(imported, tmp_path):
    edit(imported, description="Texte réécrit par la rédaction.")
    changed = ORIGINAL.replace(FIRST_PARAGRAPH, "Nouveau texte ONISEP.").replace(
        "**Durée:** 2 ans", "**Durée:** 3 ans"
    )
    folder = write_fiche(tmp_path / "v2", changed)
    result = run_command(folder)
    assert result.status == 0
    conflict_lines = [line for line in result.out.splitlines() if "conflit sur" in line]
    assert conflict_lines == [
        f"{folder / AUDIOVISUEL_FICHE.name} : conflit sur « description » (formation "
        f"{AUDIOVISUEL_CODE}) : modifié par la rédaction et changé par ONISEP ; la valeur de la "
        "rédaction est conservée"
    ]
    assert "1 mise(s) à jour, 0 inchangée(s), 1 conflit(s)" in result.out
    programme = Programme.objects.get(pk=imported.pk)
    assert programme.description == "Texte réécrit par la rédaction."
    assert programme.duration == "3 ans"  # not edited by staff: ONISEP's change applies
    # The conflict is reported once: the same data again is quiet.
    again = run_import(paths=[folder])
    assert again.conflicts == []
    assert [r.status.value for r in again.programmes] == ["unchanged"]


def test_edited_attendus_are_kept_and_an_onisep_change_to_them_is_a_conflict(imported, tmp_path):
    ProgrammeAttendu.objects.filter(programme=imported, position=6).delete()
    changed = ORIGINAL.replace(
        "Disposer de capacités d'organisation et d'autonomie",
        "Disposer de solides capacités d'organisation",
    )
    report = run_import(paths=[write_fiche(tmp_path / "v2", changed)])
    assert [(c.field, c.code) for c in report.conflicts] == [("attendus", AUDIOVISUEL_CODE)]
    assert ProgrammeAttendu.objects.filter(programme=imported).count() == 5


def test_an_apostrophe_variant_of_an_attendu_is_not_an_edit(imported, tmp_path):
    changed = ORIGINAL.replace("S'intéresser aux métiers", "S’intéresser aux métiers")
    report = run_import(paths=[write_fiche(tmp_path / "v2", changed)])
    assert [r.status.value for r in report.programmes] == ["unchanged"]


def test_edited_bac_tracks_are_kept(imported, tmp_path):
    imported.bac_tracks.remove(BacTrack.objects.get(code="pro"))
    report = run_import(paths=[tmp_path / "v1"])
    assert report.conflicts == []
    assert "pro" not in set(imported.bac_tracks.values_list("code", flat=True))


def test_when_staff_put_back_the_onisep_value_the_field_follows_onisep_again(imported, tmp_path):
    edit(imported, duration="deux ans")
    folder = write_fiche(tmp_path / "v2", ORIGINAL.replace("**Durée:** 2 ans", "**Durée:** 3 ans"))
    assert [c.field for c in run_import(paths=[folder]).conflicts] == ["duration"]
    edit(Programme.objects.get(pk=imported.pk), duration="3 ans")
    assert run_import(paths=[folder]).conflicts == []
    folder = write_fiche(tmp_path / "v3", ORIGINAL.replace("**Durée:** 2 ans", "**Durée:** 4 ans"))
    report = run_import(paths=[folder])
    assert report.conflicts == []
    assert Programme.objects.get(pk=imported.pk).duration == "4 ans"


def test_the_slug_stays_when_the_name_changes(imported, tmp_path):
    changed = ORIGINAL.replace(
        "# BTS métiers de l'audiovisuel option gestion de production",
        "# BTS métiers de l'audiovisuel option production",
    )
    run_import(paths=[write_fiche(tmp_path / "v2", changed)])
    programme = Programme.objects.get(pk=imported.pk)
    assert programme.name == "BTS métiers de l'audiovisuel option production"
    assert programme.slug == "bts-metiers-de-l-audiovisuel-option-gestion-de-production"
    assert "option production" in programme.search_text


def test_a_programme_created_by_hand_keeps_its_filled_fields(tmp_path):
    Programme.objects.create(
        code_scolarite=AUDIOVISUEL_CODE,
        slug="audiovisuel-production",
        name="BTS audiovisuel (production)",
        description="Présentation maison.",
    )
    report = run_import(paths=[copy_into(tmp_path, AUDIOVISUEL_FICHE)])
    assert sorted(c.field for c in report.conflicts) == ["description", "name"]
    programme = Programme.objects.get(code_scolarite=AUDIOVISUEL_CODE)
    assert (programme.name, programme.description) == (
        "BTS audiovisuel (production)",
        "Présentation maison.",
    )
    assert programme.slug == "audiovisuel-production"
    assert programme.duration == "2 ans"  # empty, so filled
    assert programme.programme_attendus.count() == 6


def test_dry_run_prints_what_would_change_and_writes_nothing(imported, tmp_path):
    changed = ORIGINAL.replace("**Durée:** 2 ans", "**Durée:** 3 ans")
    result = run_command(write_fiche(tmp_path / "v2", changed), dry_run=True)
    assert result.status == 0
    assert (
        f"mise à jour : BTS métiers de l'audiovisuel option gestion de production "
        f"({AUDIOVISUEL_CODE}) : durée ←" in result.out
    )
    assert "Simulation (rien n'est enregistré) : 0 créée(s), 1 mise(s) à jour" in result.out
    programme = Programme.objects.get(pk=imported.pk)
    assert programme.duration == "2 ans"
    assert programme.updated_at == imported.updated_at


def test_dry_run_on_an_empty_catalogue_creates_nothing(tmp_path):
    result = run_command(copy_into(tmp_path, AUDIOVISUEL_FICHE), dry_run=True)
    assert "créée : BTS métiers de l'audiovisuel option gestion de production" in result.out
    assert Programme.objects.count() == 0
    assert ProgrammeAttendu.objects.count() == 0
