"""manage.py purge_responses: retention of the students' responses."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from orientation.management.commands import purge_responses as purge_command
from orientation.models import RETENTION_DAYS, CounsellorNote, Response

pytestmark = pytest.mark.django_db


def make_response(*, age_days: float, completed: bool = False, journey: str = "decouverte"):
    response = Response.objects.create(
        journey=journey,
        programme_name="BTS essai" if journey == "formation" else "",
        status=Response.Status.COMPLETED if completed else Response.Status.DRAFT,
        completed_at=timezone.now() if completed else None,
    )
    # auto_now would overwrite updated_at on save(): set the age with update().
    Response.objects.filter(pk=response.pk).update(
        updated_at=timezone.now() - timedelta(days=age_days)
    )
    return response


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_responses", *args, stdout=out)
    return out.getvalue()


def test_default_retention_is_the_one_stated_on_the_privacy_page():
    old = make_response(age_days=RETENTION_DAYS + 1, completed=True)
    recent = make_response(age_days=RETENTION_DAYS - 1)
    output = purge()
    assert list(Response.objects.all()) == [recent]
    assert not Response.objects.filter(pk=old.pk).exists()
    assert f"1 réponse non modifiée depuis plus de {RETENTION_DAYS} jours supprimée." in output


def test_older_than_counts_from_the_last_change_and_keeps_the_rest():
    keep = [make_response(age_days=2), make_response(age_days=29.9, completed=True)]
    make_response(age_days=30.1)
    make_response(age_days=400, completed=True, journey="formation")
    output = purge("--older-than", "30")
    assert set(Response.objects.all()) == set(keep)
    assert "2 réponses non modifiées depuis plus de 30 jours supprimées." in output


def test_dry_run_deletes_nothing_and_says_so():
    make_response(age_days=50)
    make_response(age_days=60, completed=True)
    output = purge("--older-than", "40", "--dry-run", "--verbosity", "3")
    assert Response.objects.count() == 2
    assert output.count("[simulation] ") == 5  # two responses, two groups, the total
    assert "2 réponses non modifiées depuis plus de 40 jours seraient supprimées." in output


def test_verbosity_levels_never_print_the_private_token():
    responses = [make_response(age_days=50), make_response(age_days=70, completed=True)]
    assert purge("--older-than", "40", "--dry-run", "--verbosity", "0") == ""
    detail = purge("--older-than", "40", "--dry-run", "--verbosity", "2")
    assert "Quels BTS me correspondent ? — Brouillon : 1" in detail
    assert "Quels BTS me correspondent ? — Terminée : 1" in detail
    every = purge("--older-than", "40", "--verbosity", "3")
    for response in responses:
        assert f"réponse n° {response.pk} " in every
        assert response.token not in every + detail


def test_admin_log_lines_go_with_the_response():
    counsellor = get_user_model().objects.create_user("conseil", is_staff=True)
    old = make_response(age_days=100, completed=True)
    kept = make_response(age_days=1, completed=True)
    for response in (old, kept):
        LogEntry.objects.create(
            user=counsellor,
            content_type=ContentType.objects.get_for_model(Response),
            object_id=str(response.pk),
            object_repr=str(response),
            action_flag=CHANGE,
        )
    purge("--older-than", "90")
    assert list(LogEntry.objects.values_list("object_id", flat=True)) == [str(kept.pk)]


def test_counsellor_notes_go_with_the_response():

    counsellor = get_user_model().objects.create_user("conseil", is_staff=True)
    old = make_response(age_days=100, completed=True)
    kept = make_response(age_days=1, completed=True)
    for response in (old, kept):
        CounsellorNote.objects.create(response=response, author=counsellor, text="Entretien fait")
    purge("--older-than", "90")
    assert list(CounsellorNote.objects.values_list("response", flat=True)) == [kept.pk]


def test_a_batch_is_all_or_nothing(monkeypatch):
    make_response(age_days=100)
    monkeypatch.setattr(
        "django.db.models.query.QuerySet.delete",
        lambda self: (_ for _ in ()).throw(RuntimeError("disk full")),
    )
    with pytest.raises(RuntimeError):
        purge("--older-than", "90")
    monkeypatch.undo()
    assert Response.objects.count() == 1


def test_the_purge_goes_batch_by_batch_and_an_error_keeps_the_batches_done(monkeypatch):
    monkeypatch.setattr(purge_command, "BATCH", 2)
    old = [make_response(age_days=100 + i % 3, completed=True) for i in range(7)]
    recent = make_response(age_days=1)
    # Several rows share an age: the next batch starts after the last (date, id) done.
    assert "7 réponses non modifiées depuis plus de 90 jours seraient supprimées." in purge(
        "--older-than", "90", "--dry-run"
    )
    assert Response.objects.count() == 8
    calls = []
    real_erase = purge_command.erase_responses

    def failing_third_batch(*, ids):
        calls.append(list(ids))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real_erase(ids=ids)

    monkeypatch.setattr(purge_command, "erase_responses", failing_third_batch)
    with pytest.raises(RuntimeError):
        purge("--older-than", "90")
    assert [len(ids) for ids in calls] == [2, 2, 2]
    assert Response.objects.count() == 8 - 4  # two batches done, the third untouched
    monkeypatch.setattr(purge_command, "erase_responses", real_erase)
    assert "3 réponses non modifiées" in purge("--older-than", "90")
    assert list(Response.objects.all()) == [recent]
    assert not Response.objects.filter(pk__in=[r.pk for r in old]).exists()


@pytest.mark.parametrize("days", ["0", "-3", "abc", "1.5"])
def test_nonsense_ages_are_refused(days):
    make_response(age_days=1000)
    with pytest.raises(CommandError):
        purge("--older-than", days)
    assert Response.objects.count() == 1


def test_nothing_to_purge():
    make_response(age_days=3)
    assert purge() == f"Aucune réponse non modifiée depuis plus de {RETENTION_DAYS} jours.\n"
    assert Response.objects.count() == 1
