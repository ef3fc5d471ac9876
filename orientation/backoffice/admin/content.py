"""Questionnaire content in the back office: dimensions and items, with their history and
the questionnaire previews (editors, « Rédaction »)."""

from __future__ import annotations

from functools import partial

from django.contrib import admin, messages
from django.db.models import Count, Prefetch, Q
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from orientation.backoffice import views
from orientation.config.admin_tools import (
    ContentHistoryAdmin,
    FoldedSearchMixin,
    record_baseline,
)
from orientation.itemgen.standard import format_defects
from orientation.models import (
    QUEUE_STATUSES,
    AttenduItem,
    Dimension,
    InterestArea,
    Item,
    ProgrammeInterest,
    ReviewStatus,
)
from programmes.models import ProgrammeAttendu

# --- Questionnaire content ---------------------------------------------------------------------


@admin.register(Dimension)
class DimensionAdmin(FoldedSearchMixin, ContentHistoryAdmin):
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


class AttenduItemInline(admin.TabularInline):
    """The attendus an item is asked for, with each link's review status."""

    model = AttenduItem
    extra = 0
    fields = ["attendu", "position", "status", "rule", "review_note"]
    readonly_fields = ["rule", "review_note"]
    raw_id_fields = ["attendu"]
    verbose_name = _("attendu qui pose cet item")
    verbose_name_plural = _("attendus qui posent cet item")


