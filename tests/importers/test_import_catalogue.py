"""Importing the bundled programmes/data/onisep folder: fiches + formations + Idéo-Métiers."""

from __future__ import annotations

import pytest

from programmes.importers.run import run_import
from programmes.models import Attendu, Domain, Metier, Programme, ProgrammeAttendu, ProgrammeMetier
from programmes.text import attendu_key
from tests.importers.conftest import AUDIOVISUEL_CODE, AUDIOVISUEL_FICHE, ONISEP, run_command

pytestmark = pytest.mark.django_db


def test_it_creates_the_123_programmes_and_their_792_ordered_attendus(bundled_import):
    assert bundled_import.ok
    assert Programme.objects.count() == 123
    assert ProgrammeAttendu.objects.count() == 792
    positions = {}
    for programme_id, position in ProgrammeAttendu.objects.values_list("programme_id", "position"):
        positions.setdefault(programme_id, []).append(position)
    assert all(sorted(p) == list(range(1, len(p) + 1)) for p in positions.values())
    assert Programme.objects.filter(kind="BTSA").count() == 21


def test_every_link_of_the_bundled_data_passes_the_link_policy(bundled_import):
    assert bundled_import.dropped_links == []
    assert Programme.objects.exclude(link_url="").count() == 123  # every fiche has one
    assert Metier.objects.filter(onisep_url="").count() == 0


def test_attendus_spelled_differently_share_one_attendu_row(bundled_import):
    assert Attendu.objects.count() == 296
    assert (
        len({attendu_key(text) for text in Attendu.objects.values_list("text", flat=True)}) == 296
    )
    # With or without commas, with ' or ’: one attendu used by many programmes.
    key = attendu_key(
        "Disposer de compétences en matière d'expression écrite et orale, y compris en anglais, "
        "pour communiquer et argumenter"
    )
    shared = Attendu.objects.get(text_key=key)
    users = set(shared.programme_attendus.values_list("programme__code_scolarite", flat=True))
    assert {"32025001", "32025013"} <= users  # assistance technique (no commas), mécatronique (’)


def test_the_reference_fiche_matches_its_file_field_by_field(bundled_import):
    p = Programme.objects.get(code_scolarite=AUDIOVISUEL_CODE)
    assert p.name == "BTS métiers de l'audiovisuel option gestion de production"
    assert p.slug == "bts-metiers-de-l-audiovisuel-option-gestion-de-production"
    assert p.sigle == ""
    assert p.kind == "BTS"
    assert p.kind_label == "brevet de technicien supérieur (BTS)"
    assert p.duration == "2 ans"
    assert p.certification_level == "niveau 5"
    assert p.link_url == "https://www.francecompetences.fr/recherche/rncp/37019"
    assert p.rncp_code == "37019"
    assert p.nsf_code == "323"
    assert p.onisep_id == "FOR.5813"
    assert p.onisep_url == "https://www.onisep.fr/http/redirection/formation/slug/FOR.5813"
    assert p.description.split("\n\n") == [
        "L'objectif de ce BTS est de former des assistants ou chargés de production. Présents à "
        "toutes les étapes d'une réalisation audiovisuelle, ils sont indispensables lors de la "
        "mise en place des projets et de leur suivi (administratif, juridique et financier) car "
        "ils chiffrent le coût prévisionnel (gestion des moyens matériels, humains et financiers) "
        "et établissent les contrats.",
        "Au cours de la formation, les élèves apprennent à mettre en place les moyens nécessaires "
        "à la production. Ils réalisent les plans de travail, organisent la logistique "
        "(déplacements, hébergement, restauration, sécurité des lieux, autorisations "
        "éventuelles).",
        "L'enseignement en environnement juridique et économique leur permet d'acquérir les "
        "compétences nécessaires à l'établissement des différents contrats (acteurs, techniciens, "
        "location de matériel et de salles). Ils sont capables de préparer les éléments "
        "nécessaires à la promotion, à la diffusion ou à la livraison d'un produit et d'en suivre "
        "toute l'exploitation (réseaux de distribution, produits dérivés, droits d'auteur, "
        "archivage). Ils apprennent à respecter l'enveloppe budgétaire d'un projet en s'appuyant "
        "notamment sur l'enseignement en économie et gestion.",
        "La formation est complétée par des cours d'anglais, langue indispensable pour faire "
        "avancer des projets qui ont souvent une dimension européenne ou internationale.",
    ]
    assert p.access == (
        "Le BTS métiers de l'audiovisuel option gestion de production est accessible après une "
        "mise à niveau, un bac général, un bac technologique STMG (sciences et technologies du "
        "management et de la gestion) ou STD2A (sciences et technologies du design et des arts "
        "appliqués) ou encore un bac professionnel. Accès sur dossier, voire tests et/ou "
        "entretien."
    )
    assert [(a.position, a.group, a.attendu.text) for a in p.programme_attendus.all()] == [
        (
            1,
            "",
            "S'intéresser aux métiers de l'audiovisuel dans leur globalité pour gérer des "
            "productions",
        ),
        (
            2,
            "",
            "Disposer de compétences pour travailler en équipe pour la mise en œuvre de projets",
        ),
        (3, "", "Disposer de capacités d'organisation et d'autonomie"),
        (
            4,
            "",
            "Disposer de compétences pour s'adapter à un environnement, pour le comprendre et en "
            "respecter les règles de fonctionnement",
        ),
        (
            5,
            "",
            "Disposer de compétences en matière de recherche documentaire et d'appétence pour le "
            "droit (suivi de contrats) et la comptabilité (suivi budgétaire de projets)",
        ),
        (
            6,
            "",
            "Disposer de compétences en matière d'expression écrite et orale, y compris en "
            "anglais, pour communiquer et argumenter",
        ),
    ]
    assert p.further_studies.startswith(
        "Le BTS est un diplôme conçu pour une insertion professionnelle. Cependant"
    )
    assert p.further_studies.endswith("techniques et activités de l'image et du son.")
    metiers = [(m.position, m.name, m.metier.onisep_id) for m in p.programme_metiers.all()]
    assert metiers == [
        (1, "régisseur/euse général/e cinéma", "MET.194"),
        (2, "chargé/e de production", "MET.193"),
    ]
    assert p.programme_metiers.get(position=1).metier.name == (
        "régisseur général / régisseuse générale cinéma"
    )
    assert [(d.parent.name, d.name) for d in p.domains.all()] == [
        ("information-communication, audiovisuel", "audiovisuel")
    ]
    assert set(p.bac_tracks.values_list("code", flat=True)) == {
        "general",
        "stmg",
        "std2a",
        "pro",
        "mise-a-niveau",
    }
    assert p.import_source == (
        f"{AUDIOVISUEL_FICHE.name} + "
        "formation_04903_bts_metiers_de_laudiovisuel_option_gestion_de_production.md"
    )
    assert p.imported_at is not None
    assert p.imported_values["rncp_code"] == "37019"
    assert len(p.imported_values["attendus"]) == 6
    assert "regisseur" in p.search_text and "audiovisuel" in p.search_text


