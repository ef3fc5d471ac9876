"""Admin helpers both apps use: content history, 404 for hidden objects, declared lookups only.

Neutral ground (see docs/architecture.md): `programmes.admin` and the back office import these,
neither imports the other's admin.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _g
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

# Longer than any text field of the content (descriptions are a few thousand characters).
FULL_TEXT = 1_000_000


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


def normalise_newlines(text: str) -> str:
    """Browsers send a textarea's lines ending in CR LF; the database keeps LF, as ONISEP's.
    (programmes.text.normalise_newlines is its twin: this neutral module imports neither app.)"""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class NewlineNormalisedField(forms.CharField):
    """A text field whose value ends lines in LF: saving a form nobody touched changes nothing,
    and a text edited in the admin compares equal to the same text imported."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_newlines(value) if isinstance(value, str) else value


class ContentHistoryAdmin(SimpleHistoryAdmin):
    """Editable content with its change history (who, when, before → after) on the
    « Historique » page. Used by the programme and attendu admins too."""

    object_history_template = "admin/shared/history.html"
    object_history_list_template = "admin/shared/history_list.html"
    formfield_overrides = {models.TextField: {"form_class": NewlineNormalisedField}}

    def get_historical_record_context_helper(self, request, historical_record):
        # Whole texts, before and after: an editor must see what was there, not
        # « … c[189 chars]ment. » (the library shortens changes to 100 characters).
        return HistoricalRecordContextHelper(
            self.model, historical_record, max_displayed_delta_change_chars=FULL_TEXT
        )

    def save_model(self, request, obj, form, change):
        if change:
            record_baseline(type(obj), [obj.pk])
        super().save_model(request, obj, form, change)