@admin.register(Item)
class ItemAdmin(FoldedSearchMixin, ContentHistoryAdmin):
    change_list_template = "admin/orientation/item/change_list.html"
    list_display = [
        "statement",
        "dimension",
        "kind",
        "attendu_count",
        "edited",
        "is_active",
        "obsolete",
    ]
    list_filter = ["dimension", "kind", EditedFilter, "is_active", "obsolete"]
    list_select_related = ["dimension"]
    search_fields = ["statement", "example", "attendus__text", "bank_key"]
    ordering = ["dimension__position", "statement"]
    readonly_fields = [
        "standard",
        "edited",
        "bank_key",
        "generated_statement",
        "generated_example",
        "generated_dimension",
        "generation_rule",
        "obsolete",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["statement", "example", "dimension", "kind", "standard"]}),
        (_("Publication"), {"fields": ["is_active", "obsolete"]}),
        (
            _("Source"),
            {
                "fields": [
                    "edited",
                    "bank_key",
                    "generated_statement",
                    "generated_example",
                    "generated_dimension",
                    "generation_rule",
                    "created_at",
                    "updated_at",
                ],
                "description": _(
                    "Ce que la banque d'items ou les règles générales ont produit. Un champ "
                    "modifié ici n'est plus écrasé par la régénération ; l'action « Revenir au "
                    "texte généré » annule la modification."
                ),
            },
        ),
    ]
    inlines = [AttenduItemInline]
    actions = ["restore_generated"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(attendu_total=Count("attendu_links"))

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

    @admin.display(description=_("attendus"), ordering="attendu_total")
    def attendu_count(self, obj: Item) -> int:
        return obj.attendu_total

    @admin.display(description=_("charte éditoriale"))
    def standard(self, obj: Item) -> str:
        if obj.pk is None:
            return "—"
        return format_defects(obj)

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


class ReviewQueueFilter(admin.SimpleListFilter):
    """The review queue by default; every link on demand."""

    title = _("relecture")
    parameter_name = "relecture"

    def lookups(self, request, model_admin):
        return [
            ("file", _("File de relecture (brouillons, à relire)")),
            *ReviewStatus.choices,
            ("tous", _("Tous")),
        ]

    def choices(self, changelist):
        value = self.value() or "file"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or "file"
        if value == "file":
            return queryset.filter(status__in=QUEUE_STATUSES)
        if value == "tous":
            return queryset
        if value in ReviewStatus.values:
            return queryset.filter(status=value)
        return queryset.none()


@admin.register(AttenduItem)
class AttenduItemAdmin(FoldedSearchMixin, ContentHistoryAdmin):
    """The editors' review queue: drafts of the general rules, with their attendu (unchanged),
    the programmes using it, and approve / reject; editing the sentence is on the item's page."""

    list_display = [
        "attendu_text",
        "item_link",
        "status",
        "review_note",
        "programme_names",
    ]
    list_filter = [ReviewQueueFilter, "rule"]
    list_select_related = ["attendu", "item"]
    search_fields = [
        "attendu__text",
        "item__statement",
        "attendu__programme_attendus__programme__name",
    ]
    ordering = ["attendu__text", "position"]
    raw_id_fields = ["attendu", "item"]
    fields = ["attendu", "item", "position", "status", "rule", "review_note"]
    readonly_fields = ["rule", "review_note"]
    actions = ["approve", "reject"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "attendu__programme_attendus",
                    queryset=ProgrammeAttendu.objects.select_related("programme").order_by(
                        "programme__name"
                    ),
                )
            )
        )

    @admin.display(description=_("attendu (texte officiel)"), ordering="attendu__text")
    def attendu_text(self, obj: AttenduItem) -> str:
        return obj.attendu.text

    @admin.display(description=_("item"), ordering="item__statement")
    def item_link(self, obj: AttenduItem) -> str:
        url = reverse("admin:orientation_item_change", args=[obj.item_id])
        return format_html('<a href="{}">{}</a>', url, obj.item.statement)

    @admin.display(description=_("formations"))
    def programme_names(self, obj: AttenduItem) -> str:
        names = [link.programme.name for link in obj.attendu.programme_attendus.all()]
        shown = ", ".join(names[:3])
        return shown + (_g(" et %(n)d autres") % {"n": len(names) - 3} if len(names) > 3 else "")

    def _decide(self, request, queryset, status: ReviewStatus, reason: str) -> int:
        links = list(queryset.select_related("item"))
        record_baseline(AttenduItem, [link.pk for link in links])
        for link in links:
            link.status = status
            link._history_user = request.user
            link._change_reason = reason
            link.save(update_fields=["status"])
        return len(links)

    @admin.action(description=_("Valider : poser ces items aux élèves"), permissions=["change"])
    def approve(self, request, queryset):
        count = self._decide(request, queryset, ReviewStatus.APPROVED, _g("Validé en relecture"))
        self.message_user(
            request,
            ngettext("%(count)d lien validé.", "%(count)d liens validés.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Refuser : ne jamais poser ces items"), permissions=["change"])
    def reject(self, request, queryset):
        count = self._decide(request, queryset, ReviewStatus.REJECTED, _g("Refusé en relecture"))
        self.message_user(
            request,
            ngettext("%(count)d lien refusé.", "%(count)d liens refusés.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# --- Interest areas and programmes' interest profiles ------------------------------------------


class ProgrammeInterestInline(admin.TabularInline):
    model = ProgrammeInterest
    extra = 0
    autocomplete_fields = ["programme"]
    fields = ["programme", "position", "source"]
    readonly_fields = ["source"]


@admin.register(InterestArea)
class InterestAreaAdmin(FoldedSearchMixin, ContentHistoryAdmin):
    """The fields a lycéen rates (« J'aime programmer… ») and, for each, the programmes whose main
    field it is. A profile changed here is kept by `generate_questionnaire_items`."""

    list_display = ["label", "statement", "theme", "programme_count"]
    list_filter = ["theme"]
    search_fields = ["label", "statement", "slug", "programmes__name"]
    fields = ["label", "statement", "example", "theme", "position", "slug", "onisep_domains"]
    readonly_fields = ["slug", "onisep_domains"]
    inlines = [ProgrammeInterestInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(programme_count=Count("programme_links"))

    @admin.display(description=_("formations"), ordering="programme_count")
    def programme_count(self, obj: InterestArea) -> int:
        return obj.programme_count

    def save_formset(self, request, form, formset, change):
        # Any programme profile touched here is the team's from now on: the editorial file no
        # longer replaces it.
        for link in formset.save(commit=False):
            link.source = ProgrammeInterest.Source.STAFF
            link.save()
        for link in formset.deleted_objects:
            ProgrammeInterest.objects.filter(programme=link.programme).update(
                source=ProgrammeInterest.Source.STAFF
            )
            link.delete()
        formset.save_m2m()
