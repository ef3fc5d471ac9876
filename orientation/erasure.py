"""Erasing students' responses for good: the student's own delete, a counsellor's erasure at
the student's request, and the retention purge.

A response is named outside its own row in the admin log (LogEntry: « Note de conseil
ajoutée » on the response, a note's own lines). Erasure removes those lines with the response,
its notes and its result facts, in one transaction: either every trace goes, or nothing does.
The retention purge calls it batch by batch (`purge_responses`), each batch its own transaction.

Every deletion of a response goes through `erase_responses`, the back office's included (its
delete page and `ModelAdmin.delete_model`/`delete_queryset` call `erase_at_students_request`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from orientation.models import Cohort, CounsellorNote, Response


@transaction.atomic
def erase_responses(*, ids: Iterable[int]) -> int:
    """Delete the responses `ids`, their counsellor notes and every admin log line about them
    or their notes. Returns the number of responses deleted."""
    ids = list(ids)
    if not ids:
        return 0
    note_ids = list(CounsellorNote.objects.filter(response_id__in=ids).values_list("pk", flat=True))
    types = ContentType.objects.get_for_models(Response, CounsellorNote)
    for model, object_ids in ((Response, ids), (CounsellorNote, note_ids)):
        if object_ids:
            LogEntry.objects.filter(
                content_type=types[model], object_id__in=[str(pk) for pk in object_ids]
            ).delete()
    # Counsellor notes and result facts go with their response (on_delete=CASCADE); the
    # snapshots are not read to be deleted.
    _total, per_model = Response.objects.filter(pk__in=ids).only("pk").delete()
    return per_model.get(Response._meta.label, 0)


def erasure_message(*, response_id: int) -> str:
    """The audit line of an erasure at the student's request: the response's number only."""
    return _("Réponse n° %(pk)s supprimée à la demande de l'élève.") % {"pk": response_id}


@transaction.atomic
def erase_at_students_request(*, response_id: int, user) -> bool:
    """A staff user erases a response because its student asked (RGPD, right to erasure).

    Only a response `user` may see (a counsellor: the cohorts they follow; a superuser: any)
    and with the delete permission; PermissionDenied otherwise, False when there is no such
    response. Everything about it goes (`erase_responses`) and one audit line stays, without
    any of the student's data: « Réponse n° 123 supprimée à la demande de l'élève », who, when
    — on the cohort (its history, which its counsellors read), since the response's own log
    lines go with it; on the bare response number for a response without a cohort."""
    if not user.has_perm("orientation.delete_response"):
        raise PermissionDenied
    row = (
        Response.objects.visible_to(user)
        .filter(pk=response_id)
        .values_list("pk", "cohort_id")
        .first()
    )
    if row is None:
        return False
    pk, cohort_id = row
    erase_responses(ids=[pk])
    message = erasure_message(response_id=pk)
    cohort = Cohort.objects.filter(pk=cohort_id).first() if cohort_id else None
    if cohort is not None:
        LogEntry.objects.log_actions(
            user_id=user.pk,
            queryset=[cohort],
            action_flag=CHANGE,
            change_message=message,
            single_object=True,
        )
    else:
        LogEntry.objects.create(
            user_id=user.pk,
            content_type=ContentType.objects.get_for_model(Response),
            object_id=str(pk),
            object_repr=_("Réponse n° %(pk)s") % {"pk": pk},
            action_flag=DELETION,
            change_message=message,
        )
    return True
