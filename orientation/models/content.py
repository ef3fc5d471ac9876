"""Questionnaire content: dimensions and the items generated from the Parcoursup attendus.

An `Item` is one first-person statement a lycéen rates ("Je sais m'organiser et travailler en
autonomie"), generated from an `programmes.Attendu` by `orientation.itemgen`. Attendus are shared
by many programmes, so items are too: a programme's questionnaire is the active items of its
attendus, in fiche order (`ProgrammeAttendu.position`, then `Item.position`).

Staff may rewrite a statement, an example or a dimension in the admin. The `generated_*` fields
keep what the generator last produced: a field that differs from its generated value was edited
and regeneration (`manage.py generate_questionnaire_items`) leaves it alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from orientation.scoring import AttenduSpec, ItemSpec, ProgrammeSpec


class ItemKind(models.TextChoices):
    """What an item asks about: a skill the lycéen has, or an interest for the field."""

    COMPETENCE = "competence", _("compétence")
    INTERET = "interet", _("intérêt")


class Dimension(models.Model):
    """A family of items measured together (expression écrite, travail en équipe…)."""

    slug = models.SlugField(
        _("identifiant"),
        max_length=60,
        unique=True,
        help_text=_(
            "Identifiant stable utilisé par le générateur d'items, ex. « travail-equipe »."
        ),
    )
    name = models.CharField(
        _("nom"), max_length=100, help_text=_("Nom affiché, ex. « Travail en équipe ».")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Ce que recouvre la dimension, en une ou deux phrases."),
    )
    advice = models.TextField(
        _("comment progresser"),
        blank=True,
        help_text=_(
            "Conseils concrets (2 à 4 phrases) affichés quand la dimension est à renforcer."
        ),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Ordre d'affichage dans les résultats.")
    )

    history = HistoricalRecords(verbose_name=_("historique de la dimension"))

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self) -> str:
        return self.name


# An item staff changed: its statement, example or dimension differs from what the generator
# last produced (an item without a generated dimension predates that record: counted as edited).
_EDITED = (
    ~Q(statement=F("generated_statement"))
    | ~Q(example=F("generated_example"))
    | Q(generated_dimension__isnull=True)
    | ~Q(dimension=F("generated_dimension"))
)


class ItemQuerySet(models.QuerySet):
    def edited(self) -> ItemQuerySet:
        """Items staff changed (see `Item.is_edited` for one item already loaded)."""
        return self.filter(_EDITED)

    def unedited(self) -> ItemQuerySet:
        return self.exclude(_EDITED)

    def in_questionnaire(self) -> ItemQuerySet:
        """Items to ask: active (staff) and still produced by the generator."""
        return self.filter(is_active=True, obsolete=False)

    def programme_specs(
        self, *, programmes: Iterable[int] | models.QuerySet | None = None
    ) -> list[ProgrammeSpec]:
        """Scoring inputs for programmes (default: published ones), from the items of `self`.

        Two queries. Attendus shared by several programmes share one `AttenduSpec`, which is
        what lets `rank_programmes` score each attendu once.
        """
        from programmes.models import Programme, ProgrammeAttendu

        if programmes is None:
            programmes = Programme.objects.filter(published=True).values("pk")
        links = (
            ProgrammeAttendu.objects.filter(programme__in=programmes)
            .order_by("programme_id", "position")
            .values_list("programme_id", "attendu_id")
        )
        links = list(links)
        attendu_ids = {attendu_id for _programme_id, attendu_id in links}
        items_by_attendu: dict[int, list[ItemSpec]] = {}
        rows = (
            self.filter(attendu_id__in=attendu_ids)
            .order_by("attendu_id", "position")
            .values_list("attendu_id", "pk", "dimension__slug")
        )
        for attendu_id, item_id, slug in rows:
            items_by_attendu.setdefault(attendu_id, []).append(ItemSpec(item_id, slug))
        attendu_specs = {
            attendu_id: AttenduSpec(attendu_id, tuple(items_by_attendu.get(attendu_id, ())))
            for attendu_id in attendu_ids
        }
        by_programme: dict[int, list[AttenduSpec]] = {}
        for programme_id, attendu_id in links:
            by_programme.setdefault(programme_id, []).append(attendu_specs[attendu_id])
        return [ProgrammeSpec(pid, tuple(specs)) for pid, specs in by_programme.items()]


class Item(models.Model):
    """A first-person statement generated from an attendu, rated by the lycéen."""

    Kind = ItemKind

    attendu = models.ForeignKey(
        "programmes.Attendu",
        verbose_name=_("attendu"),
        on_delete=models.CASCADE,
        related_name="items",
        help_text=_("Attendu national dont l'item est tiré."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("Ordre de l'item dans son attendu, à partir de 1.")
    )
    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("dimension"),
        on_delete=models.PROTECT,
        related_name="items",
        help_text=_("Dimension dans laquelle l'item compte pour les résultats."),
    )
    kind = models.CharField(
        _("nature"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.COMPETENCE,
        help_text=_("Compétence (« Je sais… ») ou intérêt (« Je m'intéresse à… »)."),
    )
    statement = models.CharField(
        _("affirmation"),
        max_length=500,
        help_text=_("À la première personne, compréhensible par un lycéen : « Je sais… »."),
    )
    example = models.CharField(
        _("exemple"),
        max_length=500,
        blank=True,
        help_text=_("Situation concrète de lycée, commençant par « Par exemple : »."),
    )
    generated_statement = models.CharField(
        _("affirmation générée"),
        max_length=500,
        blank=True,
        editable=False,
        help_text=_("Dernière affirmation produite par le générateur."),
    )
    generated_example = models.CharField(
        _("exemple généré"),
        max_length=500,
        blank=True,
        editable=False,
        help_text=_("Dernier exemple produit par le générateur."),
    )
    generated_dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("dimension générée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Dernière dimension choisie par le générateur."),
    )
    generation_rule = models.CharField(
        _("règle de génération"),
        max_length=60,
        blank=True,
        editable=False,
        help_text=_("Règle du générateur qui a produit l'item, ex. « facet:ecrit », « override »."),
    )
    is_active = models.BooleanField(
        _("actif"),
        default=True,
        help_text=_(
            "Décocher pour retirer l'item du questionnaire ; la régénération ne le réactive jamais."
        ),
    )
    obsolete = models.BooleanField(
        _("obsolète"),
        default=False,
        editable=False,
        help_text=_(
            "Coché par la régénération quand le générateur ne produit plus cet item (et qu'il "
            "n'a pas été modifié) : il n'est plus proposé."
        ),
    )
    created_at = models.DateTimeField(
        _("créé le"), auto_now_add=True, help_text=_("Date de la première génération de l'item.")
    )
    updated_at = models.DateTimeField(
        _("modifié le"),
        auto_now=True,
        help_text=_("Dernière modification, par la rédaction ou par la régénération."),
    )

    objects = ItemQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["updated_at"], verbose_name=_("historique de l'item")
    )

    class Meta:
        ordering = ["attendu_id", "position"]
        verbose_name = _("item du questionnaire")
        verbose_name_plural = _("items du questionnaire")
        constraints = [
            models.UniqueConstraint(fields=["attendu", "position"], name="item_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="item_position_from_1"),
        ]

    def __str__(self) -> str:
        return self.statement

    @property
    def statement_edited(self) -> bool:
        return self.statement != self.generated_statement

    @property
    def example_edited(self) -> bool:
        return self.example != self.generated_example

    @property
    def dimension_edited(self) -> bool:
        return self.dimension_id != self.generated_dimension_id

    @property
    def is_edited(self) -> bool:
        """True when staff changed the statement, the example or the dimension."""
        return self.statement_edited or self.example_edited or self.dimension_edited
