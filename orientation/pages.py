"""Plain information pages: privacy, accessibility, error pages."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from orientation.models import RETENTION_DAYS


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html", {"retention_days": RETENTION_DAYS})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html", {})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A French 403 for a missing or stale CSRF token (the form was not stored)."""
    return render(request, "403_csrf.html", {}, status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", {}, status=400)


# Seconds a client is asked to wait while the database is unreachable (a restart takes a few).
DATABASE_RETRY_AFTER = 10


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, or a 503 « revenez dans un instant » when the error is the database being
    unreachable (restart, failover): nothing is lost, and the next request reconnects by itself
    (CONN_HEALTH_CHECKS). Both templates are self-contained: they touch no database."""
    _type, error, _traceback = sys.exc_info()
    if isinstance(error, OperationalError | InterfaceError):
        response = render(request, "503.html", {}, status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
        return response
    return render(request, "500.html", {}, status=500)
