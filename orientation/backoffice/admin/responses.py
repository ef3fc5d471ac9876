"""Students' responses in the back office: the list (counsellors see their cohorts only), the
read-only response page with notes and attempts, the erasure at a student's request, the CSV
export action."""

from __future__ import annotations

from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from orientation import erasure
from orientation.backoffice import attempts, export, points, views
from orientation.backoffice.admin.actions import export_xlsx
from orientation.backoffice.admin.common import BACKOFFICE_CSS
from orientation.backoffice.filters import DASHBOARD_FILTERS
from orientation.config.admin_tools import (
    DeclaredLookupsOnlyMixin,
    FoldedSearchMixin,
    HiddenObjectsMixin,
    WideChangeListMixin,
    parse_id,
)
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
        pk = parse_id(value)
        if pk is None:
            return queryset.none()
        return queryset.filter(**{self.field: pk})


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
        selected = parse_id(self.value() or "")
        if selected is not None and selected not in dict(choices):
            choices += cohorts.filter(pk=selected).values_list("pk", "name")
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


class PointsFilter(admin.SimpleListFilter):
    """Responses by their number of points à renforcer (attendus in the band « Point de
    vigilance »): completed « Suis-je fait pour ce BTS ? » responses only.

    URL parameter (stable, dashboards link to it): `points=0`, `points=1-2`, `points=3-plus`
    (orientation.backoffice.points.POINTS_RANGES). Any other value matches nothing."""

    title = _("points à renforcer")
    parameter_name = "points"

    def lookups(self, request, model_admin):
        return [("0", _("aucun")), ("1-2", _("1 ou 2")), ("3-plus", _("3 ou plus"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None or value == "":
            return queryset
        return points.with_points_in(responses=queryset, range_code=str(value))


class AttenduFilter(admin.SimpleListFilter):
    """Responses where a given attendu is a point à renforcer (the student's band for it is
    « Point de vigilance »).

    URL parameter (stable, dashboards link to it): `attendu=<attendu id>`, the id of
    programmes.Attendu as stored in `ResultFact.key`. The choices are the attendus à renforcer
    of the user's visible responses — of the selected cohort when `cohorte` is set — the most
    frequent first (orientation.backoffice.points.attendu_choices), plus the one selected. A
    value that is not an id matches nothing."""

    title = _("attendu à renforcer")
    parameter_name = "attendu"

    def lookups(self, request, model_admin):
        responses = Response.objects.visible_to(request.user)
        cohort = parse_id(request.GET.get(CohortFilter.parameter_name, ""))
        if cohort is not None:
            responses = responses.filter(cohort_id=cohort)
        return points.attendu_choices(responses=responses, selected=self.value())

    def queryset(self, request, queryset):
        value = self.value()
        if value is None or value == "":
            return queryset
        return points.needing_attendu(responses=queryset, attendu_key=str(value))


class ResponseChangeList(ChangeList):
    """The response list, each row of the page told how many attempts share its pseudonym in
    its cohort (`attempt_count`): one query for the page, whatever its size."""

    def get_results(self, request):
        super().get_results(request)
        counts = attempts.attempt_counts(
            responses=self.result_list, visible=Response.objects.visible_to(request.user)
        )
        for response in self.result_list:
            response.attempt_count = counts.get(response.pk)


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
class ResponseAdmin(
    WideChangeListMixin,
    FoldedSearchMixin,
    DeclaredLookupsOnlyMixin,
    HiddenObjectsMixin,
    admin.ModelAdmin,
):
    # No second COUNT(*) of every visible response: the list stays within 10 queries.
    show_full_result_count = False
    # Who first (the link to the response page), then what a counsellor scans to prepare an
    # interview; the top suggestion and the state are on the response page (and in the
    # filters), and the journey shares the programme's column (« Découverte » or the programme
    # tested), to keep the row on one screen at 1280 px beside the filters.
    list_display = [
        "pseudonym_display",
        "band_display",
        "points_display",
        "attempt_count_display",
        "date",
        "cohort",
        "programme_short",
        "note_count",
    ]
    list_select_related = ["cohort"]
    # A date filter with fixed choices rather than `date_hierarchy`, whose links need a
    # DISTINCT over the dates of every visible response.
    list_filter = [
        CohortFilter,
        ProgrammeFilter,
        PointsFilter,
        AttenduFilter,
        # bilan_dimension, bilan_attendu, bilan_suggestion: the cohort dashboard's links,
        # shown only when set (orientation/backoffice/filters.py).
        *DASHBOARD_FILTERS,
        "journey",
        "band",
        "status",
        ("created_at", admin.DateFieldListFilter),
    ]
    search_fields = ["pseudonym"]
    search_help_text = _(
        "Recherche sur le pseudonyme, sans tenir compte des majuscules ni des accents "
        "(« helene » trouve « Hélène »)."
    )
    list_per_page = 50
    actions = ["export_csv", export_xlsx]
    view_on_site = False  # the student's private link is theirs alone

    class Media:
        css = {"all": [*BACKOFFICE_CSS, "orientation/responses.css"]}

    def get_changelist(self, request, **kwargs):
        return ResponseChangeList

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/notes/<int:note_id>/modifier/",
                view(partial(views.note_edit, model_admin=self)),
                name="orientation_response_note_edit",
            ),
            path(
                "<path:object_id>/notes/<int:note_id>/supprimer/",
                view(partial(views.note_delete, model_admin=self)),
                name="orientation_response_note_delete",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        # The list never shows the JSON snapshots: they stay in the database.
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .without_snapshots()
            # Subqueries per row shown, not joins grouped over the whole table.
            .annotate(note_count=_note_count(), points_count=points.points_count())
        )

    def has_view_permission(self, request, obj=None):
        if not super().has_view_permission(request, obj):
            return False
        return obj is None or Response.objects.visible_to(request.user).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return False  # responses come from students only

    def has_change_permission(self, request, obj=None):
        return False  # nobody edits a student's answers or result

    def has_delete_permission(self, request, obj=None):
        # The permission, and for one response: one the user may see (their cohorts').
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or Response.objects.visible_to(request.user).filter(pk=obj.pk).exists()

    def get_actions(self, request):
        # No bulk delete: a response is erased one at a time, at its student's request, from
        # its page; the retention purge handles the rest.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """Django's delete page is the erasure at the student's request (confirmation, then
        orientation.erasure with its audit line)."""
        return views.response_erase(request, object_id, model_admin=self)

    # Whatever Django path deletes a response, it goes through the erasure: notes, facts and
    # the admin log lines naming it go too, and the cohort keeps an audit line.
    def delete_model(self, request, obj):
        erasure.erase_at_students_request(response_id=obj.pk, user=request.user)

    def delete_queryset(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            erasure.erase_at_students_request(response_id=pk, user=request.user)

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("orientation.export_response")

    @admin.display(description=_("date"), ordering="created_at")
    def date(self, obj: Response) -> str:
        # The day only: the time is on the response page, the column stays narrow.
        return date_format(
            timezone.localtime(obj.completed_at or obj.created_at), "SHORT_DATE_FORMAT"
        )

    @admin.display(description=_("parcours ou formation testée"), ordering="programme_name")
    def programme_short(self, obj: Response) -> str:
        if obj.journey != Response.Journey.PROGRAMME:
            return JOURNEY_SHORT.get(obj.journey, obj.journey)
        name = obj.programme_name or "—"
        return name if len(name) <= 60 else name[:59] + "…"

    @admin.display(description=_("bilan global"), ordering="band")
    def band_display(self, obj: Response) -> str:
        if not obj.band:
            # A draft says so here: the state column is gone from the list.
            return _g("Brouillon") if obj.status == Response.Status.DRAFT else "—"
        return format_html('<span class="band band-{}">{}</span>', obj.band, obj.get_band_display())

    @admin.display(description=_("pseudonyme"), ordering="pseudonym")
    def pseudonym_display(self, obj: Response) -> str:
        return obj.pseudonym or _g("Anonyme")

    # Most points first on the first click, responses without a count (drafts, discoveries)
    # after them, on SQLite and PostgreSQL alike (which order NULLs differently by default).
    @admin.display(
        description=_("points à renforcer"), ordering=F("points_count").desc(nulls_last=True)
    )
    def points_display(self, obj: Response) -> str:
        return "—" if obj.points_count is None else str(obj.points_count)

    @admin.display(description=_("essais"))
    def attempt_count_display(self, obj: Response) -> str:
        count = getattr(obj, "attempt_count", None)
        return "—" if count is None else str(count)

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
