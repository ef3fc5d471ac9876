"""The private link (`/r/<token>/`) stays private: never in a log line, never in a browser cache.

Findings 2 and 7 of the security review: Django logged `Bad Request: /r/<token>/etape/1/` (and
the same for CSRF failures, 404s and 429s), gunicorn's access log every request line; private
pages and the JSON download carried no Cache-Control; no page sent a Permissions-Policy.
"""

from __future__ import annotations

import io
import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from gunicorn.config import Config

from orientation.config.gunicorn import RedactingLogger
from orientation.itemgen.sync import sync_items
from orientation.models import Response
from orientation.private_links import REDACTED, RedactPrivateLinks, redact
from tests.factories import make_programme

pytestmark = pytest.mark.django_db

SLUG = "bts-management-commercial-operationnel"


@pytest.fixture
def token(db) -> str:
    make_programme(
        name="BTS management commercial opérationnel",
        slug=SLUG,
        attendus=["Disposer de compétences pour travailler en équipe"],
        bac_codes=["stmg"],
    )
    sync_items()
    reply = Client().post(f"/questionnaire/{SLUG}/", {"bac_track": "stmg"})
    assert reply.status_code == 302
    return Response.objects.get().token


@pytest.fixture
def logged() -> io.StringIO:
    """What the project's log handlers write (root console and runserver's), as text."""
    stream = io.StringIO()
    handlers = [
        handler
        for handler in [*logging.getLogger().handlers, *logging.getLogger("django.server").handlers]
        if any(isinstance(f, RedactPrivateLinks) for f in handler.filters)
    ]
    assert len(handlers) == 2, "the settings' console and django.server handlers"
    # Swapped without setStream(), which would flush the previous stream: under pytest it may be
    # a capture buffer already closed.
    previous = [handler.stream for handler in handlers]
    for handler in handlers:
        handler.stream = stream
    yield stream
    for handler, old in zip(handlers, previous, strict=True):
        handler.stream = old


def test_redact_replaces_the_token_and_keeps_the_rest_of_the_path():
    line = '"POST /r/Ab-c_9xYz/etape/2/?x=1 HTTP/1.1" 400 / referer https://s.fr/r/Ab-c_9xYz/'
    assert redact(line) == (
        f'"POST /r/{REDACTED}/etape/2/?x=1 HTTP/1.1" 400 / referer https://s.fr/r/{REDACTED}/'
    )
    assert redact("GET /formations/ 200") == "GET /formations/ 200"


def test_redact_hides_what_was_searched_in_an_admin_list():
    line = '"GET /admin/orientation/response/?cohorte=3&q=L%C3%A9a+B&o=2 HTTP/1.1" 200'
    assert redact(line) == (
        '"GET /admin/orientation/response/?cohorte=3&q=[recherche]&o=2 HTTP/1.1" 200'
    )
    assert redact("GET /admin/orientation/response/?q=Zo%C3%A9 HTTP/1.1") == (
        "GET /admin/orientation/response/?q=[recherche] HTTP/1.1"
    )
    # Not a search parameter, not an admin page: unchanged.
    assert redact("GET /admin/x/?faq=1 200") == "GET /admin/x/?faq=1 200"
    assert redact("GET /formations/?q=sio 200") == "GET /formations/?q=sio 200"


def test_a_bad_request_on_a_private_page_logs_no_token(token, logged):
    # An answer code that does not exist.
    key = Response.objects.get().questions[0]["questions"][0]["key"]
    reply = Client().post(f"/r/{token}/etape/1/", {key: "peut-etre", "action": "next"})
    assert reply.status_code == 400
    assert f"Bad Request: /r/{REDACTED}/etape/1/" in logged.getvalue()
    assert token not in logged.getvalue()


def test_a_csrf_failure_on_a_private_page_logs_no_token(token, logged):
    reply = Client(enforce_csrf_checks=True).post(f"/r/{token}/etape/1/", {"action": "next"})
    assert reply.status_code == 403
    assert f"/r/{REDACTED}/etape/1/" in logged.getvalue()
    assert "Forbidden (CSRF" in logged.getvalue()
    assert token not in logged.getvalue()


