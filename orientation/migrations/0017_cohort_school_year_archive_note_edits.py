"""Cohorts get a school year and can be archived; counsellor notes record their last edit;
counsellors may edit and delete (their own) notes, delete (their own, empty) cohorts and erase
a response when a student asks; PostgreSQL gets the unaccent extension for accent-insensitive
admin searches (SQLite folds in Python, see orientation.config.admin_tools).

The permissions are a frozen copy of those added to
`orientation.backoffice.roles.ROLE_PERMISSIONS` (see migration 0005 for why).
"""

import django.core.validators
from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

import orientation.models.journey


COUNSELLOR_GROUP = "Conseil en orientation"
ADDED = (
    "change_counsellornote",
    "delete_counsellornote",
    "delete_cohort",
    "delete_response",
)


def add_permissions(apps, schema_editor):
    create_permissions(global_apps.get_app_config("orientation"), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=COUNSELLOR_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="orientation", codename__in=ADDED)
    )


def school_year_from_creation(apps, schema_editor):
    # Frozen copy of orientation.models.journey.school_year_of: a cohort created before
    # September belongs to the school year that started the previous September.
    Cohort = apps.get_model("orientation", "Cohort")
    for cohort in Cohort.objects.only("pk", "created_at").iterator(chunk_size=1000):
        day = cohort.created_at
        start = day.year if day.month >= 9 else day.year - 1
        Cohort.objects.filter(pk=cohort.pk).update(school_year=f"{start}-{start + 1}")


class Migration(migrations.Migration):
    dependencies = [
        ("orientation", "0016_editor_synonym_permissions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        UnaccentExtension(),  # does nothing on SQLite
        migrations.AddField(
            model_name="cohort",
            name="archived_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Une cohorte archivée est fermée aux nouvelles réponses et n'apparaît plus dans la liste courante ; ses réponses restent consultables jusqu'à leur purge.",
                null=True,
                verbose_name="archivée le",
            ),
        ),
        migrations.AddField(
            model_name="cohort",
            name="school_year",
            field=models.CharField(
                default=orientation.models.journey.current_school_year,
                help_text="Ex. « 2026-2027 » ; sert à trier et à archiver les cohortes.",
                max_length=9,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[0-9]{4}-[0-9]{4}$", "Écrire l'année scolaire ainsi : « 2026-2027 »."
                    )
                ],
                verbose_name="année scolaire",
            ),
        ),
        migrations.AddField(
            model_name="counsellornote",
            name="updated_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="modifiée le"
            ),
        ),
        migrations.RunPython(school_year_from_creation, migrations.RunPython.noop),
        migrations.RunPython(add_permissions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="cohort",
            constraint=models.CheckConstraint(
                condition=models.Q(("school_year__regex", "^[0-9]{4}-[0-9]{4}$")),
                name="cohort_school_year_format",
            ),
        ),
    ]
