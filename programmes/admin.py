"""Staff admin of the catalogue: programmes, attendus, métiers, domains and bac tracks."""

from __future__ import annotations

import json
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db import models, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Value, When
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from orientation.config.admin_tools import (
    ContentHistoryAdmin,
    DeclaredLookupsOnlyMixin,
    FoldedSearchMixin,
    ReadOnlyAdminMixin,
)
from programmes import import_views
from programmes.forms import AttenduAdminForm
from programmes.models import (
    Attendu,
    BacTrack,
    CatalogueVersion,
    ConflictState,
    Domain,
    ImportConflict,
    ImportRun,
    Metier,
    Programme,
    ProgrammeAttendu,
    ProgrammeMetier,
    SearchSynonym,
)
from programmes.text import fold


class TopLevelDomainFilter(admin.SimpleListFilter):
    """Programmes of a top-level domain, whether linked to it or to one of its sub-domains."""

    title = _("domaine")
    parameter_name = "domaine"

    def lookups(self, request, model_admin):
        domains = Domain.objects.filter(parent=None).values_list("slug", "name")
        return sorted(domains, key=lambda domain: fold(domain[1]))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.in_domain(self.value())
        return queryset


# Positions are unique per programme. While a formset is saved, rows are parked above
# PARKED so that staff can swap or shift positions in one save; then every row of the
# programme is renumbered 1..n in the chosen order. MAX_POSITION keeps both ranges apart
# and inside a PositiveSmallIntegerField.
MAX_POSITION = 999
PARKED = 10_000
RENUMBERING = 20_000


def save_ordered_formset(formset, programme: Programme) -> None:
    """Save an inline formset of position-ordered rows without tripping the unique position."""
    rows = formset.model.objects.filter(programme=programme)
    rows.update(position=F("position") + PARKED)
    formset.save()
    current = rows.values_list("pk", "position")
    # Unchanged rows are still parked: they keep their old place, after a changed row that
    # now claims the same place.
    order = sorted(current, key=lambda r: (r[1] % PARKED, r[1] >= PARKED, r[0]))
    for offset in (RENUMBERING, 0):
        whens = [When(pk=pk, then=Value(offset + i)) for i, (pk, _pos) in enumerate(order, 1)]
        if whens:
            rows.update(position=Case(*whens))


class KnownChoicesMixin:
    """An autocomplete that renders its current choices from objects already loaded with the
    form's instance (`known`), instead of a query per widget; other values are looked up."""

    known: dict[str, object] = {}

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if not selected or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for pk in sorted(selected):
            label = self.choices.field.label_from_instance(self.known[pk])
            options.append(self.create_option(name, pk, label, selected, len(options)))
        return [(None, options, 0)]


class KnownAutocompleteSelect(KnownChoicesMixin, AutocompleteSelect):
    pass


class KnownAutocompleteSelectMultiple(KnownChoicesMixin, AutocompleteSelectMultiple):
    pass


