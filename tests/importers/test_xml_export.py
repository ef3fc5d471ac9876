"""The official XML export of Idéo-Fiches formations: BTS/BTSA only, fields mapped, HTML to text."""

from __future__ import annotations

import zipfile

import pytest

from programmes.importers.records import AttenduItem, MetierItem, SourceError
from programmes.importers.xml_export import html_to_text, parse_xml_export
from programmes.models import Programme, ProgrammeAttendu, ProgrammeMetier
from tests.importers.conftest import METIERS_JSON, XML_ZIP, run_command


@pytest.fixture(scope="module")
def export():
    with zipfile.ZipFile(XML_ZIP) as bundle:
        (name,) = bundle.namelist()
        data = bundle.read(name)
    return parse_xml_export(data=data, source="export.xml")


def fiche_of(export, code):
    (fiche,) = [f for f in export.fiches if f.code_scolarite == code]
    return fiche


def test_it_keeps_the_122_bts_and_btsa_and_skips_the_2042_others(export):
    assert len(export.fiches) == 122
    assert {f.kind for f in export.fiches} == {"BTS", "BTSA"}
    assert len(export.skipped) == 2042
    assert ("export.xml (FOR.1000)", "mastère spécialisé") in export.skipped
    assert export.problems == []


def test_it_maps_the_fields_of_a_record(export):
    fiche = fiche_of(export, "32031408")
    assert fiche.source == "export.xml (FOR.1054)"
    assert fiche.name == "BTS comptabilité et gestion"
    assert fiche.sigle == "CG"
    assert (fiche.kind, fiche.kind_label) == ("BTS", "brevet de technicien supérieur (BTS)")
    assert fiche.duration == "2 ans"
    assert fiche.certification_level == "niveau 5"
    assert fiche.link_url == (
        "http://enqdip.sup.adc.education.fr/bts/referentiel/BTS_ComptabiliteGestion.pdf"
    )
    assert fiche.onisep_id == "FOR.1054"
    assert fiche.onisep_url == "https://www.onisep.fr/http/redirection/formation/slug/FOR.1054"
    assert fiche.nsf_code == "314"
    assert len(fiche.description.split("\n\n")) == 5
    assert fiche.access == (
        "Le BTS comptabilité et gestion est accessible à tout titulaire d'un baccalauréat : bac "
        "STMG, bac pro, bac général. Accès sur dossier, voire tests et/ou entretien."
    )
    assert len(fiche.attendus) == 7
    assert fiche.attendus[0] == AttenduItem(
        "S'intéresser au management et à la gestion des entreprises et à leur environnement "
        "économique et juridique"
    )
    assert fiche.further_studies.startswith("Le BTS a pour objectif l'insertion professionnelle")
    assert fiche.metiers[0] == MetierItem("assistant/e de gestion en PME", "MET.797")


def test_html_is_turned_into_plain_text(export):
    texts = [
        text
        for f in export.fiches
        for text in (f.description, f.access, f.further_studies, *(a.text for a in f.attendus))
    ]
    assert not [t for t in texts if "<" in t or "&lt;" in t or "&amp;" in t]
    fiche = fiche_of(export, "32025001")  # assistance technique d'ingénieur: a list
    assert "\n\n- en organisation de projets, il est à même" in fiche.description
    assert len(fiche.attendus) == 6


def test_html_to_text_keeps_paragraphs_and_list_items():
    html = (
        "<h5>Accès</h5><p>Un&nbsp;texte &amp; du <b>gras</b>.</p>"
        "<ul><li><p>un</p></li><li>deux</li></ul><p>fin</p>"
    )
    assert html_to_text(html=html, drop_headings=("acces",)) == (
        "Un texte & du gras.\n\n- un\n- deux\n\nfin"
    )


def test_a_paragraph_before_a_list_groups_the_attendus_and_loses_its_semicolons(export):
    (aquaculture,) = [f for f in export.fiches if f.name == "BTSA aquaculture"]
    assert [a.group for a in aquaculture.attendus] == ["Intérêts"] * 2 + [
        "Capacités et connaissances attendues"
    ] * 5
    assert aquaculture.attendus[0].text == (
        "S'intéresser aux écosystèmes aquatiques en lien avec les enjeux sociétaux et "
        "environnementaux"
    )


def test_paragraph_attendus_without_a_list_are_attendus(export):
    (fiche,) = [f for f in export.fiches if f.name.endswith("option B traitements de surfaces")]
    assert len(fiche.attendus) == 7
    assert {a.group for a in fiche.attendus} == {""}


def test_a_bts_record_without_code_fails_alone_and_other_diplomas_are_skipped():
    data = b"""<?xml version="1.0" encoding="UTF-8"?><formations>
      <formation><identifiant>FOR.1</identifiant><code_scolarite/>
        <libelle_complet>BTS sans code</libelle_complet>
        <type_Formation><type_formation_sigle>BTS</type_formation_sigle></type_Formation>
      </formation>
      <formation><identifiant>FOR.2</identifiant><code_scolarite/>
        <libelle_complet>licence pro sans code</libelle_complet>
        <type_Formation><type_formation_sigle>LP</type_formation_sigle>
          <type_formation_libelle>licence professionnelle</type_formation_libelle></type_Formation>
      </formation></formations>"""
    export = parse_xml_export(data=data, source="e.xml")
    assert export.fiches == []
    assert export.skipped == [("e.xml (FOR.2)", "licence professionnelle")]
    assert export.problems == [
        ("e.xml (FOR.1)", "pas de code scolarité (ligne « **Code scolarité:** »)")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><formations/>', "DTD"),
        (b"<fiches><fiche/></fiches>", "racine <fiches>"),
    ],
)
def test_it_refuses_an_xml_that_is_not_an_export(data, message):
    with pytest.raises(SourceError) as error:
        parse_xml_export(data=data, source="e.xml")
    assert message in error.value.message


@pytest.mark.django_db
def test_importing_the_xml_zip_creates_the_bts_programmes_with_linked_metiers():
    result = run_command(XML_ZIP, METIERS_JSON)
    assert result.status == 0, result.err
    assert "Import terminé : 122 créée(s), 0 mise(s) à jour" in result.out
    assert "2042 ignorée(s), 0 en échec." in result.out
    assert Programme.objects.count() == 122
    programme = Programme.objects.get(code_scolarite="32031408")
    assert programme.onisep_id == "FOR.1054"
    assert programme.import_source == (
        "ideo-fiches-formations-2024-06-25.xml.zip:Onisep_Ideo_Fiches_Formations_25062024.xml"
    )
    assert set(programme.bac_tracks.values_list("code", flat=True)) == {"general", "stmg", "pro"}
    assert ProgrammeAttendu.objects.filter(programme=programme).count() == 7
    # The export names métiers by their Idéo-Métiers id: every known id links.
    linked = ProgrammeMetier.objects.filter(metier__isnull=False)
    assert linked.count() == ProgrammeMetier.objects.count()
    assert programme.programme_metiers.get(position=1).metier.onisep_id == "MET.797"
