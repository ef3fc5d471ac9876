"""The BTS catalogue: programmes, their attendus, métiers, domains and bac tracks."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from programmes.catalogue import KIND_CODES
from programmes.querysets import DomainQuerySet, ProgrammeQuerySet, in_french_order
from programmes.text import fold


class BacTrack(models.Model):
    """A kind of baccalauréat (or preparatory year) that gives access to programmes."""

    class Family(models.TextChoices):
        GENERAL = "general", _("Bac général")
        TECHNO = "techno", _("Bac technologique")
        PRO = "pro", _("Bac professionnel")
        OTHER = "other", _("Autre parcours")

    code = models.SlugField(
        _("code"), max_length=20, unique=True, help_text=_("Identifiant stable, ex. « stmg ».")
    )
    label = models.CharField(
        _("libellé"), max_length=100, help_text=_("Nom affiché, ex. « Bac technologique STMG ».")
    )
    family = models.CharField(
        _("famille"),
        max_length=10,
        choices=Family.choices,
        help_text=_("Famille de bac, pour regrouper les filtres."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Ordre d'affichage dans les filtres.")
    )

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("voie d'accès (bac)")
        verbose_name_plural = _("voies d'accès (bac)")

    def __str__(self) -> str:
        return self.label


class Domain(models.Model):
    """An ONISEP domain ("information-communication, audiovisuel") or sub-domain ("audiovisuel")."""

    name = models.CharField(_("nom"), max_length=150, help_text=_("Libellé ONISEP du domaine."))
    slug = models.SlugField(
        _("identifiant"), max_length=180, unique=True, help_text=_("Utilisé dans les adresses.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("domaine parent"),
        help_text=_("Vide pour un domaine de premier niveau."),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )

    objects = DomainQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("domaine")
        verbose_name_plural = _("domaines")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="domain_unique_name_in_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent=None), name="domain_unique_top_level_name"
            ),
        ]

    def __str__(self) -> str:
        if self.parent_id:
            return f"{self.parent.name} › {self.name}"
        return self.name

    @property
    def top(self) -> Domain:
        """The top-level domain this one belongs to (itself for a top-level domain)."""
        return self.parent if self.parent_id else self


class Metier(models.Model):
    """A job from ONISEP "Idéo-Métiers" (ONISEP page, ROME code)."""

    name = models.CharField(
        _("intitulé"), max_length=255, help_text=_("Intitulé ONISEP du métier.")
    )
    name_key = models.CharField(
        _("clé de rapprochement"),
        max_length=255,
        db_index=True,
        help_text=_("Intitulé normalisé utilisé pour relier les métiers cités par les fiches."),
    )
    onisep_id = models.CharField(
        _("identifiant ONISEP"),
        max_length=20,
        unique=True,
        help_text=_("Identifiant de la fiche métier, ex. « MET.193 »."),
    )
    onisep_url = models.URLField(_("fiche ONISEP"), max_length=300, blank=True)
    rome_code = models.CharField(
        _("code ROME"), max_length=10, blank=True, help_text=_("Code du répertoire ROME.")
    )
    rome_label = models.CharField(_("libellé ROME"), max_length=255, blank=True)
    domain_label = models.CharField(
        _("domaine ONISEP"), max_length=300, blank=True, help_text=_("Domaine/sous-domaine.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("métier")
        verbose_name_plural = _("métiers")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.onisep_url


class Attendu(models.Model):
    """A national Parcoursup attendu text, stored once and shared by every programme using it."""

    text = models.TextField(_("texte"), help_text=_("Texte de l'attendu tel que publié."))
    text_key = models.CharField(
        _("clé de normalisation"),
        max_length=600,
        unique=True,
        help_text=_(
            "Texte normalisé (apostrophes, œ/oe, espaces, virgules) : deux attendus de même clé "
            "sont le même attendu."
        ),
    )

    history = HistoricalRecords(verbose_name=_("historique de l'attendu"))

    class Meta:
        ordering = ["text"]
        verbose_name = _("attendu")
        verbose_name_plural = _("attendus")

    def __str__(self) -> str:
        return self.text


class Programme(models.Model):
    """A BTS or BTSA, as described by its ONISEP fiche."""

    # The catalogue's diploma kinds (programmes/catalogue.py): BTS, BTSA.
    Kind = models.TextChoices("Kind", [(code, (code, code)) for code in KIND_CODES])

    code_scolarite = models.CharField(
        _("code scolarité"),
        max_length=12,
        unique=True,
        help_text=_("Code national du diplôme, ex. « 32032328 »."),
    )
    slug = models.SlugField(
        _("identifiant d'adresse"),
        max_length=120,
        unique=True,
        help_text=_("Partie lisible de l'adresse de la fiche."),
    )
    name = models.CharField(_("nom"), max_length=255, help_text=_("Nom complet du diplôme."))
    sigle = models.CharField(_("sigle"), max_length=40, blank=True, help_text=_("Ex. « SIO »."))
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices, default=Kind.BTS)
    kind_label = models.CharField(
        _("type (libellé ONISEP)"),
        max_length=120,
        blank=True,
        help_text=_("Ex. « brevet de technicien supérieur (BTS) »."),
    )
    duration = models.CharField(
        _("durée"), max_length=40, blank=True, help_text=_("Ex. « 2 ans ».")
    )
    certification_level = models.CharField(
        _("niveau de certification"), max_length=60, blank=True, help_text=_("Ex. « niveau 5 ».")
    )
    rncp_code = models.CharField(
        _("code RNCP"),
        max_length=12,
        blank=True,
        help_text=_("Code de la fiche RNCP, ex. « 37019 »."),
    )
    link_url = models.URLField(
        _("lien de la fiche"),
        max_length=400,
        blank=True,
        help_text=_("Lien « Lien » de la fiche ONISEP : RNCP, référentiel PDF, Légifrance…"),
    )
    description = models.TextField(_("description"), blank=True)
    access = models.TextField(_("accès"), blank=True, help_text=_("Conditions d'accès (texte)."))
    further_studies = models.TextField(_("poursuite d'études"), blank=True)
    onisep_id = models.CharField(
        _("identifiant ONISEP"), max_length=20, blank=True, help_text=_("Ex. « FOR.5813 ».")
    )
    onisep_url = models.URLField(_("fiche ONISEP"), max_length=300, blank=True)
    nsf_code = models.CharField(
        _("code NSF"), max_length=10, blank=True, help_text=_("Nomenclature des spécialités.")
    )
    domains = models.ManyToManyField(
        Domain,
        verbose_name=_("domaines"),
        blank=True,
        related_name="programmes",
        help_text=_("Sous-domaines ONISEP de la formation."),
    )
    bac_tracks = models.ManyToManyField(
        BacTrack,
        verbose_name=_("bacs d'accès"),
        blank=True,
        related_name="programmes",
        help_text=_("Déduits du texte « Accès » à l'import ; modifiables."),
    )
    published = models.BooleanField(
        _("publié"), default=True, help_text=_("Décocher pour retirer la fiche du site.")
    )
    import_source = models.CharField(
        _("source de l'import"),
        max_length=300,
        blank=True,
        help_text=_("Fichier(s) d'où vient la dernière version importée."),
    )
    imported_at = models.DateTimeField(_("date de l'import"), null=True, blank=True)
    imported_values = models.JSONField(
        _("valeurs importées"),
        default=dict,
        blank=True,
        help_text=_(
            "Dernières valeurs venues d'ONISEP, champ par champ : un champ dont la valeur diffère "
            "a été modifié par la rédaction et n'est plus écrasé par l'import."
        ),
    )
    search_text = models.TextField(
        _("texte de recherche"),
        blank=True,
        editable=False,
        help_text=_(
            "Nom, sigle, métiers et domaines en minuscules sans accents, recalculés à chaque "
            "enregistrement : la recherche ignore ainsi casse et accents sur toute base."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()
    # Who changed what: every save() (admin, importer) is recorded; derived fields are not.
    history = HistoricalRecords(
        excluded_fields=["search_text", "imported_values", "updated_at"],
        verbose_name=_("historique de la formation"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("formation")
        verbose_name_plural = _("formations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"slug": self.slug})

    def top_domains(self) -> list[Domain]:
        """Its top-level domains, without repeats, in French order (read from prefetched
        domains with their parents)."""
        return in_french_order({domain.top for domain in self.domains.all()})

    def refresh_search_text(self) -> None:
        """Recompute and store the folded search text from nom, sigle, métiers and domaines."""
        parts = [self.name, self.sigle]
        parts += [m.name for m in self.programme_metiers.all()]
        for domain in self.domains.select_related("parent"):
            parts.append(domain.name)
            if domain.parent_id:
                parts.append(domain.parent.name)
        self.search_text = fold(" ".join(p for p in parts if p))
        Programme.objects.filter(pk=self.pk).update(search_text=self.search_text)

    @property
    def rncp_url(self) -> str:
        if not self.rncp_code:
            return ""
        return f"https://www.francecompetences.fr/recherche/rncp/{self.rncp_code}/"


class ProgrammeAttendu(models.Model):
    """An attendu as it stands in one programme's fiche: its position and its sub-heading."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("formation"),
        on_delete=models.CASCADE,
        related_name="programme_attendus",
    )
    attendu = models.ForeignKey(
        Attendu,
        verbose_name=_("attendu"),
        on_delete=models.PROTECT,
        related_name="programme_attendus",
    )
    position = models.PositiveSmallIntegerField(
        _("position"), help_text=_("Ordre dans la fiche, à partir de 1.")
    )
    group = models.CharField(
        _("sous-titre"),
        max_length=120,
        blank=True,
        help_text=_("Sous-titre sous lequel la fiche range l'attendu, ex. « Intérêts »."),
    )

    class Meta:
        ordering = ["programme", "position"]
        verbose_name = _("attendu de la formation")
        verbose_name_plural = _("attendus de la formation")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "position"], name="programme_attendu_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.attendu.text}"


