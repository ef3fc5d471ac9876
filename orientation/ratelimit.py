"""Per-client rate limit on questionnaire submissions, with a friendly 429 page.

Counts POSTs per client address in fixed one-minute windows, in the shared cache (the database
cache, so every gunicorn worker sees the same counters). Reads are never limited.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

WINDOW_SECONDS = 60


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(*, key: str, limit: int) -> bool:
    """Count one hit for `key` in the current window; True once more than `limit` hits."""
    window = int(time.time() // WINDOW_SECONDS)
    cache_key = f"capbts:rl:{key}:{window}"
    cache.add(cache_key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=WINDOW_SECONDS * 2)
        hits = 1
    return hits > limit


def rate_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        limit = settings.CAPBTS_SUBMISSIONS_PER_MINUTE
        if (
            request.method == "POST"
            and limit
            and over_limit(key=client_address(request), limit=limit)
        ):
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(WINDOW_SECONDS)
            return response
        return view(request, *args, **kwargs)

    return wrapper
