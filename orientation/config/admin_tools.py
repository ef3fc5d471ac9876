"""Admin helpers both apps use: content history (with a word-level diff), 404 for hidden objects,
declared lookups only, accent- and case-insensitive search.

Neutral ground (see docs/architecture.md): `programmes.admin` and the back office import these,
neither imports the other's admin.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import (
    NotRelationField,
    get_fields_from_path,
    lookup_spawns_duplicates,
)
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, PermissionDenied
from django.db import NotSupportedError, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Func, Q
from django.db.models.lookups import Contains, Exact, StartsWith
from django.http import Http404, HttpResponseBadRequest
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext as _g
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from programmes.text import fold, normalise_newlines

# Longer than any text field of the content (descriptions are a few thousand characters).
FULL_TEXT = 1_000_000


# Ids beyond a signed 64-bit integer overflow SQLite (and PostgreSQL's bigint) in a filter on a
# foreign-key column, which Django does not range-check as it does a primary key.
_MAX_ID_DIGITS = 18


def parse_id(value: object) -> int | None:
    """A primary key typed in a URL or a query string, or None for anything else: not digits
    (`str.isdigit` also accepts « ² » and other scripts' digits, which int() refuses) or too
    long to be an id."""
    text = str(value)
    if text.isascii() and text.isdigit() and len(text) <= _MAX_ID_DIGITS:
        return int(text)
    return None


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


class ReadOnlyAdminMixin:
    """A list of reference rows or records nobody adds, edits or deletes in the admin (bac
    tracks, a fixed list; import runs, written by the importer only)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WideChangeListMixin:
    """A list that needs the page's width at 1280 px: without the app menu (the breadcrumbs
    lead back), every column shows beside the filters."""

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "is_nav_sidebar_enabled": False}
        return super().changelist_view(request, extra_context)


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

    def response_action(self, request, queryset):
        # Django filters the ticked rows with their ids as typed: a tampered one (« abc », or
        # too many digits for the database) would be a 500, not a refused form.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if any(parse_id(pk) is None for pk in selected):
            return HttpResponseBadRequest(_g("Cette sélection n'est pas valable."))
        return super().response_action(request, queryset)


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