class ProgrammeMetier(models.Model):
    """A métier associé as the fiche names it, linked to Idéo-Métiers when the title matches."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("formation"),
        on_delete=models.CASCADE,
        related_name="programme_metiers",
    )
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("Ordre dans la fiche."))
    name = models.CharField(
        _("intitulé"), max_length=255, help_text=_("Intitulé cité par la fiche.")
    )
    metier = models.ForeignKey(
        Metier,
        verbose_name=_("fiche métier"),
        help_text=_("Fiche Idéo-Métiers correspondante, si elle existe."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programme_metiers",
    )

    class Meta:
        ordering = ["programme", "position"]
        verbose_name = _("métier associé")
        verbose_name_plural = _("métiers associés")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "position"], name="programme_metier_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CatalogueVersion(models.Model):
    """One row whose token changes whenever the published catalogue or its questionnaire
    changes (import, staff edit, item generation).

    Processes that keep derived data in memory (the scoring inputs of
    `orientation.catalogue`) read the token, one indexed query, and rebuild when it moved. A
    random token rather than a counter: a rolled-back transaction can never make an old token
    stand for new data.
    """

    token = models.CharField(_("jeton de version"), max_length=32)
    changed_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("version du catalogue")
        verbose_name_plural = _("versions du catalogue")

    def __str__(self) -> str:
        return self.token

    @classmethod
    def current(cls) -> str:
        """The token, "" when nothing has marked the catalogue yet (never cache then).

        Read on every public page, a cached one included: one plain statement, without the
        ORM's query building, which cost more than the query itself."""
        with connection.cursor() as cursor:
            table = connection.ops.quote_name(cls._meta.db_table)
            cursor.execute(f"SELECT token FROM {table} WHERE id = 1")
            row = cursor.fetchone()
        return row[0] if row else ""

    @classmethod
    def bump(cls) -> None:
        """Mark the catalogue changed (call it inside the transaction that changes it)."""
        token = uuid.uuid4().hex
        if not cls.objects.filter(pk=1).update(token=token, changed_at=timezone.now()):
            cls.objects.update_or_create(pk=1, defaults={"token": token})


