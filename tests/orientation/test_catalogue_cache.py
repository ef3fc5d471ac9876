"""Completing a questionnaire reuses the catalogue's scoring inputs, built once per catalogue
version, and sees every change of the catalogue at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from orientation import catalogue as cache
from orientation.models import Dimension
from orientation.questionnaire import discovery_questionnaire
from programmes.models import CatalogueVersion, Programme
from tests.backoffice.conftest import _client, _staff
from tests.orientation.journey_helpers import (
    answer_step,
    complete,
    start_discovery,
    start_programme,
)
from tests.orientation.test_journey_queries import build_catalogue

pytestmark = pytest.mark.django_db


def last_step_queries(client: Client, response) -> list[str]:
    """Answer every step, and return the SQL of the last one (the one computing the result)."""
    for number in range(1, response.step_count):
        answer_step(client, response, number, lambda q: "plutot")
    with CaptureQueriesContext(connection) as captured:
        http = answer_step(client, response, response.step_count, lambda q: "plutot")
    assert http.status_code == 302
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("discovery", [False, True], ids=["programme", "discovery"])
def test_completing_runs_the_same_queries_at_3_and_30_programmes_once_the_catalogue_is_built(
    client, discovery
):
    counts = []
    for size in (3, 30):
        Programme.objects.all().delete()
        programmes = build_catalogue(size)

        def start(slug=programmes[0].slug):
            if discovery:
                return start_discovery(client, bac_track="stmg")
            return start_programme(client, slug, bac_track="stmg")

        complete(client, start(), lambda q: "plutot")  # builds this version's inputs
        queries = last_step_queries(client, start())
        assert not [q for q in queries if "programmes_programmeattendu" in q]
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_catalogue_and_the_discovery_questionnaire_are_built_once_per_version(
    django_assert_num_queries,
):
    build_catalogue(3)
    first = cache.current_catalogue()
    steps = discovery_questionnaire()
    with django_assert_num_queries(2):  # the version token, twice
        assert cache.current_catalogue() is first
        assert discovery_questionnaire() == steps
    steps[0]["questions"].clear()  # a caller's copy is its own
    assert discovery_questionnaire()[0]["questions"]
    CatalogueVersion.bump()
    assert cache.current_catalogue() is not first


def test_a_programme_unpublished_in_the_admin_is_suggested_no_more(client):
    programmes = build_catalogue(6)
    done = complete(client, start_discovery(client, bac_track="stmg"), lambda q: "plutot")
    suggested = [e["programme"] for e in done.result["ranking"]]
    assert suggested
    admin = _client(_staff("admin", is_superuser=True))
    reply = admin.post(
        "/admin/programmes/programme/",
        {"action": "unpublish", "_selected_action": [suggested[0]]},
    )
    assert reply.status_code == 302
    again = complete(client, start_discovery(client, bac_track="stmg"), lambda q: "plutot")
    assert suggested[0] not in [e["programme"] for e in again.result["ranking"]]
    assert len(programmes) == 6


def test_a_dimension_renamed_by_staff_names_the_next_results(client):
    programmes = build_catalogue(3)
    complete(client, start_programme(client, programmes[0].slug), lambda q: "plutot")
    dimension = Dimension.objects.get(slug="travail-equipe")
    dimension.name = "Coopérer en équipe"
    dimension.save()  # as the admin's change form does
    done = complete(client, start_programme(client, programmes[0].slug), lambda q: "plutot")
    names = {d["slug"]: d["name"] for d in done.result["dimensions"]}
    assert names["travail-equipe"] == "Coopérer en équipe"