def test_the_formations_files_give_the_domains_as_parent_and_child(bundled_import):
    assert Domain.objects.filter(parent=None).count() == 18
    assert not Programme.objects.filter(domains=None).exists()
    assert not Domain.objects.filter(parent__isnull=False, parent__parent__isnull=False).exists()
    assert Domain.objects.get(name="audiovisuel").slug == "audiovisuel"
    assert Programme.objects.in_domain("information-communication-audiovisuel").count() >= 1


def test_a_fiche_without_sigle_takes_the_sigle_of_its_formations_record(bundled_import):
    assert Programme.objects.get(code_scolarite="32025001").sigle == "ATI"
    assert Programme.objects.exclude(sigle="").count() == 62


def test_the_two_formations_records_without_fiche_are_skipped(bundled_import):
    assert Programme.objects.filter(code_scolarite__in=["32033607", "32032208"]).count() == 0
    assert [s.label.rsplit("/", 1)[-1] for s in bundled_import.skipped] == [
        "formation_02541_bts_metiers_de_la_coiffure.md",
        "formation_05649_bts_edition.md",
    ]


def test_metiers_are_loaded_and_437_of_547_fiche_metiers_linked(bundled_import):
    assert Metier.objects.count() == 928
    assert Metier.objects.get(onisep_id="MET.193").name_key == "charge de production"
    assert ProgrammeMetier.objects.count() == 547
    assert ProgrammeMetier.objects.filter(metier__isnull=False).count() == 437
    assert (bundled_import.metiers_linked, bundled_import.metiers_unlinked) == (437, 110)


def test_reimporting_the_same_data_changes_nothing_and_says_so(bundled_import):
    before = dict(Programme.objects.values_list("code_scolarite", "updated_at"))
    imported_at = dict(Programme.objects.values_list("code_scolarite", "imported_at"))
    report = run_import(paths=[ONISEP])
    assert report.ok
    assert [r.status.value for r in report.programmes] == ["unchanged"] * 123
    assert not report.conflicts
    assert (report.metiers.created, report.metiers.updated, report.metiers.unchanged) == (0, 0, 928)
    assert dict(Programme.objects.values_list("code_scolarite", "updated_at")) == before
    assert dict(Programme.objects.values_list("code_scolarite", "imported_at")) == imported_at
    assert "0 créée(s), 0 mise(s) à jour, 123 inchangée(s)" in report.summary()


def test_reimporting_through_the_command_prints_the_unchanged_summary(bundled_import):
    result = run_command(ONISEP)
    assert result.status == 0
    assert result.err == ""
    assert result.out.strip().splitlines()[-1] == (
        "Import terminé : 0 créée(s), 0 mise(s) à jour, 123 inchangée(s), 0 conflit(s), "
        "2 ignorée(s), 0 en échec."
    )


def test_an_onisep_change_updates_only_the_changed_field(bundled_import, tmp_path):
    fiche = AUDIOVISUEL_FICHE.read_text(encoding="utf-8").replace(
        "**Durée:** 2 ans", "**Durée:** 3 ans"
    )
    (tmp_path / AUDIOVISUEL_FICHE.name).write_text(fiche, encoding="utf-8")
    before = Programme.objects.get(code_scolarite=AUDIOVISUEL_CODE)
    report = run_import(paths=[tmp_path])
    (result,) = report.programmes
    assert (result.status.value, result.changed) == ("updated", ("duration",))
    after = Programme.objects.get(code_scolarite=AUDIOVISUEL_CODE)
    assert after.duration == "3 ans"
    assert after.imported_values["duration"] == "3 ans"
    assert after.updated_at > before.updated_at
    assert after.rncp_code == "37019"  # not given by this run: left alone
    assert after.import_source == AUDIOVISUEL_FICHE.name
    assert after.programme_attendus.count() == 6
