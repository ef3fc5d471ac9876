"""Cohorts in the back office: codes to dictate, counsellors, dashboard and export links."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from orientation.backoffice import views
from orientation.backoffice.admin.common import BACKOFFICE_CSS
from orientation.config.admin_tools import DeclaredLookupsOnlyMixin, HiddenObjectsMixin
from orientation.models import Cohort, Response, spaced_code, unique_cohort_code


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "is_open", "counsellors"]
        widgets = {"counsellors": forms.CheckboxSelectMultiple}


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
            # Subqueries, not a join grouped over every response: each counts one cohort's
            # rows through the cohort index, whatever the size of the table.
            .annotate(
                response_count=_response_count(),
                completed_count=_response_count(status=Response.Status.COMPLETED),
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
                view(partial(views.cohort_dashboard, model_admin=self)),
                name="orientation_cohort_dashboard",
            ),
            path(
                "<int:pk>/export.csv",
                view(partial(views.cohort_export, model_admin=self)),
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
