"""Cohort admin, the counsellor's year: school years, archiving, co-counsellors, deleting an
empty cohort."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from orientation.backoffice.roles import COUNSELLOR_GROUP
from orientation.forms import StartForm
from orientation.models import Cohort, Response
from orientation.models.journey import current_school_year, school_year_of
from tests.backoffice.conftest import _client, _staff, make_response

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orientation_cohort_changelist")


def change_url(cohort) -> str:
    return reverse("admin:orientation_cohort_change", args=[cohort.pk])


def save(client, cohort, **fields):
    """Post the cohort's change form as the browser would, with `fields` changed."""
    form = client.get(change_url(cohort)).context["adminform"].form
    data = {
        "name": cohort.name,
        "school_year": cohort.school_year,
        "is_open": "on" if cohort.is_open else "",
        "counsellors": [u.pk for u in form.initial.get("counsellors", [])],
    }
    data.update(fields)
    return client.post(change_url(cohort), {k: v for k, v in data.items() if v != ""})


def listed(client, query: str = "") -> list[Cohort]:
    return list(client.get(CHANGELIST + query).context["cl"].result_list)


def act(client, action: str, *cohorts, query: str = "", **extra):
    data = {"action": action, "_selected_action": [c.pk for c in cohorts], **extra}
    return client.post(CHANGELIST + query, data)


@pytest.fixture
def cpe(db):
    """A CPE given the counsellor role by an administrator."""
    return _staff("cpe-martin", COUNSELLOR_GROUP, last_name="Martin")


# --- School year ---------------------------------------------------------------------------------


def test_school_years_run_from_september_to_august():
    from datetime import date

    assert school_year_of(date(2026, 9, 1)) == "2026-2027"
    assert school_year_of(date(2027, 8, 31)) == "2026-2027"
    assert school_year_of(date(2027, 1, 15)) == "2026-2027"


def test_a_new_cohort_gets_the_current_school_year_and_it_can_be_edited(counsellor_a):
    add = reverse("admin:orientation_cohort_add")
    counsellor_a.post(add, {"name": "Terminale STMG 3", "is_open": "on"})
    cohort = Cohort.objects.get(name="Terminale STMG 3")
    assert cohort.school_year == current_school_year()
    save(counsellor_a, cohort, school_year="2025-2026")
    cohort.refresh_from_db()
    assert cohort.school_year == "2025-2026"
    refused = save(counsellor_a, cohort, school_year="2025/26")
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["school_year"]
    cohort.refresh_from_db()
    assert cohort.school_year == "2025-2026"


def test_the_list_shows_and_filters_school_years(counsellor_a, cohort_a):
    old = Cohort.objects.create(name="Terminale 2024", school_year="2024-2025")
    old.counsellors.add(counsellor_a.user)
    page = counsellor_a.get(CHANGELIST)
    assert "2024-2025" in page.content.decode()  # a column, and a choice of the filter
    assert {c.pk for c in page.context["cl"].result_list} == {cohort_a.pk, old.pk}
    assert listed(counsellor_a, "?annee=2024-2025") == [old]
    assert listed(counsellor_a, "?annee=n'importe") == []


# --- Archiving ------------------------------------------------------------------------------------


def test_archiving_hides_the_cohort_refuses_students_and_keeps_its_responses_readable(
    counsellor_a, cohort_a, response_a
):
    act(counsellor_a, "archive_cohorts", cohort_a)
    cohort_a.refresh_from_db()
    assert cohort_a.archived_at is not None and cohort_a.is_open
    assert not cohort_a.accepts_responses
    form = StartForm({"cohort_code": cohort_a.code})
    assert not form.is_valid() and "fermée" in str(form.errors)
    # Gone from the default list, there under « Archivées » and « Toutes ».
    assert listed(counsellor_a) == []
    assert listed(counsellor_a, "?etat=archivees") == [cohort_a]
    assert listed(counsellor_a, "?etat=toutes") == [cohort_a]
    archived_list = counsellor_a.get(CHANGELIST + "?etat=archivees").content.decode()
    assert "Archivée le" in archived_list  # the column shows when archived ones are listed
    # Still readable until the purge.
    for url in [
        change_url(cohort_a),
        reverse("admin:orientation_cohort_dashboard", args=[cohort_a.pk]),
        reverse("admin:orientation_cohort_sheets", args=[cohort_a.pk]),
        reverse("admin:orientation_response_change", args=[response_a.pk]),
    ]:
        assert counsellor_a.get(url).status_code == 200, url
    assert (
        "archivée le"
        in counsellor_a.get(
            reverse("admin:orientation_cohort_dashboard", args=[cohort_a.pk])
        ).content.decode()
    )
    logged = LogEntry.objects.get(object_id=str(cohort_a.pk), action_flag=CHANGE)
    assert "archivée" in logged.get_change_message()

    act(counsellor_a, "unarchive_cohorts", cohort_a, query="?etat=archivees")
    cohort_a.refresh_from_db()
    assert cohort_a.archived_at is None and cohort_a.accepts_responses
    assert listed(counsellor_a) == [cohort_a]


