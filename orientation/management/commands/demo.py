"""Demonstration data for the back office (development only).

Creates a counsellor account and an editor account (random passwords, printed), a cohort, and
about thirty plausible completed responses built with the real journey functions: the
questionnaire snapshot of `orientation.questionnaire`, varied answers, the result of
`orientation.results.compute_result`.
"""

from __future__ import annotations

import random
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orientation.backoffice.roles import COUNSELLOR_GROUP, EDITOR_GROUP, ensure_roles
from orientation.models import Cohort, Response
from orientation.questionnaire import discovery_questionnaire, programme_questionnaire
from orientation.results import compute_result
from programmes.models import Programme

COHORT_NAME = "Démo — Terminale STMG 2"
COUNSELLOR = ("conseil.demo", "Camille", "Martin", COUNSELLOR_GROUP)
EDITOR = ("redaction.demo", "Alex", "Durand", EDITOR_GROUP)
# Programmes a class of STMG students often tests, in order of preference (slug prefixes).
FAVOURITES = (
    "bts-management-commercial-operationnel",
    "bts-services-informatiques-aux-organisations",
    "bts-comptabilite-et-gestion",
    "bts-negociation-et-digitalisation-de-la-relation-client",
    "bts-tourisme",
    "bts-support-a-l-action-manageriale",
)
PROGRAMMES = 4
PROGRAMME_WEIGHTS = (5, 3, 2, 2)
DISCOVERY_SHARE = 0.25
DRAFTS = 3
FIRST_NAMES = (
    "Léa", "Yanis", "Inès", "Lucas", "Chloé", "Adam", "Manon", "Enzo", "Jade", "Noah",
    "Camille", "Rayan", "Sarah", "Hugo", "Lina", "Nathan", "Emma", "Mathis", "Zoé", "Théo",
    "Maëlys", "Sofiane", "Anaïs", "Kylian", "Louna", "Bilal", "Clara", "Axel", "Ambre", "Ilyes",
)  # fmt: skip
BACS = ("stmg", "stmg", "stmg", "general", "sti2d", "pro")
CODES = {0: "pas-du-tout", 1: "plutot-pas", 2: "plutot", 3: "tout-a-fait"}


