"""The counsellor's back office in Chromium: sign in, follow a cohort on its dashboard, export
its responses as CSV; and WCAG 2.1 A/AA with axe-core on every counsellor page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from orientation.backoffice.roles import COUNSELLOR_GROUP, ensure_roles
from orientation.models import Cohort, Response
from tests.browser.journeys import answer_with_client, start_with_client
from tests.browser.test_accessibility import audit

pytestmark = [pytest.mark.browser]

PASSWORD = "une-phrase-de-passe-42"
PSEUDONYMS = ["Lou", "Sam", "Inès"]


@pytest.fixture
def cohort(catalogue) -> Cohort:
    """A cohort followed by a counsellor, with three completed responses and one draft, all
    made through the student pages with the cohort's code."""
    ensure_roles()  # the groups a migration created are gone after an earlier test's flush
    counsellor = get_user_model().objects.create_user(
        "conseillere", "c@example.fr", PASSWORD, is_staff=True, first_name="Claire"
    )
    counsellor.groups.add(Group.objects.get(name=COUNSELLOR_GROUP))
    cohort = Cohort.objects.create(name="Terminale STMG 2")
    cohort.counsellors.add(counsellor)
    for index, pseudonym in enumerate(PSEUDONYMS):
        token = start_with_client(slug=None if index == 2 else "bts-electrotechnique")
        Response.objects.filter(token=token).update(cohort=cohort, pseudonym=pseudonym)
        answer_with_client(token, code="mixed")
    draft = start_with_client()
    Response.objects.filter(token=draft).update(cohort=cohort, pseudonym="Brouillon")
    # A response outside the cohort, which the counsellor must not see.
    answer_with_client(start_with_client(), code="plutot")
    return cohort


def sign_in(page, base: str) -> None:
    page.goto(base + "/admin/")
    assert "/admin/login/" in page.url
    page.get_by_label("Nom d’utilisateur").fill("conseillere")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Connexion").click()
    assert page.url == base + "/admin/"


def read_csv(path: str) -> list[dict[str, str]]:
    text = Path(path).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_counsellor_signs_in_reads_the_dashboard_and_exports_csv(live_server, cohort, page):
    sign_in(page, live_server.url)
    with page.expect_navigation():
        page.get_by_role("link", name="Cohortes").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Terminale STMG 2").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Tableau de bord").first.click()
    assert page.url.endswith(reverse("admin:orientation_cohort_dashboard", args=[cohort.pk]))
    assert "Terminale STMG 2" in page.locator("h1").inner_text()
    facts = dict(
        zip(
            page.locator(".dashboard-facts dt").all_inner_texts(),
            page.locator(".dashboard-facts dd").all_inner_texts(),
            strict=True,
        )
    )
    assert facts["Réponses terminées"] == "3" and facts["Brouillons"] == "1"
    assert facts["« Suis-je fait pour ce BTS ? »"] == "2"
    assert facts["« Quels BTS me correspondent ? »"] == "1"
    assert (
        page.locator(".dashboard-programme h3")
        .first.inner_text()
        .startswith("BTS électrotechnique")
    )

    with page.expect_download() as info:
        page.get_by_role("link", name="Exporter les réponses (CSV)").click()
    rows = read_csv(info.value.path())
    assert sorted(row["Pseudonyme"] for row in rows if row["État"] == "Terminée") == sorted(
        PSEUDONYMS
    )
    assert {row["Cohorte"] for row in rows} == {"Terminale STMG 2"}

    # The response list shows this cohort only; its export action gives the same rows.
    page.goto(live_server.url + reverse("admin:orientation_response_changelist"))
    listed = page.locator("#result_list tbody tr")
    assert listed.count() == 4
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("export_csv")
    with page.expect_download() as info:
        page.locator("button[name=index]").click()
    assert len(read_csv(info.value.path())) == 4


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_counsellor_pages_have_no_wcag_violation(live_server, cohort, request, width):
    page = request.getfixturevalue("phone_page" if width == "phone" else "page")
    response = Response.objects.filter(cohort=cohort, pseudonym="Lou").get()
    problems: list[str] = []
    page.goto(live_server.url + "/admin/login/")
    problems += audit(page, "admin login")
    page.get_by_label("Nom d’utilisateur").fill("conseillere")
    page.get_by_label("Mot de passe").fill("faux")
    with page.expect_navigation():
        page.get_by_role("button", name="Connexion").click()
    problems += audit(page, "admin login with error")
    sign_in(page, live_server.url)
    problems += audit(page, "admin index")
    pages = {
        "response list": reverse("admin:orientation_response_changelist"),
        "response list filtered": reverse("admin:orientation_response_changelist")
        + "?status__exact=terminee",
        "response detail": reverse("admin:orientation_response_change", args=[response.pk]),
        "cohort list": reverse("admin:orientation_cohort_changelist"),
        "cohort form": reverse("admin:orientation_cohort_change", args=[cohort.pk]),
        "new cohort": reverse("admin:orientation_cohort_add"),
        "cohort dashboard": reverse("admin:orientation_cohort_dashboard", args=[cohort.pk]),
        "password change": reverse("admin:password_change"),
    }
    for label, url in pages.items():
        reply = page.goto(live_server.url + url)
        assert reply.status == 200, f"{label}: {reply.status}"
        problems += audit(page, label)
    assert problems == [], "\n".join(problems)