class NewlineNormalisedField(forms.CharField):
    """A text field whose value ends lines in LF: saving a form nobody touched changes nothing,
    and a text edited in the admin compares equal to the same text imported."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_newlines(value) if isinstance(value, str) else value


# Words, runs of white space (line breaks kept) and runs of punctuation: joined back, the text.
_DIFF_TOKEN = re.compile(r"\s+|\w+|[^\w\s]+")
# Beyond this many tokens a side, the diff is not worth its cost (difflib is about quadratic):
# the whole old text is shown removed and the whole new one added.
MAX_DIFF_TOKENS = 40_000


def word_changes(*, old: str, new: str) -> list[tuple[str, str, str]]:
    """What changed from `old` to `new`, word by word: (kind, old piece, new piece) in reading
    order, kind "equal" or "change". Joined, the old pieces give `old` and the new pieces `new`
    exactly (spaces and line breaks included), so each text can be shown whole, marked."""
    a, b = _DIFF_TOKEN.findall(old), _DIFF_TOKEN.findall(new)
    if max(len(a), len(b)) > MAX_DIFF_TOKENS:
        return [("change", old, new)] if old != new else [("equal", old, new)]
    # Without autojunk=False, tokens frequent in a long text (spaces, « de ») count as noise
    # and the diff falls apart into large replaced blocks.
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    chunks: list[tuple[str, str, str]] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        kind = "equal" if tag == "equal" else "change"
        old_piece, new_piece = "".join(a[i1:i2]), "".join(b[j1:j2])
        # A lone space kept between two changes belongs to them: one marked phrase reads
        # better than every word marked apart.
        if kind == "equal" and 0 < index < len(opcodes) - 1 and not old_piece.strip():
            kind = "change"
        if chunks and chunks[-1][0] == kind:
            _kind, old_before, new_before = chunks[-1]
            chunks[-1] = (kind, old_before + old_piece, new_before + new_piece)
        else:
            chunks.append((kind, old_piece, new_piece))
    return chunks


def word_diff(*, old: str, new: str) -> list[tuple[str, str]]:
    """`word_changes` read as one text: (kind, text) with kind "equal", "delete" (only in old)
    or "insert" (only in new). Joined, "equal" and "delete" give `old`, "equal" and "insert"
    give `new`."""
    segments: list[tuple[str, str]] = []
    for kind, old_piece, new_piece in word_changes(old=old, new=new):
        if kind == "equal":
            segments.append(("equal", new_piece))
            continue
        if old_piece:
            segments.append(("delete", old_piece))
        if new_piece:
            segments.append(("insert", new_piece))
    return segments


class WordDiffContextHelper(HistoricalRecordContextHelper):
    """The history's changes with whole texts (an editor must see what was there, not
    « … c[189 chars]ment. »: the library shortens changes to 100 characters) and, for a text
    field, `words`: the word-level diff of `word_diff`. The template escapes every piece."""

    def __init__(self, model, historical_record):
        super().__init__(model, historical_record, max_displayed_delta_change_chars=FULL_TEXT)

    def context_for_delta_changes(self, delta) -> list[dict[str, Any]]:
        context = super().context_for_delta_changes(delta)
        for entry, change in zip(context, delta.changes, strict=True):
            field = self.model._meta.get_field(change.field)
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                entry["words"] = word_diff(old=change.old or "", new=change.new or "")
        return context


class ContentHistoryAdmin(SimpleHistoryAdmin):
    """Editable content with its change history (who, when, before → after, and what changed
    word by word in a text) on the « Historique » page. Used by the programme and attendu
    admins too."""

    object_history_template = "admin/shared/history.html"
    object_history_list_template = "admin/shared/history_list.html"
    formfield_overrides = {models.TextField: {"form_class": NewlineNormalisedField}}

    def get_historical_record_context_helper(self, request, historical_record):
        return WordDiffContextHelper(self.model, historical_record)

    def save_model(self, request, obj, form, change):
        if change:
            record_baseline(type(obj), [obj.pk])
        super().save_model(request, obj, form, change)


# --- Accent- and case-insensitive search -------------------------------------------------------
#
# Django's admin search is `icontains`: case-insensitive for ASCII only and never for accents,
# so « metiers » missed « Métiers » and « lea » missed « Léa ». Each searched column is folded in
# SQL and each typed word in Python, the same way on both databases:
# - PostgreSQL: LOWER(UNACCENT(column)); migration orientation/0017 installs `unaccent`;
# - SQLite: capbts_fold(column), a deterministic Python function registered on every connection
#   (`register_sqlite_fold`, connected in OrientationConfig.ready) calling programmes.text.fold.
# `unaccent` differs from `fold` only on rare characters (« » become << >>, ² stays ², ß becomes
# ss, runs of spaces are kept): a word with them typed in a search may miss on PostgreSQL.

SQLITE_FOLD_FUNCTION = "capbts_fold"


# A search folds the column of every row it scans; the same values come back (pseudonyms,
# cohort names), so the last few thousand are remembered.
@lru_cache(maxsize=4096)
def _sqlite_fold(value: Any) -> str | None:
    # SQLite hands over NULL as None, and a number stored in a text column as int or float.
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return fold(str(value))


def register_sqlite_fold(*, connection: BaseDatabaseWrapper) -> None:
    """Give a SQLite connection the function `Fold` calls (nothing to do on PostgreSQL)."""
    if connection.vendor == "sqlite" and connection.connection is not None:
        connection.connection.create_function(
            SQLITE_FOLD_FUNCTION, 1, _sqlite_fold, deterministic=True
        )


def on_connection_created(sender, connection: BaseDatabaseWrapper, **kwargs) -> None:
    """Receiver of `connection_created` (connected in OrientationConfig.ready)."""
    register_sqlite_fold(connection=connection)


class Fold(Func):
    """The folded form of a text expression, in SQL: what `fold` gives in Python."""

    arity = 1
    output_field = models.TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function=SQLITE_FOLD_FUNCTION, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = "LOWER(UNACCENT(%(expressions)s))"
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(f"Fold: no folding function on {connection.vendor}.")


@dataclass(frozen=True)
class SearchField:
    """One entry of `search_fields`: the path to a column, how a word must match it, whether
    the column holds text (folded) or not (numbers: compared as Django does)."""

    path: str
    match: str  # "contains", "startswith" (prefix ^) or "exact" (prefix =)
    text: bool

    def condition(self, *, word: str) -> Q:
        if not self.text:
            lookup = {"contains": "icontains", "startswith": "istartswith", "exact": "iexact"}
            return Q(**{f"{self.path}__{lookup[self.match]}": word})
        lookup_class = {"contains": Contains, "startswith": StartsWith, "exact": Exact}
        return Q(lookup_class[self.match](Fold(F(self.path)), word))


_MATCH_PREFIXES = {"^": "startswith", "=": "exact"}


def parse_search_field(*, model: type[models.Model], spec: str) -> SearchField:
    """Read one entry of `search_fields` (« name », « ^code », « attendus__text »). Entries this
    search cannot fold (« @ » full-text, an explicit lookup) are refused rather than searched
    differently without a word."""
    match = _MATCH_PREFIXES.get(spec[:1], "contains")
    path = spec[1:] if spec[:1] in _MATCH_PREFIXES else spec
    try:
        fields = get_fields_from_path(model, path)
    except (FieldDoesNotExist, NotRelationField) as error:
        raise ImproperlyConfigured(
            f"{model.__name__}: the folded admin search cannot search {spec!r} (a field path, "
            "optionally prefixed by ^ or =, is expected)."
        ) from error
    return SearchField(
        path=path,
        match=match,
        text=isinstance(fields[-1], models.CharField | models.TextField),
    )


def search_words(*, search_term: str) -> list[str]:
    """The typed words, folded: split as Django does (a quoted phrase is one word)."""
    words = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        folded = fold(bit)
        if folded:
            words.append(folded)
    return words


def folded_search(
    *, model: type[models.Model], search_fields: Sequence[str], search_term: str
) -> tuple[Q | None, bool]:
    """Django's search semantics (every word must match at least one field), accents and case
    ignored: the condition to filter on (None when nothing was typed) and whether it may return
    a row more than once (a multi-valued relation: the change list then deduplicates)."""
    fields = [parse_search_field(model=model, spec=str(spec)) for spec in search_fields]
    words = search_words(search_term=search_term)
    if not fields or not words:
        return None, False
    condition = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= field.condition(word=word)
        condition &= any_field
    duplicates = any(lookup_spawns_duplicates(model._meta, field.path) for field in fields)
    return condition, duplicates


def search_field_labels(*, model: type[models.Model], search_fields: Sequence[str]) -> list[str]:
    """What each searched field is called in the admin: « nom », « texte (attendus) »."""
    labels: list[str] = []
    for spec in search_fields:
        path = parse_search_field(model=model, spec=str(spec)).path
        fields = get_fields_from_path(model, path)
        label = str(fields[-1].verbose_name)
        if len(fields) > 1:
            relation = fields[-2]
            owner = getattr(relation, "verbose_name", None) or fields[-1].model._meta.verbose_name
            label = f"{label} ({owner})"
        if label not in labels:
            labels.append(label)
    return labels


class FoldedSearchMixin:
    """The admin search, accents and case ignored: « metiers » finds « Métiers », « lea »
    finds « Léa ». Also serves the autocomplete widgets (they call get_search_results)."""

    def get_search_results(self, request, queryset, search_term):
        condition, duplicates = folded_search(
            model=queryset.model,
            search_fields=self.get_search_fields(request),
            search_term=search_term,
        )
        if condition is None:
            return queryset, False
        return queryset.filter(condition), duplicates

    @property
    def search_help_text(self) -> str | None:
        # Named after the list's own fields, so it stays true when search_fields change; a
        # ModelAdmin may still set its own text.
        if not self.search_fields:
            return None
        labels = search_field_labels(model=self.model, search_fields=self.search_fields)
        return _g(
            "Recherche dans : %(fields)s, sans tenir compte des majuscules ni des accents. "
            "Chaque mot tapé doit s'y trouver ; des mots entre guillemets sont cherchés ensemble."
        ) % {"fields": ", ".join(labels)}
