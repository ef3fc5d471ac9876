"""The `demo` command: development only, real journeys, printed accounts, idempotent."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from orientation.backoffice.roles import COUNSELLOR_GROUP, EDITOR_GROUP
from orientation.management.commands.demo import COHORT_NAME, DRAFTS
from orientation.models import Cohort, Response, result_summary

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
