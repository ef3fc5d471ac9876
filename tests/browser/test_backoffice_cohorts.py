"""The counsellor's class in Chromium: interview sheets printed to PDF (one A4 page per student),
the print button, and WCAG 2.1 A/AA with axe-core on the cohort pages (dashboard with its
links, sheets, cohort list and form, filtered response list, deletion pages). Screenshots at
1280 px go to $CAPBTS_SCREENSHOT_DIR (default /tmp/h2/) for a human to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from orientation.backoffice.filters import responses_url
from orientation.backoffice.roles import COUNSELLOR_GROUP, ensure_roles
from orientation.models import Cohort, CounsellorNote
from programmes.models import Programme
from tests.backoffice.conftest import make_response
from tests.browser.test_accessibility import audit
from tests.browser.test_backoffice import PASSWORD, sign_in

pytestmark = [pytest.mark.browser]

STUDENTS = 35
OUTPUT = Path(os.environ.get("CAPBTS_SCREENSHOT_DIR", "/tmp/h2"))
NOTE = (
    "Entretien du 12 mars : hésite entre le commerce et la gestion ; stage de troisième en "
    "boutique apprécié. À revoir après les portes ouvertes du lycée voisin."
)


def answers_for(index: int):
    """A spread of students: strong, on track, with points de vigilance, unsure."""
    codes = ["tout-a-fait", "plutot", "plutot-pas", "pas-du-tout", "ne-sais-pas"]

    def code_for(question):
        return codes[(index + len(question["key"])) % len(codes)]

    return code_for


@pytest.fixture
def class_of_35(catalogue) -> Cohort:
    """A cohort of 35 completed responses (and a draft) followed by « conseillere »: most test
    the programme with the most attendus (the longest sheets), some another programme, some the
    discovery journey; a few have notes."""
    ensure_roles()  # the groups a migration created are gone after an earlier test's flush
    counsellor = get_user_model().objects.create_user(
        "conseillere", "c@example.fr", PASSWORD, is_staff=True, first_name="Claire"
    )
    counsellor.groups.add(Group.objects.get(name=COUNSELLOR_GROUP))
    colleague = get_user_model().objects.create_user(
        "cpe", "cpe@example.fr", None, is_staff=True, first_name="Karim", last_name="Benali"
    )
    colleague.groups.add(Group.objects.get(name=COUNSELLOR_GROUP))
    cohort = Cohort.objects.create(name="Terminale STMG 2 — lycée Jean-Moulin")
    cohort.counsellors.add(counsellor)
    programmes = sorted(
        Programme.objects.all(), key=lambda p: (-p.programme_attendus.count(), p.pk)
    )
    longest, other = programmes[0], Programme.objects.get(slug="bts-electrotechnique")
    for index in range(STUDENTS):
        programme = [longest, longest, other, None][index % 4]
        response = make_response(
            cohort=cohort,
            programme=programme,
            pseudonym="" if index == 7 else f"Élève {index + 1:02d}",
            code_for=answers_for(index),
        )
        if index % 5 == 0:
            CounsellorNote.objects.create(response=response, author=counsellor, text=NOTE)
    make_response(cohort=cohort, programme=other, pseudonym="Brouillon", completed=False)
    return cohort


def pdf_page_count(data: bytes) -> int:
    """Pages of a PDF: with pypdf when installed, else from the page objects (« /Type /Page »,
    not « /Pages ») cross-checked against the page tree's « /Count »."""
    try:
        from pypdf import PdfReader
    except ImportError:
        pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))
        counts = [int(c) for c in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
        counts += [int(c) for c in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
        assert counts and max(counts) == pages, (pages, counts)
        return pages
    import io

    return len(PdfReader(io.BytesIO(data)).pages)


def test_the_sheets_of_a_35_student_class_print_on_exactly_35_a4_pages(
    live_server, class_of_35, page
):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server.url)
    url = live_server.url + reverse("admin:orientation_cohort_sheets", args=[class_of_35.pk])
    reply = page.goto(url)
    assert reply.status == 200
    assert page.locator("article.sheet").count() == STUDENTS
    assert page.get_by_role("button", name="Imprimer les fiches").is_visible()
    page.screenshot(path=str(OUTPUT / "sheets-1280.png"))
    data = page.pdf(
        path=str(OUTPUT / "fiches-35-eleves.pdf"), prefer_css_page_size=True, print_background=True
    )
    assert data.startswith(b"%PDF")
    assert pdf_page_count(data) == STUDENTS
    # The paper layout as the browser prints it, for a human to look at.
    page.emulate_media(media="print")
    page.screenshot(path=str(OUTPUT / "sheets-print-1280.png"))
    assert not page.locator(".sheets-intro").is_visible()


def test_without_javascript_the_sheets_still_say_how_to_print(live_server, class_of_35, browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, live_server.url)
        page.goto(
            live_server.url + reverse("admin:orientation_cohort_sheets", args=[class_of_35.pk])
        )
        assert not page.locator("[data-print]").is_visible()  # needs the script
        assert "« Imprimer » (Ctrl+P" in page.locator(".sheets-intro").inner_text()
        assert page.locator("article.sheet").count() == STUDENTS
    finally:
        context.close()


def test_cohort_pages_have_no_wcag_violation_and_are_captured(live_server, class_of_35, page):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    cohort = class_of_35
    empty = Cohort.objects.create(name="Seconde 4 (créée par erreur)")
    empty.counsellors.add(cohort.counsellors.get())
    archived = Cohort.objects.create(name="Terminale STMG 2 — 2024-2025", school_year="2024-2025")
    archived.counsellors.add(cohort.counsellors.get())
    Cohort.objects.filter(pk=archived.pk).update(archived_at="2025-07-04T10:00:00Z")
    sign_in(page, live_server.url)
    dashboard = reverse("admin:orientation_cohort_dashboard", args=[cohort.pk])
    pages = {
        "cohort dashboard": (dashboard, "dashboard-full-1280.png"),
        "interview sheets": (
            reverse("admin:orientation_cohort_sheets", args=[cohort.pk]),
            None,
        ),
        "cohort list": (reverse("admin:orientation_cohort_changelist"), "cohort-list-1280.png"),
        "cohort list archived": (
            reverse("admin:orientation_cohort_changelist") + "?etat=archivees",
            "cohort-list-archived-1280.png",
        ),
        "cohort form": (
            reverse("admin:orientation_cohort_change", args=[cohort.pk]),
            "cohort-form-1280.png",
        ),
        "responses behind a bar": (
            responses_url(cohorte=cohort.pk, bilan_dimension="relation-client:a-renforcer"),
            "responses-filtered-1280.png",
        ),
        "delete refused": (
            reverse("admin:orientation_cohort_delete", args=[cohort.pk]),
            "delete-refused-1280.png",
        ),
        "delete empty cohort": (reverse("admin:orientation_cohort_delete", args=[empty.pk]), None),
    }
    problems: list[str] = []
    for label, (url, shot) in pages.items():
        reply = page.goto(live_server.url + url)
        expected = 403 if label == "delete refused" else 200
        assert reply.status == expected, f"{label}: {reply.status}"
        problems += audit(page, label)
        if shot:
            page.screenshot(path=str(OUTPUT / shot), full_page=True)
    assert problems == [], "\n".join(problems)

    # The dashboard's top and its sections, each readable in a screenshot of its own.
    page.goto(live_server.url + dashboard)
    page.screenshot(path=str(OUTPUT / "dashboard-top-1280.png"))
    for section in ["needs", "dimensions", "attendus", "suggestions"]:
        page.locator(f'section[aria-labelledby="{section}-title"]').screenshot(
            path=str(OUTPUT / f"dashboard-{section}-1280.png")
        )

    # A bar of the chart is a link to its students, for a mouse; the table's count is the same
    # link for a keyboard.
    segment = page.locator("#chart-dimensions-table a").first
    href = segment.get_attribute("href")
    students = int(segment.inner_text().split()[0])
    assert page.locator(f'svg a[href="{href}"]').count() == 1
    with page.expect_navigation():
        page.locator(f'svg a[href="{href}"] rect').click()
    assert page.locator("#result_list tbody tr").count() == students > 0
