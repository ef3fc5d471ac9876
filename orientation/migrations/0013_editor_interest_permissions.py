"""Give the « Rédaction » group the interest areas and the programmes' interest profiles.

A frozen copy of the permissions added to `orientation.backoffice.roles.ROLE_PERMISSIONS` with
scoring 2.0 (see migration 0005 for why migrations keep their own copy).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "Rédaction"
ADDED = (
    "view_interestarea",
    "change_interestarea",
    "view_programmeinterest",
    "add_programmeinterest",
    "change_programmeinterest",
    "delete_programmeinterest",
)


def add_permissions(apps, schema_editor):
    create_permissions(global_apps.get_app_config("orientation"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="orientation", codename__in=ADDED)
    )


class Migration(migrations.Migration):
    dependencies = [("orientation", "0012_vigilance_label")]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
