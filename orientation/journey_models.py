"""What a lycéen's self-assessment stores: cohorts (join codes) and responses.

A response keeps a snapshot of the questions it asked (item texts, attendus, dimensions) and,
once completed, the result it showed, with the scoring version: editing content later never
changes a past result. No name, e-mail or address is asked; the pseudonym is optional.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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


def normalise_cohort_code(raw: str) -> str:
    """What a student types ("ac d-e f") → the stored form ("ACDEF")."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


class CohortQuerySet(models.QuerySet):
    def open(self) -> CohortQuerySet:
        return self.filter(is_open=True)

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
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cohorte")
        verbose_name_plural = _("cohortes")

    def __str__(self) -> str:
        return self.name


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

    def __str__(self) -> str:
        label = self.pseudonym or _("Anonyme")
        return f"{label} — {self.get_journey_display()} ({self.created_at:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("orientation:response", kwargs={"token": self.token})

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED

    @property
    def step_count(self) -> int:
        return len(self.questions)