def test_a_not_found_private_page_logs_no_token(token, logged):
    assert Client().get(f"/r/{token}/etape/99/").status_code == 404
    assert Client().get(f"/r/{token}x/").status_code == 404
    assert f"Not Found: /r/{REDACTED}/etape/99/" in logged.getvalue()
    assert token not in logged.getvalue()


def test_a_rate_limited_private_page_logs_no_token(token, logged, settings):
    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 1
    client = Client(REMOTE_ADDR="192.0.2.77")
    client.post(f"/r/{token}/etape/1/", {"action": "save"})
    assert client.post(f"/r/{token}/etape/1/", {"action": "save"}).status_code == 429
    assert f"Too Many Requests: /r/{REDACTED}/etape/1/" in logged.getvalue()
    assert token not in logged.getvalue()


def test_runserver_request_lines_log_no_token(token, logged):
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /r/{token}/ HTTP/1.1", "200", "5120"
    )
    assert f"GET /r/{REDACTED}/ HTTP/1.1" in logged.getvalue()
    assert token not in logged.getvalue()


def test_gunicorn_access_and_error_logs_carry_no_token(tmp_path):
    token = "Zk3-private_token_of_a_student_0123456789abc"
    access, errors = tmp_path / "access.log", tmp_path / "error.log"
    config = Config()
    config.set("accesslog", str(access))
    config.set("errorlog", str(errors))
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s"')
    logger = RedactingLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/r/{token}/etape/1/",
        "PATH_INFO": f"/r/{token}/etape/1/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://capbts.example.fr/r/{token}/",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    reply = SimpleNamespace(status="200 OK", status_code=200, response_length=10, headers=[])
    logger.access(reply, request, environ, timedelta(seconds=0.01))
    logger.error("Invalid request from %s", f"/r/{token}/")
    for handler in [*logger.access_log.handlers, *logger.error_log.handlers]:
        handler.flush()
    written = access.read_text() + errors.read_text()
    assert f'"GET /r/{REDACTED}/etape/1/ HTTP/1.1" 200' in written
    assert token not in written


@pytest.mark.parametrize(
    "path",
    [
        "/r/{token}/",
        "/r/{token}/etape/1/",
        "/r/{token}/mes-donnees.json",
        "/r/{token}/supprimer/",
    ],
)
def test_every_private_page_is_never_stored_by_a_browser_or_a_proxy(token, path):
    # (« Modifier mes réponses » of a completed response: see test_the_edit_page_is_private.)
    reply = Client().get(path.format(token=token))
    assert reply.status_code == 200
    cache_control = reply.headers["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control


def test_private_errors_and_redirects_are_never_stored_either(token, settings):
    client = Client()
    assert "no-store" in client.get("/r/not-a-token/").headers["Cache-Control"]
    saved = client.post(f"/r/{token}/etape/1/", {"action": "save"})
    assert saved.status_code == 302
    assert "no-store" in saved.headers["Cache-Control"]
    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 1
    client.post(f"/r/{token}/etape/1/", {"action": "save"})
    assert "no-store" in client.post(f"/r/{token}/etape/1/").headers["Cache-Control"]


def test_public_pages_stay_cacheable_and_every_page_refuses_powerful_features(token):
    catalogue = Client().get("/formations/")
    assert "no-store" not in catalogue.headers.get("Cache-Control", "")
    for reply in [catalogue, Client().get(f"/r/{token}/"), Client().get("/admin/login/")]:
        policy = reply.headers["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "browsing-topics=()"):
            assert feature in policy


def test_the_edit_page_is_private(token):
    client = Client()
    response = Response.objects.get(token=token)
    for number in range(1, response.step_count + 1):
        client.post(f"/r/{token}/etape/{number}/", {"action": "next"})
    assert Response.objects.get(token=token).is_completed
    reply = client.get(f"/r/{token}/modifier/")
    assert reply.status_code == 200
    assert "no-store" in reply.headers["Cache-Control"]
