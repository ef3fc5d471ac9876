"""Questionnaire content: dimensions, items, and which items ask about which attendu.

An `Item` is one first-person statement a lycéen rates ("Je sais travailler en équipe"). It comes
from the editorial item bank (`orientation/itembank/`) or, for an attendu the bank does not know
yet, from the general drafting rules (`orientation.itemgen`). An item is written once and shared
by every attendu asking the same thing (`AttenduItem` links them, in order), so a student never
answers one sentence twice and an answer counts wherever the sentence is used. A programme's
questionnaire is the shown links of its attendus, in fiche order.

Each link carries its review status: bank and editor-approved links are shown, and so are
drafts that meet the editorial standard; a draft that does not, or a link an editor rejected,
is never shown to students.

Staff may rewrite a statement, an example or a dimension in the admin. The `generated_*` fields
keep what the bank or the rules last produced: a field that differs from its generated value was
edited and regeneration (`manage.py generate_questionnaire_items`) leaves it alone.
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


class ReviewStatus(models.TextChoices):
    """Where a link between an attendu and an item stands in the editorial review."""

    BANK = "banque", _("banque d'items")
    APPROVED = "valide", _("validé par la rédaction")
    DRAFT = "brouillon", _("brouillon conforme, à vérifier")
    TO_REVIEW = "a-relire", _("à relire avant publication")
    REJECTED = "refuse", _("refusé")


# Links students see; a draft is shown only when it met the editorial standard (see
# orientation.itemgen.drafting), and it stays in the review queue for a second look.
SHOWN_STATUSES = (ReviewStatus.BANK, ReviewStatus.APPROVED, ReviewStatus.DRAFT)
QUEUE_STATUSES = (ReviewStatus.DRAFT, ReviewStatus.TO_REVIEW)


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
        what lets `rank_programmes` score each attendu once; an item shared by several attendus
        is one `ItemSpec` id in each, so one answer counts in all of them.
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
            AttenduItem.objects.shown()
            .filter(attendu_id__in=attendu_ids, item__in=self.values("pk"))
            .order_by("attendu_id", "position")
            .values_list("attendu_id", "item_id", "item__dimension__slug")
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
    """A first-person statement the lycéen rates, shared by every attendu asking it."""

    Kind = ItemKind

    attendus = models.ManyToManyField(
        "programmes.Attendu",
        through="AttenduItem",
        verbose_name=_("attendus"),
        related_name="items",
        help_text=_("Attendus nationaux dont l'item est tiré."),
    )
    bank_key = models.SlugField(
        _("clé dans la banque d'items"),
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Identifiant de l'item dans orientation/itembank ; vide pour un brouillon rédigé "
            "par les règles générales."
        ),
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
        help_text=_("Origine de l'item, ex. « banque », « regle:equipe », « litteral »."),
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
        ordering = ["pk"]
        verbose_name = _("item du questionnaire")
        verbose_name_plural = _("items du questionnaire")
        constraints = [
            # One sentence is one question everywhere: a student never rates it twice.
            models.UniqueConstraint(
                fields=["statement"],
                condition=Q(is_active=True, obsolete=False),
                name="item_unique_active_statement",
                violation_error_message=_(
                    "Un autre item actif a déjà cette affirmation : rattachez plutôt cet "
                    "attendu à l'item existant."
                ),
            ),
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


class AttenduItemQuerySet(models.QuerySet):
    def shown(self) -> AttenduItemQuerySet:
        """Links students see: a shown review status, an active item still in use."""
        return self.filter(status__in=SHOWN_STATUSES, item__is_active=True, item__obsolete=False)

    def in_review_queue(self) -> AttenduItemQuerySet:
        """Links an editor should look at: drafts of the general rules, hidden or not."""
        return self.filter(status__in=QUEUE_STATUSES)


class AttenduItem(models.Model):
    """One item asked about one attendu, at a position, with its review status."""

    Status = ReviewStatus

    attendu = models.ForeignKey(
        "programmes.Attendu",
        verbose_name=_("attendu"),
        on_delete=models.CASCADE,
        related_name="item_links",
        help_text=_("Attendu national, affiché tel quel à côté de ses items."),
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        related_name="attendu_links",
        help_text=_("Affirmation posée à l'élève pour cet attendu."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("Ordre de l'item dans son attendu, à partir de 1.")
    )
    status = models.CharField(
        _("relecture"),
        max_length=12,
        choices=ReviewStatus.choices,
        default=ReviewStatus.TO_REVIEW,
        help_text=_(
            "Banque, validé ou brouillon conforme : posé aux élèves. À relire ou refusé : "
            "jamais posé."
        ),
    )
    rule = models.CharField(
        _("origine"),
        max_length=60,
        blank=True,
        help_text=_("« banque », ou la règle générale qui a rédigé le brouillon."),
    )
    review_note = models.CharField(
        _("motif de relecture"),
        max_length=300,
        blank=True,
        help_text=_("Pourquoi le brouillon attend une relecture (écarts à la charte…)."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = AttenduItemQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historique du lien attendu-item"))

    class Meta:
        ordering = ["attendu_id", "position"]
        verbose_name = _("item d'un attendu")
        verbose_name_plural = _("items des attendus")
        constraints = [
            models.UniqueConstraint(
                fields=["attendu", "position"], name="attenduitem_unique_position"
            ),
            models.UniqueConstraint(fields=["attendu", "item"], name="attenduitem_unique_item"),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="attenduitem_position_from_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attendu} → {self.item}"

    @property
    def is_shown(self) -> bool:
        return self.status in SHOWN_STATUSES


class InterestArea(models.Model):
    """A field a lycéen recognises, asked as one activity statement (« J'aime programmer… »).

    Interest comes first in the suggestions: a programme in a field the student loves comes
    before one in a field they are lukewarm about. Each programme has an explicit interest
    profile, its one to three main fields (`ProgrammeInterest`), written in
    `orientation/interests/programmes.toml` and editable by staff; it is never the mean of every
    ONISEP tag of the fiche.
    """

    class Theme(models.TextChoices):
        TECHNIQUE = "technique", _("technique et informatique")
        VIVANT = "vivant", _("construction, énergie, nature et sciences")
        PERSONNES = "personnes", _("au service des autres")
        CREER_GERER = "creer-gerer", _("créer, vendre, gérer")

    slug = models.SlugField(_("identifiant"), max_length=40, unique=True)
    theme = models.CharField(
        _("thème"),
        max_length=20,
        choices=Theme.choices,
        help_text=_("L'étape du questionnaire « Quels BTS me correspondent ? » qui le pose."),
    )
    label = models.CharField(
        _("libellé"),
        max_length=80,
        help_text=_("Pour les explications : « tu aimes la programmation »."),
    )
    statement = models.CharField(
        _("affirmation"),
        max_length=200,
        help_text=_("À la première personne : ce que l'on aimerait faire."),
    )
    example = models.CharField(_("exemple"), max_length=300)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    onisep_domains = models.JSONField(
        _("sous-domaines ONISEP"),
        default=list,
        blank=True,
        help_text=_(
            "Noms des sous-domaines ONISEP que ce champ représente : ils proposent des champs "
            "à une formation que personne n'a encore décrite."
        ),
    )
    programmes = models.ManyToManyField(
        "programmes.Programme",
        through="ProgrammeInterest",
        related_name="interest_areas",
        verbose_name=_("formations"),
        blank=True,
    )
    history = HistoricalRecords(verbose_name=_("historique du champ d'intérêt"))

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("champ d'intérêt")
        verbose_name_plural = _("champs d'intérêt")

    def __str__(self) -> str:
        return self.label


class ProgrammeInterest(models.Model):
    """One of a programme's main fields, in order (the first is the main one)."""

    class Source(models.TextChoices):
        BANK = "banque", _("fichier éditorial")
        DOMAINS = "domaines", _("proposé d'après les domaines ONISEP")
        STAFF = "equipe", _("modifié par l'équipe")

    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="interest_links",
        verbose_name=_("formation"),
    )
    area = models.ForeignKey(
        InterestArea,
        on_delete=models.CASCADE,
        related_name="programme_links",
        verbose_name=_("champ d'intérêt"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=1)
    source = models.CharField(
        _("origine"),
        max_length=10,
        choices=Source.choices,
        default=Source.STAFF,
        help_text=_("Un lien modifié par l'équipe n'est jamais remplacé par la synchronisation."),
    )

    class Meta:
        ordering = ["programme", "position"]
        verbose_name = _("champ d'intérêt d'une formation")
        verbose_name_plural = _("champs d'intérêt des formations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "area"], name="programme_interest_unique_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} — {self.area}"
