"""Seed the fixed list of bac tracks (programmes.bac_tracks.BAC_TRACKS)."""

from django.db import migrations


def seed(apps, schema_editor):
    from programmes.bac_tracks import BAC_TRACKS

    BacTrack = apps.get_model("programmes", "BacTrack")
    for position, (code, label, family) in enumerate(BAC_TRACKS):
        BacTrack.objects.update_or_create(
            code=code, defaults={"label": str(label), "family": family, "position": position}
        )


def unseed(apps, schema_editor):
    apps.get_model("programmes", "BacTrack").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
