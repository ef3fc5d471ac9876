"""Back office: questionnaire content (with its history), cohorts, responses, dashboards, export.

Who sees what (see `orientation.roles`):

- counsellors (« Conseil en orientation ») see the cohorts they follow and only the responses
  of those cohorts: every queryset goes through `Cohort.objects.for_counsellor` or
  `Response.objects.visible_to`, and an object outside it answers 404, never a redirect;
- editors (« Rédaction ») edit items and dimensions, with a history of every change, and
  preview a questionnaire as a student sees it;
- nobody edits a student's answers or result: the response page is read-only.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from orientation import dashboard, export
from orientation.journey_models import (
    Cohort,
    CounsellorNote,
    Response,
    new_cohort_code,
)
from orientation.models import Dimension, Item
from orientation.presentation import chart_geometry, grouped_attendus
from orientation.questionnaire import discovery_questionnaire, programme_questionnaire
from orientation.scoring import ANSWER_OPTIONS, answer_label
from programmes.bac_tracks import BAC_TRACKS
from programmes.models import Programme

BACKOFFICE_CSS = ["css/bands.css", "orientation/backoffice.css"]
BAC_LABELS = {code: label for code, label, _family in BAC_TRACKS}
JOURNEY_SHORT = {
    Response.Journey.PROGRAMME: _("Une formation"),
    Response.Journey.DISCOVERY: _("Découverte"),
}
# Rows of a discovery ranking shown on a response page (the student sees them all).
RANKING_ROWS = 10

_EDITED = (
    ~Q(statement=F("generated_statement"))
    | ~Q(example=F("generated_example"))
    | Q(generated_dimension__isnull=True)
    | ~Q(dimension=F("generated_dimension"))
)


class DeclaredLookupsOnlyMixin:
    """A list accepts the lookups its own filters and date navigation send, and no other.

    Django's default accepts any lookup on the model's own fields, so `?token__lt=…` on the
    responses list answered « some rows » or « none »: a binary-search oracle that recovered a
    student's private token in 259 requests. Anything else now answers 400 (Django's
    DisallowedModelAdminLookup)."""

    # What Django's field filters put in the URL (exact value, empty, related id, date range).
    FIELD_FILTER_LOOKUPS = ("exact", "isnull", "id__exact", "gte", "lt")
    DATE_HIERARCHY_LOOKUPS = ("year", "month", "day")

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        return lookup in self.declared_lookups(request)

    def declared_lookups(self, request) -> set[str]:
        allowed: set[str] = set()
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
                allowed.add(item.parameter_name)
                continue
            name = item[0] if isinstance(item, list | tuple) else item
            allowed.update(f"{name}__{suffix}" for suffix in self.FIELD_FILTER_LOOKUPS)
        if self.date_hierarchy:
            allowed.update(f"{self.date_hierarchy}__{part}" for part in self.DATE_HIERARCHY_LOOKUPS)
        return allowed


class HiddenObjectsMixin:
    """An object outside `get_queryset()` (another counsellor's cohort…) answers 404 on its
    change, history and delete pages, instead of Django's redirect to the admin index."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404(_g("Cette page n'existe pas ou ne vous est pas accessible."))

    # Refuse a role without the permission before looking the object up (403, not 404).

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if not self.has_delete_permission(request):
            raise PermissionDenied
        return super().delete_view(request, object_id, extra_context)


# --- Content history ---------------------------------------------------------------------------


def record_baseline(model, pks) -> None:
    """Give objects that have no history yet (created before history began, or in bulk) a
    record of their current state, so that their first tracked edit shows a before/after."""
    pks = list(pks)
    have = set(model.history.filter(id__in=pks).values_list("id", flat=True))
    missing = [pk for pk in pks if pk not in have]
    if missing:
        objects = list(model.objects.filter(pk__in=missing))
        for obj in objects:
            obj._history_user = None  # nobody known: not the user about to edit it
        model.history.bulk_history_create(
            objects, default_change_reason=_g("État avant la première modification suivie")
        )


class ContentHistoryAdmin(SimpleHistoryAdmin):
    """Editable content with its change history (who, when, before → after) on the
    « Historique » page. Used by the programme and attendu admins too."""

    object_history_template = "admin/orientation/history.html"
    object_history_list_template = "admin/orientation/history_list.html"

    def save_model(self, request, obj, form, change):
        if change:
            record_baseline(type(obj), [obj.pk])
        super().save_model(request, obj, form, change)


# --- Questionnaire content ---------------------------------------------------------------------


@admin.register(Dimension)
class DimensionAdmin(ContentHistoryAdmin):
    list_display = ["name", "slug", "position", "item_count"]
    list_editable = ["position"]
    search_fields = ["name", "slug", "description", "advice"]
    fields = ["name", "slug", "description", "advice", "position"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                item_count=Count("items", filter=Q(items__is_active=True, items__obsolete=False))
            )
        )

    def get_readonly_fields(self, request, obj=None):
        # The generator refers to dimensions by slug: it must not change once created.
        return ["slug"] if obj else []

    @admin.display(description=_("items du questionnaire"), ordering="item_count")
    def item_count(self, obj: Dimension) -> int:
        return obj.item_count


