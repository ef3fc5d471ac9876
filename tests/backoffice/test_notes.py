"""Interview notes: dated, edited and deleted by their author only (or a superuser), in place on
the response page, each action landing back on the notes with the list's filters kept."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from orientation.backoffice.roles import COUNSELLOR_GROUP
from orientation.models import CounsellorNote, Response

pytestmark = pytest.mark.django_db

TEXT = "Entretien du 3 mars : motivée par la vente, stage en juin."


def detail_url(response: Response) -> str:
    return reverse("admin:orientation_response_change", args=[response.pk])


def edit_url(note: CounsellorNote) -> str:
    return reverse("admin:orientation_response_note_edit", args=[note.response_id, note.pk])


def delete_url(note: CounsellorNote) -> str:
    return reverse("admin:orientation_response_note_delete", args=[note.response_id, note.pk])


@pytest.fixture
def note(counsellor_a, response_a) -> CounsellorNote:
    return CounsellorNote.objects.create(response=response_a, author=counsellor_a.user, text=TEXT)


@pytest.fixture
def colleague_a(cohort_a) -> Client:
    """A second counsellor following cohort A."""
    user = get_user_model().objects.create_user("collegue-a", is_staff=True, first_name="Collègue")
    user.groups.add(Group.objects.get(name=COUNSELLOR_GROUP))
    cohort_a.counsellors.add(user)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def test_a_note_says_when_it_was_written_and_when_it_was_last_modified(counsellor_a, note):
    html = counsellor_a.get(detail_url(note.response)).content.decode()
    assert "écrite le" in html and "modifiée le" not in html
    note.updated_at = timezone.now()
    note.save()
    html = counsellor_a.get(detail_url(note.response)).content.decode()
    assert "modifiée le" in html


def test_the_author_edits_a_note_in_place_and_lands_back_on_the_notes(counsellor_a, note):
    page = counsellor_a.get(detail_url(note.response), {"modifier": note.pk})
    html = page.content.decode()
    assert f'action="{edit_url(note)}"' in html
    assert re.search(r'<textarea name="modifier-text"[^>]*>\n?' + re.escape(TEXT), html)
    before = timezone.now()
    done = counsellor_a.post(
        edit_url(note), {"modifier-text": "Stage trouvé en juin.\r\nÀ suivre."}
    )
    assert done.status_code == 302
    assert done.url == detail_url(note.response) + "#notes"
    note.refresh_from_db()
    assert note.text == "Stage trouvé en juin.\nÀ suivre."  # lines end in LF
    assert note.updated_at is not None and note.updated_at >= before
    assert note.created_at < note.updated_at
    landed = counsellor_a.get(done.url).content.decode()
    assert "Note modifiée." in landed and "modifiée le" in landed


def test_saving_the_same_text_again_is_not_an_edit(counsellor_a, note):
    done = counsellor_a.post(edit_url(note), {"modifier-text": TEXT.replace("\n", "\r\n")})
    assert done.status_code == 302
    note.refresh_from_db()
    assert note.updated_at is None
    assert "Note inchangée." in counsellor_a.get(done.url).content.decode()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "La note est vide : écrivez quelques mots avant d&#x27;enregistrer."),
        ("x" * 2001, "La note est trop longue : 2000 caractères au plus (elle en compte 2001)."),
    ],
)
def test_an_empty_or_too_long_note_is_refused_with_a_french_message(
    counsellor_a, note, text, message
):
    added = counsellor_a.post(detail_url(note.response), {"text": text})
    assert added.status_code == 400
    html = added.content.decode()
    assert message in html
    assert (
        'aria-invalid="true"' in html and 'aria-describedby="note-errors id_text_helptext"' in html
    )
    edited = counsellor_a.post(edit_url(note), {"modifier-text": text})
    assert edited.status_code == 400
    html = edited.content.decode()
    assert message in html and 'id="modifier-errors"' in html
    note.refresh_from_db()
    assert note.text == TEXT and note.updated_at is None
    assert CounsellorNote.objects.count() == 1


def test_the_author_deletes_a_note_after_a_confirmation_page(counsellor_a, note):
    html = counsellor_a.get(detail_url(note.response)).content.decode()
    assert f'href="{delete_url(note)}"' in html
    confirm = counsellor_a.get(delete_url(note))
    assert confirm.status_code == 200
    assert "Oui, supprimer la note" in confirm.content.decode()
    assert CounsellorNote.objects.filter(pk=note.pk).exists()  # asking deletes nothing
    done = counsellor_a.post(delete_url(note))
    assert done.status_code == 302 and done.url == detail_url(note.response) + "#notes"
    assert not CounsellorNote.objects.exists()
    assert "Note supprimée." in counsellor_a.get(done.url).content.decode()


def test_a_colleague_of_the_same_cohort_reads_a_note_but_cannot_change_it(colleague_a, note):
    html = colleague_a.get(detail_url(note.response)).content.decode()
    assert TEXT in html
    assert edit_url(note) not in html and delete_url(note) not in html
    assert "?modifier=" not in html
    # The form is not offered even when asked for.
    asked = colleague_a.get(detail_url(note.response), {"modifier": note.pk}).content.decode()
    assert 'name="modifier-text"' not in asked
    assert colleague_a.post(edit_url(note), {"modifier-text": "Réécrit"}).status_code == 403
    assert colleague_a.get(delete_url(note)).status_code == 403
    assert colleague_a.post(delete_url(note)).status_code == 403
    note.refresh_from_db()
    assert note.text == TEXT
    # But they add their own, which they may change.
    colleague_a.post(detail_url(note.response), {"text": "Vu aussi."})
    own = CounsellorNote.objects.get(author=colleague_a.user)
    assert colleague_a.post(edit_url(own), {"modifier-text": "Vu aussi, le 4."}).status_code == 302


def test_a_superuser_edits_and_deletes_any_note_even_one_whose_author_has_gone(
    superuser, counsellor_a, note
):
    counsellor_a.user.delete()
    note.refresh_from_db()
    assert note.author is None
    assert superuser.post(edit_url(note), {"modifier-text": "Repris."}).status_code == 302
    note.refresh_from_db()
    assert note.text == "Repris."
    assert superuser.post(delete_url(note)).status_code == 302
    assert not CounsellorNote.objects.exists()


def test_a_note_of_a_deleted_account_is_no_counsellors_to_change(colleague_a, note):
    note.author = None
    note.save()
    assert colleague_a.post(edit_url(note), {"modifier-text": "Repris."}).status_code == 403


def test_note_actions_keep_the_list_filters_for_the_way_back(counsellor_a, note):
    filters = "_changelist_filters=points%3D1-2%26cohorte%3D1"
    page = counsellor_a.get(f"{detail_url(note.response)}?{filters}")
    html = page.content.decode()
    changelist = reverse("admin:orientation_response_changelist")
    assert f'href="{changelist}?points=1-2&amp;cohorte=1"' in html  # the breadcrumb
    html = html.replace("&amp;", "&")
    assert f'href="{delete_url(note)}?{filters}"' in html
    edit_link = f'href="{detail_url(note.response)}?{filters}&modifier={note.pk}#note-{note.pk}"'
    assert edit_link in html
    editing = counsellor_a.get(f"{detail_url(note.response)}?modifier={note.pk}&{filters}")
    assert f'action="{edit_url(note)}?{filters}"' in editing.content.decode().replace("&amp;", "&")
    back = f"{detail_url(note.response)}?{filters}#notes"
    assert counsellor_a.post(f"{detail_url(note.response)}?{filters}", {"text": "B"}).url == back
    assert counsellor_a.post(f"{edit_url(note)}?{filters}", {"modifier-text": "C"}).url == back
    assert counsellor_a.post(f"{delete_url(note)}?{filters}").url == back


def test_the_notes_come_right_after_the_summary_before_the_detailed_result(counsellor_a, note):
    html = counsellor_a.get(detail_url(note.response)).content.decode()
    summary, notes, detail = (
        html.index('id="overall-title"'),
        html.index('id="notes"'),
        html.index('id="attendus-title"'),
    )
    assert summary < notes < detail
    assert 'class="response-side"' in html  # the column beside the summary from 1280 px


def test_the_admin_log_of_a_note_never_holds_its_text(counsellor_a, note):
    counsellor_a.post(detail_url(note.response), {"text": "Léa veut un BTS MCO."})
    counsellor_a.post(edit_url(note), {"modifier-text": "Léa a changé d'avis."})
    counsellor_a.post(delete_url(note))
    lines = LogEntry.objects.order_by("pk")
    assert [line.change_message for line in lines] == [
        "Note de conseil ajoutée.",
        "Note de conseil modifiée.",
        "Note de conseil supprimée.",
    ]
    assert all("Léa" not in line.object_repr + line.change_message for line in lines)


def test_a_note_is_only_reached_through_its_own_response(superuser, note, response_b):
    elsewhere = reverse("admin:orientation_response_note_edit", args=[response_b.pk, note.pk])
    assert superuser.post(elsewhere, {"modifier-text": "Ailleurs"}).status_code == 404
    elsewhere = reverse("admin:orientation_response_note_delete", args=[response_b.pk, note.pk])
    assert superuser.post(elsewhere).status_code == 404
    assert CounsellorNote.objects.get().text == TEXT
