"""No public page runs more than 10 SQL queries, with the real catalogue loaded.

Walks every page a lycéen can reach (GET) and every form they post, with the submission rate
limit on as in production: the posts are counted with the limiter's cost, one upsert of the
client's counter per POST (plus, on a client's first POST of a minute, one DELETE of the finished
minutes), which is also measured on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from orientation.models import Response
from tests.browser.journeys import PROGRAMME_SLUG, answer_with_client, start_with_client

BUDGET = 10

pytestmark = pytest.mark.django_db


@contextmanager
def at_most(budget: int, what: str) -> Iterator[None]:
    """At most `budget` SQL statements, savepoints aside: the tests run inside a transaction,
    where each atomic block becomes a SAVEPOINT/RELEASE pair that production (autocommit, one
    BEGIN/COMMIT the query log does not show) does not run."""
    with CaptureQueriesContext(connection) as captured:
        yield
    statements = [
        q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"].upper()
    ]
    assert len(statements) <= budget, f"{what}: {len(statements)} queries\n" + "\n".join(
        s[:200] for s in statements
    )


@pytest.fixture(autouse=True)
def _generous_submission_limit(settings) -> None:
    """The limiter stays on, high enough for the posts that set up the pages."""
    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 1000


def public_pages() -> list[str]:
    programme_draft = start_with_client()
    discovery_draft = start_with_client(slug=None)
    answer_with_client(programme_draft, steps=1)
    programme_done = start_with_client()
    answer_with_client(programme_done)
    discovery_done = start_with_client(slug=None, bac="pro")
    answer_with_client(discovery_done, code="tout-a-fait")
    last = Response.objects.get(token=discovery_done).step_count
    return [
        "/",
        "/formations/",
        "/formations/?page=3",
        "/formations/?q=commerce international",
        "/formations/?q=électro&bac=sti2d&domaine=electricite-electronique-robotique&type=BTS",
        "/formations/?bac=bogus&domaine=bogus&type=bogus",
        f"/formations/{PROGRAMME_SLUG}/",
        "/formations/bts-management-en-hotellerie-restauration-option-a-management-d-unite-de-restauration/",
        f"/questionnaire/{PROGRAMME_SLUG}/",
        "/decouverte/",
        f"/r/{programme_draft}/",
        f"/r/{programme_draft}/etape/1/",
        f"/r/{programme_draft}/etape/2/",
        f"/r/{discovery_draft}/etape/1/",
        f"/r/{discovery_draft}/etape/{last}/",
        f"/r/{programme_done}/",
        f"/r/{discovery_done}/",
        f"/r/{discovery_done}/?bac=&domaine=mecanique",
        f"/r/{programme_done}/supprimer/",
        f"/r/{programme_done}/modifier/",
        f"/r/{programme_done}/mes-donnees.json",
        "/confidentialite/",
        "/accessibilite/",
        "/formations/inconnue/",
        "/r/inconnu/",
    ]


def test_every_public_page_stays_within_the_budget(real_catalogue, django_assert_max_num_queries):
    client = Client(HTTP_HOST="127.0.0.1")
    for url in public_pages():
        with django_assert_max_num_queries(BUDGET, info=url):
            reply = client.get(url)
        assert reply.status_code in (200, 404), url


def test_every_form_post_stays_within_the_budget(real_catalogue):
    # The rate limiter stays on (its one-statement counter is part of every post's cost).
    client = Client(HTTP_HOST="127.0.0.1")
    with at_most(BUDGET, "programme start"):
        token = client.post(f"/questionnaire/{PROGRAMME_SLUG}/", {"bac_track": "stmg"})[
            "Location"
        ].split("/")[2]
    with at_most(BUDGET, "discovery start"):
        client.post("/decouverte/", {"bac_track": "stmg"})
    with at_most(BUDGET, "invalid start"):
        client.post("/decouverte/", {"bac_track": "nope"})
    response = Response.objects.get(token=token)
    for number, step in enumerate(response.questions, start=1):
        answers = {q["key"]: "plutot" for q in step["questions"]}
        with at_most(BUDGET, f"invalid step {number}"):
            assert client.post(f"/r/{token}/etape/{number}/", {"q0": "x"}).status_code == 400
        with at_most(BUDGET, f"save step {number}"):
            client.post(f"/r/{token}/etape/{number}/", {**answers, "action": "save"})
        with at_most(BUDGET, f"step {number}"):
            client.post(f"/r/{token}/etape/{number}/", {**answers, "action": "next"})
    assert Response.objects.get(token=token).is_completed
    with at_most(BUDGET, "edit"):
        assert client.post(f"/r/{token}/modifier/").status_code == 302
    with at_most(BUDGET, "finish again"):
        client.post(f"/r/{token}/etape/{len(response.questions)}/", {"action": "finish"})
    assert Response.objects.get(token=token).is_completed
    with at_most(BUDGET, "delete"):
        assert client.post(f"/r/{token}/supprimer/").status_code == 302


def test_the_rate_limiter_costs_one_statement_per_post(db, django_assert_num_queries):
    from orientation.ratelimit import count_hit

    with django_assert_num_queries(2):  # the upsert, then forgetting finished minutes
        assert count_hit(key="client-a", window=100) == 1
    with django_assert_num_queries(1):
        assert count_hit(key="client-a", window=100) == 2
