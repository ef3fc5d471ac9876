"""Tampered ids and parameters on the back office answer a clean 4xx (or the page, ignoring
them), never a 500: « ² » passes str.isdigit() but not int(), and 20 digits overflow a filter
on a foreign-key column on SQLite and a bigint OFFSET on PostgreSQL."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "²"
TOO_BIG = "9" * 20
RESPONSES = "admin:orientation_response_changelist"


def _lists() -> list[dict[str, str]]:
    return [
        {"cohorte": SUPERSCRIPT_TWO},
        {"cohorte": TOO_BIG},
        {"formation": SUPERSCRIPT_TWO},
        {"formation": TOO_BIG},
        {"attendu": SUPERSCRIPT_TWO},
        {"attendu": TOO_BIG},
        {"points": "beaucoup"},
        {"bilan_attendu": f"{SUPERSCRIPT_TWO}:a-renforcer"},
        {"bilan_attendu": "abc:xyz"},
        {"bilan_dimension": f"{TOO_BIG}:a-renforcer"},
        {"bilan_suggestion": "../../etc:1"},
    ]


@pytest.mark.parametrize("persona", ["counsellor_a", "superuser"])
@pytest.mark.parametrize(
    "params", _lists(), ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items())
)
def test_tampered_filters_of_the_responses_list_never_crash(request, response_a, persona, params):
    # The test client raises what the view raised: a crash fails here, not as a status.
    reply = request.getfixturevalue(persona).get(reverse(RESPONSES), params)
    assert reply.status_code in (200, 302, 400), reply.status_code


@pytest.mark.parametrize("persona", ["counsellor_a", "superuser"])
@pytest.mark.parametrize("action", ["change", "delete"])
def test_a_response_id_that_is_not_a_plain_number_is_not_found(
    request, response_a, persona, action
):
    client = request.getfixturevalue(persona)
    url = reverse(f"admin:orientation_response_{action}", args=[SUPERSCRIPT_TWO])
    assert client.get(url).status_code == 404


def test_a_note_to_edit_named_by_a_tampered_id_is_ignored(counsellor_a, response_a):
    url = reverse("admin:orientation_response_change", args=[response_a.pk])
    for value in (SUPERSCRIPT_TWO, TOO_BIG, "-1"):
        assert counsellor_a.get(url, {"modifier": value}).status_code == 200


def test_an_import_run_id_that_is_not_a_plain_number_is_not_found(superuser):
    url = reverse("admin:programmes_importrun_change", args=[SUPERSCRIPT_TWO])
    assert superuser.get(url).status_code == 404


def test_a_dashboard_page_number_too_big_for_the_database_shows_a_page(counsellor_a, response_a):
    url = reverse("admin:orientation_cohort_dashboard", args=[response_a.cohort_id])
    assert counsellor_a.get(url, {"page": TOO_BIG}).status_code == 200


@pytest.mark.parametrize("selected", ["abc", TOO_BIG, SUPERSCRIPT_TWO])
def test_an_action_on_tampered_rows_is_refused_not_a_crash(counsellor_a, response_a, selected):
    reply = counsellor_a.post(
        reverse(RESPONSES),
        {"action": "export_csv", "_selected_action": [str(response_a.pk), selected]},
    )
    assert reply.status_code == 400
