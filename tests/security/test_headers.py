"""HTTP security of the pages: production settings (HTTPS, HSTS, cookies) and the CSP."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("production_probe.py")


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    """What production settings send (see production_probe.py), from a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "y" * 40,
        DJANGO_ALLOWED_HOSTS="capbts.example.fr",
        DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('prod') / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, str(PROBE)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def test_production_settings_are_not_debug(production):
    assert production["debug"] is False


def test_every_production_page_sends_hsts_and_strict_headers(production):
    for url, page in production["pages"].items():
        headers = page["headers"]
        assert page["status"] in (200, 404), url
        assert headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        ), url
        assert headers["Referrer-Policy"] == "same-origin", url
        assert headers["X-Content-Type-Options"] == "nosniff", url
        assert headers["X-Frame-Options"] == "DENY", url
        assert "Content-Security-Policy" in headers, url
        assert "camera=()" in headers["Permissions-Policy"], url
        assert "geolocation=()" in headers["Permissions-Policy"], url
        if url.startswith(("/r/", "/admin/")):  # private link, back office (Django's own)
            assert "no-store" in headers["Cache-Control"], url
        else:
            assert "no-store" not in headers.get("Cache-Control", ""), url


def test_plain_http_is_redirected_to_https(production):
    assert production["plain_http"] == {
        "status": 301,
        "location": "https://capbts.example.fr/formations/",
    }


def test_cookies_are_secure_and_http_only_in_production(production):
    assert production["csrf_cookie"]["secure"] and production["csrf_cookie"]["httponly"]
    assert production["csrf_cookie"]["samesite"] == "Lax"
    assert production["login_status"] == 302
    # A staff session ends with the browser (shared school computers).
    assert production["session_cookie"] == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
        "expires": "",
        "max_age": "",
    }


def test_production_csp_allows_only_the_site_itself(production):
    for url, page in production["pages"].items():
        directives = csp_directives(page["headers"]["Content-Security-Policy"])
        assert directives["default-src"] == ["'self'"], url
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"], url
        assert directives["frame-ancestors"] == ["'none'"], url
        assert directives["form-action"] == ["'self'"], url


# --- In-process: every public page, its CSP header and no inline script or style ---------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def public_urls(client) -> list[str]:
    from tests.browser.journeys import (
        PROGRAMME_SLUG,
        answer_with_client,
        completed_with_client,
        start_with_client,
    )

    draft = start_with_client()
    answer_with_client(draft, steps=1)
    return [
        "/",
        "/formations/",
        "/formations/?q=gestion&bac=stmg&domaine=mecanique&type=BTS",
        "/formations/?bac=%3Cscript%3E",
        f"/formations/{PROGRAMME_SLUG}/",
        f"/questionnaire/{PROGRAMME_SLUG}/",
        "/decouverte/",
        f"/r/{draft}/",
        f"/r/{draft}/etape/1/",
        f"/r/{draft}/supprimer/",
        f"/r/{completed_with_client()}/",
        f"/r/{completed_with_client()}/modifier/",
        f"/r/{completed_with_client(slug=None)}/",
        "/confidentialite/",
        "/accessibilite/",
        "/admin/login/",
        "/r/inconnu/",
    ]


@pytest.mark.django_db
def test_every_page_has_a_strict_csp_and_no_inline_code(real_catalogue, client, settings):
    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 0
    for url in public_urls(client):
        reply = client.get(url, HTTP_HOST="127.0.0.1")
        assert reply.status_code in (200, 404), url
        header = reply.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in header and "unsafe-eval" not in header, url
        assert csp_directives(header)["default-src"] == ["'self'"], url
        assert reply.headers["Referrer-Policy"] == "same-origin", url
        html = reply.content.decode()
        assert not INLINE_SCRIPT.search(html), f"inline <script> on {url}"
        assert not INLINE_STYLE.search(html), f"inline style on {url}"
        assert not INLINE_HANDLER.search(html), f"inline event handler on {url}"


@pytest.mark.django_db
def test_error_pages_carry_the_csp_too(client, settings):
    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 1
    for _ in range(2):
        reply = client.post("/decouverte/", {"bac_track": ""}, HTTP_HOST="127.0.0.1")
    assert reply.status_code == 429
    assert "Content-Security-Policy" in reply.headers
    oversized = client.post(
        "/decouverte/",
        data=b"x=" + b"a" * 70_000,
        content_type="application/x-www-form-urlencoded",
        HTTP_HOST="127.0.0.1",
    )
    assert "Content-Security-Policy" in oversized.headers
