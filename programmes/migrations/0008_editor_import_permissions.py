"""Give the « Rédaction » group the ONISEP import runs and the decision on their conflicts.

A frozen copy of the permissions added to `orientation.backoffice.roles.ROLE_PERMISSIONS` with
the import runs (see orientation's migration 0005 for why migrations keep their own copy).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "Rédaction"
ADDED = (
    "view_importrun",
    "view_importconflict",
    "change_importconflict",
)


def add_permissions(apps, schema_editor):
    # The permissions of the models created by 0007 exist only after post_migrate: made here.
    create_permissions(global_apps.get_app_config("programmes"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="programmes", codename__in=ADDED)
    )


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITOR_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="programmes", codename__in=ADDED)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("orientation", "0017_cohort_school_year_archive_note_edits"),
        ("programmes", "0007_import_runs"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
