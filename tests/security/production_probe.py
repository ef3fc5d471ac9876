"""Run in a subprocess with production settings (DEBUG off): what a browser would receive.

Prints one JSON object: headers of public pages over HTTPS, the redirect of plain HTTP and the
attributes of the CSRF and session cookies. Uses a throw-away SQLite database (DATABASE_URL).
"""

from __future__ import annotations

import json
import os
import sys
from http.cookies import Morsel
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orientation.config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

HOST = "capbts.example.fr"


def cookie(morsel: Morsel) -> dict:
    return {
        "secure": bool(morsel["secure"]),
        "httponly": bool(morsel["httponly"]),
        "samesite": morsel["samesite"],
        # Empty for a cookie that ends with the browser.
        "expires": morsel["expires"],
        "max_age": str(morsel["max-age"]),
    }


# The manifest storage of production needs `collectstatic`, which headers do not depend on.
PLAIN_STATIC = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@override_settings(STORAGES=PLAIN_STATIC)
def main() -> None:
    call_command("migrate", verbosity=0)
    get_user_model().objects.create_superuser("admin", "a@example.fr", "pass-phrase-42")
    client = Client(HTTP_HOST=HOST)
    out: dict = {"debug": settings.DEBUG}

    pages = {}
    urls = (
        "/",
        "/formations/",
        "/confidentialite/",
        "/decouverte/",
        "/admin/login/",
        "/nope/",
        "/r/inconnu/",
    )
    for url in urls:
        reply = client.get(url, secure=True)
        pages[url] = {"status": reply.status_code, "headers": dict(reply.headers)}
    out["pages"] = pages

    plain = client.get("/formations/", secure=False)
    out["plain_http"] = {"status": plain.status_code, "location": plain.headers.get("Location")}

    login_page = client.get("/admin/login/", secure=True)
    out["csrf_cookie"] = cookie(login_page.cookies[settings.CSRF_COOKIE_NAME])
    logged_in = client.post(
        "/admin/login/",
        {"username": "admin", "password": "pass-phrase-42", "next": "/admin/"},
        secure=True,
    )
    out["login_status"] = logged_in.status_code
    out["session_cookie"] = cookie(logged_in.cookies[settings.SESSION_COOKIE_NAME])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
