"""A counsellor preparing interviews in Chromium: the response list (points à renforcer, attempts,
filters kept on the way back), the response page (notes beside the summary, attempts and what
changed), notes written, edited and deleted without JavaScript, a response erased at a
student's request; and WCAG 2.1 A/AA with axe-core on each of those pages at 1280 px.

Set CAPBTS_SCREENSHOT_DIR to keep full-page captures of the list and the response page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from orientation.backoffice.roles import COUNSELLOR_GROUP, ensure_roles
from orientation.models import Cohort, CounsellorNote, Response
from programmes.models import Programme
from tests.backoffice.conftest import make_response
from tests.browser.test_accessibility import audit

pytestmark = [pytest.mark.browser]

PASSWORD = "une-phrase-de-passe-42"
SCREENSHOTS = os.environ.get("CAPBTS_SCREENSHOT_DIR", "")
FIRST_NAMES = ["Lou", "Sam", "Inès", "Noah", "Jade", "Yanis", "Chloé", "Adam", "Maël", "Zoé"]


def weak_on_first(count: int):
    """Answers « Pas du tout » on the questions of the first `count` attendus asked, « Tout à
    fait » elsewhere: `count` points à renforcer (about)."""
    seen: list[int] = []

    def code_for(question: dict) -> str:
        attendu = question.get("attendu")
        if attendu is not None and attendu not in seen:
            seen.append(attendu)
        return "pas-du-tout" if attendu in seen[:count] else "tout-a-fait"

    return code_for


@pytest.fixture
def prepared(catalogue) -> dict:
    """A counsellor's class: a dozen responses with 0 to 3 points à renforcer, a student who
    took the questionnaire twice (« Léa », then « lea »), two notes on the second attempt."""
    ensure_roles()  # the groups a migration created are gone after an earlier test's flush
    counsellor = get_user_model().objects.create_user(
        "conseillere", "c@example.fr", PASSWORD, is_staff=True, first_name="Claire"
    )
    counsellor.groups.add(Group.objects.get(name=COUNSELLOR_GROUP))
    cohort = Cohort.objects.create(name="Terminale STMG 2 — 2026-2027")
    cohort.counsellors.add(counsellor)
    programme = Programme.objects.get(slug="bts-electrotechnique")
    for index, name in enumerate(FIRST_NAMES):
        make_response(
            cohort=cohort,
            programme=programme,
            pseudonym=name,
            code_for=weak_on_first(index % 4),
        )
    make_response(cohort=cohort, pseudonym="Rayan")  # a discovery
    make_response(cohort=cohort, programme=programme, pseudonym="", completed=False)
    first = make_response(
        cohort=cohort, programme=programme, pseudonym="Léa", code_for=weak_on_first(3)
    )
    second = make_response(
        cohort=cohort, programme=programme, pseudonym="lea", code_for=weak_on_first(1)
    )
    CounsellorNote.objects.create(
        response=second,
        author=counsellor,
        text="Entretien du 12 mars : veut travailler la maintenance, stage en juin.",
    )
    CounsellorNote.objects.create(
        response=second, author=counsellor, text="Parents rencontrés le 20 mars."
    )
    return {"cohort": cohort, "first": first, "second": second, "programme": programme}


def sign_in(page, base: str) -> None:
    page.goto(base + "/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill("conseillere")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Connexion").click()


def capture(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}-viewport.png"))


def test_the_list_fits_1280_px_and_its_filters_survive_a_note(live_server, prepared, page):
    base = live_server.url
    sign_in(page, base)
    page.goto(base + reverse("admin:orientation_response_changelist"))
    capture(page, "responses-list")
    # Every column of the table is on screen at 1280 px, beside the filters, without
    # scrolling sideways.
    table = page.locator("#result_list").bounding_box()
    filters = page.locator("#changelist-filter").bounding_box()
    assert table["x"] >= 0 and table["x"] + table["width"] <= filters["x"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    last = page.locator("#result_list thead th").last.bounding_box()
    assert last["x"] + last["width"] <= filters["x"]
    headers = page.locator("#result_list thead th").all_inner_texts()
    assert [h.strip().lower() for h in headers[1:4]] == [
        "pseudonyme",
        "bilan global",
        "points à renforcer",
    ]

    # The counsellor keeps the students with 1 or 2 points, opens one, writes a note.
    with page.expect_navigation():
        page.get_by_role("link", name="1 ou 2").click()
    assert "points=1-2" in page.url
    with page.expect_navigation():
        page.locator("#result_list").get_by_role("link", name="lea", exact=True).click()
    assert "_changelist_filters=points" in page.url
    capture(page, "response-page")
    notes = page.locator("#notes").bounding_box()
    summary = page.locator("#overall-title").bounding_box()
    # Beside the summary, near the top, not under the whole result.
    assert notes["x"] > summary["x"] + summary["width"] - 1
    assert notes["y"] < 500

    page.get_by_label("Nouvelle note").fill("Appel à la famille prévu.")
    with page.expect_navigation():
        page.get_by_role("button", name="Ajouter la note").click()
    assert page.url.endswith("#notes") and "_changelist_filters=points" in page.url
    assert page.locator("#notes .messagelist").inner_text() == "Note enregistrée."

    # Edit the first note in place, then delete the second: no JavaScript needed.
    with page.expect_navigation():
        page.locator("#notes .note").first.get_by_role("link", name="Modifier").click()
    page.get_by_label("Modifier la note").fill("Entretien du 12 mars : stage trouvé.")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer la modification").click()
    assert "modifiée le" in page.locator("#notes .note").first.inner_text()
    with page.expect_navigation():
        page.locator("#notes .note").nth(1).get_by_role("link", name="Supprimer").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Oui, supprimer la note").click()
    assert page.locator("#notes .note").count() == 2

    # Back to the list: still filtered.
    with page.expect_navigation():
        page.locator(".breadcrumbs").get_by_role("link", name="Réponses").click()
    assert "points=1-2" in page.url


def test_a_counsellor_erases_a_response_at_the_students_request(live_server, prepared, page):
    base = live_server.url
    first = prepared["first"]
    sign_in(page, base)
    page.goto(base + reverse("admin:orientation_response_change", args=[first.pk]))
    with page.expect_navigation():
        page.get_by_role("link", name="Supprimer à la demande de l'élève").click()
    capture(page, "response-erase")
    with page.expect_navigation():
        page.get_by_role("button", name="Oui, supprimer définitivement").click()
    assert not Response.objects.filter(pk=first.pk).exists()
    assert "supprimée" in page.locator(".messagelist").inner_text()
    trace = LogEntry.objects.get(object_id=str(prepared["cohort"].pk))
    assert trace.change_message == f"Réponse n° {first.pk} supprimée à la demande de l'élève."


def test_the_response_pages_have_no_wcag_violation_at_1280_px(live_server, prepared, page):
    base = live_server.url
    second = prepared["second"]
    note = second.notes.first()
    sign_in(page, base)
    changelist = reverse("admin:orientation_response_changelist")
    detail = reverse("admin:orientation_response_change", args=[second.pk])
    attendu = second.facts.filter(kind="attendu", band="a-renforcer").first()
    pages = {
        "response list": changelist,
        "response list by points": changelist + "?points=3-plus&o=3",
        "response list by attendu": changelist + f"?attendu={attendu.key}",
        "response page with notes and attempts": detail,
        "response page editing a note": detail + f"?modifier={note.pk}",
        "note delete confirmation": reverse(
            "admin:orientation_response_note_delete", args=[second.pk, note.pk]
        ),
        "erase confirmation": reverse("admin:orientation_response_delete", args=[second.pk]),
    }
    problems: list[str] = []
    for label, url in pages.items():
        reply = page.goto(base + url)
        assert reply.status == 200, f"{label}: {reply.status}"
        problems += audit(page, label)
    # A refused edit: the message and the invalid field are announced.
    page.goto(base + detail + f"?modifier={note.pk}")
    page.get_by_label("Modifier la note").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Enregistrer la modification").click()
    assert "La note est vide" in page.locator("#notes").inner_text()
    capture(page, "response-page-note-error")
    problems += audit(page, "response page with a refused edit")
    assert problems == [], "\n".join(problems)


def test_on_a_phone_the_notes_follow_the_summary_in_one_column(live_server, prepared, phone_page):
    page = phone_page
    sign_in(page, live_server.url)
    second = prepared["second"]
    page.goto(live_server.url + reverse("admin:orientation_response_change", args=[second.pk]))
    capture(page, "response-page-phone")
    if SCREENSHOTS:
        for selector in ("#notes", "#evolution"):
            page.locator(selector).screenshot(
                path=str(Path(SCREENSHOTS) / f"phone-{selector[1:]}.png")
            )
    summary = page.locator("#overall-title").bounding_box()
    notes = page.locator("#notes").bounding_box()
    attendus = page.locator("#attendus-title").bounding_box()
    assert summary["y"] < notes["y"] < attendus["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert audit(page, "response page on a phone") == []
