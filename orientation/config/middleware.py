"""Project middleware: security headers every page gets, and the limits of a staff session.

Both are small and read their limits from the settings at request time, so that a test (or an
operator) changing a setting changes the behaviour without a restart of the app registry.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from orientation.private_links import is_private_path

Handler = Callable[[HttpRequest], HttpResponse]

# Powerful browser features none of the pages uses, refused for this site and any frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)

# Session keys of the staff session clock (seconds since the epoch).
SIGNED_IN_AT = "capbts_signed_in_at"
SEEN_AT = "capbts_seen_at"
# Idle time is recorded at most once a minute: a staff page does not pay a session write.
SEEN_RESOLUTION = 60


def security_headers(get_response: Handler) -> Handler:
    """A Permissions-Policy on every response; private pages (`/r/…`) never stored by a browser
    or a proxy cache, whatever their status (a shared school computer keeps no copy of a
    student's answers in its cache)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_private_path(request.path_info):
            add_never_cache_headers(response)
        return response

    return middleware


def start_staff_clock(*, session) -> None:
    """Stamp a fresh sign-in (called on `user_logged_in`, see `OrientationConfig.ready`)."""
    now = int(time.time())
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


def staff_session_limits(get_response: Handler) -> Handler:
    """Signs a staff user out after CAPBTS_STAFF_SESSION_HOURS since sign-in or
    CAPBTS_STAFF_IDLE_MINUTES without a request: counsellors work on shared school computers.
    (The session cookie also ends with the browser: SESSION_EXPIRE_AT_BROWSER_CLOSE.)"""

    def middleware(request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            _enforce_limits(request, session)
        return get_response(request)

    return middleware


def _enforce_limits(request: HttpRequest, session) -> None:
    if SESSION_KEY not in session:
        return
    now = int(time.time())
    signed_in_at = session.get(SIGNED_IN_AT)
    seen_at = session.get(SEEN_AT)
    if signed_in_at is None or seen_at is None:
        # A session from before these limits (or tampered with): start its clock now.
        start_staff_clock(session=session)
        return
    too_old = now - signed_in_at > settings.CAPBTS_STAFF_SESSION_HOURS * 3600
    too_idle = now - seen_at > settings.CAPBTS_STAFF_IDLE_MINUTES * 60
    if too_old or too_idle:
        logout(request)
        messages.info(
            request,
            _("Votre session a expiré ; reconnectez-vous pour continuer."),
        )
    elif now - seen_at >= SEEN_RESOLUTION:
        session[SEEN_AT] = now
