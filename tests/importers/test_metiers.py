"""Idéo-Métiers: parsing the JSON and matching the métier titles of the fiches."""

from __future__ import annotations

import json

import pytest

from programmes.importers.metiers import (
    build_metier_index,
    metier_key,
    metier_keys,
    parse_metiers_json,
)
from programmes.importers.records import SourceError
from programmes.importers.run import run_import
from programmes.models import Metier
from tests.importers.conftest import METIERS_JSON


@pytest.fixture(scope="module")
def metiers():
    return parse_metiers_json(text=METIERS_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index(metiers):
    return build_metier_index(rows=[(pk, m.name, m.onisep_id) for pk, m in enumerate(metiers)])


def test_it_keeps_one_metier_per_onisep_id(metiers):
    assert len(metiers) == 928
    assert len({m.onisep_id for m in metiers}) == 928
    (chargé,) = [m for m in metiers if m.onisep_id == "MET.193"]
    assert chargé.name == "chargé / chargée de production"
    assert chargé.onisep_url == "https://www.onisep.fr/http/redirection/metier/slug/MET.193"


def test_it_keeps_the_first_rome_code_and_its_label_of_a_multi_code_entry(metiers):
    assert all(len(m.rome_code) <= 10 for m in metiers)
    assert all(len(m.domain_label) <= 300 for m in metiers)
    (sport,) = [m for m in metiers if m.onisep_id == "MET.569"]
    assert (sport.rome_code, sport.rome_label) == ("G1204", "Éducation en activités sportives")
    assert sport.domain_label == "santé, social, sport/sport"


@pytest.mark.parametrize(
    ("name", "masculine"),
    [
        ("régisseur/euse général/e cinéma", "regisseur general cinema"),
        ("régisseur général / régisseuse générale cinéma", "regisseur general cinema"),
        (
            "éducateur sportif / éducatrice sportive des activités aquatiques et de la natation",
            "educateur sportif des activites aquatiques et de la natation",
        ),
        ("technicien/ne d'essais", "technicien d'essais"),
        ("technicien / technicienne d'essais", "technicien d'essais"),
        ("chargé/e de production", "charge de production"),
        ("Chargé / Chargée de Production", "charge de production"),
        ("carreleur / carreleuse-mosaïste", "carreleur-mosaiste"),
        ("carreleur/euse-mosaïste", "carreleur-mosaiste"),
        ("dessinateur/trice-projeteur/euse", "dessinateur-projeteur"),
        ("robinétier /robinétière nucléaire", "robinetier nucleaire"),
        (
            "mécanicien / mécanicienne et technicien / technicienne moto",
            "mecanicien et technicien moto",
        ),
        ("mécanicien/ne et technicien/ne moto", "mecanicien et technicien moto"),
        (
            "responsable de bureau d'études et/ou des méthodes",
            "responsable de bureau d'etudes et-ou des methodes",
        ),
        ("comptable", "comptable"),
    ],
)
def test_gender_forms_reduce_to_the_masculine_key(name, masculine):
    assert metier_key(name=name) == masculine


@pytest.mark.parametrize(
    ("name", "feminine"),
    [
        ("gouvernant/e", "gouvernante"),
        ("technicien/ne", "technicienne"),
        ("conducteur/trice de travaux", "conductrice de travaux"),
        ("collaborateur/rice de notaire", "collaboratrice de notaire"),
        ("conseiller/ère agricole", "conseillere agricole"),
        ("robinétier/ière nucléaire", "robinetiere nucleaire"),
        ("chef/fe de rang", "cheffe de rang"),
        ("manager opérationnel/le", "manager operationnelle"),
        ("contrôleur/euse de performances", "controleuse de performances"),
    ],
)
def test_short_forms_also_give_the_feminine_key(name, feminine):
    assert metier_keys(name=name)[1] == feminine


def test_fiche_metiers_link_to_their_ideo_metiers_entry(index, metiers):
    def linked(name: str) -> str | None:
        pk = index.find(name=name)
        return None if pk is None else metiers[pk].name

    assert (
        linked("régisseur/euse général/e cinéma")
        == "régisseur général / régisseuse générale cinéma"
    )
    assert linked("chargé/e de production") == "chargé / chargée de production"
    assert linked("carreleur/euse-mosaïste") == "carreleur / carreleuse-mosaïste"
    # Idéo-Métiers lists this one in the feminine only.
    assert linked("gouvernant/e") == "gouvernante"
    assert linked("analyste laboratoire textile") is None


def test_437_of_the_547_fiche_metiers_are_linked(index, bundled_fiches):
    names = [m.name for fiche in bundled_fiches.values() for m in fiche.metiers]
    assert len(names) == 547
    assert sum(index.find(name=n) is not None for n in names) == 437


def test_an_onisep_id_links_before_the_title(index, metiers):
    pk = index.find(name="un intitulé sans rapport", onisep_id="MET.193")
    assert metiers[pk].onisep_id == "MET.193"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "JSON illisible"),
        ('{"libelle_metier": "x"}', "liste d'objets attendue"),
        ('[{"nom": "x"}]', "libelle_metier"),
        (json.dumps([{"libelle_metier": "x", "lien_site_onisepfr": "https://e.fr"}]), "MET.xxx"),
    ],
)
def test_it_refuses_a_json_that_is_not_an_ideo_metiers_export(text, message):
    with pytest.raises(SourceError) as error:
        parse_metiers_json(text=text)
    assert message in error.value.message


@pytest.mark.django_db
def test_control_characters_escaped_in_the_json_never_reach_the_database(tmp_path):
    """JSON may carry "\\u0000" and terminal escapes inside strings: PostgreSQL refuses NUL in a
    text column, and neither is text. They are dropped, the rest of the name kept."""
    link = "https://www.onisep.fr/http/redirection/metier/slug/MET.99904"
    rows = [{"libelle_metier": "boul\x00anger\x1b[31m", "lien_site_onisepfr": link}]
    path = tmp_path / "metiers.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    assert "\\u0000" in path.read_text(encoding="utf-8")
    report = run_import(paths=[path])
    assert report.ok
    assert list(Metier.objects.values_list("name", flat=True)) == ["boulanger[31m"]
