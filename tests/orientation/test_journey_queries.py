"""Results pages run a constant number of SQL queries whatever the catalogue size."""

from __future__ import annotations

import pytest

from orientation.interests import sync_interests
from orientation.itemgen.sync import sync_items
from programmes.search import current_index
from tests.factories import make_metier, make_programme
from tests.orientation.journey_helpers import complete, start_discovery, start_programme

pytestmark = pytest.mark.django_db

ATTENDUS = [
    "Disposer de capacités d'organisation et d'autonomie",
    "Disposer de compétences pour travailler en équipe dans le cadre d'une démarche de projet",
    "Disposer de compétences en matière d'expression écrite et orale, y compris en anglais, "
    "pour communiquer et argumenter",
    "S'intéresser aux métiers de l'audiovisuel dans leur globalité pour gérer des productions",
]
DOMAINS = [
    "information-communication, audiovisuel/audiovisuel",
    "commerce, marketing, vente/marketing, vente",
]


def build_catalogue(size: int) -> list:
    programmes = [
        make_programme(
            attendus=ATTENDUS[: 2 + index % 3],
            metiers=[make_metier(name=f"métier {index}-{m}") for m in range(3)],
            domains=[DOMAINS[index % 2]],
            bac_codes=["general", "stmg"],
            further_studies="Licence professionnelle.",
        )
        for index in range(size)
    ]
    sync_items()
    sync_interests()  # fields proposed from the programmes' ONISEP sub-domains
    return programmes


def _expected_queries(discovery: bool) -> int:
    # The same count for 3 and for 30 programmes, written out so a change either way is seen.
    # Both: a light look-up of the response (exists? completed? last change?), then the full
    # response (with its cohort). Programme results: the suggested programmes, their métiers,
    # the métiers' fiches. Discovery: the ranked programmes, their domains, the domains'
    # parents, their bac tracks, their métiers and the métiers' fiches (pathways of the first
    # five), and the catalogue version under which the search index keeps the domain and bac
    # filter lists (built once per version: warm here, as the catalogue page leaves it).
    return 9 if discovery else 5


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("discovery", [False, True], ids=["programme", "discovery"])
def test_results_pages_run_a_constant_number_of_queries(
    client, discovery, size, django_assert_num_queries
):
    programmes = build_catalogue(size)
    if discovery:
        response = start_discovery(client, bac_track="stmg")
    else:
        response = start_programme(client, programmes[0].slug, bac_track="stmg")
    response = complete(client, response, lambda q: "plutot")
    current_index()
    with django_assert_num_queries(_expected_queries(discovery)):
        assert client.get(response.get_absolute_url()).status_code == 200


def test_step_pages_run_a_constant_number_of_queries(client, django_assert_max_num_queries):
    programmes = build_catalogue(30)
    response = start_programme(client, programmes[0].slug)
    with django_assert_max_num_queries(3):
        client.get(f"/r/{response.token}/etape/1/")


@pytest.mark.parametrize("discovery", [False, True], ids=["programme", "discovery"])
def test_a_completed_results_page_is_served_again_with_one_query(
    client, discovery, django_assert_num_queries
):
    programmes = build_catalogue(3)
    if discovery:
        response = start_discovery(client, bac_track="stmg")
    else:
        response = start_programme(client, programmes[0].slug, bac_track="stmg")
    response = complete(client, response, lambda q: "plutot")
    first = client.get(response.get_absolute_url())
    with django_assert_num_queries(1):
        again = client.get(response.get_absolute_url())
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_deleted_response_is_never_served_from_the_page_cache(client):
    programmes = build_catalogue(3)
    response = complete(client, start_programme(client, programmes[0].slug), lambda q: "plutot")
    assert client.get(response.get_absolute_url()).status_code == 200
    response.delete()
    assert client.get(response.get_absolute_url()).status_code == 404
