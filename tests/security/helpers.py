"""Helpers shared by the security tests."""

from __future__ import annotations

import re

from django.http import HttpResponse
from django.test import Client


def login(
    client: Client, username: str, password: str, *, ip: str = "203.0.113.7", **extra: str
) -> HttpResponse:
    """The real admin login form: GET for the CSRF token, then POST it back from `ip`, with any
    `extra` field (e.g. `otp_token`); the next page is /admin/."""
    form = client.get("/admin/login/", REMOTE_ADDR=ip)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())[1]
    data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    return client.post("/admin/login/?next=/admin/", {**data, **extra}, REMOTE_ADDR=ip)
