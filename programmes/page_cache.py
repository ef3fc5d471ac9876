"""Public catalogue pages served from Django's cache, keyed on the catalogue's version.

Home, catalogue and programme pages only change when the catalogue does, and every change of
the catalogue (import, admin save, domains and bac tracks included) moves its version token
(`programmes.versioning`). A page cached under the old token is simply never asked for again,
so nothing needs deleting, and several app servers sharing a cache (`CACHE_URL`) agree.

What is never cached: a page rendered with a CSRF token (it is per visitor), or with a flash
message (the message is for one visitor), or any answer but a plain 200.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from programmes import versioning
from programmes.models import CatalogueVersion

CACHE_ALIAS = "catalogue"


def _key(request: HttpRequest, version: str) -> str:
    # Parameters sorted: « ?bac=stmg&q=x » and « ?q=x&bac=stmg » are one page.
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    raw = "|".join((version, get_language() or "", request.path, query))
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _has_messages(request: HttpRequest) -> bool:
    # len() reads the pending messages without marking them shown.
    return hasattr(request, "_messages") and len(get_messages(request)) > 0


def cached_until_catalogue_changes(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Serve a GET view's 200 answers from the cache until the catalogue changes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or _has_messages(request):
            return view(request, *args, **kwargs)
        version = CatalogueVersion.current()
        if not version:
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        key = _key(request, version)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        with versioning.pinned(version):
            response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not _has_messages(request)
        ):
            cache.set(key, (response.content, response["Content-Type"]))
        return response

    return wrapper
