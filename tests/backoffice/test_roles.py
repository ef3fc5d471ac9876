"""The two staff groups created by the data migration, and what they hold."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from orientation.backoffice.roles import (
    COUNSELLOR_GROUP,
    EDITOR_GROUP,
    ROLE_PERMISSIONS,
    ensure_roles,
    is_counsellor,
    is_editor,
)

pytestmark = pytest.mark.django_db


def perms_of(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_the_migration_creates_both_groups_with_exactly_their_permissions():
    assert perms_of(COUNSELLOR_GROUP) == set(ROLE_PERMISSIONS[COUNSELLOR_GROUP])
    assert perms_of(EDITOR_GROUP) == set(ROLE_PERMISSIONS[EDITOR_GROUP])


def test_counsellors_read_responses_and_manage_cohorts_but_touch_no_content():
    perms = perms_of(COUNSELLOR_GROUP)
    assert {
        "orientation.view_response",
        "orientation.export_response",
        "orientation.add_cohort",
        "orientation.change_cohort",
        "orientation.view_cohort_dashboard",
        "orientation.add_counsellornote",
    } <= perms
    assert not {p for p in perms if p.startswith(("programmes.", "auth."))}
    assert not {p for p in perms if "item" in p or "dimension" in p}
    assert "orientation.change_response" not in perms  # nobody edits answers
    # Held, and narrowed in code to the responses of their own cohorts, erased at a student's
    # request (tests/backoffice/test_access_responses.py).
    assert "orientation.delete_response" in perms
    # Held, and narrowed in code to their own cohorts without responses
    # (tests/backoffice/test_access_cohorts.py, test_cohort_admin.py).
    assert "orientation.delete_cohort" in perms


def test_editors_edit_the_content_but_see_no_response_cohort_or_note():
    perms = perms_of(EDITOR_GROUP)
    assert {
        "programmes.change_programme",
        "programmes.change_attendu",
        "programmes.change_programmeattendu",
        "programmes.change_programmemetier",
        "orientation.change_item",
        "orientation.change_dimension",
    } <= perms
    assert not {p for p in perms if "response" in p or "cohort" in p or "note" in p}
    assert not {p for p in perms if p.startswith("auth.")}  # superusers manage accounts


def test_ensure_roles_is_idempotent_and_restores_a_tampered_group():
    group = Group.objects.get(name=EDITOR_GROUP)
    group.permissions.clear()
    ensure_roles()
    ensure_roles()
    assert Group.objects.filter(name=EDITOR_GROUP).count() == 1
    assert perms_of(EDITOR_GROUP) == set(ROLE_PERMISSIONS[EDITOR_GROUP])


def test_role_helpers_read_group_membership(counsellor_a, editor, anonymous):
    assert is_counsellor(counsellor_a.user) and not is_editor(counsellor_a.user)
    assert is_editor(editor.user) and not is_counsellor(editor.user)
