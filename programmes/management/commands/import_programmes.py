"""manage.py import_programmes: import the ONISEP BTS catalogue (see programmes.importers)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programmes.catalogue import KINDS_LABEL
from programmes.importers.report import ImportReport, Status
from programmes.importers.run import run_import


class Command(BaseCommand):
    help = _(
        "Importe le catalogue des %(kinds)s depuis les données ONISEP : fiches Markdown, fichiers "
        "« formations initiales », export JSON Idéo-Métiers et export XML Idéo-Fiches formations, "
        "donnés comme fichiers, dossiers ou archives zip. Les fiches d'autres diplômes sont "
        "ignorées. Un champ modifié par la rédaction n'est jamais écrasé : s'il a aussi changé "
        "chez ONISEP, un conflit est signalé. Réimporter les mêmes données ne change rien. "
        "Verbosité : 0 = erreurs et résumé ; 1 (défaut) = aussi les créations, mises à jour et "
        "conflits ; 2 = aussi les formations inchangées et les fiches ignorées ; 3 = aussi la "
        "durée. Code de sortie 1 si un fichier ou une fiche est en échec."
    ) % {"kinds": KINDS_LABEL}

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="CHEMIN",
            help=_("Fichier, dossier ou archive zip à importer (plusieurs possibles)."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Affiche ce qui changerait sans rien enregistrer."),
        )

    def handle(self, *args: object, **options: object) -> None:
        verbosity = int(options["verbosity"])  # type: ignore[call-overload]
        report = run_import(
            paths=options["paths"],  # type: ignore[arg-type]
            dry_run=bool(options["dry_run"]),
            command="import_programmes",
        )
        self._print(report, verbosity)
        if report.failures:
            raise CommandError(
                ngettext(
                    "%(count)d fichier ou fiche en échec (voir ci-dessus).",
                    "%(count)d fichiers ou fiches en échec (voir ci-dessus).",
                    len(report.failures),
                )
                % {"count": len(report.failures)}
            )

    def _print(self, report: ImportReport, verbosity: int) -> None:
        for failure in report.failures:
            self.stderr.write(self.style.ERROR(f"{failure.label} : {failure.message}"))
        if verbosity >= 1:
            for result in report.programmes:
                if result.status is not Status.UNCHANGED or verbosity >= 2:
                    self.stdout.write(result.message())
            for conflict in report.conflicts:
                self.stdout.write(self.style.WARNING(conflict.message()))
            for dropped in report.dropped_links:
                self.stdout.write(self.style.WARNING(dropped.message()))
        if verbosity >= 2:
            for skipped in report.skipped:
                self.stdout.write(f"{skipped.label} : {skipped.reason}")
        if verbosity >= 1:
            metiers = report.metiers_summary()
            if metiers:
                self.stdout.write(metiers)
        if verbosity >= 3:
            self.stdout.write(
                _("%(files)d fichier(s) lu(s) en %(seconds).2f s.")
                % {"files": report.files, "seconds": report.seconds}
            )
        style = self.style.ERROR if report.failures else self.style.SUCCESS
        self.stdout.write(style(report.summary()))
