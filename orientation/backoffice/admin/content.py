"""Questionnaire content in the back office: dimensions and items, with their history and
the questionnaire previews (editors, « Rédaction »)."""

from __future__ import annotations

from functools import partial

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import path
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from orientation.backoffice import views
from orientation.config.admin_tools import ContentHistoryAdmin, record_baseline
from orientation.models import Dimension, Item

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
            return queryset.edited()
        if self.value() == "non":
            return queryset.unedited()
        return queryset


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
                view(partial(views.questionnaire_preview, model_admin=self)),
                name="orientation_item_preview_programme",
            ),
            path(
                "apercu/decouverte/",
                view(partial(views.questionnaire_preview, model_admin=self, programme_id=None)),
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
        items = list(queryset.edited().exclude(generated_dimension__isnull=True))
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
