"""Create or update the questionnaire items of every attendu from the item bank and, for
attendus the bank does not know, the general drafting rules; and the interest areas with every
programme's interest profile (orientation/interests)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orientation.interests import sync_interests
from orientation.itemgen.drafting import Outcome
from orientation.itemgen.sync import sync_items


class Command(BaseCommand):
    help = (
        "Crée ou met à jour les items du questionnaire de chaque attendu depuis la banque d'items "
        "(orientation/itembank) et, pour un attendu absent de la banque, les règles générales : "
        "un brouillon non conforme à la charte attend une relecture et n'est pas posé. Ne "
        "remplace jamais une modification de la rédaction. Met aussi à jour les champs d'intérêt "
        "et le profil d'intérêt de chaque formation (orientation/interests), sans toucher à ceux "
        "que l'équipe a modifiés. Sans effet si rien n'a changé."
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
            interests = sync_interests()
            if dry_run:
                transaction.set_rollback(True)
        prefix = _("[simulation] ") if dry_run else ""
        if verbosity >= 2:
            for line in report.changes:
                self.stdout.write(prefix + line)
        if verbosity >= 1:
            summary = _(
                "%(attendus)d attendus (banque : %(bank)d, brouillons conformes : %(drafted)d, "
                "à relire : %(review)d, ignorés : %(skipped)d) ; items : %(created)d créés, "
                "%(updated)d mis à jour, %(unchanged)d inchangés, %(obsoleted)d devenus "
                "obsolètes ; %(kept)s."
            ) % {
                "attendus": report.attendus,
                "bank": report.outcomes.get(Outcome.BANK, 0),
                "drafted": report.outcomes.get(Outcome.DRAFTED, 0),
                "review": report.outcomes.get(Outcome.REVIEW, 0),
                "skipped": report.outcomes.get(Outcome.SKIPPED, 0),
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "obsoleted": report.obsoleted,
                "kept": ngettext(
                    "%(count)d item modifié par la rédaction laissé tel quel (dont %(conflicts)d "
                    "où la banque propose autre chose)",
                    "%(count)d items modifiés par la rédaction laissés tels quels (dont "
                    "%(conflicts)d où la banque propose autre chose)",
                    report.edited_items,
                )
                % {
                    "count": report.edited_items,
                    "conflicts": report.kept_edits + report.kept_extra,
                },
            }
            self.stdout.write(self.style.SUCCESS(prefix + summary))
            self.stdout.write(
                prefix
                + _(
                    "Champs d'intérêt : %(created)d créés, %(updated)d mis à jour ; profils de "
                    "formation : %(set)d écrits, %(kept)d modifiés par l'équipe conservés, "
                    "%(proposed)d proposés d'après les domaines ONISEP (à vérifier)."
                )
                % {
                    "created": interests.areas_created,
                    "updated": interests.areas_updated,
                    "set": interests.programmes_set,
                    "kept": interests.programmes_kept,
                    "proposed": len(interests.programmes_proposed),
                }
            )
            if interests.programmes_proposed:
                self.stdout.write(self.style.WARNING(_("Profils d'intérêt à vérifier :")))
                for slug in interests.programmes_proposed:
                    self.stdout.write(f"  - {slug}")
            for title, rows in (
                (_("Attendus ignorés (prérequis ou texte explicatif) :"), report.skipped),
                (_("Attendus à relire dans l'administration :"), report.to_review),
            ):
                if rows:
                    self.stdout.write(self.style.WARNING(title))
                    for text, reason in rows:
                        self.stdout.write(f"  - {text} — {reason}")
