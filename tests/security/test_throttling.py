"""Abuse limits: admin login lock-out (django-axes), submission rate limit, private tokens."""

from __future__ import annotations

import base64
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from orientation.models import Response, new_response_token
from tests.browser.journeys import PROGRAMME_SLUG, start_with_client
from tests.security.helpers import login

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-42"


@pytest.fixture
def counsellor(db):
    return get_user_model().objects.create_user("conseil", "c@example.fr", PASSWORD, is_staff=True)


def test_admin_login_is_locked_after_five_failures(counsellor):
    client = Client(enforce_csrf_checks=True)
    for attempt in range(4):
        reply = login(client, "conseil", f"wrong-{attempt}")
        assert reply.status_code == 200, attempt  # the form again, with its error
    # The fifth failure locks the account for this address; the right password is refused.
    assert login(client, "conseil", "wrong-5").status_code == 429
    locked = login(client, "conseil", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not locked out for this account, and it can still log in.
    elsewhere = Client(enforce_csrf_checks=True)
    assert login(elsewhere, "conseil", PASSWORD, ip="198.51.100.9").status_code == 302


def test_four_failures_then_the_right_password_still_work(counsellor):
    client = Client(enforce_csrf_checks=True)
    for attempt in range(4):
        assert login(client, "conseil", f"wrong-{attempt}").status_code == 200
    assert login(client, "conseil", PASSWORD).status_code == 302


def test_login_post_without_csrf_token_is_refused(counsellor):
    client = Client(enforce_csrf_checks=True)
    reply = client.post("/admin/login/", {"username": "conseil", "password": PASSWORD})
    assert reply.status_code == 403
    assert "_auth_user_id" not in client.session


def test_questionnaire_posts_get_the_friendly_429_page(real_catalogue, settings):
    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 3
    client = Client(REMOTE_ADDR="192.0.2.50")
    url = f"/questionnaire/{PROGRAMME_SLUG}/"
    for _ in range(3):
        assert client.post(url, {"bac_track": "stmg"}).status_code == 302
    assert Response.objects.count() == 3

    refused = client.post(url, {"bac_track": "stmg"})
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"
    html = refused.content.decode()
    assert "Un peu trop vite !" in html and "tes réponses déjà enregistrées" in html
    assert Response.objects.count() == 3  # nothing stored

    # Steps are limited too, reads are not, and another address is not affected.
    token = Response.objects.first().token
    assert client.post(f"/r/{token}/etape/1/", {"action": "next"}).status_code == 429
    assert client.get(f"/r/{token}/etape/1/").status_code == 200
    assert client.get(url).status_code == 200
    other = Client(REMOTE_ADDR="192.0.2.51")
    assert other.post(url, {"bac_track": "stmg"}).status_code == 302


def test_the_limit_can_be_switched_off(real_catalogue, settings):
    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 0
    client = Client(REMOTE_ADDR="192.0.2.60")
    for _ in range(5):
        assert client.post("/decouverte/", {"bac_track": "pro"}).status_code == 302


def test_response_tokens_carry_at_least_128_random_bits(real_catalogue, settings):
    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 0
    tokens = [new_response_token() for _ in range(2000)]
    assert len(set(tokens)) == len(tokens)
    for token in tokens[:50]:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) * 8 >= 128
    # The token a journey really gets, and nothing shorter finds it.
    token = start_with_client()
    assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) >= 16
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get(f"/r/{token}/").status_code == 200
    assert client.get(f"/r/{token[:-1]}/").status_code == 404
    assert client.get(f"/r/{token[:16]}/").status_code == 404
    if token.upper() != token:
        assert client.get(f"/r/{token.upper()}/").status_code == 404
