"""Plain information pages: privacy, accessibility, error pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from orientation.journey_models import RETENTION_DAYS


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


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", {}, status=500)
