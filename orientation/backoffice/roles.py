"""Back-office roles: the two staff groups and exactly the permissions each one holds.

- « Conseil en orientation » (counsellors): read the responses of the cohorts they follow, create
  and manage cohorts, write notes, export and see the cohort dashboards. Which responses they see
  is not a permission but a membership: `Cohort.counsellors` (see `ResponseQuerySet.visible_to`).
- « Rédaction » (editors): edit the catalogue texts (programmes, attendus, their order, métiers
  cited) and the questionnaire (items, dimensions and their advice, interest areas and each
  programme's main fields); follow the ONISEP imports and settle their conflicts. Nothing on
  responses, cohorts or notes.

Superusers manage accounts and hold every permission. The data migration
`0005_response_summary_and_roles` creates the groups; a later change of `ROLE_PERMISSIONS` needs a
new data migration calling `ensure_roles(apps=apps)` (the demo command also calls it).
"""

from __future__ import annotations

from django.apps import apps as global_apps

COUNSELLOR_GROUP = "Conseil en orientation"
EDITOR_GROUP = "Rédaction"

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    COUNSELLOR_GROUP: (
        "orientation.view_response",
        "orientation.export_response",
        "orientation.view_cohort",
        "orientation.add_cohort",
        "orientation.change_cohort",
        "orientation.view_cohort_dashboard",
        "orientation.view_counsellornote",
        "orientation.add_counsellornote",
        # Checked further in code: a counsellor edits and deletes only their own notes,
        # deletes only their own empty cohorts, and responses of their cohorts (a student's
        # request to erase them).
        "orientation.change_counsellornote",
        "orientation.delete_counsellornote",
        "orientation.delete_cohort",
        "orientation.delete_response",
    ),
    EDITOR_GROUP: (
        "programmes.view_programme",
        "programmes.change_programme",
        "programmes.view_attendu",
        "programmes.add_attendu",
        "programmes.change_attendu",
        "programmes.view_programmeattendu",
        "programmes.add_programmeattendu",
        "programmes.change_programmeattendu",
        "programmes.delete_programmeattendu",
        "programmes.view_programmemetier",
        "programmes.add_programmemetier",
        "programmes.change_programmemetier",
        "programmes.delete_programmemetier",
        # What lycéens type for what the fiches say otherwise (the catalogue search).
        "programmes.view_searchsynonym",
        "programmes.add_searchsynonym",
        "programmes.change_searchsynonym",
        "programmes.delete_searchsynonym",
        # The ONISEP import runs and the decision on their conflicts (take ONISEP's value or
        # keep ours); never add nor delete a run: only an import writes them.
        "programmes.view_importrun",
        "programmes.view_importconflict",
        "programmes.change_importconflict",
        # Read-only references, needed by the programme form's pickers.
        "programmes.view_metier",
        "programmes.view_domain",
        "programmes.view_bactrack",
        "orientation.view_item",
        "orientation.change_item",
        "orientation.view_dimension",
        "orientation.change_dimension",
        # Programmes' interest profiles (their main fields) and the fields' statements.
        "orientation.view_interestarea",
        "orientation.change_interestarea",
        "orientation.view_programmeinterest",
        "orientation.add_programmeinterest",
        "orientation.change_programmeinterest",
        "orientation.delete_programmeinterest",
    ),
}


def ensure_roles(*, apps=global_apps) -> None:
    """Create the groups if needed and give each exactly the permissions of ROLE_PERMISSIONS.

    `apps` is the migration state inside a migration. The permissions must exist.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLE_PERMISSIONS.items():
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(wanted)


def in_group(user, name: str) -> bool:
    return user.is_authenticated and user.groups.filter(name=name).exists()


def is_counsellor(user) -> bool:
    return in_group(user, COUNSELLOR_GROUP)


def is_editor(user) -> bool:
    return in_group(user, EDITOR_GROUP)