class EditedFilter(admin.SimpleListFilter):
    title = _("modifié par la rédaction")
    parameter_name = "modifie"

    def lookups(self, request, model_admin):
        return [("oui", _("Oui")), ("non", _("Non"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(_EDITED)
        if self.value() == "non":
            return queryset.exclude(_EDITED)
        return queryset


def can_preview(user) -> bool:
    return user.has_perm("orientation.view_item") or user.has_perm("programmes.view_programme")


@admin.register(Item)
class ItemAdmin(ContentHistoryAdmin):
    change_list_template = "admin/orientation/item/change_list.html"
    list_display = [
        "statement",
        "dimension",
        "kind",
        "attendu_text",
        "position",
        "edited",
        "is_active",
        "obsolete",
    ]
    list_filter = ["dimension", "kind", EditedFilter, "is_active", "obsolete"]
    list_select_related = ["dimension", "attendu"]
    search_fields = ["statement", "example", "attendu__text"]
    ordering = ["dimension__position", "attendu__text", "position"]
    raw_id_fields = ["attendu"]
    readonly_fields = [
        "edited",
        "generated_statement",
        "generated_example",
        "generated_dimension",
        "generation_rule",
        "obsolete",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["attendu", "position", "statement", "example", "dimension", "kind"]}),
        (_("Publication"), {"fields": ["is_active", "obsolete"]}),
        (
            _("Dernière génération"),
            {
                "fields": [
                    "edited",
                    "generated_statement",
                    "generated_example",
                    "generated_dimension",
                    "generation_rule",
                    "created_at",
                    "updated_at",
                ],
                "description": _(
                    "Ce que le générateur a produit. Un champ modifié ici n'est plus écrasé par "
                    "la régénération ; l'action « Revenir au texte généré » annule la "
                    "modification."
                ),
            },
        ),
    ]
    actions = ["restore_generated"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "apercu/formation/<int:programme_id>/",
                view(self.preview_programme),
                name="orientation_item_preview_programme",
            ),
            path(
                "apercu/decouverte/",
                view(self.preview_discovery),
                name="orientation_item_preview_discovery",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("attendu"), ordering="attendu__text")
    def attendu_text(self, obj: Item) -> str:
        text = obj.attendu.text
        return text if len(text) <= 90 else text[:89] + "…"

    @admin.display(boolean=True, description=_("modifié par la rédaction"))
    def edited(self, obj: Item) -> bool:
        return obj.is_edited

    @admin.action(description=_("Revenir au texte généré"), permissions=["change"])
    def restore_generated(self, request, queryset):
        items = list(queryset.filter(_EDITED).exclude(generated_dimension__isnull=True))
        record_baseline(Item, [item.pk for item in items])
        for item in items:
            item.statement = item.generated_statement
            item.example = item.generated_example
            item.dimension_id = item.generated_dimension_id
            item._history_user = request.user
            item._change_reason = _g("Retour au texte généré")
            item.save(update_fields=["statement", "example", "dimension", "updated_at"])
        count = len(items)
        self.message_user(
            request,
            ngettext(
                "%(count)d item est revenu au texte généré.",
                "%(count)d items sont revenus au texte généré.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    # Previews: the questionnaire exactly as a student gets it, read-only, nothing saved.

    def _preview(self, request, *, steps, title, subtitle, programme=None) -> TemplateResponse:
        if not can_preview(request.user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "subtitle": subtitle,
            "programme": programme,
            "steps": steps,
            "question_count": sum(len(s["questions"]) for s in steps),
            "answer_options": ANSWER_OPTIONS,
            "can_change_items": request.user.has_perm("orientation.change_item"),
            "can_change_programme": request.user.has_perm("programmes.change_programme"),
        }
        return TemplateResponse(request, "admin/orientation/preview.html", context)

    def preview_programme(self, request: HttpRequest, programme_id: int) -> TemplateResponse:
        if not can_preview(request.user):
            raise PermissionDenied
        programme = get_object_or_404(Programme, pk=programme_id)
        return self._preview(
            request,
            steps=programme_questionnaire(programme=programme),
            title=_g("Aperçu du questionnaire : %(name)s") % {"name": programme.name},
            subtitle=_g("Suis-je fait pour ce BTS ?"),
            programme=programme,
        )

    def preview_discovery(self, request: HttpRequest) -> TemplateResponse:
        if not can_preview(request.user):
            raise PermissionDenied
        return self._preview(
            request,
            steps=discovery_questionnaire(),
            title=_g("Aperçu du questionnaire « Quels BTS me correspondent ? »"),
            subtitle=_g("Quels BTS me correspondent ?"),
        )


# --- Cohorts -----------------------------------------------------------------------------------


def unique_cohort_code(*, exclude: int | None = None) -> str:
    """A fresh code no other cohort uses."""
    while True:
        code = new_cohort_code()
        if not Cohort.objects.filter(code=code).exclude(pk=exclude).exists():
            return code


def spaced_code(code: str) -> str:
    """ "ACDEFG" → "ACD EFG": read out in two groups of three."""
    half = (len(code) + 1) // 2
    return f"{code[:half]} {code[half:]}"


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "is_open", "counsellors"]
        widgets = {"counsellors": forms.CheckboxSelectMultiple}


@admin.register(Cohort)
class CohortAdmin(DeclaredLookupsOnlyMixin, HiddenObjectsMixin, admin.ModelAdmin):
    form = CohortForm
    change_form_template = "admin/orientation/cohort/change_form.html"
    list_display = [
        "name",
        "code_display",
        "is_open",
        "response_count",
        "completed_count",
        "counsellor_list",
        "dashboard_link",
    ]
    list_filter = ["is_open"]
    search_fields = ["name", "code"]
    actions = ["close_cohorts", "reopen_cohorts", "regenerate_codes"]
    readonly_fields = [
        "code_big",
        "counsellor_list",
        "response_summary",
        "dashboard_link",
        "created_at",
    ]

    class Media:
        css = {"all": BACKOFFICE_CSS}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .for_counsellor(request.user)
            .annotate(
                response_count=Count("responses", distinct=True),
                completed_count=Count(
                    "responses",
                    filter=Q(responses__status=Response.Status.COMPLETED),
                    distinct=True,
                ),
            )
            .prefetch_related("counsellors")
        )

    def get_fieldsets(self, request, obj=None):
        # Only superusers choose who follows a cohort; its creator follows it automatically.
        counsellors = "counsellors" if request.user.is_superuser else "counsellor_list"
        fieldsets = [
            (None, {"fields": ["name", "code_big", "is_open"]}),
            (
                _("Conseillers"),
                {
                    "fields": [counsellors],
                    "description": _(
                        "Les conseillers voient les réponses des élèves qui ont saisi le code de "
                        "la cohorte."
                    ),
                },
            ),
        ]
        if obj is not None:
            fieldsets.append(
                (_("Réponses"), {"fields": ["response_summary", "dashboard_link", "created_at"]})
            )
        return fieldsets

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "counsellors":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_staff=True, is_active=True)
                .order_by("last_name", "first_name", "username")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if not request.user.has_perm("orientation.view_cohort_dashboard"):
            columns.remove("dashboard_link")
        return columns

    def save_model(self, request, obj, form, change):
        if not change and Cohort.objects.filter(code=obj.code).exists():
            obj.code = unique_cohort_code()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        cohort = form.instance
        if not change and (not request.user.is_superuser or not cohort.counsellors.exists()):
            cohort.counsellors.add(request.user)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/tableau-de-bord/",
                view(self.dashboard_view),
                name="orientation_cohort_dashboard",
            ),
            path(
                "<int:pk>/export.csv",
                view(self.export_view),
                name="orientation_cohort_export",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("code"), ordering="code")
    def code_display(self, obj: Cohort) -> str:
        return format_html('<span class="cohort-code-small">{}</span>', spaced_code(obj.code))

    @admin.display(description=_("code d'accès à dicter"))
    def code_big(self, obj: Cohort | None) -> str:
        if obj is None or obj.pk is None:
            return _g("Attribué à l'enregistrement.")
        return format_html(
            '<span class="cohort-code" aria-label="{}">{}</span>'
            '<span class="cohort-code-help">{}</span>',
            " ".join(obj.code),
            spaced_code(obj.code),
            _g(
                "Les élèves le saisissent sur la page de départ du questionnaire, avec ou sans "
                "espace. Pour le changer : action « Régénérer le code » dans la liste."
            ),
        )

    @admin.display(description=_("réponses"), ordering="response_count")
    def response_count(self, obj: Cohort) -> int:
        return obj.response_count

    @admin.display(description=_("terminées"), ordering="completed_count")
    def completed_count(self, obj: Cohort) -> int:
        return obj.completed_count

    @admin.display(description=_("conseillers"))
    def counsellor_list(self, obj: Cohort) -> str:
        if obj.pk is None:
            return "—"
        names = sorted(u.get_full_name() or u.get_username() for u in obj.counsellors.all())
        return ", ".join(names) or "—"

    @admin.display(description=_("réponses"))
    def response_summary(self, obj: Cohort) -> str:
        url = reverse("admin:orientation_response_changelist") + f"?cohorte={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>',
            url,
            ngettext(
                "%(total)d réponse (%(completed)d terminée)",
                "%(total)d réponses (%(completed)d terminées)",
                obj.response_count,
            )
            % {"total": obj.response_count, "completed": obj.completed_count},
        )

    @admin.display(description=_("tableau de bord"))
    def dashboard_link(self, obj: Cohort) -> str:
        url = reverse("admin:orientation_cohort_dashboard", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _g("Tableau de bord"))

    def _set_open(self, request, queryset, is_open: bool) -> None:
        count = Cohort.objects.filter(pk__in=queryset.values("pk")).update(is_open=is_open)
        if is_open:
            text = ngettext(
                "%(count)d cohorte rouverte : son code est de nouveau accepté.",
                "%(count)d cohortes rouvertes : leurs codes sont de nouveau acceptés.",
                count,
            )
        else:
            text = ngettext(
                "%(count)d cohorte fermée : son code n'accepte plus de nouvelles réponses.",
                "%(count)d cohortes fermées : leurs codes n'acceptent plus de nouvelles réponses.",
                count,
            )
        self.message_user(request, text % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Fermer les cohortes sélectionnées"), permissions=["change"])
    def close_cohorts(self, request, queryset):
        self._set_open(request, queryset, False)

    @admin.action(description=_("Rouvrir les cohortes sélectionnées"), permissions=["change"])
    def reopen_cohorts(self, request, queryset):
        self._set_open(request, queryset, True)

    @admin.action(description=_("Régénérer le code"), permissions=["change"])
    def regenerate_codes(self, request, queryset):
        for cohort in Cohort.objects.filter(pk__in=queryset.values("pk")):
            cohort.code = unique_cohort_code(exclude=cohort.pk)
            cohort.save(update_fields=["code"])
            self.log_change(request, cohort, _g("Code régénéré."))
            self.message_user(
                request,
                _g(
                    "Nouveau code de « %(name)s » : %(code)s. L'ancien code n'est plus accepté ; "
                    "les réponses déjà commencées restent dans la cohorte."
                )
                % {"name": cohort.name, "code": spaced_code(cohort.code)},
                messages.SUCCESS,
            )

    def _visible_cohort(self, request, pk: int, perm: str) -> Cohort:
        if not request.user.has_perm(perm):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def dashboard_view(self, request: HttpRequest, pk: int) -> TemplateResponse:
        """Cohort dashboard, in a constant number of queries: the cohort with its counts, its
        completed responses, the dimension order."""
        cohort = self._visible_cohort(request, pk, "orientation.view_cohort_dashboard")
        rows = list(
            Response.objects.visible_to(request.user)
            .filter(cohort=cohort, status=Response.Status.COMPLETED)
            .only("pk", "journey", "programme_name", "pseudonym", "result", "completed_at")
            .order_by("completed_at", "pk")
        )
        summary = dashboard.summarise_cohort(
            rows,
            drafts=cohort.response_count - cohort.completed_count,
            dimension_order=dict(Dimension.objects.values_list("slug", "position")),
        )
        programmes = [
            {
                "block": block,
                "chart": dashboard.stacked_chart(block.attendus),
                "chart_id": f"chart-programme-{index}",
            }
            for index, block in enumerate(summary.programmes, start=1)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _g("Tableau de bord : %(name)s") % {"name": cohort.name},
            "cohort": cohort,
            "code": spaced_code(cohort.code),
            "summary": summary,
            "dimension_chart": dashboard.stacked_chart(summary.dimensions),
            "programmes": programmes,
            "bands": dashboard.Distribution("", "").cells,
            "can_export": request.user.has_perm("orientation.export_response"),
            "responses_url": reverse("admin:orientation_response_changelist")
            + f"?cohorte={cohort.pk}",
        }
        return TemplateResponse(request, "admin/orientation/cohort/dashboard.html", context)

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        cohort = self._visible_cohort(request, pk, "orientation.export_response")
        responses = (
            Response.objects.visible_to(request.user)
            .filter(cohort=cohort)
            .select_related("cohort")
            .defer("questions", "answers")
            .order_by("created_at", "pk")
        )
        return export.csv_response(
            responses.iterator(chunk_size=500),
            filename=export.export_filename(f"cap-bts-cohorte-{cohort.code.lower()}"),
        )


# --- Responses ---------------------------------------------------------------------------------


class CohortFilter(admin.SimpleListFilter):
    """Only the cohorts the user follows."""

    title = _("cohorte")
    parameter_name = "cohorte"

    def lookups(self, request, model_admin):
        return list(Cohort.objects.for_counsellor(request.user).values_list("pk", "name"))

    def queryset(self, request, queryset):
        if self.value():
            if not self.value().isdigit():
                return queryset.none()
            return queryset.filter(cohort_id=self.value())
        return queryset


class ProgrammeFilter(admin.SimpleListFilter):
    """Only the programmes tested in the responses the user may see."""

    title = _("formation testée")
    parameter_name = "formation"

    def lookups(self, request, model_admin):
        rows = (
            model_admin.get_queryset(request)
            .exclude(programme=None)
            .order_by()
            .values_list("programme_id", "programme_name")
            .distinct()
        )
        names = dict(rows)
        return sorted(names.items(), key=lambda kv: kv[1].casefold())

    def queryset(self, request, queryset):
        if self.value():
            if not self.value().isdigit():
                return queryset.none()
            return queryset.filter(programme_id=self.value())
        return queryset


class NoteForm(forms.ModelForm):
    class Meta:
        model = CounsellorNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "cols": 80})}
        labels = {"text": _("Nouvelle note")}