class SearchSynonym(models.Model):
    """A word lycéens type for something the fiches say otherwise (« compta », « BTP »): the
    catalogue search reads it as any of its meanings. Edited by staff in the admin."""

    word = models.CharField(
        _("mot tapé"),
        max_length=40,
        unique=True,
        help_text=_(
            "Tel qu'un lycéen le tape, en un seul mot (ex. « compta »). Casse et accents "
            "sont ignorés."
        ),
    )
    meanings = models.CharField(
        _("à chercher comme"),
        max_length=300,
        help_text=_(
            "Un ou plusieurs sens séparés par des virgules (ex. « comptabilité, gestion »). Un "
            "sens de plusieurs mots demande tous ses mots (ex. « travaux publics »)."
        ),
    )

    class Meta:
        ordering = ["word"]
        verbose_name = _("synonyme de recherche")
        verbose_name_plural = _("synonymes de recherche")

    def __str__(self) -> str:
        return f"{self.word} → {self.meanings}"

    def clean(self) -> None:
        self.word = self.word.strip()
        if len(fold(self.word).split()) != 1:
            raise ValidationError({"word": _("Un seul mot, sans espace.")})
        if not [m for m in self.meanings.split(",") if m.strip()]:
            raise ValidationError({"meanings": _("Indique au moins un sens.")})


