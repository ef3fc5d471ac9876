"""What a lycéen's self-assessment stores: cohorts (join codes) and responses.

A response keeps a snapshot of the questions it asked (item texts, attendus, dimensions) and,
once completed, the result it showed, with the scoring version: editing content later never
changes a past result. No name, e-mail or address is asked; the pseudonym is optional.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orientation.scoring import Band

# Easy to dictate and to read back: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
COHORT_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
COHORT_CODE_LENGTH = 6

# Default retention, in days, used by `purge_responses` and stated on the privacy page.
RETENTION_DAYS = 365


def new_response_token() -> str:
    """256 random bits, URL-safe: the only key to a response."""
    return secrets.token_urlsafe(32)


def new_cohort_code() -> str:
    return "".join(secrets.choice(COHORT_CODE_ALPHABET) for _ in range(COHORT_CODE_LENGTH))


def spaced_code(code: str) -> str:
    """ "ACDEFG" → "ACD EFG": read out in two groups of three."""
    half = (len(code) + 1) // 2
    return f"{code[:half]} {code[half:]}"


def school_year_of(day) -> str:
    """The French school year a date belongs to: « 2026-2027 » from 1 September 2026 to
    31 August 2027."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def current_school_year() -> str:
    return school_year_of(timezone.localdate())


def unique_cohort_code(*, exclude: int | None = None) -> str:
    """A fresh code no other cohort (but `exclude`) uses."""
    while True:
        code = new_cohort_code()
        if not Cohort.objects.filter(code=code).exclude(pk=exclude).exists():
            return code