def _answered_steps(response: Response) -> list[dict]:
    """Every question of the snapshot with the answer given (or none), step by step."""
    return [
        {
            "title": step["title"],
            "questions": [
                {
                    **q,
                    "label": answer_label(response.answers.get(q["key"], "")) or _g("Sans réponse"),
                }
                for q in step["questions"]
            ],
        }
        for step in response.questions
    ]


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
    list_filter = [CohortFilter, ProgrammeFilter, "journey", "band", "status"]
    date_hierarchy = "created_at"
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
            .defer("questions", "answers", "result")
            .annotate(note_count=Count("notes", distinct=True))
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
        responses = (
            queryset.defer(None)
            .defer("questions", "answers")
            .select_related("cohort")
            .order_by("created_at", "pk")
        )
        return export.csv_response(
            responses.iterator(chunk_size=500), filename=export.export_filename()
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Read-only page of one response: what the student answered and saw, and the notes."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        object_id = unquote(object_id)
        if not object_id.isdigit():
            raise Http404
        response = (
            Response.objects.visible_to(request.user)
            .select_related("cohort")
            .filter(pk=object_id)
            .first()
        )
        if response is None:
            self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        can_add_note = request.user.has_perm("orientation.add_counsellornote")
        form = NoteForm(request.POST or None)
        if request.method == "POST":
            if not can_add_note:
                raise PermissionDenied
            if not form.is_valid():
                form.fields["text"].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": "note-errors"}
                )
            else:
                note = form.save(commit=False)
                note.response = response
                note.author = request.user
                note.save()
                self.log_change(request, response, _g("Note de conseil ajoutée."))
                self.message_user(request, _g("Note enregistrée."), messages.SUCCESS)
                return redirect(request.path)
        result = response.result or {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": response.title,
            "original": response,
            "response": response,
            "result": result,
            "bac_label": BAC_LABELS.get(response.bac_track, response.bac_track),
            "groups": grouped_attendus(result=result),
            "suggestions": result.get("suggestions", []),
            "ranking": dashboard.first_suggestions(result, limit=RANKING_ROWS),
            "ranking_total": sum(1 for e in result.get("ranking", ()) if e.get("open_to_bac")),
            "steps": _answered_steps(response),
            # The student's own chart geometry, for the student's chart partial.
            "chart": chart_geometry(dimensions=result.get("dimensions", [])),
            "notes": response.notes.select_related("author"),
            "note_form": form if can_add_note else None,
            "can_view_notes": request.user.has_perm("orientation.view_counsellornote"),
            "has_view_permission": True,
        }
        return TemplateResponse(
            request,
            "admin/orientation/response/detail.html",
            context,
            status=400 if form.errors else 200,
        )


# --- Staff accounts ----------------------------------------------------------------------------


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class StaffUserAdmin(DeclaredLookupsOnlyMixin, UserAdmin):
    """Django's user admin, without filters on the password hash (or any undeclared field)."""
