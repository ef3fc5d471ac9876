"""The public catalogue /formations/: search, filters, count, pagination, robustness."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programmes.models import Domain
from programmes.search import current_index
from tests.factories import make_domain, make_metier, make_programme

URL = reverse("programmes:catalogue")


def names(response) -> list[str]:
    return [r["programme"].name for r in response.context["results"]]


@pytest.fixture
def catalogue(db):
    """A small catalogue covering every filter."""
    return {
        "sio": make_programme(
            name="BTS Services informatiques aux organisations",
            sigle="SIO",
            metiers=["développeur/euse informatique"],
            domains=["informatique, internet/informatique"],
            bac_codes=["general", "stmg", "sti2d"],
            attendus=["Disposer de compétences pour le travail en équipe"],
        ),
        "cuisine": make_programme(
            name="BTS Management en hôtellerie-restauration",
            sigle="MHR",
            metiers=[make_metier(name="chef/fe de cuisine", rome_code="G1601")],
            domains=["hôtellerie-restauration, tourisme/hôtellerie"],
            bac_codes=["sthr", "pro"],
        ),
        "gemeau": make_programme(
            name="BTSA Gestion et maîtrise de l'eau",
            sigle="GEMEAU",
            kind="BTSA",
            domains=["agriculture, animaux/eau"],
            bac_codes=["general", "stav", "pro"],
        ),
        "hidden": make_programme(
            name="BTS Informatique retiré", sigle="RET", published=False, bac_codes=["stmg"]
        ),
    }


@pytest.mark.django_db
def test_catalogue_lists_only_published_programmes(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert set(names(response)) == {
        "BTS Management en hôtellerie-restauration",
        "BTS Services informatiques aux organisations",
        "BTSA Gestion et maîtrise de l'eau",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("HÔTELLERIE", ["BTS Management en hôtellerie-restauration"]),
        ("hotellerie", ["BTS Management en hôtellerie-restauration"]),
        ("MAITRISE eau", ["BTSA Gestion et maîtrise de l'eau"]),
    ],
)
def test_search_ignores_accents_and_case(client, catalogue, query, expected):
    assert names(client.get(URL, {"q": query})) == expected


@pytest.mark.django_db
def test_search_finds_a_sigle(client, catalogue):
    assert names(client.get(URL, {"q": "sio"})) == ["BTS Services informatiques aux organisations"]


@pytest.mark.django_db
def test_search_finds_a_metier(client, catalogue):
    assert names(client.get(URL, {"q": "Chef de cuisine"})) == [
        "BTS Management en hôtellerie-restauration"
    ]
    assert names(client.get(URL, {"q": "developpeur"})) == [
        "BTS Services informatiques aux organisations"
    ]


@pytest.mark.django_db
def test_search_finds_a_domain_or_its_parent(client, catalogue):
    assert names(client.get(URL, {"q": "animaux"})) == ["BTSA Gestion et maîtrise de l'eau"]
    assert names(client.get(URL, {"q": "tourisme"})) == [
        "BTS Management en hôtellerie-restauration"
    ]


@pytest.mark.django_db
def test_search_never_shows_unpublished_programmes(client, catalogue):
    assert names(client.get(URL, {"q": "retiré"})) == []


@pytest.mark.django_db
def test_blank_search_shows_everything(client, catalogue):
    assert len(names(client.get(URL, {"q": "   "}))) == 3


@pytest.mark.django_db
def test_bac_filter_keeps_programmes_open_to_that_bac(client, catalogue):
    assert set(names(client.get(URL, {"bac": "pro"}))) == {
        "BTS Management en hôtellerie-restauration",
        "BTSA Gestion et maîtrise de l'eau",
    }
    assert names(client.get(URL, {"bac": "stmg"})) == [
        "BTS Services informatiques aux organisations"
    ]


@pytest.mark.django_db
def test_domain_filter_uses_the_top_level_domain(client, catalogue):
    top = make_domain(name="agriculture, animaux")
    assert names(client.get(URL, {"domaine": top.slug})) == ["BTSA Gestion et maîtrise de l'eau"]


@pytest.mark.django_db
def test_domain_filter_offers_only_top_level_domains_with_published_programmes(client, catalogue):
    make_domain(name="vide")
    make_programme(name="BTS caché", published=False, domains=["domaine caché/sous-domaine"])
    response = client.get(URL)
    offered = [label for value, label in response.context["form"].fields["domaine"].choices]
    assert offered == [
        "Tous les domaines",
        "Agriculture, animaux",
        "Hôtellerie-restauration, tourisme",
        "Informatique, internet",
    ]


@pytest.mark.django_db
def test_type_filter_separates_bts_and_btsa(client, catalogue):
    assert names(client.get(URL, {"type": "BTSA"})) == ["BTSA Gestion et maîtrise de l'eau"]
    assert len(names(client.get(URL, {"type": "BTS"}))) == 2


@pytest.mark.django_db
def test_filters_and_search_combine(client, catalogue):
    top = make_domain(name="agriculture, animaux")
    params = {"q": "eau", "bac": "pro", "domaine": top.slug, "type": "BTSA"}
    assert names(client.get(URL, params)) == ["BTSA Gestion et maîtrise de l'eau"]
    assert names(client.get(URL, {**params, "type": "BTS"})) == []
    assert names(client.get(URL, {"bac": "general", "type": "BTS"})) == [
        "BTS Services informatiques aux organisations"
    ]


@pytest.mark.django_db
def test_a_programme_in_two_sub_domains_of_one_domain_is_listed_once(client):
    make_programme(name="BTS double", domains=["arts/design", "arts/mode"])
    top = make_domain(name="arts")
    response = client.get(URL, {"domaine": top.slug})
    assert names(response) == ["BTS double"]
    assert response.context["page"].paginator.count == 1


@pytest.mark.django_db
def test_result_count_is_singular_or_plural(client, catalogue):
    assert "3 formations" in client.get(URL).content.decode()
    assert "1 formation<" in client.get(URL, {"type": "BTSA"}).content.decode()
    html = client.get(URL, {"q": "zzz"}).content.decode()
    assert '<h2 id="resultats" class="h4">Aucune formation</h2>' in html
    assert "Rien ne correspond à ces critères" in html


@pytest.mark.django_db
def test_result_card_shows_the_essentials(client, catalogue):
    make_programme(
        name="BTS Comptabilité et gestion",
        sigle="CG",
        duration="2 ans",
        attendus=["Attendu un", "Attendu deux", ("Intérêts", "Attendu trois")],
        domains=["gestion/comptabilité", "gestion/audit"],
    )
    html = client.get(URL, {"q": "comptabilite"}).content.decode()
    card = re.search(r'<li class="card result-card.*?</li>', html, re.S).group(0)
    assert 'href="/formations/bts-comptabilite-et-gestion-' in card
    assert "BTS Comptabilité et gestion" in card
    assert "<dd>CG</dd>" in card
    assert "<dd>BTS</dd>" in card
    assert "<dd>2 ans</dd>" in card
    assert "<dt>Attendus Parcoursup</dt><dd>3</dd>" in card
    gestion = Domain.objects.get(name="gestion", parent=None)
    # One tag per top-level domain, a link to the catalogue filtered on it.
    assert card.count(f'<a class="tag" href="/formations/?domaine={gestion.slug}">Gestion<') == 1


@pytest.mark.django_db
def test_result_card_domains_are_in_french_alphabetical_order(client):
    make_programme(name="BTS x", domains=["sciences/a", "électricité/b", "arts/c", "sciences/d"])
    html = client.get(URL).content.decode()
    assert re.findall(r'<a class="tag" href="[^"]+">([^<]+)<', html) == [
        "Arts",
        "Électricité",
        "Sciences",
    ]


@pytest.mark.django_db
def test_pagination_shows_twenty_per_page_and_keeps_the_filters(client):
    for i in range(45):
        make_programme(name=f"BTS Numéro {i:02d}", bac_codes=["stmg"])
    make_programme(name="BTS Autre bac", bac_codes=["pro"])

    first = client.get(URL, {"bac": "stmg", "q": "numero"})
    assert len(first.context["results"]) == 20
    html = first.content.decode()
    assert "45 formations" in html
    assert '<nav class="mt-4" aria-label="Pages de résultats">' in html
    assert 'href="?bac=stmg&amp;q=numero&amp;page=2"' in html
    assert re.search(r'href="\?bac=stmg&amp;q=numero&amp;page=1" aria-current="page"', html)

    third = client.get(URL, {"bac": "stmg", "q": "numero", "page": "3"})
    assert names(third) == [f"BTS Numéro {i:02d}" for i in range(40, 45)]
    assert 'aria-current="page"><span class="visually-hidden">Page </span>3</a>' in (
        third.content.decode()
    )
    assert "page 3" in third.content.decode().split("</title>")[0]


@pytest.mark.django_db
def test_no_pagination_nav_when_everything_fits_on_one_page(client, catalogue):
    assert "Pages de résultats" not in client.get(URL).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "", "%00"])
def test_a_garbage_page_number_falls_back_to_a_real_page(client, catalogue, page):
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert len(names(response)) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"bac": "bac-inconnu"}, "Ce bac n&#x27;est pas dans la liste"),
        ({"domaine": "inconnu"}, "Ce domaine n&#x27;est pas dans la liste"),
        ({"type": "BUT"}, "Ce type n&#x27;existe pas"),
        ({"q": "x" * 101}, "La recherche est trop longue : 100 caractères au plus."),
        ({"q": "in\x00fo"}, "Le caractère nul"),
    ],
)
def test_an_invalid_parameter_gives_a_french_error_and_is_ignored(
    client, catalogue, params, message
):
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Un critère n'a pas été compris" in html
    assert 'aria-invalid="true"' in html
    assert len(names(response)) == 3


@pytest.mark.django_db
def test_an_invalid_filter_does_not_cancel_the_valid_ones(client, catalogue):
    response = client.get(URL, {"bac": "nope", "type": "BTSA"})
    assert names(response) == ["BTSA Gestion et maîtrise de l'eau"]
    assert list(response.context["form"].errors) == ["bac"]


@pytest.mark.django_db
def test_repeated_and_unknown_parameters_are_harmless(client, catalogue):
    response = client.get(URL + "?bac=stmg&bac=pro&foo=bar&type[]=x&q=")
    assert response.status_code == 200
    assert len(names(response)) == 2  # the last "bac" wins: pro


@pytest.mark.django_db
def test_catalogue_form_is_accessible(client, catalogue):
    html = client.get(URL).content.decode()
    assert html.count("<h1") == 1
    assert '<form method="get" action="/formations/"' in html
    assert "<fieldset" in html
    assert "<legend" in html
    for field in ("q", "bac", "domaine", "type"):
        assert f'<label class="form-label" for="id_{field}">' in html
    assert 'aria-describedby="id_q_helptext"' in html
    assert '<html lang="fr">' in html
    assert "<title>Les BTS · Cap BTS</title>" in html
    assert 'href="#contenu"' in html
    assert "style=" not in html
    assert "<script" not in html


@pytest.mark.django_db
def test_footer_keeps_the_odbl_attribution(client, catalogue):
    html = client.get(URL).content.decode()
    assert "Idéo-Fiches formations, Onisep, 21/10/2025, sous licence ODbL" in html


def _build(count: int) -> None:
    for i in range(count):
        make_programme(
            name=f"BTS {i}",
            attendus=[f"Attendu {i} a", f"Attendu {i} b"],
            metiers=[f"métier {i}"],
            domains=[f"domaine {i % 4}/sous-domaine {i}", f"domaine {i % 4}/autre {i}"],
            bac_codes=["stmg", "pro"],
        )


def _queries(client, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{}, {"q": "bts", "bac": "stmg", "type": "BTS"}])
def test_catalogue_query_count_does_not_grow_with_the_catalogue(client, params):
    counts = []
    for size in (3, 27):
        _build(size)  # a new catalogue version: the search index is built again
        first = _queries(client, params)  # builds the index
        # Another page of the same search: rendered from the built index, not the page cache.
        later = _queries(client, {**params, "page": "1"})
        counts.append((first, later))
    assert counts[0] == counts[1]
    assert counts[1][1] <= 3  # the catalogue version, the cards, their domains


@pytest.mark.django_db
def test_catalogue_stays_within_ten_queries_even_when_it_builds_its_index(
    client, django_assert_max_num_queries
):
    _build(30)
    top_slug = make_domain(name="domaine 1").slug
    with django_assert_max_num_queries(10):
        client.get(URL, {"q": "bts", "domaine": top_slug, "bac": "pro", "page": "2"})


@pytest.mark.django_db
def test_home_page_has_a_search_box_and_catalogue_links(
    client, catalogue, django_assert_max_num_queries
):
    current_index()  # built by the catalogue's first page after each change
    with django_assert_max_num_queries(1):  # the catalogue version
        response = client.get(reverse("programmes:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert '<form method="get" action="/formations/"' in html
    assert '<label class="form-label fw-semibold" for="home-q">' in html
    assert 'name="q"' in html
    assert 'href="/formations/?type=BTSA"' in html
    assert "3 BTS et BTSA" in html
    assert "Agriculture, animaux" in html


@pytest.mark.django_db
def test_catalogue_order_ignores_accents_and_case(client):
    for name in ["BTS tourisme", "BTS Électrotechnique", "BTS bâtiment", "BTS Assurance"]:
        make_programme(name=name)
    assert names(client.get(URL)) == [
        "BTS Assurance",
        "BTS bâtiment",
        "BTS Électrotechnique",
        "BTS tourisme",
    ]


@pytest.mark.django_db
def test_domain_choices_ignore_accents_in_their_order(client):
    for domain in ["sciences/physique", "électricité, électronique/robotique", "arts/design"]:
        make_programme(domains=[domain])
    choices = client.get(URL).context["form"].fields["domaine"].choices
    assert [label for _value, label in choices[1:]] == [
        "Arts",
        "Électricité, électronique",
        "Sciences",
    ]


@pytest.mark.django_db
def test_the_search_is_echoed_escaped_in_the_title_and_the_box(client, catalogue):
    html = client.get(URL, {"q": "<script>x</script>"}).content.decode()
    assert "<script>" not in html
    assert "<title>Recherche « &lt;script&gt;x&lt;/script&gt; » – Les BTS · Cap BTS</title>" in html
    assert 'value="&lt;script&gt;x&lt;/script&gt;"' in html


def test_the_header_rendered_once_still_marks_the_page_shown(client, catalogue):
    # base.html caches its header per page name: each page keeps its own « aria-current ».
    for _round in range(2):
        home = client.get(reverse("programmes:home")).content.decode()
        listing = client.get(URL, {"q": "informatique"}).content.decode()
        assert re.search(r'href="/"\s+aria-current="page"', home)
        assert not re.search(r'href="/formations/"\s+aria-current', home)
        assert re.search(r'href="/formations/"\s+aria-current="page"', listing)
        assert not re.search(r'href="/"\s+aria-current', listing)
