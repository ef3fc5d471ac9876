"""The `demo` command: development only, real journeys, printed accounts, idempotent."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from orientation.backoffice.roles import COUNSELLOR_GROUP, EDITOR_GROUP
from orientation.management.commands.demo import (
    COHORT_NAME,
    COHORT_SIZE,
    DRAFTS,
    SYNTHETIC_COHORT_PREFIX,
)
from orientation.models import Cohort, Response, result_summary
from programmes.models import Programme
from tests.backoffice.conftest import make_response

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def printed_passwords(output: str) -> dict[str, str]:
    return dict(re.findall(r"^    (\S+) / (\S+)$", output, flags=re.M))


def test_the_demo_is_refused_when_debug_is_off(catalogue):
    with pytest.raises(CommandError, match="réservée au développement"):
        run()
    assert not Cohort.objects.exists()
    assert not get_user_model().objects.exists()


@override_settings(DEBUG=True)
def test_the_demo_creates_accounts_a_cohort_and_plausible_completed_responses(catalogue):
    output = run("--responses", "12")
    passwords = printed_passwords(output)
    assert set(passwords) == {"conseil.demo", "redaction.demo"}
    User = get_user_model()
    counsellor = User.objects.get(username="conseil.demo")
    editor = User.objects.get(username="redaction.demo")
    assert counsellor.is_staff and not counsellor.is_superuser
    assert counsellor.check_password(passwords["conseil.demo"])
    assert editor.check_password(passwords["redaction.demo"])
    assert [g.name for g in counsellor.groups.all()] == [COUNSELLOR_GROUP]
    assert [g.name for g in editor.groups.all()] == [EDITOR_GROUP]
    cohort = Cohort.objects.get(name=COHORT_NAME)
    assert list(cohort.counsellors.all()) == [counsellor]
    assert f"{cohort.code[:3]} {cohort.code[3:]}" in output
    completed = cohort.responses.completed()
    assert completed.count() == 12
    assert cohort.responses.filter(status=Response.Status.DRAFT).count() == DRAFTS
    for response in completed:
        assert response.result["scoring_version"] == response.scoring_version
        if response.journey == Response.Journey.PROGRAMME:
            assert response.band == response.result["band"]
        assert (response.band, response.top_suggestion) == result_summary(response.result)
    # On this three-programme catalogue a suggestion needs an interest answer and two of its
    # attendus assessed: some responses have one, not all.
    assert 1 <= sum(bool(r.top_suggestion) for r in completed) < completed.count()
    answers = {code for r in completed for code in r.answers.values()}
    assert {"tout-a-fait", "plutot"} <= answers  # varied, not all identical


@override_settings(DEBUG=True)
def test_running_the_demo_again_adds_nothing_and_reset_starts_over(catalogue):
    run("--responses", "5")
    first = Cohort.objects.get().pk
    again = run("--responses", "5")
    assert "aucune ajoutée" in again
    assert Cohort.objects.count() == 1
    assert Response.objects.count() == 5 + DRAFTS
    assert get_user_model().objects.count() == 2
    run("--reset", "--responses", "4")
    assert Response.objects.count() == 4 + DRAFTS
    assert Cohort.objects.get().pk != first  # a new cohort


@override_settings(DEBUG=True)
def test_the_demo_explains_what_to_do_without_a_catalogue(db):
    with pytest.raises(CommandError, match="make import"):
        run()


def synthetic_responses():
    return Response.objects.filter(cohort__name__startswith=SYNTHETIC_COHORT_PREFIX)


def synthetic_programmes():
    return Programme.objects.filter(name__contains="(synthétique ")


@override_settings(DEBUG=True)
def test_many_responses_fill_cohorts_of_a_class_only_the_first_followed(catalogue):
    output = run("--responses", "100")
    demo = Cohort.objects.get(name=COHORT_NAME)
    assert demo.responses.completed().count() == COHORT_SIZE
    assert demo.responses.count() == COHORT_SIZE + DRAFTS
    synthetic = synthetic_responses()
    assert synthetic.count() == 100 - COHORT_SIZE
    sizes = Cohort.objects.exclude(pk=demo.pk).annotate(n=Count("responses"))
    assert sorted(c.n for c in sizes) == [30, COHORT_SIZE]
    assert all(c.name.startswith(SYNTHETIC_COHORT_PREFIX) for c in sizes)
    # Only the demo cohort is a counsellor's: theirs is one class among a big table.
    assert list(Cohort.objects.filter(counsellors__isnull=False)) == [demo]
    assert "65 réponses synthétiques ajoutées" in output
    # Clones of real results, each a student of its own: summary copied, token of its own.
    completed = synthetic.completed()
    assert 0 < synthetic.filter(status=Response.Status.DRAFT).count() < 20
    assert {r.journey for r in completed} == set(Response.Journey.values)
    for response in completed:
        assert (response.band, response.top_suggestion) == result_summary(response.result)
        assert response.completed_at == response.updated_at > response.created_at
    assert len({r.token for r in synthetic}) == synthetic.count()
    # The dates set on the clones survive the bulk insert: classes over two years.
    oldest = min(r.created_at for r in synthetic)
    assert oldest < timezone.now() - timedelta(days=60)
    assert len({r.created_at for r in synthetic}) == synthetic.count()


@override_settings(DEBUG=True)
def test_running_again_tops_the_synthetic_responses_up(catalogue):
    run("--responses", "60")
    assert synthetic_responses().count() == 25
    run("--responses", "60")
    assert synthetic_responses().count() == 25
    run("--responses", "100")
    assert synthetic_responses().count() == 65
    # A new cohort for the new students: none ever holds more than a class.
    sizes = Cohort.objects.annotate(n=Count("responses")).values_list("name", "n")
    assert max(n for name, n in sizes if name != COHORT_NAME) <= COHORT_SIZE
    assert Cohort.objects.filter(name__startswith=SYNTHETIC_COHORT_PREFIX).count() == 3


@override_settings(DEBUG=True)
def test_synthetic_programmes_are_published_and_scored_like_real_ones(catalogue):
    before = make_response(cohort=None, code_for=lambda q: "tout-a-fait")
    assert "(synthétique " not in json.dumps(before.result, ensure_ascii=False)
    output = run("--programmes", "8", "--responses", "0")
    assert "5 formations synthétiques publiées ajoutées" in output
    assert Programme.objects.published().count() == 8
    for clone in synthetic_programmes():
        source = Programme.objects.get(name=clone.name.split(" (synthétique ")[0])
        assert clone.published and clone.slug != source.slug
        assert [(a.attendu_id, a.position) for a in clone.programme_attendus.all()] == [
            (a.attendu_id, a.position) for a in source.programme_attendus.all()
        ]
        assert set(clone.bac_tracks.all()) == set(source.bac_tracks.all())
        assert set(clone.domains.all()) == set(source.domains.all())
        assert list(clone.interest_areas.order_by("programme_links__position")) == list(
            source.interest_areas.order_by("programme_links__position")
        )
    # A discovery result ranks them among the real ones (the catalogue cached by this process
    # before they came is not used any more).
    response = make_response(cohort=None, code_for=lambda q: "tout-a-fait")
    assert "(synthétique " in json.dumps(response.result, ensure_ascii=False)
    run("--programmes", "8", "--responses", "0")
    assert synthetic_programmes().count() == 5  # already there: none added


@override_settings(DEBUG=True)
def test_reset_removes_synthetic_cohorts_responses_and_programmes(catalogue):
    run("--responses", "50", "--programmes", "6")
    assert synthetic_responses().exists() and synthetic_programmes().exists()
    run("--reset", "--responses", "5")
    assert not synthetic_responses().exists()
    assert not Cohort.objects.filter(name__startswith=SYNTHETIC_COHORT_PREFIX).exists()
    assert not synthetic_programmes().exists()
    assert not Programme.history.filter(name__contains="(synthétique ").exists()
    assert set(Programme.objects.all()) == set(catalogue.values())
    assert Response.objects.count() == 5 + DRAFTS


@override_settings(DEBUG=True)
def test_a_negative_number_of_programmes_is_refused(catalogue):
    with pytest.raises(CommandError, match="--programmes"):
        run("--programmes", "-1")
