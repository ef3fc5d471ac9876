"""Items shared by attendus (step 3 of 3): drop Item.attendu/position, one active item per
statement."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orientation", "0009_items_to_links"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="item",
            options={
                "ordering": ["pk"],
                "verbose_name": "item du questionnaire",
                "verbose_name_plural": "items du questionnaire",
            },
        ),
        migrations.RemoveConstraint(
            model_name="item",
            name="item_unique_position",
        ),
        migrations.RemoveConstraint(
            model_name="item",
            name="item_position_from_1",
        ),
        migrations.RemoveField(
            model_name="historicalitem",
            name="attendu",
        ),
        migrations.RemoveField(
            model_name="historicalitem",
            name="position",
        ),
        migrations.RemoveField(
            model_name="item",
            name="attendu",
        ),
        migrations.RemoveField(
            model_name="item",
            name="position",
        ),
        migrations.AddField(
            model_name="item",
            name="attendus",
            field=models.ManyToManyField(
                help_text="Attendus nationaux dont l'item est tiré.",
                related_name="items",
                through="orientation.AttenduItem",
                to="programmes.attendu",
                verbose_name="attendus",
            ),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_active", True), ("obsolete", False)),
                fields=("statement",),
                name="item_unique_active_statement",
                violation_error_message="Un autre item actif a déjà cette affirmation : rattachez plutôt cet attendu à l'item existant.",
            ),
        ),
    ]
