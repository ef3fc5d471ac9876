"""Interview sheets of a cohort: one page per completed response, what the interview needs,
no admin chrome, printable without JavaScript, constant queries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientation.models import CounsellorNote
from tests.backoffice.conftest import EQUIPE, NUMERIQUE, ORGANISATION, RELATION, make_response

pytestmark = pytest.mark.django_db

SHEET = re.compile(r'<article class="sheet" aria-labelledby="sheet-(\d+)">')


def sheets_url(cohort) -> str:
    return reverse("admin:orientation_cohort_sheets", args=[cohort.pk])


def mco_answers(weak: set[str]):
    def code_for(question):
        text = question.get("attendu_text", "")
        return "pas-du-tout" if text in weak else "tout-a-fait"

    return code_for


@pytest.fixture
def interview_cohort(catalogue, cohort_a, counsellor_a):
    zoe = make_response(
        cohort=cohort_a,
        programme=catalogue["mco"],
        pseudonym="Zoé",
        code_for=mco_answers({RELATION, ORGANISATION}),
    )
    CounsellorNote.objects.create(
        response=zoe, author=counsellor_a.user, text="Veut faire un stage en boutique."
    )
    make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym="éloïse")
    make_response(cohort=cohort_a, pseudonym="Bastien", bac_track="general")  # discovery
    make_response(cohort=cohort_a, programme=catalogue["cg"])  # anonymous
    make_response(
        cohort=cohort_a, programme=catalogue["cg"], pseudonym="Brouillon", completed=False
    )
    return cohort_a


def sheet_blocks(html: str) -> list[str]:
    parts = re.split(r'(?=<article class="sheet")', html)[1:]
    return [part.split("</article>")[0] for part in parts]


def test_one_sheet_per_completed_response_by_pseudonym_anonymous_last(
    counsellor_a, interview_cohort
):
    page = counsellor_a.get(sheets_url(interview_cohort))
    assert page.status_code == 200
    sheets = page.context["sheets"]
    assert [s.pseudonym for s in sheets] == ["Bastien", "éloïse", "Zoé", "Anonyme"]
    html = page.content.decode()
    assert len(SHEET.findall(html)) == 4  # the draft has none
    assert "Brouillon" not in html


def test_a_sheet_holds_what_the_interview_needs(counsellor_a, interview_cohort):
    html = counsellor_a.get(sheets_url(interview_cohort)).content.decode()
    zoe = next(block for block in sheet_blocks(html) if "<h2" in block and "Zoé</h2>" in block)
    assert "Terminale STMG 2 — lycée A" in zoe and interview_cohort.school_year in zoe
    assert "BTS management commercial opérationnel" in zoe
    assert "Suis-je fait pour ce BTS\u00a0?" in zoe  # no line break before « ? »
    assert "Bac technologique STMG" in zoe
    assert "Terminé le" in zoe
    weak = zoe.split("À renforcer")[1].split("</section>")[0]
    assert RELATION in weak and ORGANISATION.replace("'", "&#x27;") in weak
    strong = zoe.split("Points d'appui")[1].split("</section>")[0]
    assert NUMERIQUE.replace("'", "&#x27;") in strong and EQUIPE in strong
    assert RELATION not in strong
    assert "Par dimension" in zoe and "Relation client et sens du contact" in zoe
    assert "BTS suggérés en plus" in zoe
    assert "Veut faire un stage en boutique." in zoe
    assert "Bilan global" in zoe
    bastien = next(block for block in sheet_blocks(html) if "Bastien</h2>" in block)
    assert "BTS en tête de son classement" in bastien and "À renforcer" not in bastien


def test_the_sheets_page_has_no_admin_chrome_and_prints_without_javascript(
    counsellor_a, interview_cohort
):
    html = counsellor_a.get(sheets_url(interview_cohort)).content.decode()
    assert 'id="header"' not in html and "nav-sidebar" not in html
    assert not re.search(r"\sstyle=", html)  # strict CSP
    assert "<script>" not in html  # the one script is a file, deferred
    assert re.search(r"<button[^>]*data-print[^>]*hidden", html)  # shown by the script only
    assert "Imprimer » (Ctrl+P" in html  # the browser's own command, always said
    for response in interview_cohort.responses.all():
        assert response.token not in html
    css = Path(finders.find("orientation/sheets.css")).read_text()
    assert re.search(r"@page\s*{\s*size:\s*A4", css)
    assert "break-after: page" in css
    script = Path(finders.find("orientation/sheets.js")).read_text()
    assert "window.print()" in script and "hidden = false" in script
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]


def test_notes_are_left_out_without_the_permission(counsellor_a, interview_cohort):
    group = counsellor_a.user.groups.get()
    group.permissions.remove(group.permissions.get(codename="view_counsellornote"))
    html = counsellor_a.get(sheets_url(interview_cohort)).content.decode()
    assert "Veut faire un stage" not in html and "Notes de conseil" not in html


def test_an_empty_cohort_says_there_is_nothing_to_print(counsellor_a, cohort_a):
    html = counsellor_a.get(sheets_url(cohort_a)).content.decode()
    assert "pas de fiche à imprimer" in html


def test_the_sheets_run_a_constant_number_of_queries(catalogue, counsellor_a, cohort_a):
    url = sheets_url(cohort_a)

    def add(count):
        for index in range(count):
            response = make_response(
                cohort=cohort_a,
                programme=catalogue["mco"] if index % 3 else None,
                pseudonym=f"Élève {index}",
            )
            CounsellorNote.objects.create(response=response, author=counsellor_a.user, text="Note")

    add(3)
    counsellor_a.get(url)  # warm the content-type cache
    with CaptureQueriesContext(connection) as small:
        counsellor_a.get(url)
    add(32)
    with CaptureQueriesContext(connection) as large:
        page = counsellor_a.get(url)
    assert len(page.context["sheets"]) == 35
    # Session, user, permissions, the cohort, then responses, facts, notes with authors.
    assert len(large.captured_queries) == len(small.captured_queries) <= 10