def normalise_cohort_code(raw: str) -> str:
    """What a student types ("ac d-e f") → the stored form ("ACDEF")."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


class CohortQuerySet(models.QuerySet):
    def open(self) -> CohortQuerySet:
        return self.filter(is_open=True, archived_at__isnull=True)

    def current(self) -> CohortQuerySet:
        """Not archived: the classes a counsellor works with this year."""
        return self.filter(archived_at__isnull=True)

    def archived(self) -> CohortQuerySet:
        return self.filter(archived_at__isnull=False)

    def for_counsellor(self, user) -> CohortQuerySet:
        """Cohorts a user may see: all for a superuser, their own for a counsellor."""
        if user.is_superuser:
            return self
        return self.filter(counsellors=user)


class Cohort(models.Model):
    """A class or group a counsellor follows; students join it with a short code."""

    name = models.CharField(
        _("nom"),
        max_length=120,
        help_text=_("Ex. « Terminale STMG 2 — 2026-2027 »."),
    )
    code = models.CharField(
        _("code d'accès"),
        max_length=COHORT_CODE_LENGTH,
        unique=True,
        default=new_cohort_code,
        help_text=_("Code à dicter aux élèves ; sans caractères ambigus (0/O, 1/I…)."),
    )
    is_open = models.BooleanField(
        _("ouverte"),
        default=True,
        help_text=_("Décocher pour refuser de nouvelles réponses avec ce code."),
    )
    counsellors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conseillers"),
        related_name="cohorts",
        blank=True,
        help_text=_("Comptes qui voient les réponses de cette cohorte."),
    )
    school_year = models.CharField(
        _("année scolaire"),
        max_length=9,
        default=current_school_year,
        validators=[
            RegexValidator(
                r"^[0-9]{4}-[0-9]{4}$", _("Écrire l'année scolaire ainsi : « 2026-2027 ».")
            )
        ],
        help_text=_("Ex. « 2026-2027 » ; sert à trier et à archiver les cohortes."),
    )
    archived_at = models.DateTimeField(
        _("archivée le"),
        null=True,
        blank=True,
        help_text=_(
            "Une cohorte archivée est fermée aux nouvelles réponses et n'apparaît plus dans "
            "la liste courante ; ses réponses restent consultables jusqu'à leur purge."
        ),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cohorte")
        verbose_name_plural = _("cohortes")
        # The cohort list's order (the admin adds -pk to make it total): a page is read from
        # the index instead of sorting every cohort with its counts.
        indexes = [models.Index(fields=["name", "-id"], name="cohort_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(school_year__regex=r"^[0-9]{4}-[0-9]{4}$"),
                name="cohort_school_year_format",
            ),
        ]
        permissions = [
            ("view_cohort_dashboard", _("Peut voir le tableau de bord d'une cohorte")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def accepts_responses(self) -> bool:
        return self.is_open and self.archived_at is None


class ResponseQuerySet(models.QuerySet):
    def completed(self) -> ResponseQuerySet:
        return self.filter(status=Response.Status.COMPLETED)

    def visible_to(self, user) -> ResponseQuerySet:
        """Responses a staff user may read: all for a superuser, their cohorts' for a counsellor,
        none for anybody else. Responses without a cohort are only ever seen by their student."""
        if user.is_superuser:
            return self
        return self.filter(cohort__counsellors=user)

    def older_than(self, *, days: int) -> ResponseQuerySet:
        return self.filter(updated_at__lt=timezone.now() - timezone.timedelta(days=days))

    def without_snapshots(self) -> ResponseQuerySet:
        """The row without its JSON (questions, answers, result): what lists, counts and
        exports read."""
        return self.defer("questions", "answers", "result")


class Response(models.Model):
    """One self-assessment, from its first step to its result."""

    class Journey(models.TextChoices):
        PROGRAMME = "formation", _("Suis-je fait pour ce BTS ?")
        DISCOVERY = "decouverte", _("Quels BTS me correspondent ?")

    class Status(models.TextChoices):
        DRAFT = "brouillon", _("Brouillon")
        COMPLETED = "terminee", _("Terminée")

    token = models.CharField(
        _("jeton"),
        max_length=64,
        unique=True,
        default=new_response_token,
        editable=False,
        help_text=_("Clé secrète du lien privé de l'élève."),
    )
    journey = models.CharField(_("parcours"), max_length=12, choices=Journey.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("formation testée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
        help_text=_("Pour le parcours « Suis-je fait pour ce BTS ? »."),
    )
    programme_name = models.CharField(
        _("nom de la formation (copie)"),
        max_length=255,
        blank=True,
        help_text=_("Nom au moment de la réponse, conservé si la fiche change."),
    )
    bac_track = models.CharField(
        _("bac"),
        max_length=20,
        blank=True,
        help_text=_("Code de la voie de bac déclarée (facultatif pour une formation)."),
    )
    pseudonym = models.CharField(
        _("pseudonyme"),
        max_length=40,
        blank=True,
        help_text=_("Facultatif ; jamais un nom complet."),
    )
    cohort = models.ForeignKey(
        Cohort,
        verbose_name=_("cohorte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
    )
    questions = models.JSONField(
        _("questions posées (copie)"),
        default=list,
        help_text=_("Texte des questions au moment de la réponse, étape par étape."),
    )
    answers = models.JSONField(
        _("réponses"), default=dict, blank=True, help_text=_("Code de réponse par question.")
    )
    result = models.JSONField(
        _("résultat (copie)"),
        default=dict,
        blank=True,
        help_text=_("Résultat calculé à la fin, tel que l'élève l'a vu."),
    )
    scoring_version = models.CharField(_("version du calcul"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("commencée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    completed_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    # Copies of the result snapshot, kept in step with it by save(): list filters and exports
    # read them without parsing the JSON.
    band = models.CharField(
        _("bilan global"),
        max_length=20,
        blank=True,
        db_index=True,
        choices=[(band.value, band.label) for band in Band],
        help_text=_("Bilan de la formation testée (parcours « Suis-je fait pour ce BTS ? »)."),
    )
    top_suggestion = models.CharField(
        _("suggestion principale"),
        max_length=255,
        blank=True,
        help_text=_("Premier BTS suggéré à l'élève (ouvert à son bac)."),
    )

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        constraints = [
            models.CheckConstraint(
                condition=Q(journey="decouverte") | ~Q(programme_name=""),
                name="response_programme_journey_names_programme",
            ),
            models.CheckConstraint(
                condition=Q(status="brouillon") | Q(completed_at__isnull=False),
                name="response_completed_has_date",
            ),
        ]
        permissions = [("export_response", _("Peut exporter les réponses"))]
        indexes = [
            # The counsellor's paths: a cohort's responses newest first, the whole list newest
            # first, the retention purge by last modification.
            models.Index(fields=["cohort", "-created_at"], name="response_cohort_created"),
            models.Index(fields=["-created_at"], name="response_created"),
            models.Index(fields=["updated_at"], name="response_updated"),
        ]

    def __str__(self) -> str:
        # What the admin log keeps (LogEntry.object_repr) and what names the response in
        # generic admin pages: never the pseudonym, which must go when the student erases
        # their response (see `title`).
        return _("Réponse n° %(pk)s — %(journey)s (%(date)s)") % {
            "pk": self.pk,
            "journey": self.get_journey_display(),
            "date": f"{self.created_at:%d/%m/%Y}",
        }

    def save(self, *args, **kwargs) -> None:
        # The copies always follow the snapshot, whoever set it: the summary columns here, the
        # facts the dashboards aggregate (ResultFact) when the result was set or cleared.
        if "result" not in self.get_deferred_fields():
            self.band, self.top_suggestion = result_summary(self.result)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "result" in update_fields:
            kwargs["update_fields"] = {*update_fields, "band", "top_suggestion"}
        refresh = getattr(self, "_result_changed", False) or (
            self._state.adding and bool(self.result)
        )
        if not refresh:
            super().save(*args, **kwargs)
            return
        adding = self._state.adding
        with transaction.atomic():
            super().save(*args, **kwargs)
            if not adding:
                self.facts.all().delete()
            ResultFact.objects.bulk_create(result_facts(self))
        self._result_changed = False

    def get_absolute_url(self) -> str:
        return reverse("orientation:response", kwargs={"token": self.token})

    @property
    def title(self) -> str:
        """The heading of the response's page for counsellors: pseudonym, journey, date."""
        label = self.pseudonym or _("Anonyme")
        return f"{label} — {self.get_journey_display()} ({self.created_at:%d/%m/%Y})"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def step_count(self) -> int:
        return len(self.questions)

    @property
    def all_questions(self) -> list[dict]:
        """Every question of the snapshot, in the order asked (steps flattened)."""
        return [question for step in self.questions for question in step["questions"]]

    def reopen(self) -> None:
        """Back to a draft to change answers (does not save): the result and its summary go,
        the answers stay; completing again stores a new result."""
        self.status = self.Status.DRAFT
        self.result = {}
        self.scoring_version = ""
        self.band = self.top_suggestion = ""
        self.completed_at = None
        self._result_changed = True

    def apply_result(self, result: dict) -> None:
        """Complete the response with its computed result (does not save).

        Sets the snapshot, the scoring version, the denormalised band and top suggestion, the
        status and the completion date (kept if already set).
        """
        self.result = result
        self.scoring_version = result.get("scoring_version", "")
        self.band, self.top_suggestion = result_summary(result)
        self.status = self.Status.COMPLETED
        if self.completed_at is None:
            self.completed_at = timezone.now()
        self._result_changed = True


