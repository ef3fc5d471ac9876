"""parse_access on the real "Accès" texts of the fiches."""

from __future__ import annotations

import pytest

from programmes.bac_tracks import BAC_TRACKS, TECHNO_SERIES
from programmes.importers.access import parse_access

TECHNO = set(TECHNO_SERIES)
G, PRO, MAN = "general", "pro", "mise-a-niveau"


def test_techno_series_are_the_eight_series_of_the_reference_list():
    assert {"stmg", "sti2d", "stl", "st2s", "std2a", "sthr", "stav", "s2tmd"} == TECHNO
    assert {G, PRO, MAN} | TECHNO == {code for code, _label, _family in BAC_TRACKS}


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        # "après une mise à niveau, un bac général, un bac technologique STMG (…) ou STD2A (…) ou
        # encore un bac professionnel"
        ("FOR.5813_", {G, "stmg", "std2a", PRO, MAN}),
        # "avec un bac général ou un bac professionnel métiers de la sécurité"
        ("FOR.3732_", {G, PRO}),
        # "bac STMG, bac général, bac techno, bac pro": a bare "bac techno" is every series
        ("FOR.9584_", {G, PRO} | TECHNO),
        # "un bac pro CIEL (…), un bac technologique (STMG ou STI2D) ou un bac général"
        ("FOR.5987_", {G, "stmg", "sti2d", PRO}),
        ("FOR.5337_", {G, "stmg", "sti2d", PRO}),
        # "un bac général (spécialité …) ou technologique (STL, … ; STI2D). Ou encore avec un bac
        # professionnel"
        ("FOR.9626_", {G, "stl", "sti2d", PRO}),
        # "Les bacs professionnels et les bacs technologiques STI2D se partagent …"
        ("FOR.1884_", {G, "sti2d", PRO}),
        # The indented "### Accès" of mécatronique navale: "un bac STI2D (…), un bac général ou un
        # bac professionnel du secteur industriel"
        ("FOR.7303_", {G, "sti2d", PRO}),
        # Maritime: "Après une année de mise à niveau maritime pour les candidats titulaires d'un
        # baccalauréat général, technologique ou professionnel autre que …"
        ("FOR.3705_", {G, PRO, MAN} | TECHNO),
        # "un bac STAV (…) ou un autre bac technologique, ou encore avec un bac général"
        ("FOR.9057_", {G, PRO} | TECHNO),
        # "un bac professionnel ou un bac technologique, notamment STAV (…) ou STMG (…)":
        # "notamment" means the list is not exhaustive
        ("FOR.7269_", {G, PRO} | TECHNO),
        # "un bac général, un bac technologique ou un bac professionnel"
        ("FOR.10892_", {G, PRO} | TECHNO),
        # "une bac STMG (…)…" (sic)
        ("FOR.8651_", {G, "stmg", PRO}),
        # "accessible avec un professionnel agricole, un bac STAV (…) ou un bac général" (sic)
        ("FOR.9052_", {G, "stav", PRO}),
        # "un bac technologique (STI2D ou STL) ou le bac professionnel …"
        ("FOR.11089_", {G, "sti2d", "stl", PRO}),
        # "bac général, bac techno STL (de préférence …), bac professionnel …"
        ("FOR.9975_", {G, "stl", PRO}),
        # "un bac technologique (STL spécialité biochimie-biologie-biotechnologies ou STAV)"
        ("FOR.11759_", {G, "stl", "stav", PRO}),
        # "un bac technologique, en particulier un bac STMG (…)"
        ("FOR.270_", {G, PRO} | TECHNO),
        # MHR: "un bac technologique STHR (…), mais aussi un bac pro … Pour les autres types de
        # bacs, le passage par une année de mise à niveau est obligatoire"
        ("FOR.5277_", {"sthr", PRO, MAN}),
        # "un bac technologique STI2D spécialité … ou STL spécialité …, ou encore un bac
        # professionnel"
        ("FOR.5811_", {G, "sti2d", "stl", PRO, MAN}),
        # "un baccalauréat général, technologique ou professionnel dans le domaine de …"
        ("FOR.6082_", {G, PRO} | TECHNO),
        # "un bac STAV (…), un bac général, un bac pro … ou un autre bac technologique"
        ("FOR.7283_", {G, PRO} | TECHNO),
        # "un bac professionnel industriel …, un bac technologique, voire un bac général"
        ("FOR.7539_", {G, PRO} | TECHNO),
        # "avec bac général, un bac technologique, notamment STI2D (…) ou STL (…)"
        ("FOR.8483_", {G, PRO} | TECHNO),
    ],
)
def test_it_reads_the_bac_tracks_of_a_real_access_text(bundled_fiches, prefix, expected):
    (fiche,) = [f for name, f in bundled_fiches.items() if name.startswith(prefix)]
    assert parse_access(fiche.access) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Accessible avec un baccalauréat général.", {G}),
        ("Le BTS est accessible avec un bac technologique agricole, bac STMG.", {"stav", "stmg"}),
        (
            "un bac pro conduite de productions aquacoles, autre bacs technologique ou général",
            {G, PRO} | TECHNO,
        ),
        ("accessible avec un bac S2TMD ou un bac STHR", {"s2tmd", "sthr"}),
        (
            "Accessible avec un bac technologique (notamment STI2D - sciences et technologies …)",
            TECHNO,
        ),
        ("Accès sur dossier, voire tests et/ou entretien.", set()),
        ("", set()),
    ],
    ids=[
        "baccalaureat-general",
        "techno-agricole",
        "autre-bacs",
        "rare-series",
        "notamment-in-parenthesis",
        "none",
        "empty",
    ],
)
def test_it_reads_the_bac_tracks_of_other_wordings(text, expected):
    assert parse_access(text) == expected


def test_it_ignores_the_admission_de_droit_boilerplate():
    text = (
        "Le BTS métiers de l'eau est accessible avec un bac général, un bac STL (sciences et "
        "technologies de laboratoire) ou un bac professionnel. Admission de droit dans les BTS du "
        "même domaine pour les bacheliers professionnels ou technologiques ayant obtenu la mention "
        '"bien" ou "très bien".'
    )
    assert parse_access(text) == {G, "stl", PRO}


def test_it_does_not_mistake_a_speciality_for_a_technological_bac():
    text = (
        "accessible avec un bac général, un bac technologique (STD2A ou STI2D spécialité "
        "innovation technologique et écoconception), le bac pro métiers de la couture"
    )
    assert parse_access(text) == {G, "std2a", "sti2d", PRO}
