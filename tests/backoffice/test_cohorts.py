"""Cohort admin: creation, code, opening and closing, counsellors, counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orientation.forms import StartForm
from orientation.models import COHORT_CODE_ALPHABET, Cohort, spaced_code
from tests.backoffice.conftest import make_response

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orientation_cohort_changelist")


def test_a_counsellor_creating_a_cohort_becomes_its_counsellor(counsellor_a):
    add = reverse("admin:orientation_cohort_add")
    page = counsellor_a.get(add)
    # Colleagues are offered, never the counsellor themself: they always follow their cohort.
    choices = page.context["adminform"].form.fields["counsellors"].queryset
    assert counsellor_a.user not in choices
    response = counsellor_a.post(add, {"name": "Terminale STMG 3", "is_open": "on"})
    assert response.status_code == 302
    cohort = Cohort.objects.get(name="Terminale STMG 3")
    assert list(cohort.counsellors.all()) == [counsellor_a.user]
    assert len(cohort.code) == 6 and set(cohort.code) <= set(COHORT_CODE_ALPHABET)


def test_a_counsellor_cannot_add_an_account_outside_the_counsellor_role(counsellor_a, editor):
    refused = counsellor_a.post(
        reverse("admin:orientation_cohort_add"),
        {"name": "Terminale STMG 4", "counsellors": [editor.user.pk]},
    )
    assert refused.status_code == 200  # the form again, with the error
    assert refused.context["adminform"].form.errors["counsellors"]
    assert not Cohort.objects.filter(name="Terminale STMG 4").exists()


def test_a_superuser_chooses_the_counsellors_among_staff_accounts(superuser, counsellor_a):
    add = reverse("admin:orientation_cohort_add")
    form = superuser.get(add).context["adminform"].form
    assert counsellor_a.user in form.fields["counsellors"].queryset
    superuser.post(add, {"name": "BTS blanc", "counsellors": [counsellor_a.user.pk]})
    cohort = Cohort.objects.get(name="BTS blanc")
    assert list(cohort.counsellors.all()) == [counsellor_a.user]


def test_the_code_is_read_only_and_shown_big_and_spaced_for_dictation(counsellor_a, cohort_a):
    url = reverse("admin:orientation_cohort_change", args=[cohort_a.pk])
    html = counsellor_a.get(url).content.decode()
    assert f'<span class="cohort-code" aria-label="{" ".join(cohort_a.code)}">' in html
    assert spaced_code(cohort_a.code) in html
    assert 'name="code"' not in html
    old = cohort_a.code
    counsellor_a.post(url, {"name": "Renommée", "is_open": "on", "code": "AAAAAA"})
    cohort_a.refresh_from_db()
    assert (cohort_a.name, cohort_a.code) == ("Renommée", old)


def test_spaced_code_reads_in_two_groups_of_three():
    assert spaced_code("ACDEFG") == "ACD EFG"


def test_regenerating_the_code_retires_the_old_one(counsellor_a, cohort_a):
    old = cohort_a.code
    counsellor_a.post(CHANGELIST, {"action": "regenerate_codes", "_selected_action": [cohort_a.pk]})
    cohort_a.refresh_from_db()
    assert cohort_a.code != old
    assert not StartForm({"cohort_code": old}).is_valid()
    form = StartForm({"cohort_code": spaced_code(cohort_a.code).lower()})
    assert form.is_valid() and form.cleaned_data["cohort_code"] == cohort_a


def test_closing_refuses_new_students_and_reopening_accepts_them(counsellor_a, cohort_a):
    counsellor_a.post(CHANGELIST, {"action": "close_cohorts", "_selected_action": [cohort_a.pk]})
    cohort_a.refresh_from_db()
    assert not cohort_a.is_open
    form = StartForm({"cohort_code": cohort_a.code})
    assert not form.is_valid() and "fermée" in str(form.errors)
    counsellor_a.post(CHANGELIST, {"action": "reopen_cohorts", "_selected_action": [cohort_a.pk]})
    cohort_a.refresh_from_db()
    assert cohort_a.is_open


def test_actions_never_reach_another_counsellors_cohort(counsellor_a, cohort_b):
    old = cohort_b.code
    for action in ["close_cohorts", "regenerate_codes"]:
        counsellor_a.post(CHANGELIST, {"action": action, "_selected_action": [cohort_b.pk]})
    cohort_b.refresh_from_db()
    assert cohort_b.is_open and cohort_b.code == old


def test_the_list_shows_own_cohorts_with_response_counts_and_dashboard_link(
    catalogue, counsellor_a, cohort_a, cohort_b
):
    make_response(cohort=cohort_a, programme=catalogue["mco"])
    make_response(cohort=cohort_a, programme=catalogue["cg"], completed=False)
    make_response(cohort=cohort_b, programme=catalogue["cg"])
    page = counsellor_a.get(CHANGELIST)
    [row] = page.context["cl"].result_list
    assert row == cohort_a
    assert (row.response_count, row.completed_count) == (2, 1)
    html = page.content.decode()
    assert reverse("admin:orientation_cohort_dashboard", args=[cohort_a.pk]) in html
    assert cohort_b.name not in html


def test_the_change_page_links_to_dashboard_responses_and_export(counsellor_a, cohort_a):
    html = counsellor_a.get(
        reverse("admin:orientation_cohort_change", args=[cohort_a.pk])
    ).content.decode()
    assert reverse("admin:orientation_cohort_dashboard", args=[cohort_a.pk]) in html
    assert reverse("admin:orientation_cohort_export", args=[cohort_a.pk]) in html
    assert f"?cohorte={cohort_a.pk}" in html
