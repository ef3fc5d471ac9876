"""manage.py purge_responses: delete the responses nobody has touched for a retention period.

In batches of `BATCH`, each its own transaction: a purge of 100,000 rows never holds the
database locked for long, and an error stops it with every finished batch done and the batch
in progress untouched (run it again to finish).
"""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orientation.erasure import erase_responses
from orientation.models import RETENTION_DAYS, Response

# Big enough that commits are few, small enough that a batch holds the write lock briefly.
BATCH = 2_500


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
        "qui les nomment. Par lots de 2 500 réponses, chacun tout ou rien : une erreur arrête la "
        "purge sans défaire les lots déjà supprimés ; la relancer la termine. Verbosité : 0 = rien "
        "sauf "
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
        # One cut-off for the whole run (computed here, once): a response touched while the
        # purge runs is kept.
        old = (
            Response.objects.older_than(days=days)
            .order_by("updated_at", "pk")
            .values_list("pk", "journey", "status", "updated_at")
        )
        prefix = _("[simulation] ") if dry_run else ""
        counts: Counter = Counter()
        remaining = old
        while True:
            batch = list(remaining[:BATCH])
            if not batch:
                break
            if not dry_run:
                erase_responses(ids=[row[0] for row in batch])  # its own transaction
            counts.update((journey, status) for _pk, journey, status, _date in batch)
            if verbosity >= 3:
                self._list(batch, prefix=prefix)
            # Keyset pagination on (updated_at, pk): the next batch starts after this one
            # (a dry run deletes nothing, so an offset would not move either).
            last_date, last_pk = batch[-1][3], batch[-1][0]
            remaining = old.filter(
                Q(updated_at__gt=last_date) | Q(updated_at=last_date, pk__gt=last_pk)
            )
        self._report(counts, days=days, prefix=prefix, dry_run=dry_run, verbosity=verbosity)

    def _list(self, rows: list[tuple], *, prefix: str) -> None:
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

    def _report(
        self, counts: Counter, *, days: int, prefix: str, dry_run: bool, verbosity: int
    ) -> None:
        if verbosity >= 2:
            for (journey, status), count in sorted(counts.items()):
                self.stdout.write(
                    prefix
                    + f"{Response.Journey(journey).label} — {Response.Status(status).label} : "
                    + str(count)
                )
        if verbosity >= 1:
            count = sum(counts.values())
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
