"""Students' responses in the back office: the list (counsellors see their cohorts only), the
read-only response page with notes, the CSV export action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from orientation.backoffice import export, views
from orientation.backoffice.admin.common import BACKOFFICE_CSS
from orientation.config.admin_tools import DeclaredLookupsOnlyMixin, HiddenObjectsMixin
from orientation.models import Cohort, CounsellorNote, Response
from programmes.models import Programme
from programmes.text import fold

# --- Responses ---------------------------------------------------------------------------------


JOURNEY_SHORT = {
    Response.Journey.PROGRAMME: _("Une formation"),
    Response.Journey.DISCOVERY: _("Découverte"),
}


MAX_COHORT_CHOICES = 50


class IdFilter(admin.SimpleListFilter):
    """A filter whose choices are primary keys of `field`. Any other value (a tampered URL)
    matches nothing; Django's facets (« Afficher les nombres ») pass the key as an int."""

    field: str

    def queryset(self, request, queryset):
        value = self.value()
        if value is None or value == "":
            return queryset
        if not str(value).isdigit():
            return queryset.none()
        return queryset.filter(**{self.field: int(value)})


class CohortFilter(IdFilter):
    """Only the cohorts the user follows."""

    title = _("cohorte")
    parameter_name = "cohorte"
    field = "cohort_id"

    def lookups(self, request, model_admin):
        # A counsellor follows a few classes; an administrator sees thousands: the most recent
        # MAX_COHORT_CHOICES (and the one selected), the others through the cohort list's
        # « Voir les réponses ».
        cohorts = Cohort.objects.for_counsellor(request.user).order_by("-created_at", "-pk")
        choices = list(cohorts.values_list("pk", "name")[:MAX_COHORT_CHOICES])
        selected = self.value()
        if selected and selected.isdigit() and int(selected) not in dict(choices):
            choices += cohorts.filter(pk=int(selected)).values_list("pk", "name")
        return sorted(choices, key=lambda kv: fold(kv[1]))


class ProgrammeFilter(IdFilter):
    """Only the programmes tested in the responses the user may see."""

    title = _("formation testée")
    parameter_name = "formation"
    field = "programme_id"

    def lookups(self, request, model_admin):
        # From the catalogue (a few hundred rows), not a DISTINCT over every response: each
        # programme is checked through the responses' programme index.
        visible = Response.objects.visible_to(request.user).order_by().values("programme_id")
        rows = Programme.objects.filter(pk__in=visible).values_list("pk", "name")
        return sorted(rows, key=lambda kv: fold(kv[1]))


def _note_count() -> Coalesce:
    counted = (
        CounsellorNote.objects.filter(response=OuterRef("pk"))
        .order_by()
        .values("response")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


@admin.register(Response)
class ResponseAdmin(DeclaredLookupsOnlyMixin, HiddenObjectsMixin, admin.ModelAdmin):
    # No second COUNT(*) of every visible response: the list stays within 10 queries.
    show_full_result_count = False
    list_display = [
        "date",
        "cohort",
        "journey_short",
        "programme_short",
        "band_display",
        "top_suggestion",
        "pseudonym_display",
        "status",
        "note_count",
    ]
    list_select_related = ["cohort"]
    # A date filter with fixed choices rather than `date_hierarchy`, whose links need a
    # DISTINCT over the dates of every visible response.
    list_filter = [
        CohortFilter,
        ProgrammeFilter,
        "journey",
        "band",
        "status",
        ("created_at", admin.DateFieldListFilter),
    ]
    search_fields = ["pseudonym"]
    search_help_text = _("Recherche sur le pseudonyme.")
    list_per_page = 50
    actions = ["export_csv"]
    view_on_site = False  # the student's private link is theirs alone

    class Media:
        css = {"all": BACKOFFICE_CSS}

    def get_queryset(self, request):
        # The list never shows the JSON snapshots: they stay in the database.
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .without_snapshots()
            # A subquery per row shown, not a join grouped over the whole table.
            .annotate(note_count=_note_count())
        )

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or Response.objects.visible_to(request.user).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return False  # responses come from students only

    def has_change_permission(self, request, obj=None):
        return False  # nobody edits a student's answers or result

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("orientation.export_response")

    @admin.display(description=_("date"), ordering="created_at")
    def date(self, obj: Response) -> str:
        return date_format(
            timezone.localtime(obj.completed_at or obj.created_at), "SHORT_DATETIME_FORMAT"
        )

    @admin.display(description=_("parcours"), ordering="journey")
    def journey_short(self, obj: Response) -> str:
        return JOURNEY_SHORT.get(obj.journey, obj.journey)

    @admin.display(description=_("formation"), ordering="programme_name")
    def programme_short(self, obj: Response) -> str:
        name = obj.programme_name or "—"
        return name if len(name) <= 60 else name[:59] + "…"

    @admin.display(description=_("bilan global"), ordering="band")
    def band_display(self, obj: Response) -> str:
        if not obj.band:
            return "—"
        return format_html('<span class="band band-{}">{}</span>', obj.band, obj.get_band_display())

    @admin.display(description=_("pseudonyme"), ordering="pseudonym")
    def pseudonym_display(self, obj: Response) -> str:
        return obj.pseudonym or _g("Anonyme")

    @admin.display(description=_("notes"), ordering="note_count")
    def note_count(self, obj: Response) -> int:
        return obj.note_count

    @admin.action(
        description=_("Exporter les réponses sélectionnées (CSV)"), permissions=["export"]
    )
    def export_csv(self, request, queryset):
        if not queryset.exists():  # e.g. ids of responses the user may not see
            self.message_user(request, _g("Aucune réponse à exporter."), messages.WARNING)
            return None
        # By primary key: the changelist's queryset carries its note-count annotation.
        responses = export.for_export(Response.objects.filter(pk__in=queryset.values("pk")))
        return export.csv_response(
            responses.iterator(chunk_size=500), filename=export.export_filename()
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Responses are never edited: their change URL is the read-only response page."""
        return views.response_page(request, object_id, model_admin=self)
