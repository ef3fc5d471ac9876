"""Dimension texts saved from the admin with CR LF line endings get LF, as the admin now saves
them (see programmes 0004). The field list is frozen here."""

from django.db import migrations
from django.db.models import Q

FIELDS = ("description", "advice")


def normalise(apps, schema_editor):
    dimension = apps.get_model("orientation", "Dimension")
    carriage_return = Q(description__contains="\r") | Q(advice__contains="\r")
    for row in dimension.objects.filter(carriage_return).only("pk", *FIELDS):
        for name in FIELDS:
            setattr(row, name, getattr(row, name).replace("\r\n", "\n").replace("\r", "\n"))
        row.save(update_fields=list(FIELDS))


class Migration(migrations.Migration):
    dependencies = [("orientation", "0006_submission_counter")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
