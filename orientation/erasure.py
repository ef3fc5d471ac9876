"""Erasing students' responses for good: the student's own delete and the retention purge.

A response is named outside its own row in the admin log (LogEntry: « Note de conseil
ajoutée » on the response, a note's own lines). Erasure removes those lines with the response,
its notes and its result facts, in one transaction: either every trace goes, or nothing does.
The retention purge calls it batch by batch (`purge_responses`), each batch its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from orientation.models import CounsellorNote, Response


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
