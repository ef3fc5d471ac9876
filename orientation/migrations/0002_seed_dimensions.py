"""Create the questionnaire dimensions from orientation.dimensions (existing rows are kept)."""

from django.db import migrations


def seed_dimensions(apps, schema_editor):
    from orientation.dimensions import DIMENSIONS

    Dimension = apps.get_model("orientation", "Dimension")
    for position, data in enumerate(DIMENSIONS, start=1):
        Dimension.objects.get_or_create(
            slug=data.slug,
            defaults={
                "name": data.name,
                "description": data.description,
                "advice": data.advice,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("orientation", "0001_initial")]

    operations = [migrations.RunPython(seed_dimensions, migrations.RunPython.noop)]
