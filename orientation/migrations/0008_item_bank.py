"""Items shared by attendus (step 1 of 3): the AttenduItem links and the bank key."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orientation", "0007_normalise_newlines"),
        ("programmes", "0004_normalise_newlines"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="AttenduItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        help_text="Ordre de l'item dans son attendu, à partir de 1.",
                        verbose_name="position",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("banque", "banque d'items"),
                            ("valide", "validé par la rédaction"),
                            ("brouillon", "brouillon conforme, à vérifier"),
                            ("a-relire", "à relire avant publication"),
                            ("refuse", "refusé"),
                        ],
                        default="a-relire",
                        help_text="Banque, validé ou brouillon conforme : posé aux élèves. À relire ou refusé : jamais posé.",
                        max_length=12,
                        verbose_name="relecture",
                    ),
                ),
                (
                    "rule",
                    models.CharField(
                        blank=True,
                        help_text="« banque », ou la règle générale qui a rédigé le brouillon.",
                        max_length=60,
                        verbose_name="origine",
                    ),
                ),
                (
                    "review_note",
                    models.CharField(
                        blank=True,
                        help_text="Pourquoi le brouillon attend une relecture (écarts à la charte…).",
                        max_length=300,
                        verbose_name="motif de relecture",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
            ],
            options={
                "verbose_name": "item d'un attendu",
                "verbose_name_plural": "items des attendus",
                "ordering": ["attendu_id", "position"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalAttenduItem",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        help_text="Ordre de l'item dans son attendu, à partir de 1.",
                        verbose_name="position",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("banque", "banque d'items"),
                            ("valide", "validé par la rédaction"),
                            ("brouillon", "brouillon conforme, à vérifier"),
                            ("a-relire", "à relire avant publication"),
                            ("refuse", "refusé"),
                        ],
                        default="a-relire",
                        help_text="Banque, validé ou brouillon conforme : posé aux élèves. À relire ou refusé : jamais posé.",
                        max_length=12,
                        verbose_name="relecture",
                    ),
                ),
                (
                    "rule",
                    models.CharField(
                        blank=True,
                        help_text="« banque », ou la règle générale qui a rédigé le brouillon.",
                        max_length=60,
                        verbose_name="origine",
                    ),
                ),
                (
                    "review_note",
                    models.CharField(
                        blank=True,
                        help_text="Pourquoi le brouillon attend une relecture (écarts à la charte…).",
                        max_length=300,
                        verbose_name="motif de relecture",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="créé le"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historique du lien attendu-item",
                "verbose_name_plural": "historical items des attendus",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name="attenduitem",
            name="attendu",
            field=models.ForeignKey(
                help_text="Attendu national, affiché tel quel à côté de ses items.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="item_links",
                to="programmes.attendu",
                verbose_name="attendu",
            ),
        ),
        migrations.AddField(
            model_name="attenduitem",
            name="item",
            field=models.ForeignKey(
                help_text="Affirmation posée à l'élève pour cet attendu.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="attendu_links",
                to="orientation.item",
                verbose_name="item",
            ),
        ),
        migrations.AddField(
            model_name="historicalattenduitem",
            name="attendu",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Attendu national, affiché tel quel à côté de ses items.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="programmes.attendu",
                verbose_name="attendu",
            ),
        ),
        migrations.AddField(
            model_name="historicalattenduitem",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalattenduitem",
            name="item",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Affirmation posée à l'élève pour cet attendu.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="orientation.item",
                verbose_name="item",
            ),
        ),
        migrations.AddConstraint(
            model_name="attenduitem",
            constraint=models.UniqueConstraint(
                fields=("attendu", "position"), name="attenduitem_unique_position"
            ),
        ),
        migrations.AddConstraint(
            model_name="attenduitem",
            constraint=models.UniqueConstraint(
                fields=("attendu", "item"), name="attenduitem_unique_item"
            ),
        ),
        migrations.AddConstraint(
            model_name="attenduitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("position__gte", 1)), name="attenduitem_position_from_1"
            ),
        ),
        migrations.AddField(
            model_name="historicalitem",
            name="bank_key",
            field=models.SlugField(
                blank=True,
                editable=False,
                help_text="Identifiant de l'item dans orientation/itembank ; vide pour un brouillon rédigé par les règles générales.",
                max_length=80,
                null=True,
                verbose_name="clé dans la banque d'items",
            ),
        ),
        migrations.AddField(
            model_name="item",
            name="bank_key",
            field=models.SlugField(
                blank=True,
                editable=False,
                help_text="Identifiant de l'item dans orientation/itembank ; vide pour un brouillon rédigé par les règles générales.",
                max_length=80,
                null=True,
                unique=True,
                verbose_name="clé dans la banque d'items",
            ),
        ),
        migrations.AlterField(
            model_name="historicalitem",
            name="generation_rule",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Origine de l'item, ex. « banque », « regle:equipe », « litteral ».",
                max_length=60,
                verbose_name="règle de génération",
            ),
        ),
        migrations.AlterField(
            model_name="item",
            name="generation_rule",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="Origine de l'item, ex. « banque », « regle:equipe », « litteral ».",
                max_length=60,
                verbose_name="règle de génération",
            ),
        ),
    ]
