"""While the database is unreachable (a PostgreSQL restart, a failover), pages answer a French
503 with Retry-After instead of a 500, and work again by themselves once it is back."""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

from tests.factories import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    make_programme(name="BTS électrotechnique", slug="bts-electrotechnique")


def unreachable(error: type[Exception]):
    def execute(self, *args, **kwargs):
        raise error("server closed the connection unexpectedly")

    return execute


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
@pytest.mark.parametrize(
    "url", ["/", "/formations/", "/formations/bts-electrotechnique/", "/r/some-token/"]
)
def test_pages_answer_503_with_retry_after_while_the_database_is_down(
    catalogue, monkeypatch, error, url
):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr(CursorWrapper, "execute", unreachable(error))
    reply = client.get(url)
    assert reply.status_code == 503
    assert reply["Retry-After"] == "10"
    html = reply.content.decode()
    assert "Cap BTS revient dans un instant" in html
    assert "Tes réponses déjà enregistrées ne sont pas perdues" in html


def test_a_post_during_the_outage_gets_the_503_too(catalogue, monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr(CursorWrapper, "execute", unreachable(OperationalError))
    reply = client.post("/questionnaire/bts-electrotechnique/", {"bac_track": "stmg"})
    assert reply.status_code == 503


def test_pages_work_again_once_the_database_is_back(catalogue, monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr(CursorWrapper, "execute", unreachable(OperationalError))
    assert client.get("/formations/").status_code == 503
    monkeypatch.undo()
    assert client.get("/formations/").status_code == 200


def test_other_errors_are_still_a_plain_500(catalogue, monkeypatch):
    client = Client(raise_request_exception=False)
    monkeypatch.setattr(CursorWrapper, "execute", unreachable(ZeroDivisionError))
    reply = client.get("/formations/")
    assert reply.status_code == 500
    assert "Retry-After" not in reply
