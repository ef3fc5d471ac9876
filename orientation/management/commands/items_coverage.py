"""Report how many attendus (and attendu occurrences in programmes) have questionnaire items,
and where the editorial review stands: approved (bank or editor), to review, missing."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from orientation.models import AttenduItem, Dimension, Item, ReviewStatus
from programmes.models import Attendu


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "—"


class Command(BaseCommand):
    help = (
        "Couverture du questionnaire : attendus des formations dont les items sont validés "
        "(banque ou rédaction), à relire ou manquants ; occurrences dans les formations ; "
        "items par dimension ; liste des attendus sans item posé."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Échoue (code de sortie non nul) si un attendu n'a aucun item posé aux élèves.",
        )

    def handle(self, *args, strict: bool = False, **options):
        shown = AttenduItem.objects.shown()
        queue = AttenduItem.objects.in_review_queue()
        attendus = (
            Attendu.objects.filter(programme_attendus__isnull=False)
            .annotate(
                uses=Count("programme_attendus", distinct=True),
                shown=Exists(shown.filter(attendu=OuterRef("pk"))),
                waiting=Exists(queue.filter(attendu=OuterRef("pk"))),
            )
            .order_by("-uses", "text")
        )
        total = approved = to_review = occurrences = covered_occurrences = 0
        missing: list[tuple[str, int]] = []
        for attendu in attendus:
            total += 1
            occurrences += attendu.uses
            if attendu.shown:
                covered_occurrences += attendu.uses
            if attendu.waiting:
                to_review += 1
            elif attendu.shown:
                approved += 1
            if not attendu.shown:
                missing.append((attendu.text, attendu.uses))

        write = self.stdout.write
        write(
            _(
                "Attendus des formations : %(total)d ; validés : %(approved)d (%(percent)s) ; "
                "à relire : %(review)d ; sans item posé : %(missing)d"
            )
            % {
                "total": total,
                "approved": approved,
                "percent": _percent(approved, total),
                "review": to_review,
                "missing": len(missing),
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
        links = dict(
            shown.values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("status", "n")
        )
        items = list(Item.objects.in_questionnaire().filter(pk__in=shown.values("item_id")))
        edited = sum(1 for item in items if item.is_edited)
        write(
            _(
                "Items posés : %(count)d (modifiés par la rédaction : %(edited)d) ; liens "
                "attendu-item : banque %(bank)d, validés %(approved)d, brouillons à vérifier "
                "%(drafts)d, à relire (non posés) %(review)d"
            )
            % {
                "count": len(items),
                "edited": edited,
                "bank": links.get(ReviewStatus.BANK, 0),
                "approved": links.get(ReviewStatus.APPROVED, 0),
                "drafts": links.get(ReviewStatus.DRAFT, 0),
                "review": AttenduItem.objects.filter(status=ReviewStatus.TO_REVIEW).count(),
            }
        )
        write(_("Items posés par dimension :"))
        per_dimension = Dimension.objects.annotate(
            asked=Count("items", filter=Q(items__in=[item.pk for item in items]))
        ).order_by("position", "name")
        for dimension in per_dimension:
            write(f"  {dimension.name} : {dimension.asked}")
        if missing:
            write(self.style.WARNING(_("Attendus sans item posé aux élèves :")))
            for text, uses in missing:
                write(f"  - {text} ({uses})")
            if strict:
                raise CommandError(
                    _("%(count)d attendus n'ont aucun item posé.") % {"count": len(missing)}
                )
        else:
            write(
                self.style.SUCCESS(_("Tous les attendus des formations ont au moins un item posé."))
            )
