"""Give the « Rédaction » group the catalogue search's synonyms.

A frozen copy of the permissions added to `orientation.backoffice.roles.ROLE_PERMISSIONS` with
the relevance search (see migration 0005 for why migrations keep their own copy).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_GROUP = "Rédaction"
ADDED = (
    "view_searchsynonym",
    "add_searchsynonym",
    "change_searchsynonym",
    "delete_searchsynonym",
)


def add_permissions(apps, schema_editor):
    create_permissions(global_apps.get_app_config("programmes"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=EDITOR_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="programmes", codename__in=ADDED)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("orientation", "0015_cohort_name_index"),
        ("programmes", "0006_search_synonyms"),
    ]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
