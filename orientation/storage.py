"""Writing many responses at once (synthetic data: `manage.py demo --responses N`).

Every bulk insert of responses goes through `bulk_store`, so that whatever is derived from a
response row is written with it, in one place.
"""

from __future__ import annotations

from django.db import transaction

from orientation.models import Response, ResultFact, result_facts

BATCH_SIZE = 1000


def bulk_store(responses: list[Response]) -> None:
    """Insert `responses` (new, unsaved) in batches.

    Each response must be complete as `save()` would leave it: a completed one carries its
    result through `Response.apply_result` (band and top suggestion set). `bulk_create` calls no
    `save()` and sends no signal, so the result facts the dashboards count (`ResultFact`) are
    written here, as `Response.save()` would.
    """
    with transaction.atomic():
        Response.objects.bulk_create(responses, batch_size=BATCH_SIZE)
        ResultFact.objects.bulk_create(
            (fact for response in responses for fact in result_facts(response)),
            batch_size=BATCH_SIZE * 10,
        )
