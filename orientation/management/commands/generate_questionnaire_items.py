"""Create or update the questionnaire items of every attendu from the generator rules."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from orientation.itemgen.sync import sync_items


class Command(BaseCommand):
    help = (
        "Génère ou met à jour les items du questionnaire de chaque attendu, sans jamais écraser "
        "une modification de la rédaction. Sans effet si rien n'a changé."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche ce qui serait fait, sans rien enregistrer.",
        )

    def handle(self, *args, dry_run: bool = False, verbosity: int = 1, **options):
        with transaction.atomic():
            report = sync_items()
            if dry_run:
                transaction.set_rollback(True)
        prefix = _("[simulation] ") if dry_run else ""
        if verbosity >= 2:
            for line in report.changes:
                self.stdout.write(prefix + line)
        if verbosity >= 1:
            summary = _(
                "%(attendus)d attendus : %(created)d items créés, %(updated)d mis à jour, "
                "%(unchanged)d inchangés, %(obsoleted)d devenus obsolètes ; "
                "%(kept)d modifications de la rédaction conservées."
            ) % {
                "attendus": report.attendus,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "obsoleted": report.obsoleted,
                "kept": report.kept_edits + report.kept_extra,
            }
            self.stdout.write(self.style.SUCCESS(prefix + summary))
        if report.unmapped and verbosity >= 1:
            self.stdout.write(
                self.style.WARNING(
                    _("%(count)d attendus sans item (aucune règle ne s'applique) :")
                    % {"count": len(report.unmapped)}
                )
            )
            for text in report.unmapped:
                self.stdout.write(f"  - {text}")
