"""Seed the fixed list of bac tracks.

The list is a frozen copy, written into this migration, of `programmes.bac_tracks.BAC_TRACKS` as
it stood when the migration was written (labels as stored: the French text). The migration must
not read the live module: changing it would silently change what this migration does. A change
of the reference list needs a new data migration (tests/test_migrations.py checks that the
migrated database holds the live list).
"""

from django.db import migrations

# Frozen copy: do not edit (see the module docstring). (code, label, family, position)
BAC_TRACKS = (
    ("general", "Bac général", "general", 0),
    ("stmg", "Bac technologique STMG", "techno", 1),
    ("sti2d", "Bac technologique STI2D", "techno", 2),
    ("stl", "Bac technologique STL", "techno", 3),
    ("st2s", "Bac technologique ST2S", "techno", 4),
    ("std2a", "Bac technologique STD2A", "techno", 5),
    ("sthr", "Bac technologique STHR", "techno", 6),
    ("stav", "Bac technologique STAV", "techno", 7),
    ("s2tmd", "Bac technologique S2TMD", "techno", 8),
    ("pro", "Bac professionnel", "pro", 9),
    ("mise-a-niveau", "Année de mise à niveau", "other", 10),
)


def seed(apps, schema_editor):
    BacTrack = apps.get_model("programmes", "BacTrack")
    for code, label, family, position in BAC_TRACKS:
        BacTrack.objects.update_or_create(
            code=code, defaults={"label": label, "family": family, "position": position}
        )


def unseed(apps, schema_editor):
    apps.get_model("programmes", "BacTrack").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
