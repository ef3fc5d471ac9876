"""Who may edit or delete a note and erase a response, by persona, and the guards on the way
(POST only, CSRF, 404 for what a counsellor cannot see, 403 for what a role may not do)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from orientation.models import CounsellorNote, Response
from tests.backoffice.test_access import FORBIDDEN, LOGIN, MISSING, OK, PERSONAS, _row, outcome

pytestmark = pytest.mark.django_db

DONE = "302"

# (method, page) → expected outcome per persona. The note is counsellor A's, on response A.
MATRIX = {
    ("get", "note A delete"): _row(LOGIN, OK, MISSING, FORBIDDEN, OK),
    ("post", "note A delete"): _row(LOGIN, DONE, MISSING, FORBIDDEN, DONE),
    ("post", "note A edit"): _row(LOGIN, DONE, MISSING, FORBIDDEN, DONE),
    ("get", "response A erase"): _row(LOGIN, OK, MISSING, FORBIDDEN, OK),
    ("post", "response A erase"): _row(LOGIN, DONE, MISSING, FORBIDDEN, DONE),
}


@pytest.fixture
def note(counsellor_a, response_a) -> CounsellorNote:
    return CounsellorNote.objects.create(
        response=response_a, author=counsellor_a.user, text="Vu en entretien."
    )


@pytest.fixture
def urls(response_a, note) -> dict[str, str]:
    r = response_a.pk
    return {
        "note A delete": reverse("admin:orientation_response_note_delete", args=[r, note.pk]),
        "note A edit": reverse("admin:orientation_response_note_edit", args=[r, note.pk]),
        "response A erase": reverse("admin:orientation_response_delete", args=[r]),
    }


def still_there(response_a, note) -> tuple[bool, bool, str]:
    alive = CounsellorNote.objects.filter(pk=note.pk).first()
    return (
        Response.objects.filter(pk=response_a.pk).exists(),
        alive is not None,
        alive.text if alive else "",
    )


@pytest.mark.parametrize(
    ("method", "page", "persona"),
    [(method, page, persona) for method, page in MATRIX for persona in PERSONAS],
)
def test_each_persona_may_change_notes_and_erase_responses_exactly_as_its_role_allows(
    personas, urls, response_a, note, method, page, persona
):
    client = personas[persona]
    before = still_there(response_a, note)
    data = {"modifier-text": "Réécrit."} if page == "note A edit" else {}
    http = getattr(client, method)(urls[page], data)
    expected = MATRIX[(method, page)][persona]
    assert outcome(http) == expected
    if expected != DONE:  # a refusal changes nothing
        assert still_there(response_a, note) == before


def test_a_counsellor_of_b_gets_404_on_every_note_and_erasure_url_of_a(
    counsellor_b, urls, response_a, note
):
    for url in urls.values():
        assert counsellor_b.get(url).status_code in (404, 405), url
        assert counsellor_b.post(url, {"modifier-text": "x"}).status_code == 404, url
    assert Response.objects.filter(pk=response_a.pk).exists()
    assert CounsellorNote.objects.get().text == "Vu en entretien."


def test_editing_a_note_is_post_only(counsellor_a, urls):
    assert counsellor_a.get(urls["note A edit"]).status_code == 405


@pytest.mark.parametrize("page", ["note A edit", "note A delete", "response A erase"])
def test_changing_notes_and_erasing_need_the_csrf_token(counsellor_a, urls, response_a, note, page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(counsellor_a.user)
    http = client.post(urls[page], {"modifier-text": "Sans jeton"})
    assert http.status_code == 403
    assert Response.objects.filter(pk=response_a.pk).exists()
    assert CounsellorNote.objects.get().text == "Vu en entretien."


def test_an_editor_never_sees_a_response_nor_its_erase_button(editor, response_a, urls):
    assert editor.get(reverse("admin:orientation_response_changelist")).status_code == 403
    assert editor.get(urls["response A erase"]).status_code == 403
    assert editor.post(urls["response A erase"]).status_code == 403
    assert Response.objects.filter(pk=response_a.pk).exists()


def test_the_erase_button_shows_only_to_who_may_erase(counsellor_a, superuser, response_a):
    url = reverse("admin:orientation_response_change", args=[response_a.pk])
    for client in (counsellor_a, superuser):
        assert "Supprimer à la demande de l'élève" in client.get(url).content.decode()


@pytest.mark.parametrize("persona", ["counsellor_a", "superuser"])
def test_the_new_pages_stay_within_ten_queries(
    personas, urls, persona, django_assert_max_num_queries
):
    client = personas[persona]
    for page in ("note A delete", "response A erase"):
        client.get(urls[page])  # warm the content-type cache
        with django_assert_max_num_queries(10, info=f"{persona}: {page}"):
            assert client.get(urls[page]).status_code == 200
