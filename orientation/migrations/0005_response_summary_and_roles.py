"""Fill the band and top suggestion of completed responses; create the back-office roles.

Permissions are normally created after all migrations (post_migrate): they are created here
first so that the groups can hold them on a fresh database.

The roles and the summary rule are frozen copies, written into this migration, of
`orientation.backoffice.roles` (ROLE_PERMISSIONS, ensure_roles) and of `result_summary` (orientation's
journey models) as they stood when the migration was written. The migration must not import live
project code: changing it would silently change what this migration does. A later change of the
roles needs a new data migration with its own copy (tests/backoffice/test_roles.py checks that
the migrated database holds the live roles).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


# Frozen copy of the back-office roles: do not edit (see the module docstring).
COUNSELLOR_GROUP = "Conseil en orientation"
EDITOR_GROUP = "Rédaction"
ROLE_PERMISSIONS = {
    COUNSELLOR_GROUP: (
        "orientation.view_response",
        "orientation.export_response",
        "orientation.view_cohort",
        "orientation.add_cohort",
        "orientation.change_cohort",
        "orientation.view_cohort_dashboard",
        "orientation.view_counsellornote",
        "orientation.add_counsellornote",
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
        # Read-only references, needed by the programme form's pickers.
        "programmes.view_metier",
        "programmes.view_domain",
        "programmes.view_bactrack",
        "orientation.view_item",
        "orientation.change_item",
        "orientation.view_dimension",
        "orientation.change_dimension",
    ),
}


def result_summary(result):
    """Frozen copy: (overall band, name of the first suggestion) of a result snapshot."""
    if not result:
        return "", ""
    band = result.get("band", "")
    if "ranking" in result:
        entries = [e for e in result["ranking"] if e.get("open_to_bac", True)]
    else:
        entries = result.get("suggestions", [])
    top = next((e["name"] for e in entries if e.get("fit") is not None), "")
    return band, top[:255]


def fill_summaries(apps, schema_editor):
    Response = apps.get_model("orientation", "Response")
    changed = []
    for response in Response.objects.filter(status="terminee").only("pk", "result").iterator():
        response.band, response.top_suggestion = result_summary(response.result)
        changed.append(response)
    Response.objects.bulk_update(changed, ["band", "top_suggestion"], batch_size=500)


def create_roles(apps, schema_editor):
    # In a fixed order (the app labels in order of first appearance), so that the permission and
    # content type ids do not depend on the process's string hash seed.
    labels = dict.fromkeys(perm.split(".")[0] for perms in ROLE_PERMISSIONS.values() for perm in perms)
    for label in labels:
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
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


class Migration(migrations.Migration):
    dependencies = [
        ("orientation", "0004_backoffice_notes_history"),
        ("programmes", "0003_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(fill_summaries, migrations.RunPython.noop),
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]
