"""The Markdown fiche parser, on the real fiches and on each variation of README-ONISEP.md."""

from __future__ import annotations

from collections import Counter

import pytest

from programmes.importers.markdown import parse_fiche
from programmes.importers.records import AttenduItem, NotInCatalogue, SourceError
from programmes.text import attendu_key
from tests.importers.conftest import AUDIOVISUEL_FICHE, make_fiche


def by_prefix(fiches, prefix):
    (fiche,) = [f for name, f in fiches.items() if name.startswith(prefix)]
    return fiche


def test_the_123_fiches_hold_792_attendus_and_305_distinct_published_texts(bundled_fiches):
    attendus = [a for fiche in bundled_fiches.values() for a in fiche.attendus]
    assert len(bundled_fiches) == 123
    assert len(attendus) == 792
    # clean_text straightens apostrophes: 305 published texts, 301 once cleaned, 296 once
    # normalised by attendu_key (the Attendu rows).
    assert len({a.text for a in attendus}) == 301
    assert len({attendu_key(a.text) for a in attendus}) == 296


def test_the_305_published_texts_are_those_of_the_reference_list(bundled_fiches):
    tsv = (AUDIOVISUEL_FICHE.parents[1] / "attendus-bts-2025.tsv").read_text(encoding="utf-8")
    expected = Counter()
    for line in tsv.splitlines()[1:]:
        count, text, _example = line.split("\t")
        expected[" ".join(text.split()).replace("’", "'")] += int(count)
    found = Counter(a.text for f in bundled_fiches.values() for a in f.attendus)
    assert found == expected


def test_it_reads_every_field_of_the_reference_fiche(bundled_fiches):
    fiche = bundled_fiches[AUDIOVISUEL_FICHE.name]
    assert fiche.code_scolarite == "32032328"
    assert fiche.name == "BTS métiers de l'audiovisuel option gestion de production"
    assert fiche.kind == "BTS"
    assert fiche.kind_label == "brevet de technicien supérieur (BTS)"
    assert fiche.sigle == ""
    assert fiche.duration == "2 ans"
    assert fiche.certification_level == "niveau 5"
    assert fiche.link_url == "https://www.francecompetences.fr/recherche/rncp/37019"
    assert len(fiche.description.split("\n\n")) == 4
    assert fiche.access.startswith("Le BTS métiers de l'audiovisuel option gestion de production")
    assert "###" not in fiche.access
    assert [m.name for m in fiche.metiers] == [
        "régisseur/euse général/e cinéma",
        "chargé/e de production",
    ]


def test_it_keeps_the_sigle_when_the_fiche_has_one(bundled_fiches):
    assert by_prefix(bundled_fiches, "FOR.273_").sigle == "ATI"


def test_it_strips_the_indentation_and_keeps_paragraphs_apart(bundled_fiches):
    description = bundled_fiches[AUDIOVISUEL_FICHE.name].description
    paragraphs = description.split("\n\n")
    assert paragraphs[1].startswith("Au cours de la formation, les élèves apprennent")
    assert all(p == p.strip() and "  " not in p for p in paragraphs)


def test_bullets_in_description_stay_in_the_description_and_are_not_attendus(bundled_fiches):
    fiche = by_prefix(bundled_fiches, "FOR.273_")  # BTS assistance technique d'ingénieur
    assert len(fiche.attendus) == 6
    assert "\n- en organisation de projets, ils sont à même" in fiche.description
    assert "\n- en recherche et développement" in fiche.description
    assert not any(a.text.startswith("en organisation") for a in fiche.attendus)


@pytest.mark.parametrize(
    ("prefix", "attendus", "access_bullets"),
    [("FOR.3704_", 6, 2), ("FOR.3705_", 6, 3)],
)
def test_bullets_in_the_access_of_the_maritime_bts_belong_to_access(
    bundled_fiches, prefix, attendus, access_bullets
):
    fiche = by_prefix(bundled_fiches, prefix)
    assert len(fiche.attendus) == attendus
    assert fiche.access.count("\n- ") == access_bullets
    assert fiche.access.startswith("Admission sur dossier via Parcoursup")


def test_it_keeps_the_extra_access_text_before_the_access_subheading(bundled_fiches):
    access = by_prefix(bundled_fiches, "FOR.1884_").access
    first, second = access.split("\n\n")
    assert first.startswith("Les bacs professionnels et les bacs technologiques STI2D")
    assert second.startswith("Le BTS CIM (conception et industrialisation en microtechniques)")


def test_it_reads_the_access_subheading_with_a_trailing_colon(bundled_fiches):
    access = by_prefix(bundled_fiches, "FOR.5987_").access
    assert access.startswith("Le BTS SIO option SISR est accessible")
    assert "Accès à la formation" not in access


def test_subheadings_of_the_attendus_become_their_group(bundled_fiches):
    fiche = by_prefix(bundled_fiches, "FOR.9057_")  # BTSA aquaculture
    groups = [a.group for a in fiche.attendus]
    assert groups[0] == "Intérêts"
    assert groups[-1] == "Capacités et connaissances attendues"
    assert groups == sorted(groups, key=lambda g: g != "Intérêts")
    grouped = [f for f in bundled_fiches.values() if any(a.group for a in f.attendus)]
    assert len(grouped) == 14


