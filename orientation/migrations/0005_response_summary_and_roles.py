"""Fill the band and top suggestion of completed responses; create the back-office roles.

Permissions are normally created after all migrations (post_migrate): they are created here
first so that the groups can hold them on a fresh database.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def fill_summaries(apps, schema_editor):
    from orientation.journey_models import result_summary

    Response = apps.get_model("orientation", "Response")
    changed = []
    for response in Response.objects.filter(status="terminee").only("pk", "result").iterator():
        response.band, response.top_suggestion = result_summary(response.result)
        changed.append(response)
    Response.objects.bulk_update(changed, ["band", "top_suggestion"], batch_size=500)


def create_roles(apps, schema_editor):
    from orientation.roles import ROLE_PERMISSIONS, ensure_roles

    for label in {perm.split(".")[0] for perms in ROLE_PERMISSIONS.values() for perm in perms}:
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    ensure_roles(apps=apps)


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
