"""Access to the cohort pages and actions added for the counsellor's class: a counsellor of
cohort B never sees, prints, exports, archives or deletes anything of cohort A; editors never
see responses; each new page runs a constant number of queries whatever the cohort's size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientation.backoffice.filters import responses_url
from orientation.models import Cohort, CounsellorNote
from tests.backoffice.conftest import make_response

pytestmark = pytest.mark.django_db

COHORTS = reverse("admin:orientation_cohort_changelist")
RESPONSES = reverse("admin:orientation_response_changelist")
PAGES = {
    "dashboard": "admin:orientation_cohort_dashboard",
    "sheets": "admin:orientation_cohort_sheets",
    "csv": "admin:orientation_cohort_export",
    "xlsx": "admin:orientation_cohort_export_xlsx",
    "change": "admin:orientation_cohort_change",
    "delete": "admin:orientation_cohort_delete",
    "history": "admin:orientation_cohort_history",
}


def body(http) -> str:
    if http.streaming:
        return b"".join(http.streaming_content).decode("utf-8", "replace")
    return http.content.decode("utf-8", "replace")


@pytest.fixture
def empty_a(counsellor_a) -> Cohort:
    """An empty cohort of counsellor A (no response yet)."""
    cohort = Cohort.objects.create(name="Seconde 4 — lycée A")
    cohort.counsellors.add(counsellor_a.user)
    return cohort


@pytest.mark.parametrize("page", list(PAGES))
def test_a_counsellor_of_b_gets_404_on_every_page_of_cohort_a(
    counsellor_b, cohort_a, response_a, empty_a, page
):
    for cohort in (cohort_a, empty_a):
        http = counsellor_b.get(reverse(PAGES[page], args=[cohort.pk]))
        assert http.status_code == 404, (page, cohort.name)
        text = body(http)
        assert "Léa" not in text and cohort.name not in text


@pytest.mark.parametrize("page", ["dashboard", "sheets", "csv", "xlsx", "delete"])
def test_editors_never_reach_a_cohort_page(editor, cohort_a, response_a, page):
    assert editor.get(reverse(PAGES[page], args=[cohort_a.pk])).status_code == 403
    assert editor.get(RESPONSES).status_code == 403


def test_the_empty_cohort_of_a_is_deletable_by_its_counsellor_only(personas, empty_a, response_a):
    url = reverse(PAGES["delete"], args=[empty_a.pk])
    expected = {
        "anonymous": "login",
        "student": "login",
        "counsellor_a": 200,
        "counsellor_b": 404,
        "editor": 403,
        "superuser": 200,
    }
    for persona, outcome in expected.items():
        http = personas[persona].get(url)
        got = "login" if http.status_code == 302 and "/login/" in http.url else http.status_code
        assert got == outcome, persona
    # Nobody but its counsellor (or a superuser) deletes it by posting either.
    for persona in ["counsellor_b", "editor", "anonymous"]:
        personas[persona].post(url, {"post": "yes"})
        assert Cohort.objects.filter(pk=empty_a.pk).exists(), persona


def test_actions_posted_by_counsellor_b_never_touch_cohort_a(
    counsellor_b, cohort_a, empty_a, response_a
):
    for action in ["archive_cohorts", "delete_selected", "close_cohorts"]:
        for cohort in (cohort_a, empty_a):
            counsellor_b.post(
                COHORTS,
                {"action": action, "_selected_action": [cohort.pk], "post": "yes"},
            )
    for cohort in (cohort_a, empty_a):
        cohort.refresh_from_db()
        assert cohort.archived_at is None and cohort.is_open
    assert Cohort.objects.filter(pk=empty_a.pk).exists()
    # Unarchiving through the archived list does not reach it either.
    Cohort.objects.filter(pk=cohort_a.pk).update(archived_at="2026-01-01T00:00:00Z")
    counsellor_b.post(
        COHORTS + "?etat=archivees",
        {"action": "unarchive_cohorts", "_selected_action": [cohort_a.pk]},
    )
    cohort_a.refresh_from_db()
    assert cohort_a.archived_at is not None


def test_counsellor_b_never_lists_cohort_a_archived_or_not(counsellor_b, cohort_a, cohort_b):
    Cohort.objects.filter(pk=cohort_a.pk).update(archived_at="2026-01-01T00:00:00Z")
    for query in ["", "?etat=archivees", "?etat=toutes", f"?annee={cohort_a.school_year}"]:
        page = counsellor_b.get(COHORTS + query)
        assert cohort_a not in page.context["cl"].result_list, query
        assert cohort_a.name not in page.content.decode(), query


def test_the_colleague_choices_reveal_no_cohort_of_another_counsellor(
    counsellor_a, counsellor_b, cohort_a, cohort_b
):
    html = counsellor_b.get(reverse(PAGES["change"], args=[cohort_b.pk])).content.decode()
    assert "Conseillere-A" in html  # a colleague to tick…
    assert cohort_a.name not in html  # …never what they follow


def test_counsellor_b_cannot_add_themself_to_cohort_a(counsellor_a, counsellor_b, cohort_a):
    counsellor_b.post(
        reverse(PAGES["change"], args=[cohort_a.pk]),
        {"name": cohort_a.name, "counsellors": [counsellor_b.user.pk]},
    )
    assert list(cohort_a.counsellors.all()) == [counsellor_a.user]


def test_the_dashboard_filters_never_widen_a_counsellors_list(
    counsellor_b, cohort_a, response_a, response_b
):
    for params in [
        {"cohorte": cohort_a.pk, "bilan_dimension": "relation-client:point-fort"},
        {"bilan_dimension": "relation-client:en-bonne-voie"},
        {"bilan_suggestion": response_a.facts.filter(kind="suggestion").first().key},
        {"bilan_attendu": f"{response_a.facts.filter(kind='attendu').first().key}:en-bonne-voie"},
    ]:
        page = counsellor_b.get(responses_url(**params))
        assert response_a not in page.context["cl"].result_list, params
        assert "Léa" not in [r.pseudonym for r in page.context["cl"].result_list]


def test_the_xlsx_action_of_counsellor_b_never_holds_a_response_of_a(
    counsellor_b, response_a, response_b
):
    http = counsellor_b.post(
        RESPONSES, {"action": "export_xlsx", "_selected_action": [response_a.pk]}
    )
    assert http.status_code == 302 and not http.streaming


# --- Query budgets: the same number of queries for a small and a large cohort -------------------


@pytest.mark.parametrize("page", ["dashboard", "sheets", "xlsx", "csv", "change"])
def test_each_cohort_page_runs_a_constant_number_of_queries(
    catalogue, counsellor_a, cohort_a, page
):
    url = reverse(PAGES[page], args=[cohort_a.pk])

    def add(count: int) -> None:
        for index in range(count):
            response = make_response(
                cohort=cohort_a,
                programme=[catalogue["mco"], catalogue["cg"], None][index % 3],
                pseudonym=f"Élève {index}",
                code_for=(lambda q: "pas-du-tout") if index % 2 else (lambda q: "plutot"),
            )
            CounsellorNote.objects.create(response=response, author=counsellor_a.user, text="…")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            http = counsellor_a.get(url)
            assert http.status_code == 200
            body(http)  # streamed files read their rows as they are sent
        return len(captured.captured_queries)

    add(2)
    counsellor_a.get(url)  # warm the content-type cache
    small = queries()
    add(28)
    large = queries()
    assert small == large <= 12, (small, large)


def test_the_cohort_list_runs_a_constant_number_of_queries(counsellor_a, cohort_a):
    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert counsellor_a.get(COHORTS + query).status_code == 200
        return len(captured.captured_queries)

    counsellor_a.get(COHORTS)
    before = {q: queries(q) for q in ["", "?etat=archivees", "?etat=toutes"]}
    for index in range(20):
        cohort = Cohort.objects.create(name=f"Classe {index}", school_year=f"20{index:02d}-2099")
        cohort.counsellors.add(counsellor_a.user)
    after = {q: queries(q) for q in before}
    assert before == after and max(after.values()) <= 10, (before, after)