def result_summary(result: dict) -> tuple[str, str]:
    """(overall band, name of the first suggestion) of a result snapshot; "" when absent.

    The first suggestion is the one the student saw first: for "Suis-je fait pour ce BTS ?" the
    first suggested programme; for "Quels BTS me correspondent ?" the best-ranked programme open
    to their bac (the results page hides the others by default).
    """
    if not result:
        return "", ""
    top = first_suggestions(result, limit=1)
    return result.get("band", ""), (top[0]["name"] if top else "")[:255]


class ResultFact(models.Model):
    """One fact of a completed response's result, as a row, for dashboards to count in SQL:
    a dimension's band, an attendu's band (programme journey), a suggestion's position.

    Derived from the snapshot (`result_facts`) whenever the result is set or cleared, never
    edited; the snapshot stays the source of what the student saw.
    """

    class Kind(models.TextChoices):
        DIMENSION = "dimension", _("dimension")
        ATTENDU = "attendu", _("attendu")
        SUGGESTION = "suggestion", _("suggestion")

    response = models.ForeignKey(
        Response,
        verbose_name=_("réponse"),
        on_delete=models.CASCADE,
        related_name="facts",
        # The (response, kind) index below serves every look-up by response: a second index
        # would only slow the writes of each completion and of the purge.
        db_index=False,
    )
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices)
    key = models.CharField(
        _("clé"),
        max_length=64,
        help_text=_(
            "Slug de la dimension, numéro de l'attendu, identifiant d'adresse de la formation "
            "suggérée."
        ),
    )
    label = models.TextField(_("libellé"), help_text=_("Tel que l'élève l'a vu."))
    band = models.CharField(_("bilan"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["response", "kind", "position"]
        verbose_name = _("fait de résultat")
        verbose_name_plural = _("faits de résultat")
        indexes = [models.Index(fields=["response", "kind"], name="fact_response_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}: {self.band}"


# Suggestions counted per response on dashboards: those the student saw first.
FACT_SUGGESTIONS = 5


def result_facts(response: Response) -> list[ResultFact]:
    """The facts of a response's result snapshot (unsaved), for `ResultFact.bulk_create`."""
    result = response.result or {}
    if not result:
        return []
    facts = [
        ResultFact(
            response=response,
            kind=ResultFact.Kind.DIMENSION,
            key=str(dim["slug"])[:64],
            label=dim.get("name", ""),
            band=dim.get("band", ""),
            # The dimension's own place (older snapshots: its place in the result).
            position=dim.get("position", position),
        )
        for position, dim in enumerate(result.get("dimensions", ()))
    ]
    facts += [
        ResultFact(
            response=response,
            kind=ResultFact.Kind.ATTENDU,
            key=str(row["attendu"]),
            label=row.get("text", ""),
            band=row.get("band", ""),
            position=position,
        )
        for position, row in enumerate(result.get("attendus", ()))
    ]
    facts += [
        ResultFact(
            response=response,
            kind=ResultFact.Kind.SUGGESTION,
            key=entry["slug"][:64],
            label=entry.get("name", ""),
            band=entry.get("band", ""),
            position=position,
        )
        for position, entry in enumerate(first_suggestions(result, limit=FACT_SUGGESTIONS))
    ]
    return facts


def first_suggestions(result: dict, *, limit: int) -> list[dict]:
    """The programmes a student saw first: the suggestions of "Suis-je fait pour ce BTS ?", or
    the best-ranked programmes open to their bac in "Quels BTS me correspondent ?"."""
    if "ranking" in result:
        entries = [e for e in result["ranking"] if e.get("open_to_bac", True)]
    else:
        entries = list(result.get("suggestions", ()))
    return [e for e in entries if e.get("fit") is not None][:limit]


class CounsellorNote(models.Model):
    """A counsellor's private note on a student's response (never shown to the student)."""

    response = models.ForeignKey(
        Response, verbose_name=_("réponse"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="counsellor_notes",
    )
    text = models.TextField(
        _("note"),
        max_length=2000,
        help_text=_(
            "Visible des conseillers de la cohorte. Restez factuel : l'élève peut demander à "
            "consulter les données qui le concernent."
        ),
    )
    created_at = models.DateTimeField(_("écrite le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("note de conseil")
        verbose_name_plural = _("notes de conseil")

    def __str__(self) -> str:
        return f"{self.response} — {self.created_at:%d/%m/%Y}"

    @property
    def author_name(self) -> str:
        """Who wrote it, as the response page, the interview sheets and the export name them."""
        if self.author is None:
            return str(_("Compte supprimé"))
        return self.author.get_full_name() or self.author.get_username()