class KnownChoicesFormSet(BaseInlineFormSet):
    """Hands each row's already-loaded related object to its KnownAutocompleteSelect."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, KnownAutocompleteSelect) and form.instance.pk:
                related = getattr(form.instance, name, None)
                widget.known = {str(related.pk): related} if related is not None else {}
        return form


class OrderedInline(admin.TabularInline):
    ordering = ["position"]
    extra = 0
    formset = KnownChoicesFormSet

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "position":
            kwargs.update(min_value=1, max_value=MAX_POSITION)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = KnownAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProgrammeAttenduInline(OrderedInline):
    model = ProgrammeAttendu
    fields = ["position", "group", "attendu"]
    autocomplete_fields = ["attendu"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("attendu")


class ProgrammeMetierInline(OrderedInline):
    model = ProgrammeMetier
    fields = ["position", "name", "metier"]
    autocomplete_fields = ["metier"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("metier")


# Django 6 default, adopted now: a scheme-less URL typed by staff becomes https.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Programme)
class ProgrammeAdmin(FoldedSearchMixin, ContentHistoryAdmin):
    # With a "Prévisualiser le questionnaire" link; history of changes (django-simple-history).
    change_form_template = "admin/programmes/programme/change_form.html"
    formfield_overrides = {**ContentHistoryAdmin.formfield_overrides, **HTTPS_URLS}
    list_display = [
        "name",
        "sigle",
        "kind",
        "attendu_count",
        "domains_summary",
        "published",
    ]
    list_display_links = ["name"]
    list_filter = ["kind", "published", TopLevelDomainFilter, "bac_tracks"]
    search_fields = ["name", "sigle", "code_scolarite"]
    ordering = ["name"]
    list_per_page = 50
    actions = ["publish", "unpublish"]
    autocomplete_fields = ["domains"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["import_source", "imported_at", "imported_values_display", "updated_at"]
    inlines = [ProgrammeAttenduInline, ProgrammeMetierInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            # The slug is in every public link to the fiche, the code scolarité is the import's
            # key: an editor's change would break links or duplicate the programme at the next
            # import. Administrators keep them editable.
            fields += ["slug", "code_scolarite"]
        return fields

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "sigle",
                    "slug",
                    ("kind", "kind_label"),
                    ("duration", "certification_level"),
                    "published",
                ]
            },
        ),
        (
            _("Codes et liens"),
            {
                "fields": [
                    ("code_scolarite", "rncp_code", "nsf_code"),
                    ("onisep_id", "onisep_url"),
                    "link_url",
                ]
            },
        ),
        (_("Classement"), {"fields": ["domains", "bac_tracks"]}),
        (_("Textes de la fiche"), {"fields": ["description", "access", "further_studies"]}),
        (
            _("Import ONISEP"),
            {
                "classes": ["collapse"],
                "description": _(
                    "Renseigné par l'import. Un champ modifié ici n'est plus écrasé par les "
                    "imports suivants."
                ),
                "fields": [
                    "import_source",
                    "imported_at",
                    "imported_values_display",
                    "updated_at",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                attendu_count=Count("programme_attendus", distinct=True),
                # Read with the programme: its page looks its conflicts up only when it has some.
                has_pending_conflicts=Exists(
                    ImportConflict.objects.pending().filter(programme=OuterRef("pk"))
                ),
            )
            .prefetch_related(Prefetch("domains", queryset=Domain.objects.select_related("parent")))
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "bac_tracks":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.name == "domains":
            kwargs["widget"] = KnownAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The programme's domains are prefetched (with their parents): the autocomplete shows
        # them without querying again.
        form = context["adminform"].form
        widget = form.fields["domains"].widget
        widget = getattr(widget, "widget", widget)
        if obj is not None and isinstance(widget, KnownAutocompleteSelectMultiple):
            widget.known = {str(d.pk): d for d in obj.domains.all()}
        if obj is not None and getattr(obj, "has_pending_conflicts", False):
            # Its pending ONISEP conflicts, in a box above the form.
            context.update(import_views.programme_conflicts(request, obj.pk))
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("attendus"), ordering="attendu_count")
    def attendu_count(self, obj: Programme) -> int:
        return obj.attendu_count

    @admin.display(description=_("domaines"))
    def domains_summary(self, obj: Programme) -> str:
        return ", ".join(domain.name for domain in obj.top_domains()) or "—"

    @admin.display(description=_("valeurs importées"))
    def imported_values_display(self, obj: Programme) -> str:
        if not obj.imported_values:
            return "—"
        text = json.dumps(obj.imported_values, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html('<pre class="imported-values">{}</pre>', text)

    @staticmethod
    def _set_published(queryset, published: bool) -> int:
        # The changelist queryset carries an aggregate (and maybe its ordering or a DISTINCT
        # from a filter), which UPDATE refuses: update the selected rows by primary key.
        selected = queryset.order_by().values("pk")
        with transaction.atomic():
            count = Programme.objects.filter(pk__in=selected).update(published=published)
            CatalogueVersion.bump()  # an UPDATE sends no signal
        return count

    @admin.action(description=_("Publier les formations sélectionnées"), permissions=["change"])
    def publish(self, request, queryset):
        count = self._set_published(queryset, True)
        self.message_user(
            request,
            ngettext("%(count)d formation publiée.", "%(count)d formations publiées.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Dépublier les formations sélectionnées"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = self._set_published(queryset, False)
        self.message_user(
            request,
            ngettext(
                "%(count)d formation dépubliée : elle n'apparaît plus sur le site.",
                "%(count)d formations dépubliées : elles n'apparaissent plus sur le site.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def save_formset(self, request, form, formset, change):
        if formset.model in (ProgrammeAttendu, ProgrammeMetier):
            save_ordered_formset(formset, form.instance)
        else:
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search_text()


class AttenduUsageInline(admin.TabularInline):
    """The programmes that use an attendu (read-only: edit them from the programme)."""

    model = ProgrammeAttendu
    fields = ["programme", "position", "group"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name = _("formation qui l'utilise")
    verbose_name_plural = _("formations qui l'utilisent")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Attendu)
class AttenduAdmin(FoldedSearchMixin, ContentHistoryAdmin):
    form = AttenduAdminForm
    list_display = ["text", "programme_count"]
    search_fields = ["text", "text_key"]
    readonly_fields = ["text_key"]
    fields = ["text", "text_key"]
    inlines = [AttenduUsageInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            # The national wording: an editor never rewrites it (the questionnaire's items say it
            # in a lycéen's words); the yearly import brings its changes.
            return ["text", "text_key"]
        return super().get_readonly_fields(request, obj)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(programme_count=Count("programme_attendus__programme", distinct=True))
        )

    @admin.display(description=_("formations"), ordering="programme_count")
    def programme_count(self, obj: Attendu) -> int:
        return obj.programme_count


@admin.register(Metier)
class MetierAdmin(FoldedSearchMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "rome_code", "onisep_id", "programme_count"]
    search_fields = ["name", "name_key", "rome_code", "rome_label", "onisep_id"]
    readonly_fields = ["name_key"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(programme_count=Count("programme_metiers__programme", distinct=True))
        )

    @admin.display(description=_("formations"), ordering="programme_count")
    def programme_count(self, obj: Metier) -> int:
        return obj.programme_count


class IsTopLevelFilter(admin.SimpleListFilter):
    title = _("niveau")
    parameter_name = "niveau"

    def lookups(self, request, model_admin):
        return [("domaine", _("Domaines")), ("sous-domaine", _("Sous-domaines"))]

    def queryset(self, request, queryset):
        if self.value() == "domaine":
            return queryset.filter(parent=None)
        if self.value() == "sous-domaine":
            return queryset.exclude(parent=None)
        return queryset


@admin.register(Domain)
class DomainAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "parent", "programme_count"]
    list_select_related = ["parent"]
    list_filter = [IsTopLevelFilter]
    search_fields = ["name", "parent__name"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(programme_count=Count("programmes"))

    @admin.display(description=_("formations"), ordering="programme_count")
    def programme_count(self, obj: Domain) -> int:
        return obj.programme_count


@admin.register(BacTrack)
class BacTrackAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Fixed reference list (programmes.bac_tracks): codes appear in URLs and stored answers."""

    list_display = ["label", "code", "family", "position", "programme_count"]
    list_filter = ["family"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(programme_count=Count("programmes"))

    @admin.display(description=_("formations"), ordering="programme_count")
    def programme_count(self, obj: BacTrack) -> int:
        return obj.programme_count


@admin.register(SearchSynonym)
class SearchSynonymAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """Words lycéens type for what the fiches write otherwise (programmes.search reads them;
    a save takes effect on the next search)."""

    list_display = ["word", "meanings"]
    search_fields = ["word", "meanings"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdminMixin, DeclaredLookupsOnlyMixin, admin.ModelAdmin):
    """« Imports ONISEP »: every run, newest first, read-only (only an import writes them). A
    run's page lists its conflicts with the two decisions (programmes/import_views.py)."""

    list_display = [
        "started_at",
        "status",
        "launcher",
        "created_count",
        "updated_count",
        "unchanged_count",
        "conflict_count",
        "pending_count",
        "failed_count",
        "skipped_count",
    ]
    list_display_links = ["started_at"]
    list_filter = ["status"]
    list_select_related = ["launched_by"]
    ordering = ["-started_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request):
        # The list never loads the file lists (thousands of entries for an archive).
        return (
            super()
            .get_queryset(request)
            .defer("sources")
            .annotate(
                pending_count=Count("conflicts", filter=Q(conflicts__state=ConflictState.PENDING))
            )
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:run_id>/conflits/<int:conflict_id>/decision/",
                view(partial(import_views.decide_conflict, model_admin=self)),
                name="programmes_importrun_decide",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        # Not Django's « Sélectionnez l'objet … à afficher »: nothing here is to select.
        extra_context = {"title": _("Imports ONISEP"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A run is never edited: its change URL is its read-only page."""
        return import_views.import_run_page(request, object_id, model_admin=self)

    @admin.display(description=_("lancé par"))
    def launcher(self, obj: ImportRun) -> str:
        return obj.launcher

    @admin.display(description=_("à trancher"), ordering="pending_count")
    def pending_count(self, obj: ImportRun) -> int:
        return obj.pending_count
