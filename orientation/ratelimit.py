"""Per-client rate limit on questionnaire submissions, with a friendly 429 page.

Counts POSTs per client in fixed one-minute windows, in the database so that every gunicorn
worker shares the counters, with a single upsert statement per POST (SQLite ≥ 3.35 and
PostgreSQL both support `INSERT … ON CONFLICT … RETURNING`). The client is identified by a keyed
hash of its address: no IP address is stored. Reads are never limited.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from orientation.models import SubmissionCounter

WINDOW_SECONDS = 60


def client_key(request: HttpRequest) -> str:
    """A keyed hash of the client's address (from the proxy's header when one is configured)."""
    header = settings.CAPBTS_CLIENT_ADDRESS_HEADER
    address = request.META.get(header, "") if header else ""
    address = address.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "") or "unknown"
    return salted_hmac("capbts.ratelimit", address).hexdigest()[:40]


def count_hit(*, key: str, window: int) -> int:
    """Add one hit for `key` in `window` and return the window's total, in one statement."""
    table = connection.ops.quote_name(SubmissionCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, window_start, hits) VALUES (%s, %s, 1) "
            f"ON CONFLICT (key) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [f"{key}:{window}", window],
        )
        (hits,) = cursor.fetchone()
    if hits == 1:  # first POST of this client this minute: forget finished minutes
        SubmissionCounter.objects.filter(window_start__lt=window - 1).delete()
    return hits


def over_limit(*, key: str, limit: int) -> bool:
    """Count one hit for `key` in the current minute; True once more than `limit` hits."""
    return count_hit(key=key, window=int(time.time() // WINDOW_SECONDS)) > limit


def rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        limit = settings.CAPBTS_SUBMISSIONS_PER_MINUTE
        if request.method == "POST" and limit and over_limit(key=client_key(request), limit=limit):
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(WINDOW_SECONDS)
            return response
        return view(request, *args, **kwargs)

    return wrapper
