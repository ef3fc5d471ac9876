"""Report how many attendus (and attendu occurrences in programmes) have questionnaire items."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from orientation.models import Dimension, Item
from programmes.models import Attendu


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "—"


class Command(BaseCommand):
    help = (
        "Couverture du questionnaire : attendus et occurrences d'attendus dans les formations "
        "qui ont au moins un item actif, items par dimension, liste des attendus sans item."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Échoue (code de sortie non nul) si un attendu n'a aucun item.",
        )

    def handle(self, *args, strict: bool = False, **options):
        asked = Item.objects.in_questionnaire()
        attendus = Attendu.objects.annotate(
            covered=Exists(asked.filter(attendu=OuterRef("pk"))),
            uses=Count("programme_attendus", distinct=True),
        ).order_by("-uses", "text")
        total = covered = occurrences = covered_occurrences = 0
        unmapped: list[tuple[str, int]] = []
        for attendu in attendus:
            total += 1
            occurrences += attendu.uses
            if attendu.covered:
                covered += 1
                covered_occurrences += attendu.uses
            else:
                unmapped.append((attendu.text, attendu.uses))

        write = self.stdout.write
        write(
            _(
                "Attendus : %(total)d ; couverts : %(covered)d (%(percent)s) ; "
                "sans item : %(missing)d"
            )
            % {
                "total": total,
                "covered": covered,
                "percent": _percent(covered, total),
                "missing": len(unmapped),
            }
        )
        write(
            _("Occurrences dans les formations : %(total)d ; couvertes : %(covered)d (%(percent)s)")
            % {
                "total": occurrences,
                "covered": covered_occurrences,
                "percent": _percent(covered_occurrences, occurrences),
            }
        )
        items = list(asked.select_related("dimension"))
        edited = sum(1 for item in items if item.is_edited)
        fallback = sum(1 for item in items if item.generation_rule == "fallback")
        write(
            _(
                "Items dans le questionnaire : %(count)d (modifiés par la rédaction : %(edited)d ; "
                "issus de la règle de repli, à relire : %(fallback)d)"
            )
            % {"count": len(items), "edited": edited, "fallback": fallback}
        )
        write(_("Items par dimension :"))
        per_dimension = Dimension.objects.annotate(
            asked=Count("items", filter=Q(items__is_active=True, items__obsolete=False))
        ).order_by("position", "name")
        for dimension in per_dimension:
            write(f"  {dimension.name} : {dimension.asked}")
        if unmapped:
            write(self.style.WARNING(_("Attendus sans item :")))
            for text, uses in unmapped:
                write(f"  - {text} ({uses})")
            if strict:
                raise CommandError(
                    _("%(count)d attendus n'ont aucun item.") % {"count": len(unmapped)}
                )
        else:
            write(self.style.SUCCESS(_("Tous les attendus ont au moins un item.")))