class Command(BaseCommand):
    help = _(
        "Crée des données de démonstration du back-office : un compte conseiller, un compte "
        "rédaction (mots de passe aléatoires affichés), une cohorte et une trentaine de réponses "
        "terminées. Refusé hors développement (DEBUG désactivé)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_("Supprime d'abord la cohorte de démonstration, ses réponses et les comptes."),
        )
        parser.add_argument(
            "--responses",
            type=int,
            default=30,
            help=_("Nombre de réponses terminées à créer (30 par défaut)."),
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help=_("Graine du hasard (réponses reproductibles).")
        )

    def handle(self, *args, reset: bool, responses: int, seed: int, **options):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "La commande demo est réservée au développement (DEBUG activé) : elle crée "
                    "des comptes dont elle affiche les mots de passe. Rien n'a été créé."
                )
            )
        if responses < 0:
            raise CommandError(_("--responses doit être positif."))
        rng = random.Random(seed)
        with transaction.atomic():
            ensure_roles()
            if reset:
                self._reset()
            accounts = [self._account(*spec) for spec in (COUNSELLOR, EDITOR)]
            cohort, _created = Cohort.objects.get_or_create(name=COHORT_NAME)
            cohort.counsellors.add(accounts[0][0])
            existing = cohort.responses.count()
            if not existing:
                self._responses(cohort, self._programmes(), rng, count=responses)
        self._report(accounts, cohort, created=0 if existing else responses, existing=existing)

    # --- Steps -----------------------------------------------------------------------------

    def _programmes(self) -> list[tuple[Programme, list]]:
        """Up to PROGRAMMES published programmes that have a questionnaire, favourites first."""
        published = list(Programme.objects.published().order_by("name"))
        rank = {
            p.pk: next((i for i, prefix in enumerate(FAVOURITES) if p.slug.startswith(prefix)), 99)
            for p in published
        }
        chosen = []
        used: set[int] = set()
        for programme in sorted(published, key=lambda p: (rank[p.pk], p.name)):
            if rank[programme.pk] in used:
                continue  # one option of a BTS is enough
            steps = programme_questionnaire(programme=programme)
            if steps:
                chosen.append((programme, steps))
                if rank[programme.pk] < len(FAVOURITES):
                    used.add(rank[programme.pk])
            if len(chosen) == PROGRAMMES:
                break
        if not chosen:
            raise CommandError(
                _(
                    "Aucune formation publiée n'a de questionnaire. Importez d'abord le catalogue "
                    "et générez les items : make import (ou manage.py import_programmes "
                    "programmes/data/onisep puis manage.py generate_questionnaire_items)."
                )
            )
        return chosen

    def _reset(self) -> None:
        Response.objects.filter(cohort__name=COHORT_NAME).delete()
        Cohort.objects.filter(name=COHORT_NAME).delete()
        get_user_model().objects.filter(username__in=[COUNSELLOR[0], EDITOR[0]]).delete()

    def _account(self, username: str, first: str, last: str, group: str):
        """The account, created if needed, with a fresh random password (printed)."""
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.is_staff = True
        user.is_active = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        return user, password

    def _answers(self, steps: list, rng: random.Random, *, level: float, only_first=False):
        """Plausible answers: a student level, a personal offset per dimension, noise, a few
        "Je ne sais pas" and skipped questions."""
        offsets: dict[str, float] = {}
        answers = {}
        for step in steps[:1] if only_first else steps:
            for question in step["questions"]:
                draw = rng.random()
                if draw < 0.04:
                    continue
                if draw < 0.10:
                    answers[question["key"]] = "ne-sais-pas"
                    continue
                offset = offsets.setdefault(question["dimension"], rng.gauss(0, 0.45))
                value = round(rng.gauss(level + offset, 0.55))
                answers[question["key"]] = CODES[min(3, max(0, value))]
        return answers

    def _responses(self, cohort: Cohort, programmes: list, rng: random.Random, *, count: int):
        """`count` completed responses and DRAFTS drafts in the cohort."""
        discovery_steps = discovery_questionnaire()
        now = timezone.now()
        names = list(FIRST_NAMES)
        rng.shuffle(names)
        for index in range(count + DRAFTS):
            draft = index >= count
            discovery = rng.random() < DISCOVERY_SHARE and bool(discovery_steps)
            if discovery:
                programme, steps = None, discovery_steps
            else:
                # The first programmes are tested more often.
                weights = PROGRAMME_WEIGHTS[: len(programmes)]
                programme, steps = rng.choices(programmes, weights=weights)[0]
            pseudonym = "" if rng.random() < 0.1 else names[index % len(names)]
            if pseudonym and index >= len(names):
                pseudonym += f" {chr(65 + index % 26)}."
            response = Response(
                journey=Response.Journey.DISCOVERY if discovery else Response.Journey.PROGRAMME,
                programme=programme,
                programme_name=programme.name if programme else "",
                bac_track=rng.choice(BACS) if discovery or rng.random() < 0.85 else "",
                pseudonym=pseudonym,
                cohort=cohort,
                questions=steps,
                answers=self._answers(
                    steps, rng, level=min(2.9, max(0.8, rng.gauss(2.1, 0.45))), only_first=draft
                ),
            )
            if not draft:
                response.apply_result(compute_result(response=response))
            response.save()
            # Spread over the last three weeks, as a class answering over several sessions.
            started = now - timedelta(days=rng.uniform(0, 21), minutes=rng.uniform(0, 600))
            Response.objects.filter(pk=response.pk).update(
                created_at=started,
                updated_at=started + timedelta(minutes=12),
                completed_at=None if draft else started + timedelta(minutes=12),
            )

    def _report(self, accounts, cohort: Cohort, *, created: int, existing: int) -> None:
        write = self.stdout.write
        (counsellor, counsellor_password), (editor, editor_password) = accounts
        write(self.style.SUCCESS(_("Données de démonstration prêtes.")))
        write("")
        write(_("Compte conseiller (groupe « %(group)s ») :") % {"group": COUNSELLOR_GROUP})
        write(f"    {counsellor.username} / {counsellor_password}")
        write(_("Compte rédaction (groupe « %(group)s ») :") % {"group": EDITOR_GROUP})
        write(f"    {editor.username} / {editor_password}")
        write(_("Les mots de passe changent à chaque exécution de la commande."))
        write("")
        code = f"{cohort.code[:3]} {cohort.code[3:]}"
        write(_("Cohorte « %(name)s », code %(code)s.") % {"name": cohort.name, "code": code})
        if created:
            write(
                _("%(count)d réponses terminées et %(drafts)d brouillons créés.")
                % {"count": created, "drafts": DRAFTS}
            )
        else:
            write(
                _("La cohorte a déjà %(count)d réponses : aucune ajoutée (--reset pour recréer).")
                % {"count": existing}
            )
        write(_("Back-office : http://127.0.0.1:8000/admin/"))
