"""The programme page /formations/<slug>/: every section of the fiche."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from tests.factories import make_metier, make_programme


@pytest.fixture
def sio(db):
    return make_programme(
        name="BTS Services informatiques aux organisations",
        sigle="SIO",
        kind="BTS",
        kind_label="brevet de technicien supérieur (BTS)",
        duration="2 ans",
        certification_level="niveau 5",
        code_scolarite="32032614",
        rncp_code="35340",
        link_url="https://enqdip.sup.adc.education.fr/bts/referentiel/BTS_SIO.pdf",
        onisep_url="https://www.onisep.fr/http/redirection/formation/slug/FOR.5337",
        description="Le BTS SIO forme :\n- au support\n- au développement\n\nDeux options.",
        access="Accessible avec un bac STMG.\n\nAccès sur dossier.",
        further_studies="Licence professionnelle ou école d'ingénieurs.",
        attendus=[
            "Disposer de compétences pour le travail en équipe",
            "Disposer de capacités d'organisation et d'autonomie",
        ],
        metiers=[
            make_metier(name="développeur/euse informatique", rome_code="M1805"),
            "hot liner",
        ],
        domains=["informatique, internet/informatique", "informatique, internet/réseaux"],
        bac_codes=["stmg", "sti2d"],
    )


def get(client, programme):
    return client.get(programme.get_absolute_url())


def section(html: str, heading_id: str) -> str:
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, f"no section {heading_id}"
    return match.group(1)


@pytest.mark.django_db
def test_programme_page_shows_the_key_facts(client, sio):
    html = get(client, sio).content.decode()
    assert html.count("<h1") == 1
    assert "<h1>BTS Services informatiques aux organisations</h1>" in html
    assert "<title>BTS Services informatiques aux organisations · Cap BTS</title>" in html
    facts = section(html, "en-bref")
    assert "<dt>Sigle</dt><dd>SIO</dd>" in facts
    assert "<dd>Brevet de technicien supérieur (BTS)</dd>" in facts
    assert "<dt>Durée</dt><dd>2 ans</dd>" in facts
    assert "<dt>Niveau de certification</dt><dd>Niveau 5</dd>" in facts
    assert "<dt>Code scolarité</dt><dd>32032614</dd>" in facts
    assert 'href="https://www.francecompetences.fr/recherche/rncp/35340/"' in facts
    assert "RNCP 35340" in facts
    assert 'href="https://enqdip.sup.adc.education.fr/bts/referentiel/BTS_SIO.pdf"' in facts
    assert 'href="https://www.onisep.fr/http/redirection/formation/slug/FOR.5337"' in facts


@pytest.mark.django_db
def test_programme_page_shows_domains_and_bacs_as_tags_linking_to_the_catalogue(client, sio):
    facts = section(get(client, sio).content.decode(), "en-bref")
    assert ">Informatique, internet › informatique</a>" in facts
    assert ">Informatique, internet › réseaux</a>" in facts
    assert 'href="/formations/?domaine=informatique-internet"' in facts
    assert 'class="tag" href="/formations/?bac=stmg">Bac technologique STMG</a>' in facts
    assert ">Bac technologique STI2D</a>" in facts
    assert "Bac professionnel" not in facts


@pytest.mark.django_db
def test_programme_page_renders_text_sections_as_paragraphs_and_lists(client, sio):
    html = get(client, sio).content.decode()
    assert "<p>Le BTS SIO forme :</p>\n<ul><li>au support</li><li>au développement</li></ul>" in (
        section(html, "description")
    )
    assert "<p>Accessible avec un bac STMG.</p>\n<p>Accès sur dossier.</p>" in section(
        html, "acces"
    )
    assert "école d&#x27;ingénieurs" in section(html, "poursuite")


@pytest.mark.django_db
def test_programme_page_lists_attendus_in_order(client, sio):
    attendus = section(get(client, sio).content.decode(), "attendus")
    assert attendus.count('<ul class="attendus">') == 1
    assert "<h3" not in attendus
    assert re.search(r"travail en équipe</li><li>Disposer de capacités", attendus)


@pytest.mark.django_db
def test_attendus_are_grouped_under_their_sub_headings_in_order(client):
    programme = make_programme(
        attendus=[
            ("Intérêts", "Aimer la nature"),
            ("Intérêts", "Aimer les animaux"),
            ("Capacités et connaissances attendues", "Savoir rédiger"),
            ("Capacités et connaissances attendues", "Savoir compter"),
        ]
    )
    attendus = section(get(client, programme).content.decode(), "attendus")
    assert re.findall(r"<h3[^>]*>(.*?)</h3>", attendus) == [
        "Intérêts",
        "Capacités et connaissances attendues",
    ]
    lists = re.findall(r'<ul class="attendus">(.*?)</ul>', attendus, re.S)
    assert [re.findall(r"<li>(.*?)</li>", ul) for ul in lists] == [
        ["Aimer la nature", "Aimer les animaux"],
        ["Savoir rédiger", "Savoir compter"],
    ]


@pytest.mark.django_db
def test_metiers_link_to_onisep_when_known_with_their_rome_code(client, sio):
    metiers = section(get(client, sio).content.decode(), "metiers")
    assert re.search(
        r'<a href="https://www.onisep.fr/[^"]+">développeur/euse informatique</a> '
        r'<span class="rome">\(code ROME M1805\)</span>',
        metiers,
    )
    assert "<li>hot liner</li>" in metiers


@pytest.mark.django_db
def test_optional_sections_are_left_out_when_empty(client):
    programme = make_programme(name="BTS minimal", description="", access="", further_studies="")
    html = get(client, programme).content.decode()
    for heading_id in ("description", "acces", "poursuite", "metiers"):
        assert f'aria-labelledby="{heading_id}"' not in html
    assert "ne sont pas encore renseignés" in section(html, "attendus")
    assert "Sigle" not in section(html, "en-bref")


@pytest.mark.django_db
def test_text_from_the_database_is_escaped(client):
    programme = make_programme(
        name="BTS <b>test</b>", description="<script>alert(1)</script>", attendus=["<i>x</i>"]
    )
    html = get(client, programme).content.decode()
    assert "<script>" not in html
    assert "<b>test</b>" not in html
    assert "<li>&lt;i&gt;x&lt;/i&gt;</li>" in html


@pytest.mark.django_db
def test_self_assessment_entry_point_falls_back_to_the_attendus(client, sio):
    try:
        start_url = reverse("orientation:start_programme", args=[sio.slug])
    except NoReverseMatch:
        start_url = "#attendus"
    html = get(client, sio).content.decode()
    assert f'href="{start_url}">Suis-je fait pour ce BTS ?</a>' in html


@pytest.mark.django_db
def test_unpublished_programme_is_not_found(client):
    programme = make_programme(published=False)
    assert get(client, programme).status_code == 404


@pytest.mark.django_db
def test_unknown_programme_is_not_found(client):
    assert client.get("/formations/nexiste-pas/").status_code == 404


@pytest.mark.django_db
def test_programme_page_has_landmarks_breadcrumb_and_no_inline_code(client, sio):
    html = get(client, sio).content.decode()
    for tag in ("<header", "<nav", "<main", "<footer"):
        assert tag in html
    assert '<nav aria-label="Fil d\'Ariane">' in html
    assert '<li class="breadcrumb-item active" aria-current="page">SIO</li>' in html
    assert "style=" not in html
    assert "<script" not in html


def _programme_with(size: int):
    return make_programme(
        attendus=[(f"Groupe {i % 3}", f"Attendu {size} {i}") for i in range(size)],
        metiers=[
            make_metier(name=f"métier {size} {i}", rome_code="A1234") if i % 2 else f"m {i}"
            for i in range(size)
        ],
        domains=[f"domaine/sous-domaine {i}" for i in range(size)],
        bac_codes=["general", "stmg", "pro"][: 1 + size % 3],
    )


@pytest.mark.django_db
def test_programme_page_query_count_does_not_grow_with_the_fiche(client, django_assert_num_queries):
    small, big = _programme_with(2), _programme_with(12)
    # The catalogue version (the page cache's key), the programme, its five relations.
    with django_assert_num_queries(6):
        get(client, small)
    with django_assert_num_queries(6):
        response = get(client, big)
    assert response.content.decode().count("<li>Attendu 12 ") == 12


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("link_url", "label"),
    [
        ("https://www.francecompetences.fr/recherche/rncp/39159/", None),
        ("https://www.francecompetences.fr/recherche/rncp/11111/", "La fiche RNCP du diplôme"),
        ("http://enqdip.sup.adc.education.fr/bts/referentiel/BTS_CG.pdf", "Le référentiel"),
        ("https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000000", "(Légifrance)"),
        ("https://chlorofil.fr/diplomes/superieur/btsa/gemeau", "(Chlorofil)"),
        ("https://eduscol.education.fr/1234/bts", "La présentation officielle du diplôme"),
    ],
)
def test_the_fiche_link_gets_a_label_saying_where_it_leads(client, link_url, label):
    programme = make_programme(rncp_code="39159", link_url=link_url)
    facts = section(get(client, programme).content.decode(), "en-bref")
    if label is None:  # the RNCP page, already linked from the RNCP code
        assert facts.count(f'href="{link_url}"') == 1
    else:
        assert re.search(rf'<a href="{re.escape(link_url)}">[^<]*{re.escape(label)}', facts)


@pytest.mark.django_db
def test_domain_tags_are_in_french_alphabetical_order(client):
    programme = make_programme(
        domains=["sciences/physique", "électricité/robotique", "arts/design"]
    )
    facts = section(get(client, programme).content.decode(), "en-bref")
    assert re.findall(r'class="tag" href="/formations/\?domaine=[^"]+">([^<]+)<', facts) == [
        "Arts › design",
        "Électricité › robotique",
        "Sciences › physique",
    ]
