"""Sources given in separate runs, in any order: fiches, formations records, Idéo-Métiers."""

from __future__ import annotations

import json

import pytest

from programmes.importers.apply import plan_update, unique_slug
from programmes.importers.run import run_import
from programmes.models import Metier, Programme, ProgrammeMetier
from tests.importers.conftest import (
    AUDIOVISUEL_CODE,
    AUDIOVISUEL_FICHE,
    AUDIOVISUEL_FORMATION,
    METIERS_JSON,
    copy_into,
)


@pytest.mark.django_db
def test_a_formations_record_alone_completes_an_existing_programme(tmp_path):
    run_import(paths=[AUDIOVISUEL_FICHE])
    assert Programme.objects.get(code_scolarite=AUDIOVISUEL_CODE).rncp_code == ""
    report = run_import(paths=[AUDIOVISUEL_FORMATION])
    (result,) = report.programmes
    assert result.status.value == "updated"
    assert set(result.changed) == {"rncp_code", "nsf_code", "onisep_id", "onisep_url", "domains"}
    programme = Programme.objects.get(code_scolarite=AUDIOVISUEL_CODE)
    assert (programme.rncp_code, programme.onisep_id) == ("37019", "FOR.5813")
    assert programme.domains.get().name == "audiovisuel"
    assert programme.programme_attendus.count() == 6  # the fiche's data stays
    assert "audiovisuel" in programme.search_text


@pytest.mark.django_db
def test_a_formations_record_before_its_fiche_in_one_run_is_joined(tmp_path):
    folder = copy_into(tmp_path / "a-formations", AUDIOVISUEL_FORMATION)
    report = run_import(paths=[folder, AUDIOVISUEL_FICHE])
    assert [r.status.value for r in report.programmes] == ["created"]
    assert Programme.objects.get().rncp_code == "37019"


@pytest.mark.django_db
def test_loading_ideo_metiers_later_links_the_metiers_of_programmes_already_imported():
    run_import(paths=[AUDIOVISUEL_FICHE])
    assert not ProgrammeMetier.objects.filter(metier__isnull=False).exists()
    report = run_import(paths=[METIERS_JSON])
    assert report.metiers_relinked == 2
    assert list(
        ProgrammeMetier.objects.order_by("position").values_list("metier__onisep_id", flat=True)
    ) == ["MET.194", "MET.193"]
    # The links are now the imported state: re-importing the fiche changes nothing.
    again = run_import(paths=[AUDIOVISUEL_FICHE])
    assert [r.status.value for r in again.programmes] == ["unchanged"]


@pytest.mark.django_db
def test_metiers_are_upserted_on_their_onisep_id(tmp_path):
    rows = [
        {
            "libelle_metier": "chargé / chargée de production",
            "lien_site_onisepfr": "https://www.onisep.fr/http/redirection/metier/slug/MET.193",
            "code_rome": "L1302",
            "libelle_rome": "Production et administration spectacle, cinéma et audiovisuel",
            "domainesous-domaine": "arts, culture/cinéma",
        }
    ]
    path = tmp_path / "metiers.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    run_import(paths=[path])
    rows[0]["libelle_metier"] = "chargé / chargée de production audiovisuelle"
    path.write_text(json.dumps(rows), encoding="utf-8")
    report = run_import(paths=[path])
    assert (report.metiers.created, report.metiers.updated) == (0, 1)
    metier = Metier.objects.get()
    assert metier.name_key == "charge de production audiovisuelle"


def test_the_staff_edit_rule_field_by_field():
    plan = plan_update(
        wanted={"a": "onisep 2", "b": "onisep 2", "c": "onisep 1", "d": "x", "e": "y"},
        current={"a": "onisep 1", "b": "staff", "c": "staff", "d": "", "e": "staff"},
        imported={"a": "onisep 1", "b": "onisep 1", "c": "onisep 1"},
    )
    assert plan.changes == {"a": "onisep 2", "d": "x"}
    assert plan.conflicts == ["b", "e"]
    assert plan.baseline == {"a": "onisep 2", "b": "onisep 2", "d": "x", "e": "y"}


def test_slugs_are_unique_and_cut_between_words():
    taken = {"bts-banque"}
    assert unique_slug(name="BTS banque", taken=taken, max_length=120) == "bts-banque-2"
    assert unique_slug(name="BTS banque", taken=taken, max_length=120) == "bts-banque-3"
    long = unique_slug(name="BTS " + "technicien " * 20, taken=set(), max_length=30)
    assert long == "bts-technicien-technicien"
