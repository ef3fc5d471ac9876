"""How the catalogue search reads what a student types, and how the catalogue pages are cached."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse

from programmes import page_cache
from programmes.models import BacTrack, CatalogueVersion, Domain, Programme, SearchSynonym
from programmes.search import title_forms
from tests.factories import make_metier, make_programme
from tests.programmes.admin_forms import programme_change_data

URL = reverse("programmes:catalogue")
pytestmark = pytest.mark.django_db


def found(client, query: str, **filters) -> list[str]:
    reply = client.get(URL, {"q": query, **filters})
    assert reply.status_code == 200
    return [result["programme"].name for result in reply.context["results"]]


@pytest.fixture
def catalogue(db) -> dict[str, Programme]:
    return {
        "sio": make_programme(
            name="BTS Services informatiques aux organisations",
            sigle="SIO",
            metiers=["développeur/euse d'applications"],
            domains=["informatique, internet/informatique"],
            description="Le titulaire gère le parc informatique des organisations.",
        ),
        "ci": make_programme(
            name="BTS Commerce international",
            sigle="CI",
            metiers=["vendeur/euse export", "assistant/e import-export"],
            domains=["commerce, marketing, vente/commerce international"],
            description="Des professions tournées vers l'étranger, avec précision.",
        ),
        "esthetique": make_programme(
            name="BTS Métiers de l'esthétique-cosmétique-parfumerie",
            sigle="MECP",
            metiers=["esthéticien/ne", "conseiller/ère de vente en parfumerie"],
            domains=["santé, social, sport/esthétique"],
        ),
        "tp": make_programme(
            name="BTS Travaux publics",
            sigle="TP",
            metiers=[make_metier(name="conducteur / conductrice de travaux", rome_code="F1202")],
            domains=["construction, architecture, travaux publics/travaux publics"],
            description="Routes, ponts et réseaux.",
        ),
        "gpn": make_programme(
            name="BTSA Gestion et protection de la nature",
            kind="BTSA",
            sigle="GPN",
            domains=["agriculture, animaux/environnement"],
        ),
    }


def test_a_sigle_matches_a_word_not_letters_inside_words(client, catalogue):
    # « SIO » is inside « professions » and « précision » of the CI description: not a match.
    assert found(client, "SIO") == ["BTS Services informatiques aux organisations"]
    assert found(client, "bts sio") == ["BTS Services informatiques aux organisations"]


def test_results_are_ranked_name_before_metier_before_description(client, catalogue):
    make_programme(name="BTS Exportations lointaines")
    make_programme(name="BTS Autre", description="On y parle un peu d'export.")
    ranked = found(client, "export")
    assert ranked[0] == "BTS Exportations lointaines"  # a name word (its start)
    assert ranked[1] == "BTS Commerce international"  # a métier
    assert ranked[-1] == "BTS Autre"  # only the description


@pytest.mark.parametrize(
    ("title", "forms"),
    [
        ("esthéticien/ne", ["esthéticien", "esthéticienne"]),
        ("vendeur/euse en magasin", ["vendeur en magasin", "vendeuse en magasin"]),
        ("directeur/trice d'agence", ["directeur d'agence", "directrice d'agence"]),
        ("conseiller/ère", ["conseiller", "conseillère"]),
        ("chef/fe de rayon", ["chef de rayon", "cheffe de rayon"]),
        ("collaborateur/rice", ["collaborateur", "collaboratrice"]),
        ("agent/e de maîtrise", ["agent de maîtrise", "agente de maîtrise"]),
        ("avocat / avocate", ["avocat", "avocate"]),
        ("comptable", ["comptable"]),
    ],
)
def test_job_titles_are_read_in_both_genders(title, forms):
    assert title_forms(title) == forms


def test_a_feminine_job_title_finds_the_programme(client, catalogue):
    assert found(client, "esthéticienne") == ["BTS Métiers de l'esthétique-cosmétique-parfumerie"]
    assert found(client, "vendeuse") == ["BTS Commerce international"]
    assert found(client, "conseillère") == ["BTS Métiers de l'esthétique-cosmétique-parfumerie"]


@pytest.mark.parametrize(
    "typo",
    ["esthéticiene", "esthetitienne", "internationnal", "informatiqe", "INFORMATIQUES"],
)
def test_one_typo_on_a_word_of_five_letters_or_more_is_forgiven(client, catalogue, typo):
    assert found(client, typo)


def test_two_typos_are_forgiven_on_long_words_only(client, catalogue):
    assert "BTS Commerce international" in found(client, "internassional")  # 2 on 14 letters
    assert found(client, "raute") == ["BTS Travaux publics"]  # 1 on 5 letters: « route »
    assert found(client, "raoutz") == []  # 2 on 6 letters: another word


def test_words_typed_apart_or_together_find_the_same_programme(client, catalogue):
    make_programme(name="BTS Aéronautique")
    make_programme(name="BTS E-commerce et vente", sigle="EV")
    assert found(client, "aero nautique") == ["BTS Aéronautique"]
    assert found(client, "e commerce")[0] == "BTS E-commerce et vente"
    assert found(client, "ecommerce")[0] == "BTS E-commerce et vente"


def test_a_synonym_edited_by_staff_applies_to_the_next_search(client, catalogue):
    SearchSynonym.objects.all().delete()
    assert found(client, "chantier") == []
    SearchSynonym.objects.create(word="chantier", meanings="travaux publics, bâtiment")
    assert found(client, "chantier") == ["BTS Travaux publics"]


def test_the_starting_synonyms_read_lyceen_shorthand(client, catalogue):
    # Migration 0006 seeded them; « info » is also the start of « informatique ».
    assert SearchSynonym.objects.filter(word="btp").exists()
    assert found(client, "BTP") == ["BTS Travaux publics"]


def test_a_synonym_standing_for_a_programmes_whole_name_puts_it_first(client, catalogue):
    # Without the exact-name bonus through the synonym, « Aménagement des bâtiments » would
    # tie with « Bâtiment » (both names hold the word) and come first alphabetically.
    make_programme(name="BTS Bâtiment", sigle="BAT")
    make_programme(name="BTS Aménagement des bâtiments", sigle="AB")
    assert set(found(client, "BTP")[:2]) == {"BTS Bâtiment", "BTS Travaux publics"}
    assert found(client, "batiment")[0] == "BTS Bâtiment"


def test_btsa_in_the_query_keeps_the_btsa(client, catalogue):
    assert found(client, "btsa") == ["BTSA Gestion et protection de la nature"]
    assert found(client, "btsa nature") == ["BTSA Gestion et protection de la nature"]


def test_filters_apply_to_the_ranked_results(client, catalogue):
    gpn_domain = Domain.objects.get(name="agriculture, animaux")
    assert found(client, "gestion", domaine=gpn_domain.slug) == [
        "BTSA Gestion et protection de la nature"
    ]
    assert found(client, "gestion", type="BTS") == []


def test_when_no_programme_holds_every_word_those_holding_most_come_flagged(client, catalogue):
    reply = client.get(URL, {"q": "informatique zorglub"})
    assert reply.context["partial"] is True
    assert [r["programme"].name for r in reply.context["results"]] == [
        "BTS Services informatiques aux organisations"
    ]
    assert "Aucune formation ne contient tous ces mots" in reply.content.decode()


def test_a_job_no_bts_prepares_says_so_and_points_to_the_field(client, catalogue):
    make_metier(
        name="architecte",
        rome_code="F1101",
        domain_label="construction, architecture, travaux publics/architecture",
        onisep_url="https://www.onisep.fr/http/redirection/metier/slug/MET.1",
    )
    reply = client.get(URL, {"q": "Architecte"})
    html = reply.content.decode()
    assert reply.context["job"].title == "architecte"
    assert [p.name for p in reply.context["nearest"]] == ["BTS Travaux publics"]
    assert "Aucun BTS ne prépare directement au métier de architecte" in html
    assert 'href="https://www.onisep.fr/http/redirection/metier/slug/MET.1"' in html


def test_a_job_sharing_a_rome_code_with_a_listed_metier_finds_its_programme(client, catalogue):
    make_metier(name="chef / cheffe de chantier", rome_code="F1202")
    reply = client.get(URL, {"q": "cheffe de chantier"})
    assert [r["programme"].name for r in reply.context["results"]] == ["BTS Travaux publics"]
    assert reply.context["job"] is None


def test_nothing_found_explains_what_to_try(client, catalogue):
    html = client.get(URL, {"q": "zzzzzz"}).content.decode()
    assert "Rien ne correspond à ces critères. Vérifie l'orthographe" in html


def test_filters_are_folded_under_the_search_box_and_open_when_used(client, catalogue):
    html = client.get(URL).content.decode()
    assert html.index('name="q"') < html.index("<details") < html.index('id="resultats"')
    assert '<details class="filters">' in html
    html = client.get(URL, {"bac": "stmg"}).content.decode()
    assert '<details class="filters" open>' in html
    assert "1 filtre actif" in html


# --- The page cache ----------------------------------------------------------------------------


def test_a_catalogue_page_is_served_from_the_cache_until_the_catalogue_changes(
    client, catalogue, django_assert_num_queries
):
    first = client.get(URL, {"q": "commerce"}).content
    with django_assert_num_queries(1):  # the catalogue version
        again = client.get(URL, {"q": "commerce"}).content
    assert again == first
    Programme.objects.filter(sigle="CI").update(name="BTS Commerce mondial")
    CatalogueVersion.bump()  # as the importer does after bulk writes
    assert b"BTS Commerce mondial" in client.get(URL, {"q": "commerce"}).content


def test_parameters_in_another_order_are_the_same_cached_page(
    client, catalogue, django_assert_num_queries
):
    client.get(URL + "?q=commerce&bac=stmg")
    with django_assert_num_queries(1):
        client.get(URL + "?bac=stmg&q=commerce")


def test_an_admin_edit_shows_on_the_public_pages_at_once(admin_client, client, catalogue):
    programme = catalogue["sio"]
    page = reverse("programmes:detail", kwargs={"slug": programme.slug})
    assert b"Services informatiques aux organisations" in client.get(page).content
    assert client.get(URL, {"q": "sio"}).context["results"]
    data = programme_change_data(programme, name="BTS Systèmes d'information renommé")
    change = reverse("admin:programmes_programme_change", args=[programme.pk])
    assert admin_client.post(change, data).status_code == 302
    assert "Systèmes d&#x27;information renommé" in client.get(page).content.decode()
    assert found(client, "sio") == ["BTS Systèmes d'information renommé"]


def test_a_domain_or_bac_track_change_shows_at_once(client, catalogue):
    domain = Domain.objects.get(name="informatique, internet")
    assert b"Informatique, internet" in client.get(URL).content
    domain.name = "numérique"
    domain.save()
    assert "Numérique" in client.get(URL).content.decode()
    assert found(client, "", bac="stmg") == []
    catalogue["sio"].bac_tracks.add(BacTrack.objects.get(code="stmg"))
    assert found(client, "", bac="stmg") == ["BTS Services informatiques aux organisations"]


def _view_with(*, token: bool = False, message: bool = False):
    calls = []

    @page_cache.cached_until_catalogue_changes
    def view(request):
        calls.append(1)
        body = get_token(request) if token else "page"
        if message:
            body += "".join(str(m) for m in get_messages(request))
        return HttpResponse(body)

    return view, calls


def _request(path: str = "/x/"):
    request = RequestFactory().get(path)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_page_carrying_a_csrf_token_is_never_cached(catalogue):
    view, calls = _view_with(token=True)
    first, second = view(_request()), view(_request())
    assert len(calls) == 2
    assert first.content != second.content


def test_a_page_rendered_with_a_flash_message_is_never_cached(catalogue):
    view, calls = _view_with(message=True)
    request = _request()
    request._messages.add(20, "Tes réponses ont été supprimées.")
    assert b"supprim" in view(request).content
    assert view(_request()).content == b"page"
    assert len(calls) == 2


def test_the_catalogue_pages_answer_get_and_head_only(client, catalogue):
    assert client.post(URL).status_code == 405
    assert client.head(URL).status_code == 200
