"""Texts saved from the admin before line endings were normalised end their lines in CR LF
(what browsers send): the importer took them for staff edits. Rewrite them with LF, as ONISEP
writes them. The field list is frozen here (not read from the models)."""

from django.db import migrations
from django.db.models import Q

FIELDS = {
    "Programme": ("description", "access", "further_studies"),
    "Attendu": ("text",),
}


def normalise(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("programmes", model_name)
        carriage_return = Q()
        for name in fields:
            carriage_return |= Q(**{f"{name}__contains": "\r"})
        for row in model.objects.filter(carriage_return).only("pk", *fields):
            for name in fields:
                value = getattr(row, name)
                setattr(row, name, value.replace("\r\n", "\n").replace("\r", "\n"))
            row.save(update_fields=list(fields))


class Migration(migrations.Migration):
    dependencies = [("programmes", "0003_history")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
