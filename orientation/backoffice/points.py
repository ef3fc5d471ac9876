"""Points à renforcer: the attendus a student's result puts in the band the student reads as
« Point de vigilance » (`Band.TO_STRENGTHEN`), counted and filtered from the result facts
(`ResultFact`), never by parsing the JSON snapshots.

Only a completed « Suis-je fait pour ce BTS ? » response assesses attendus: any other response
(a draft, a discovery) has no count at all (None), not zero.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from orientation.backoffice.filters import band_condition, with_fact
from orientation.models import Response, ResultFact
from orientation.scoring import Band
from programmes.text import fold

# The ranges of the list's filter, by URL value (kept stable: dashboards link to them).
POINTS_RANGES: dict[str, tuple[int, int | None]] = {
    "0": (0, 0),
    "1-2": (1, 2),
    "3-plus": (3, None),
}
# Attendus offered by the « attendu à renforcer » filter: the most frequent ones, among the
# most recent visible responses (an administrator sees every cohort: the choices must not read
# every fact of the table on each page).
MAX_ATTENDU_CHOICES = 30
RECENT_RESPONSES_FOR_CHOICES = 2000
ATTENDU_LABEL_LENGTH = 70


def _weak_facts() -> QuerySet[ResultFact]:
    return ResultFact.objects.filter(
        kind=ResultFact.Kind.ATTENDU, band=Band.TO_STRENGTHEN.value
    ).order_by()


def points_count() -> Case:
    """Annotation: a response's number of points à renforcer, None when it assesses no attendu.

    A subquery per row, through the (response, kind) index, not a join grouped over the whole
    table: a page of 50 rows costs 50 index look-ups whatever the number of responses."""
    counted = (
        _weak_facts()
        .filter(response=OuterRef("pk"))
        .values("response")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Case(
        When(
            journey=Response.Journey.PROGRAMME,
            status=Response.Status.COMPLETED,
            then=Coalesce(Subquery(counted), 0),
        ),
        default=Value(None),
        output_field=IntegerField(),
    )


def with_points_in(*, responses: QuerySet[Response], range_code: str) -> QuerySet[Response]:
    """The responses whose number of points à renforcer is in the range `range_code` (a key of
    POINTS_RANGES); none for an unknown code (a tampered URL)."""
    bounds = POINTS_RANGES.get(range_code)
    if bounds is None:
        return responses.none()
    low, high = bounds
    condition = Q(filter_points__gte=low)
    if high is not None:
        condition &= Q(filter_points__lte=high)
    # An alias, not the list's annotation: the filter works on any queryset of responses
    # (the facet counts pass their own).
    return responses.alias(filter_points=points_count()).filter(condition)


def needing_attendu(*, responses: QuerySet[Response], attendu_key: str) -> QuerySet[Response]:
    """The responses where the attendu `attendu_key` (its `ResultFact.key`, the attendu's id)
    is a point à renforcer; none for a key that is not an id."""
    if not attendu_key.isdigit():
        return responses.none()
    # The dashboard's `bilan_attendu=<id>:a-renforcer` filter: the same EXISTS per response.
    return with_fact(
        responses,
        kind=ResultFact.Kind.ATTENDU,
        key=attendu_key,
        condition=band_condition(Band.TO_STRENGTHEN.value),
    )


def attendu_choices(
    *, responses: QuerySet[Response], selected: str | None = None
) -> list[tuple[str, str]]:
    """(key, label) of the attendus that are a point à renforcer in `responses`, for a filter:
    the MAX_ATTENDU_CHOICES most frequent among the RECENT_RESPONSES_FOR_CHOICES most recent
    responses, plus `selected` when it is one of them elsewhere; sorted by label, labels
    shortened for the filter column."""
    recent = responses.order_by("-created_at", "-pk").values("pk")[:RECENT_RESPONSES_FOR_CHOICES]
    rows = list(
        _weak_facts()
        .filter(response_id__in=Subquery(recent))
        .values("key")
        .annotate(count=Count("response_id", distinct=True), label=Max("label"))
        .order_by("-count", "key")
        .values_list("key", "label")[:MAX_ATTENDU_CHOICES]
    )
    if selected and selected.isdigit() and selected not in dict(rows):
        rows += (
            _weak_facts()
            .filter(key=selected, response_id__in=responses.values("pk"))
            .values("key")
            .annotate(label=Max("label"))
            .values_list("key", "label")[:1]
        )
    return sorted(((key, _shorten(label)) for key, label in rows), key=lambda kv: fold(kv[1]))


def _shorten(label: str) -> str:
    if len(label) <= ATTENDU_LABEL_LENGTH:
        return label
    return label[: ATTENDU_LABEL_LENGTH - 1].rstrip() + "…"