def test_unarchiving_keeps_a_closed_cohort_closed(counsellor_a, cohort_a):
    act(counsellor_a, "close_cohorts", cohort_a)
    act(counsellor_a, "archive_cohorts", cohort_a)
    act(counsellor_a, "unarchive_cohorts", cohort_a, query="?etat=archivees")
    cohort_a.refresh_from_db()
    assert cohort_a.archived_at is None and not cohort_a.accepts_responses


def test_a_tampered_archive_filter_lists_nothing(counsellor_a, cohort_a):
    assert listed(counsellor_a, "?etat=peut-etre") == []


def test_the_list_with_counts_shown_still_defaults_to_current_cohorts(counsellor_a, cohort_a):
    Cohort.objects.filter(pk=cohort_a.pk).update(archived_at="2026-01-01T00:00:00Z")
    page = counsellor_a.get(CHANGELIST + "?_facets=True")
    assert page.status_code == 200 and list(page.context["cl"].result_list) == []


# --- Co-counsellors -------------------------------------------------------------------------------


def test_a_counsellor_adds_and_removes_a_colleague_of_the_counsellor_role(
    counsellor_a, cohort_a, response_a, cpe, editor, superuser
):
    form = counsellor_a.get(change_url(cohort_a)).context["adminform"].form
    choices = set(form.fields["counsellors"].queryset)
    assert cpe in choices
    # Not offered: the counsellor themself (always kept), accounts of other roles.
    assert counsellor_a.user not in choices
    assert editor.user not in choices and superuser.user not in choices
    assert "Martin (cpe-martin)" in counsellor_a.get(change_url(cohort_a)).content.decode()

    save(counsellor_a, cohort_a, counsellors=[cpe.pk])
    assert set(cohort_a.counsellors.all()) == {counsellor_a.user, cpe}
    colleague = _client(cpe)
    response_page = reverse("admin:orientation_response_change", args=[response_a.pk])
    assert colleague.get(response_page).status_code == 200
    assert colleague.get(change_url(cohort_a)).status_code == 200

    save(counsellor_a, cohort_a, counsellors=[])
    assert list(cohort_a.counsellors.all()) == [counsellor_a.user]  # kept, never removed
    assert colleague.get(change_url(cohort_a)).status_code == 404
    assert colleague.get(response_page).status_code == 404


def test_a_counsellor_cannot_give_a_cohort_to_another_role(counsellor_a, cohort_a, editor):
    refused = save(counsellor_a, cohort_a, counsellors=[editor.user.pk])
    assert refused.status_code == 200 and refused.context["adminform"].form.errors["counsellors"]
    assert list(cohort_a.counsellors.all()) == [counsellor_a.user]


def test_a_colleague_added_by_an_administrator_can_be_removed_by_the_counsellor(
    counsellor_a, cohort_a, editor
):
    cohort_a.counsellors.add(editor.user)  # outside the role, e.g. before a role change
    form = counsellor_a.get(change_url(cohort_a)).context["adminform"].form
    assert editor.user in form.fields["counsellors"].queryset
    save(counsellor_a, cohort_a, counsellors=[])
    assert list(cohort_a.counsellors.all()) == [counsellor_a.user]


def test_saving_an_untouched_form_logs_no_change_of_counsellors(counsellor_a, cohort_a, cpe):
    cohort_a.counsellors.add(cpe)
    save(counsellor_a, cohort_a)
    entry = LogEntry.objects.get(object_id=str(cohort_a.pk))
    assert "conseillers" not in entry.get_change_message().lower()
    assert set(cohort_a.counsellors.all()) == {counsellor_a.user, cpe}


