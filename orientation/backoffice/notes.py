"""Counsellors' interview notes: who may write, edit and delete them, and their audit lines.

Any counsellor of a cohort reads and adds notes on its responses (the view checks that the
response is visible). Editing or deleting a note is its author's alone — a colleague following
the same cohort cannot rewrite what someone else wrote — and any superuser's (who manages
accounts, e.g. a note left by a counsellor who has gone). Each action leaves an admin log line
on the response, without the note's text: the text may name the student, the log line must
not, and erasing the response removes those lines with it (orientation/erasure.py).
"""

from __future__ import annotations

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orientation.models import CounsellorNote, Response


def may_add_note(*, user) -> bool:
    return user.has_perm("orientation.add_counsellornote")


def _is_author_or_superuser(*, user, note: CounsellorNote) -> bool:
    if user.is_superuser:
        return True
    # A note whose author's account was deleted (author NULL) is nobody's but a superuser's.
    return note.author_id is not None and note.author_id == user.pk


def may_change_note(*, user, note: CounsellorNote) -> bool:
    return user.has_perm("orientation.change_counsellornote") and _is_author_or_superuser(
        user=user, note=note
    )


def may_delete_note(*, user, note: CounsellorNote) -> bool:
    return user.has_perm("orientation.delete_counsellornote") and _is_author_or_superuser(
        user=user, note=note
    )


def _log(*, user, response: Response, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[response],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


@transaction.atomic
def add_note(*, response: Response, user, text: str) -> CounsellorNote:
    """A new note by `user` on `response` (the caller checked the response is theirs to see)."""
    if not may_add_note(user=user):
        raise PermissionDenied
    note = CounsellorNote.objects.create(response=response, author=user, text=text)
    _log(user=user, response=response, message=_("Note de conseil ajoutée."))
    return note


@transaction.atomic
def edit_note(*, note: CounsellorNote, user, text: str) -> bool:
    """Replace the text of `note`; returns whether it changed. Saving the same text is not an
    edit: the note keeps its « modifiée le »."""
    if not may_change_note(user=user, note=note):
        raise PermissionDenied
    if text == note.text:
        return False
    note.text = text
    note.updated_at = timezone.now()
    note.save(update_fields=["text", "updated_at"])
    _log(user=user, response=note.response, message=_("Note de conseil modifiée."))
    return True


@transaction.atomic
def delete_note(*, note: CounsellorNote, user) -> None:
    if not may_delete_note(user=user, note=note):
        raise PermissionDenied
    response = note.response
    note.delete()
    _log(user=user, response=response, message=_("Note de conseil supprimée."))