def test_a_group_heading_with_a_trailing_colon_loses_the_colon(bundled_fiches):
    fiche = by_prefix(bundled_fiches, "FOR.7269_")
    assert fiche.attendus[-1] == AttenduItem(
        "S'intéresser au commerce des produits de la filière forêt et bois, pour les "
        "particuliers ou les professionnels",
        "Attendus spécifiques à l'option produits de la filière forêt bois",
    )
    assert fiche.attendus[0].group == "Attendus communs à toutes les options"


def test_it_splits_the_attendus_run_together_in_one_line(bundled_fiches):
    fiche = by_prefix(bundled_fiches, "FOR.11089_")  # traitement des matériaux option B
    texts = [a.text for a in fiche.attendus]
    assert texts == [
        "S'intéresser à la mise en œuvre et aux réglages d'un processus de traitement de matériaux",
        "Disposer de compétences pour travailler en équipe dans le cadre d'une démarche de projet",
        "Disposer de capacités d'organisation et d'autonomie",
        "Disposer de compétences pour s'adapter à un environnement industriel, pour comprendre "
        "et respecter les règles de son fonctionnement",
        "Disposer de compétences scientifiques et technologiques pour interpréter et exploiter "
        "les informations obtenues à partir d'essais, de tests, de simulations, de réalisations",
        "Disposer de compétences en matière de communication technique pour décrire une idée, "
        "un principe, une solution (produit, processus, système)",
        "Disposer de compétences en matière d'expression écrite et orale, y compris en anglais, "
        "pour communiquer et argumenter",
    ]


def test_a_fiche_without_further_studies_has_an_empty_text(bundled_fiches):
    missing = sorted(n for n, f in bundled_fiches.items() if not f.further_studies)
    assert [n.split("_", 1)[0] for n in missing] == ["FOR.11089", "FOR.3732", "FOR.8651"]
    assert len(by_prefix(bundled_fiches, "FOR.3732_").attendus) > 0


def test_headings_may_carry_trailing_spaces_or_colons():
    text = (
        make_fiche()
        .replace("## Description", "## Description :  ")
        .replace("## Métiers associés", "## Métiers associés   ")
    )
    fiche = parse_fiche(text=text, source="x.md")
    assert fiche.description == "Une description."
    assert [m.name for m in fiche.metiers] == ["technicien/ne d'essais"]


def test_the_attendus_heading_may_carry_extra_words():
    text = make_fiche().replace(
        "supérieur Parcoursup", "supérieur Parcoursup pour la voie post-bac :"
    )
    fiche = parse_fiche(text=text, source="x.md")
    assert [a.text for a in fiche.attendus] == [
        "Disposer de capacités d'organisation et d'autonomie"
    ]
    assert fiche.attendus[0].group == ""


def test_sigle_and_lien_are_optional():
    fiche = parse_fiche(text=make_fiche(), source="x.md")
    assert (fiche.sigle, fiche.link_url) == ("", "")
    fiche = parse_fiche(
        text=make_fiche(
            extra_fields="**Sigle:** ESS\n**Lien:** [https://e.fr/a](https://e.fr/a)\n"
        ),
        source="x.md",
    )
    assert (fiche.sigle, fiche.link_url) == ("ESS", "https://e.fr/a")


def test_it_accepts_windows_line_endings_and_a_byte_order_mark():
    text = "\ufeff" + make_fiche().replace("\n", "\r\n")
    fiche = parse_fiche(text=text, source="x.md")
    assert fiche.name == "BTS essai"
    assert len(fiche.attendus) == 1


def test_it_reads_a_btsa_as_kind_btsa(bundled_fiches):
    fiche = by_prefix(bundled_fiches, "FOR.9057_")
    assert (fiche.kind, fiche.kind_label) == (
        "BTSA",
        "brevet de technicien supérieur agricole (BTSA)",
    )
    assert Counter(f.kind for f in bundled_fiches.values()) == {"BTS": 102, "BTSA": 21}


def test_it_skips_non_bts_fiches_even_without_a_code():
    text = make_fiche(type_label="licence pro").replace("**Code scolarité:** 99999901\n", "")
    with pytest.raises(NotInCatalogue) as verdict:
        parse_fiche(text=text, source="x.md")
    assert verdict.value.type_label == "licence pro"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Titre\n\nDu texte sans structure.\n", "ce n'est pas une fiche formation ONISEP"),
        (make_fiche().replace("# BTS essai\n", ""), "pas de titre"),
        (make_fiche().replace("**Code scolarité:** 99999901\n", ""), "pas de code scolarité"),
        (make_fiche(code="32 03"), "code scolarité invalide"),
        (make_fiche().replace("**Type:** brevet de technicien supérieur (BTS)\n", ""), "type"),
    ],
    ids=["not-a-fiche", "no-title", "no-code", "bad-code", "no-type"],
)
def test_it_refuses_a_fiche_it_cannot_import(text, message):
    with pytest.raises(SourceError) as error:
        parse_fiche(text=text, source="x.md")
    assert message in error.value.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "[https://www.francecompetences.fr/recherche/rncp/37019](https://www.francecompetences.fr/recherche/rncp/37019)",
            "https://www.francecompetences.fr/recherche/rncp/37019",
        ),
        (
            "<http://enqdip.sup.adc.education.fr/bts/a.pdf>",
            "http://enqdip.sup.adc.education.fr/bts/a.pdf",
        ),
        # Read as written: the link policy (links.py) drops these when the record is written.
        ("[voir](javascript:alert(1))", "javascript:alert(1)"),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("/relative/path", "/relative/path"),
    ],
)
def test_parse_link_reads_the_url_of_a_lien_value(value, expected):
    from programmes.importers.common import parse_link

    assert parse_link(value=value) == expected
