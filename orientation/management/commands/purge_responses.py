"""manage.py purge_responses: delete the responses nobody has touched for a retention period."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orientation.erasure import erase_responses
from orientation.models import RETENTION_DAYS, Response


def positive_days(raw: str) -> int:
    try:
        days = int(raw)
    except ValueError:
        raise CommandError(_("--older-than attend un nombre de jours, pas « %s ».") % raw) from None
    if days < 1:
        raise CommandError(_("--older-than doit être d'au moins 1 jour."))
    return days


class Command(BaseCommand):
    help = _(
        "Supprime définitivement les réponses (brouillons et terminées) qui n'ont pas été "
        "modifiées depuis plus de N jours (par défaut %(days)d, la durée annoncée sur la page "
        "Confidentialité), avec leurs notes de conseil et les lignes du journal d'administration "
        "qui les nomment. Tout ou rien : une erreur annule la purge. Verbosité : 0 = rien sauf "
        "les erreurs ; 1 (défaut) = le total ; 2 = aussi le détail par parcours et par état ; "
        "3 = aussi chaque réponse (numéro et date de dernière modification, jamais le lien privé)."
    ) % {"days": RETENTION_DAYS}

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            dest="days",
            metavar="JOURS",
            default=RETENTION_DAYS,
            type=positive_days,
            help=_("Âge minimal, en jours depuis la dernière modification (défaut : %(d)d).")
            % {"d": RETENTION_DAYS},
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Affiche ce qui serait supprimé, sans rien supprimer."),
        )

    def handle(self, *args: object, days: int, dry_run: bool, verbosity: int, **options) -> None:
        with transaction.atomic():
            old = Response.objects.older_than(days=days).order_by("updated_at", "pk")
            rows = list(old.values_list("pk", "journey", "status", "updated_at"))
            ids = [row[0] for row in rows]
            if ids and not dry_run:
                erase_responses(ids=ids)
        self._report(rows, days=days, dry_run=dry_run, verbosity=verbosity)

    def _report(self, rows: list[tuple], *, days: int, dry_run: bool, verbosity: int) -> None:
        prefix = _("[simulation] ") if dry_run else ""
        if verbosity >= 3:
            for pk, journey, status, updated_at in rows:
                self.stdout.write(
                    prefix
                    + _("réponse n° %(pk)d (%(journey)s, %(status)s), modifiée le %(date)s")
                    % {
                        "pk": pk,
                        "journey": Response.Journey(journey).label,
                        "status": Response.Status(status).label,
                        "date": updated_at.date().isoformat(),
                    }
                )
        if verbosity >= 2:
            counts = Counter((journey, status) for _pk, journey, status, _date in rows)
            for (journey, status), count in sorted(counts.items()):
                self.stdout.write(
                    prefix
                    + f"{Response.Journey(journey).label} — {Response.Status(status).label} : "
                    + str(count)
                )
        if verbosity >= 1:
            count = len(rows)
            if not count:
                line = _("Aucune réponse non modifiée depuis plus de %(days)d jours.")
            elif dry_run:
                line = ngettext(
                    "%(count)d réponse non modifiée depuis plus de %(days)d jours serait "
                    "supprimée.",
                    "%(count)d réponses non modifiées depuis plus de %(days)d jours seraient "
                    "supprimées.",
                    count,
                )
            else:
                line = ngettext(
                    "%(count)d réponse non modifiée depuis plus de %(days)d jours supprimée.",
                    "%(count)d réponses non modifiées depuis plus de %(days)d jours supprimées.",
                    count,
                )
            self.stdout.write(self.style.SUCCESS(prefix + line % {"count": count, "days": days}))