class ImportRunStatus(models.TextChoices):
    RUNNING = "running", _("en cours")
    DONE = "done", _("terminé")
    FAILED = "failed", _("échoué")


class ConflictState(models.TextChoices):
    PENDING = "pending", _("en attente")
    TAKEN = "onisep", _("valeur ONISEP reprise")
    KEPT = "ours", _("notre valeur gardée")
    # ONISEP sent another value since: a later run's conflict (or none) replaces this one.
    SUPERSEDED = "superseded", _("remplacé par un import plus récent")


class ImportRun(models.Model):
    """One run of the ONISEP import (`programmes.importers.run.run_import`): when, by whom, from
    which files, what it did. Written outside the catalogue's transaction, so that a run that
    fails still says so (the catalogue itself is then left as it was)."""

    Status = ImportRunStatus

    started_at = models.DateTimeField(
        _("commencé le"), default=timezone.now, help_text=_("Début de l'import.")
    )
    finished_at = models.DateTimeField(
        _("terminé le"),
        null=True,
        blank=True,
        help_text=_("Fin de l'import, réussi ou non ; vide tant qu'il est en cours."),
    )
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancé par"),
        help_text=_("Le membre de l'équipe qui a lancé l'import depuis l'administration."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    command = models.CharField(
        _("commande"),
        max_length=100,
        blank=True,
        help_text=_("La commande qui a lancé l'import, ex. « import_programmes »."),
    )
    sources = models.JSONField(
        _("fichiers sources"),
        default=list,
        blank=True,
        help_text=_("Chaque fichier lu : nom, taille en octets et empreinte SHA-256."),
    )
    status = models.CharField(
        _("état"),
        max_length=10,
        choices=Status.choices,
        default=Status.RUNNING,
        help_text=_("En cours, terminé (même avec des fichiers en échec) ou échoué."),
    )
    created_count = models.PositiveIntegerField(
        _("créées"), default=0, help_text=_("Formations créées.")
    )
    updated_count = models.PositiveIntegerField(
        _("mises à jour"), default=0, help_text=_("Formations mises à jour.")
    )
    unchanged_count = models.PositiveIntegerField(
        _("inchangées"), default=0, help_text=_("Formations lues sans rien à changer.")
    )
    conflict_count = models.PositiveIntegerField(
        _("conflits"),
        default=0,
        help_text=_("Champs modifiés par la rédaction que l'import a aussi changés."),
    )
    failed_count = models.PositiveIntegerField(
        _("en échec"), default=0, help_text=_("Fichiers ou fiches qui n'ont pas pu être importés.")
    )
    skipped_count = models.PositiveIntegerField(
        _("ignorées"),
        default=0,
        help_text=_("Fiches laissées de côté (autres diplômes, formations sans fiche)."),
    )
    error = models.TextField(
        _("erreur"),
        blank=True,
        help_text=_("Pourquoi l'import a échoué ; vide sinon."),
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import ONISEP")
        verbose_name_plural = _("imports ONISEP")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportRunStatus.values),
                name="import_run_status_valid",
            ),
            # Finished exactly when no longer running.
            models.CheckConstraint(
                condition=Q(status=ImportRunStatus.RUNNING, finished_at__isnull=True)
                | (~Q(status=ImportRunStatus.RUNNING) & Q(finished_at__isnull=False)),
                name="import_run_finished_when_not_running",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=models.F("started_at")),
                name="import_run_finishes_after_start",
            ),
            # A failed run says why; the others have nothing to say.
            models.CheckConstraint(
                condition=(Q(status=ImportRunStatus.FAILED) & ~Q(error=""))
                | (~Q(status=ImportRunStatus.FAILED) & Q(error="")),
                name="import_run_error_when_failed",
            ),
        ]

    def __str__(self) -> str:
        return _("Import du %(date)s") % {
            "date": date_format(timezone.localtime(self.started_at), "SHORT_DATETIME_FORMAT")
        }

    @property
    def launcher(self) -> str:
        """Who launched the run: the user's name, else the command."""
        if self.launched_by_id is not None:
            user = self.launched_by
            return user.get_full_name() or user.get_username()
        return self.command or "—"


