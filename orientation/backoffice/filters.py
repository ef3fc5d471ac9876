"""List filters of the responses list that the cohort dashboard links to: « the students behind
this bar ».

Each filter reads the `ResultFact` rows of a response (what its result showed), through the
(response, kind) index, so that a dashboard figure and the list it links to count the same
students. They are hidden from the sidebar until a link sets them, then shown with their
meaning, so the counsellor sees why the list is shorter and can clear them.

Query parameters (kept stable: dashboards and bookmarks link to them):

- `bilan_dimension=<dimension slug>:<band>`: the dimension had that band;
- `bilan_attendu=<attendu id>:<band>`: the attendu had that band (combine with `formation=<id>`
  for one programme's students; an attendu shared by two programmes matches both otherwise);
- `bilan_suggestion=<programme slug>` (among the first five suggestions the student saw) or
  `<programme slug>:1` (suggested first).

<band> is a `Band` value (`point-fort`, `en-bonne-voie`, `a-renforcer`, `non-evalue`);
`non-evalue` also matches a band a later scoring version may add, as the dashboard counts it. A
malformed value matches nothing (a tampered URL never widens the list).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from orientation.config.admin_tools import parse_id
from orientation.models import Dimension, ResultFact
from orientation.presentation import band_label
from orientation.scoring import Band
from programmes.models import Attendu, Programme

DIMENSION_PARAMETER = "bilan_dimension"
ATTENDU_PARAMETER = "bilan_attendu"
SUGGESTION_PARAMETER = "bilan_suggestion"
# The responses list's own filters the dashboard combines with these (ResponseAdmin).
COHORT_PARAMETER = "cohorte"
PROGRAMME_PARAMETER = "formation"
FIRST_SUGGESTION = "1"

KEY = re.compile(r"^[\w-]{1,64}$")
ASSESSED_BANDS = (Band.STRONG.value, Band.ON_TRACK.value, Band.TO_STRENGTHEN.value)


def parse_band_value(value: str | None) -> tuple[str, str] | None:
    """ "relation-client:a-renforcer" → ("relation-client", "a-renforcer"); None if malformed."""
    if not value:
        return None
    key, _sep, band = str(value).rpartition(":")
    if not KEY.match(key) or band not in {b.value for b in Band}:
        return None
    return key, band


def band_condition(band: str) -> Q:
    """The fact rows a band's figure counts: « non évalué » takes any unknown band too."""
    if band == Band.NOT_ASSESSED.value:
        return ~Q(band__in=ASSESSED_BANDS)
    return Q(band=band)


def with_fact(queryset: QuerySet, *, kind: str, key: str, condition: Q | None = None) -> QuerySet:
    """Responses of `queryset` whose result holds a fact of that kind and key (and condition)."""
    facts = ResultFact.objects.filter(response=OuterRef("pk"), kind=kind, key=key)
    if condition is not None:
        facts = facts.filter(condition)
    return queryset.filter(Exists(facts))


def responses_url(**params: str | int) -> str:
    """The responses list filtered by `params` (parameter names above), for dashboard links."""
    query = urlencode({name: value for name, value in params.items() if value not in (None, "")})
    return reverse("admin:orientation_response_changelist") + (f"?{query}" if query else "")


class _ActiveOnlyFilter(admin.SimpleListFilter):
    """Shown only when a link sets it: its single choice is the value in the URL, named."""

    def lookups(self, request, model_admin):
        value = self.value()
        if not value:
            return []
        return [(value, self.describe(value) or _g("Valeur non reconnue"))]

    def describe(self, value: str) -> str | None:
        raise NotImplementedError


class _BandFilter(_ActiveOnlyFilter):
    kind: str

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        parsed = parse_band_value(self.value())
        if parsed is None:
            return queryset.none()
        key, band = parsed
        return with_fact(queryset, kind=self.kind, key=key, condition=band_condition(band))

    def describe(self, value: str) -> str | None:
        parsed = parse_band_value(value)
        if parsed is None:
            return None
        key, band = parsed
        return f"{self.subject(key)} : {band_label(band)}"

    def subject(self, key: str) -> str:
        raise NotImplementedError


class DimensionBandFilter(_BandFilter):
    """`bilan_dimension=<slug>:<band>`."""

    title = _("bilan d'une dimension")
    parameter_name = DIMENSION_PARAMETER
    kind = ResultFact.Kind.DIMENSION

    def subject(self, key: str) -> str:
        name = Dimension.objects.filter(slug=key).values_list("name", flat=True).first()
        return name or key


class AttenduBandFilter(_BandFilter):
    """`bilan_attendu=<attendu id>:<band>`."""

    title = _("bilan d'un attendu")
    parameter_name = ATTENDU_PARAMETER
    kind = ResultFact.Kind.ATTENDU

    def subject(self, key: str) -> str:
        text = None
        if (pk := parse_id(key)) is not None:
            text = Attendu.objects.filter(pk=pk).values_list("text", flat=True).first()
        text = text or _g("attendu n° %(key)s") % {"key": key}
        return text if len(text) <= 90 else text[:89] + "…"


class SuggestionFilter(_ActiveOnlyFilter):
    """`bilan_suggestion=<programme slug>` (first five) or `<slug>:1` (suggested first)."""

    title = _("BTS suggéré")
    parameter_name = SUGGESTION_PARAMETER

    @staticmethod
    def parse(value: str | None) -> tuple[str, bool] | None:
        if not value:
            return None
        slug, sep, rank = str(value).partition(":")
        if not KEY.match(slug) or (sep and rank != FIRST_SUGGESTION):
            return None
        return slug, bool(sep)

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        parsed = self.parse(self.value())
        if parsed is None:
            return queryset.none()
        slug, first = parsed
        return with_fact(
            queryset,
            kind=ResultFact.Kind.SUGGESTION,
            key=slug,
            condition=Q(position=0) if first else None,
        )

    def describe(self, value: str) -> str | None:
        parsed = self.parse(value)
        if parsed is None:
            return None
        slug, first = parsed
        name = Programme.objects.filter(slug=slug).values_list("name", flat=True).first() or slug
        if first:
            return _g("%(name)s, suggéré en premier") % {"name": name}
        return _g("%(name)s, parmi les cinq premières suggestions") % {"name": name}


# For ResponseAdmin.list_filter.
DASHBOARD_FILTERS = (DimensionBandFilter, AttenduBandFilter, SuggestionFilter)
