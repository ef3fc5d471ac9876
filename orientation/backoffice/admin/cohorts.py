"""Cohorts in the back office: codes to dictate, counsellors and co-counsellors, school years
and archiving, deletion of empty cohorts, dashboard, interview sheets and export links."""

from __future__ import annotations

import re
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from orientation.backoffice import cohort_rules, cohort_views
from orientation.backoffice.admin.common import BACKOFFICE_CSS
from orientation.config.admin_tools import (
    DeclaredLookupsOnlyMixin,
    FoldedSearchMixin,
    HiddenObjectsMixin,
    WideChangeListMixin,
)
from orientation.models import Cohort, Response, spaced_code, unique_cohort_code
from orientation.models.journey import current_school_year

SCHOOL_YEAR = re.compile(r"^[0-9]{4}-[0-9]{4}$")
# School years offered by the list's filter: the most recent ones a user's cohorts have.
MAX_SCHOOL_YEARS = 12


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "school_year", "is_open", "counsellors"]
        widgets = {"counsellors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the current school year (the model's default) rather than an error.
        self.fields["school_year"].required = False

    def clean_school_year(self):
        return self.cleaned_data["school_year"] or current_school_year()


class CounsellorCohortForm(CohortForm):
    """The form a counsellor (not a superuser) gets: they tick colleagues among the
    counsellor accounts (`cohort_rules.colleague_choices`) and always keep the cohort
    themselves, so their own account is neither offered nor removable. `user` is set per
    request by `CohortAdmin.get_form`."""

    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["counsellors"]
        field.queryset = cohort_rules.colleague_choices(
            user=self.user, cohort=self.instance if self.instance.pk else None
        )
        field.label = _("Collègues qui suivent aussi la cohorte")
        field.help_text = _(
            "Cochez un collègue (professeur principal, CPE…) pour qu'il voie les réponses de "
            "cette cohorte ; décochez-le pour lui retirer l'accès. Seuls les comptes du rôle "
            "« Conseil en orientation » sont proposés ; vous gardez toujours la cohorte."
        )
        field.label_from_instance = cohort_rules.colleague_label
        # Initial value without the counsellor: an untouched form is not a change.
        initial = self.initial.get("counsellors") or []
        self.initial["counsellors"] = [
            u for u in initial if getattr(u, "pk", u) != getattr(self.user, "pk", None)
        ]

    def clean_counsellors(self):
        return cohort_rules.with_self(user=self.user, chosen=self.cleaned_data["counsellors"])


class CohortStateFilter(admin.SimpleListFilter):
    """Current cohorts by default; the archived ones, or all, on demand."""

    title = _("archivage")
    parameter_name = "etat"
    ARCHIVED, ALL = "archivees", "toutes"

    def lookups(self, request, model_admin):
        return [(self.ARCHIVED, _("Archivées")), (self.ALL, _("Toutes"))]

    def choices(self, changelist):
        # The first choice, Django's « Tout », means « current » here: the list a counsellor
        # opens every day hides last years' classes.
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("En cours (non archivées)"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset.current()
        if value == self.ARCHIVED:
            return queryset.archived()
        if value == self.ALL:
            return queryset
        return queryset.none()


class SchoolYearFilter(admin.SimpleListFilter):
    title = _("année scolaire")
    parameter_name = "annee"

    def lookups(self, request, model_admin):
        years = (
            Cohort.objects.for_counsellor(request.user)
            .order_by("-school_year")
            .values_list("school_year", flat=True)
            .distinct()[:MAX_SCHOOL_YEARS]
        )
        return [(year, year) for year in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not SCHOOL_YEAR.match(value):
            return queryset.none()
        return queryset.filter(school_year=value)


def _response_count(**filters) -> Coalesce:
    counted = (
        Response.objects.filter(cohort=OuterRef("pk"), **filters)
        .order_by()
        .values("cohort")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


@admin.register(Cohort)
class CohortAdmin(
    WideChangeListMixin,
    FoldedSearchMixin,
    DeclaredLookupsOnlyMixin,
    HiddenObjectsMixin,
    admin.ModelAdmin,
):
    form = CohortForm
    change_form_template = "admin/orientation/cohort/change_form.html"
    # Short columns: at 1280 px, beside the filters, the row must fit.
    list_display = [
        "name",
        "school_year_display",
        "code_display",
        "is_open",
        "archived_display",
        "responses_display",
        "counsellor_list",
        "dashboard_link",
    ]
    list_filter = [CohortStateFilter, SchoolYearFilter, "is_open"]
    search_fields = ["name", "code"]
    actions = [
        "close_cohorts",
        "reopen_cohorts",
        "regenerate_codes",
        "archive_cohorts",
        "unarchive_cohorts",
        "delete_selected",
    ]
    readonly_fields = [
        "code_big",
        "counsellor_list",
        "archive_state",
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
            # Subqueries, not a join grouped over every response: each counts one cohort's
            # rows through the cohort index, whatever the size of the table.
            .annotate(
                response_count=_response_count(),
                completed_count=_response_count(status=Response.Status.COMPLETED),
            )
            .prefetch_related("counsellors")
        )

    def get_fieldsets(self, request, obj=None):
        # A superuser chooses among all staff accounts; a counsellor adds colleagues of the
        # counsellor role (CounsellorCohortForm) and always keeps the cohort, its creator
        # following it automatically.
        general = ["name", "school_year", "code_big", "is_open"]
        if obj is not None:
            general.append("archive_state")
        fieldsets = [
            (None, {"fields": general}),
            (
                _("Conseillers"),
                {
                    "fields": ["counsellors"],
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

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = type(
                "CounsellorCohortForm", (CounsellorCohortForm,), {"user": request.user}
            )
        return super().get_form(request, obj, change, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "counsellors":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(is_staff=True, is_active=True)
                .order_by("last_name", "first_name", "username")
            )
            field = super().formfield_for_manytomany(db_field, request, **kwargs)
            field.label_from_instance = cohort_rules.colleague_label
            return field
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        if not request.user.has_perm("orientation.view_cohort_dashboard"):
            columns.remove("dashboard_link")
        if request.GET.get(CohortStateFilter.parameter_name) is None:
            columns.remove("archived_display")  # current cohorts only: an empty column
        return columns

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None:
            return True
        return cohort_rules.refusal_to_delete(user=request.user, cohort=obj) is None

    def delete_view(self, request, object_id, extra_context=None):
        """A counsellor asking to delete a cohort they may not (it holds responses) is told
        why, and what to do instead, rather than shown a bare « 403 »."""
        if not self.has_delete_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        reason = obj and cohort_rules.refusal_to_delete(user=request.user, cohort=obj)
        if reason:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _g("Suppression impossible"),
                "object": obj,
                "reason": reason,
                "can_change": self.has_change_permission(request, obj),
            }
            return TemplateResponse(
                request, "admin/orientation/cohort/delete_refused.html", context, status=403
            )
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        # Checked again as the deletion happens (delete_view runs in a transaction): a student
        # may have joined since the confirmation page was shown.
        if cohort_rules.refusal_to_delete(user=request.user, cohort=_uncounted(obj)):
            raise PermissionDenied
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for cohort in queryset:
            if cohort_rules.refusal_to_delete(user=request.user, cohort=_uncounted(cohort)):
                raise PermissionDenied
        super().delete_queryset(request, queryset)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and super().has_delete_permission(request, obj):
            # Why the « Supprimer » button is missing, said before anyone looks for it.
            extra_context["delete_refusal"] = cohort_rules.refusal_to_delete(
                user=request.user, cohort=obj
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if not change and Cohort.objects.filter(code=obj.code).exists():
            obj.code = unique_cohort_code()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        cohort = form.instance
        # A counsellor's form already keeps them (CounsellorCohortForm.clean_counsellors);
        # a superuser creating a cohort for nobody in particular follows it.
        if not change and (not request.user.is_superuser or not cohort.counsellors.exists()):
            cohort.counsellors.add(request.user)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/tableau-de-bord/",
                view(partial(cohort_views.cohort_dashboard, model_admin=self)),
                name="orientation_cohort_dashboard",
            ),
            path(
                "<int:pk>/fiches/",
                view(partial(cohort_views.cohort_sheets, model_admin=self)),
                name="orientation_cohort_sheets",
            ),
            path(
                "<int:pk>/export.csv",
                view(partial(cohort_views.cohort_export, model_admin=self)),
                name="orientation_cohort_export",
            ),
            path(
                "<int:pk>/export.xlsx",
                view(partial(cohort_views.cohort_export_xlsx, model_admin=self)),
                name="orientation_cohort_export_xlsx",
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

    @admin.display(description=_("archivée le"), ordering="archived_at")
    def archived_display(self, obj: Cohort) -> str:
        if obj.archived_at is None:
            return "—"
        return date_format(obj.archived_at, "SHORT_DATE_FORMAT")

    @admin.display(description=_("archivage"))
    def archive_state(self, obj: Cohort) -> str:
        if obj.archived_at is None:
            return _g("En cours. Action « Archiver » dans la liste en fin d'année.")
        return _g(
            "Archivée le %(date)s : elle n'accepte plus de nouvelles réponses ; ses réponses "
            "restent consultables jusqu'à leur purge. Action « Désarchiver » dans la liste "
            "(filtre « Archivées ») pour la remettre en cours."
        ) % {"date": date_format(obj.archived_at, "DATE_FORMAT")}

    @admin.display(description=_("année"), ordering="school_year")
    def school_year_display(self, obj: Cohort) -> str:
        return obj.school_year

    @admin.display(description=_("réponses"), ordering="response_count")
    def responses_display(self, obj: Cohort) -> str:
        return ngettext(
            "%(total)d (%(completed)d terminée)",
            "%(total)d (%(completed)d terminées)",
            obj.completed_count,
        ) % {"total": obj.response_count, "completed": obj.completed_count}

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
    @transaction.atomic
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

    @admin.action(description=_("Archiver les cohortes sélectionnées"), permissions=["change"])
    @transaction.atomic
    def archive_cohorts(self, request, queryset):
        archived = cohort_rules.archive(cohorts=queryset)
        for cohort in archived:
            self.log_change(request, cohort, _g("Cohorte archivée."))
        text = ngettext(
            "%(count)d cohorte archivée : elle n'accepte plus de nouvelles réponses et ses "
            "réponses restent consultables jusqu'à leur purge (filtre « Archivées »).",
            "%(count)d cohortes archivées : elles n'acceptent plus de nouvelles réponses et "
            "leurs réponses restent consultables jusqu'à leur purge (filtre « Archivées »).",
            len(archived),
        )
        self.message_user(request, text % {"count": len(archived)}, messages.SUCCESS)

    @admin.action(description=_("Désarchiver les cohortes sélectionnées"), permissions=["change"])
    @transaction.atomic
    def unarchive_cohorts(self, request, queryset):
        restored = cohort_rules.unarchive(cohorts=queryset)
        for cohort in restored:
            self.log_change(request, cohort, _g("Cohorte désarchivée."))
        text = ngettext(
            "%(count)d cohorte remise en cours.",
            "%(count)d cohortes remises en cours.",
            len(restored),
        )
        self.message_user(request, text % {"count": len(restored)}, messages.SUCCESS)

    @admin.action(description=_("Supprimer les cohortes sélectionnées"), permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Django's deletion (confirmation page, one admin log line per cohort) once every
        cohort selected may be deleted by this user; otherwise nothing is deleted and the
        reason is given for each refused cohort."""
        refusals = [
            reason
            for cohort in queryset
            if (reason := cohort_rules.refusal_to_delete(user=request.user, cohort=cohort))
        ]
        if refusals:
            self.message_user(
                request,
                _g("Aucune cohorte supprimée. %(reasons)s") % {"reasons": " ".join(refusals)},
                messages.ERROR,
            )
            return None
        with transaction.atomic():
            return django_delete_selected(self, request, queryset)


def _uncounted(cohort: Cohort) -> Cohort:
    """The cohort without its list annotation, so that its responses are counted now."""
    cohort.__dict__.pop("response_count", None)
    return cohort