def test_the_offered_colleagues_are_active_staff(counsellor_a, cohort_a, cpe):
    gone = _staff("ancien", COUNSELLOR_GROUP, is_active=False)
    student_like = _staff("pas-staff", COUNSELLOR_GROUP)
    get_user_model().objects.filter(pk=student_like.pk).update(is_staff=False)
    choices = set(
        counsellor_a.get(change_url(cohort_a))
        .context["adminform"]
        .form.fields["counsellors"]
        .queryset
    )
    assert cpe in choices and gone not in choices and student_like not in choices
    assert Group.objects.get(name=COUNSELLOR_GROUP).user_set.count() >= 3


# --- Deleting one's own empty cohorts ------------------------------------------------------------


def test_a_counsellor_deletes_their_own_empty_cohort_and_it_is_logged(counsellor_a):
    empty = Cohort.objects.create(name="Créée par erreur")
    empty.counsellors.add(counsellor_a.user)
    url = reverse("admin:orientation_cohort_delete", args=[empty.pk])
    assert counsellor_a.get(url).status_code == 200  # Django's confirmation page
    assert counsellor_a.post(url, {"post": "yes"}).status_code == 302
    assert not Cohort.objects.filter(pk=empty.pk).exists()
    entry = LogEntry.objects.get(object_id=str(empty.pk))
    assert entry.action_flag == DELETION and entry.user == counsellor_a.user


def test_a_cohort_with_responses_is_not_deleted_and_the_counsellor_is_told_why(
    counsellor_a, cohort_a, response_a
):
    url = reverse("admin:orientation_cohort_delete", args=[cohort_a.pk])
    for http in (counsellor_a.get(url), counsellor_a.post(url, {"post": "yes"})):
        assert http.status_code == 403
        html = http.content.decode()
        assert "contient 1 réponse d&#x27;élève" in html and "Archivez plutôt" in html
    assert Cohort.objects.filter(pk=cohort_a.pk).exists()
    change = counsellor_a.get(change_url(cohort_a)).content.decode()
    assert url not in change  # no « Supprimer » button
    assert "Archivez plutôt la cohorte" in change  # and why


def test_the_bulk_delete_action_deletes_empty_cohorts_only_and_logs_them(
    counsellor_a, cohort_a, response_a
):
    empty = Cohort.objects.create(name="Vide")
    empty.counsellors.add(counsellor_a.user)
    refused = act(counsellor_a, "delete_selected", cohort_a, empty, post="yes")
    assert refused.status_code == 302
    assert Cohort.objects.filter(pk__in=[cohort_a.pk, empty.pk]).count() == 2  # none deleted
    message = str(next(iter(refused.wsgi_request._messages)))
    assert "Aucune cohorte supprimée" in message and cohort_a.name in message

    confirm = act(counsellor_a, "delete_selected", empty)
    assert confirm.status_code == 200 and "Vide" in confirm.content.decode()
    act(counsellor_a, "delete_selected", empty, post="yes")
    assert not Cohort.objects.filter(pk=empty.pk).exists()
    entry = LogEntry.objects.get(object_id=str(empty.pk))
    assert entry.action_flag == DELETION and entry.user == counsellor_a.user


def test_a_superuser_still_deletes_any_cohort_its_responses_staying(
    superuser, cohort_a, response_a
):
    act(superuser, "delete_selected", cohort_a, post="yes")
    assert not Cohort.objects.filter(pk=cohort_a.pk).exists()
    response_a.refresh_from_db()
    assert response_a.cohort is None
    assert Response.objects.filter(pk=response_a.pk).exists()
    assert LogEntry.objects.filter(object_id=str(cohort_a.pk), action_flag=DELETION).exists()


def test_a_student_joining_before_the_confirmation_is_posted_stops_the_deletion(
    catalogue, counsellor_a
):
    cohort = Cohort.objects.create(name="Presque vide")
    cohort.counsellors.add(counsellor_a.user)
    url = reverse("admin:orientation_cohort_delete", args=[cohort.pk])
    assert counsellor_a.get(url).status_code == 200
    make_response(cohort=cohort, programme=catalogue["mco"])
    assert counsellor_a.post(url, {"post": "yes"}).status_code == 403
    assert Cohort.objects.filter(pk=cohort.pk).exists()
    assert not LogEntry.objects.filter(object_id=str(cohort.pk), action_flag=DELETION).exists()
