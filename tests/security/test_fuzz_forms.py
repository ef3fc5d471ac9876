"""Random and hostile input at every public form: never a 500, nothing stored that should not be.

Hypothesis throws query strings at the catalogue, form posts at both start pages and at the
questionnaire steps (random keys and values, wrong codes, other steps' keys), raw bodies of any
content type, and oversized or over-numerous fields. Django's test client re-raises any
exception a view lets escape, so "never a 500" is checked on every example.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orientation.forms import ANSWER_CHOICES
from orientation.models import Response
from programmes.bac_tracks import BAC_TRACKS
from programmes.models import Programme
from tests.browser.journeys import PROGRAMME_SLUG, start_with_client

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=int(os.environ.get("CAPBTS_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CODES = [code for code, _label in ANSWER_CHOICES]
BACS = [code for code, _label, _family in BAC_TRACKS]
HOSTILE = [
    "",
    " ",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    "\u202etxt.exe",
    "é" * 300,
    "😀",
    "a" * 5000,
    "null",
    "[]",
    "{}",
]
# Text without NUL (the test client cannot put a raw NUL in a URL; Django rejects it anyway).
text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=200))
values = st.one_of(text, st.sampled_from(CODES + BACS), st.lists(text, max_size=3))


@pytest.fixture(autouse=True)
def _no_submission_limit(settings) -> None:
    """Every example posts from the same address, many times a minute."""
    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 0


def client() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


@given(
    params=st.dictionaries(
        st.one_of(st.sampled_from(["q", "bac", "domaine", "type", "page"]), text),
        values,
        max_size=6,
    )
)
@FUZZ
def test_catalogue_filters_never_fail(real_catalogue, params):
    programmes = Programme.objects.count()
    reply = client().get("/formations/", params)
    assert reply.status_code in (200, 400)
    assert Programme.objects.count() == programmes
    if reply.status_code == 200:
        assert "<script>alert(1)</script>" not in reply.content.decode()


@given(
    url=st.sampled_from([f"/questionnaire/{PROGRAMME_SLUG}/", "/decouverte/"]),
    data=st.dictionaries(
        st.one_of(st.sampled_from(["bac_track", "pseudonym", "cohort_code", "action"]), text),
        values,
        max_size=6,
    ),
)
@FUZZ
def test_start_forms_store_only_valid_responses(real_catalogue, url, data):
    before = Response.objects.count()
    reply = client().post(url, data)
    assert reply.status_code in (200, 302, 400)
    if reply.status_code != 302:
        assert Response.objects.count() == before
        return
    assert Response.objects.count() == before + 1
    response = Response.objects.order_by("-pk").first()
    assert response.bac_track in [*BACS, ""]
    assert len(response.pseudonym) <= 40 and "@" not in response.pseudonym
    assert response.cohort is None  # no cohort exists, so no code can be accepted
    assert response.answers == {} and response.status == Response.Status.DRAFT


@given(data=st.data())
@FUZZ
def test_step_forms_store_only_answers_the_step_asked(real_catalogue, data):
    token = start_with_client(slug=data.draw(st.sampled_from([PROGRAMME_SLUG, None])))
    response = Response.objects.get(token=token)
    number = data.draw(st.integers(min_value=-1, max_value=response.step_count + 1))
    asked = (
        [q["key"] for q in response.questions[number - 1]["questions"]]
        if 1 <= number <= response.step_count
        else []
    )
    every_key = [q["key"] for step in response.questions for q in step["questions"]]
    keys = st.one_of(
        st.sampled_from(asked or ["q1"]),
        st.sampled_from(every_key),
        st.from_regex(r"\A[qdi][0-9]{1,6}\Z"),
        st.sampled_from(["action", "csrfmiddlewaretoken"]),
        text,
    )
    post = data.draw(st.dictionaries(keys, values, max_size=12))
    if data.draw(st.booleans()):
        post["action"] = data.draw(st.sampled_from(["next", "previous", "save", "finish", "x"]))

    url = f"/r/{token}/etape/{number}/" if number >= 0 else f"/r/{token}/etape/-1/"
    reply = client().post(url, post)
    assert reply.status_code in (200, 302, 400, 404)

    after = Response.objects.get(pk=response.pk)
    assert set(after.answers) <= set(asked)
    assert set(after.answers.values()) <= set(CODES)
    if reply.status_code != 302:
        assert after.answers == {} and after.status == Response.Status.DRAFT
    else:
        # Exactly the valid single answers posted for this step's questions.
        # (a list posts the key several times: the form reads the last value)
        last = {k: v[-1] if isinstance(v, list) else v for k, v in post.items() if v != []}
        expected = {k: v for k, v in last.items() if k in asked and v in CODES}
        assert after.answers == expected
    assert Response.objects.count() == Response.objects.filter(pk__lte=after.pk).count()


@given(
    url=st.sampled_from(
        [f"/questionnaire/{PROGRAMME_SLUG}/", "/decouverte/", "/formations/", "/admin/login/"]
    ),
    body=st.binary(max_size=2000),
    content_type=st.sampled_from(
        [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=xyz",
            "multipart/form-data",
            "application/json",
            "text/plain",
            "application/octet-stream",
            "",
        ]
    ),
)
@FUZZ
def test_raw_bodies_of_any_type_never_fail(real_catalogue, url, body, content_type):
    before = Response.objects.count()
    reply = client().generic("POST", url, body, content_type=content_type)
    assert reply.status_code in (200, 302, 400, 403, 405)
    if reply.status_code != 302:
        assert Response.objects.count() == before


@pytest.mark.parametrize("url", [f"/questionnaire/{PROGRAMME_SLUG}/", "/decouverte/", "step"])
def test_oversized_and_over_numerous_bodies_are_refused(real_catalogue, url):
    if url == "step":
        url = f"/r/{start_with_client()}/etape/1/"
    before = (Response.objects.count(), list(Response.objects.values_list("answers", flat=True)))

    oversized = client().post(
        url,
        b"bac_track=stmg&pseudonym=" + b"a" * 200_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert oversized.status_code == 400
    many = "&".join(f"f{i}=1" for i in range(500)) + "&bac_track=stmg"
    too_many = client().post(url, many.encode(), content_type="application/x-www-form-urlencoded")
    assert too_many.status_code == 400
    assert "Cap BTS" in too_many.content.decode()  # the site's own 400 page
    after = (Response.objects.count(), list(Response.objects.values_list("answers", flat=True)))
    assert after == before