class ImportConflictQuerySet(models.QuerySet):
    def pending(self) -> ImportConflictQuerySet:
        return self.filter(state=ConflictState.PENDING)


class ImportConflict(models.Model):
    """A field the staff edited that an import also changed: the staff's value was kept, and
    this row waits for the staff's decision (`programmes.importers.runs.resolve_conflict`)."""

    State = ConflictState

    run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import"),
        help_text=_("L'import qui a relevé le conflit."),
        on_delete=models.CASCADE,
        related_name="conflicts",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("formation"),
        help_text=_("La formation dont un champ est en conflit."),
        on_delete=models.CASCADE,
        related_name="import_conflicts",
    )
    field = models.CharField(
        _("champ"),
        max_length=40,
        help_text=_("Nom technique du champ de la formation, ex. « description »."),
    )
    source = models.TextField(
        _("fichier"), blank=True, help_text=_("Le fichier ONISEP qui apportait la valeur.")
    )
    current_value = models.JSONField(
        _("notre valeur"),
        null=True,
        blank=True,
        help_text=_("La valeur de la rédaction au moment de l'import (gardée par l'import)."),
    )
    incoming_value = models.JSONField(
        _("valeur ONISEP"),
        null=True,
        blank=True,
        help_text=_("La valeur envoyée par ONISEP, non appliquée."),
    )
    state = models.CharField(
        _("décision"),
        max_length=12,
        choices=State.choices,
        default=State.PENDING,
        help_text=_("En attente, valeur ONISEP reprise, notre valeur gardée, ou remplacé."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        help_text=_("Qui a tranché ; vide tant que c'est en attente, ou si c'est automatique."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(
        _("décidé le"), null=True, blank=True, help_text=_("Vide tant que c'est en attente.")
    )

    objects = ImportConflictQuerySet.as_manager()

    class Meta:
        ordering = ["run", "programme__name", "field"]
        verbose_name = _("conflit d'import")
        verbose_name_plural = _("conflits d'import")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "programme", "field"], name="import_conflict_unique_field"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ConflictState.values),
                name="import_conflict_state_valid",
            ),
            # Decided exactly when no longer pending (who may be unknown: automatic, or an
            # account deleted since).
            models.CheckConstraint(
                condition=Q(
                    state=ConflictState.PENDING, decided_at__isnull=True, decided_by__isnull=True
                )
                | (~Q(state=ConflictState.PENDING) & Q(decided_at__isnull=False)),
                name="import_conflict_decided_when_not_pending",
            ),
        ]
        indexes = [
            # The programme page's pending conflicts.
            models.Index(fields=["programme", "state"], name="import_conflict_programme"),
        ]

    def __str__(self) -> str:
        return _("conflit sur « %(field)s » (%(state)s)") % {
            "field": self.field,
            "state": self.get_state_display(),
        }
