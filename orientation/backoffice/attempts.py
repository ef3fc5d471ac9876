"""A student's retakes: responses with the same pseudonym in the same cohort, and what changed
from one to the next.

Students have no account, so nothing proves two responses are the same student's: the only
link is the pseudonym they typed. Responses of one cohort whose pseudonyms match once case,
accents and spaces are ignored (« Léa », « lea », « L éa ») are grouped as « essais » — and the
interface always says « même pseudonyme dans la même cohorte », never « le même élève »: two
students of a class may have picked the same pseudonym. An empty pseudonym groups nothing.

What changed is read from the two result snapshots, as the student saw them, band by band.

Accent-insensitive matching is not portable SQL (SQLite has no unaccent), so pseudonyms are
folded in Python over one cohort's rows: a cohort is a class, a few dozen students, so that is
a few hundred short strings at most, read in one query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from orientation.models import Response, ResultFact
from orientation.scoring import MIN_DIMENSION_ANSWERS, Band
from programmes.text import fold

# What « progresse » / « recule » compare: the bands that say how ready a student is. « Non
# évalué » is not a step below « Point de vigilance »: it only says there were too few answers.
_BAND_RANK = {Band.TO_STRENGTHEN.value: 1, Band.ON_TRACK.value: 2, Band.STRONG.value: 3}


def pseudonym_key(pseudonym: str) -> str:
    """The form two pseudonyms are compared in: lower case, no accents, no spaces at all.
    "" for an empty pseudonym (which matches nothing)."""
    return "".join(fold(pseudonym).split())


@dataclass(frozen=True)
class Attempt:
    """One response of a group of attempts, as the response page lists it."""

    pk: int
    pseudonym: str
    journey: str
    programme_name: str
    status: str
    band: str
    scoring_version: str
    created_at: datetime
    completed_at: datetime | None

    @property
    def date(self) -> datetime:
        return self.completed_at or self.created_at

    @property
    def is_completed(self) -> bool:
        return self.status == Response.Status.COMPLETED

    def comparable_with(self, other: Attempt) -> bool:
        """Two results compare band by band only on the same questionnaire: the same journey
        and, for « Suis-je fait pour ce BTS ? », the same programme."""
        return self.journey == other.journey and self.programme_name == other.programme_name


_ATTEMPT_FIELDS = (
    "pk",
    "pseudonym",
    "journey",
    "programme_name",
    "status",
    "band",
    "scoring_version",
    "created_at",
    "completed_at",
)


def attempts_of(*, response: Response, visible: QuerySet[Response]) -> list[Attempt]:
    """Every attempt of `response`'s group, itself included, oldest first; [] when it has no
    pseudonym or no cohort (nothing to group by). `visible`: the responses the reader may see
    (the group never reaches outside them)."""
    key = pseudonym_key(response.pseudonym)
    if not key or response.cohort_id is None:
        return []
    rows = (
        visible.filter(cohort_id=response.cohort_id)
        .exclude(pseudonym="")
        .order_by("created_at", "pk")
        .values_list(*_ATTEMPT_FIELDS)
    )
    return [Attempt(*row) for row in rows if pseudonym_key(row[1]) == key]


def attempt_counts(*, responses: Sequence[Response], visible: QuerySet[Response]) -> dict[int, int]:
    """For a page of responses: response pk → size of its group of attempts (1: alone), one
    query over the cohorts of the page. Responses without pseudonym or cohort are left out."""
    wanted = [r for r in responses if r.cohort_id is not None and pseudonym_key(r.pseudonym)]
    if not wanted:
        return {}
    rows = (
        visible.filter(cohort_id__in={r.cohort_id for r in wanted})
        .exclude(pseudonym="")
        .order_by()
        .values_list("cohort_id", "pseudonym")
    )
    sizes = Counter((cohort_id, pseudonym_key(pseudonym)) for cohort_id, pseudonym in rows)
    return {r.pk: sizes[(r.cohort_id, pseudonym_key(r.pseudonym))] or 1 for r in wanted}


def previous_comparable(*, attempts: Sequence[Attempt], current_pk: int) -> Attempt | None:
    """The latest completed attempt before `current_pk` on the same questionnaire, or None.
    Attempts in between on other programmes are skipped: a band of another BTS's attendus says
    nothing about progress on this one."""
    index = next((i for i, a in enumerate(attempts) if a.pk == current_pk), None)
    if index is None:
        return None
    current = attempts[index]
    for attempt in reversed(attempts[:index]):
        if attempt.is_completed and attempt.comparable_with(current):
            return attempt
    return None


# --- What changed --------------------------------------------------------------------------------


class Trend(StrEnum):
    """How a band moved from the previous attempt, said in words: a fact about the answers,
    not a judgement about the student."""

    UP = "progresse"
    DOWN = "recule"
    SAME = "stable"
    NOT_COMPARABLE = "non-comparable"

    @property
    def label(self) -> str:
        return str(_TREND_LABELS[self])


_TREND_LABELS = {
    Trend.UP: _("progresse"),
    Trend.DOWN: _("recule"),
    Trend.SAME: _("stable"),
    Trend.NOT_COMPARABLE: _("non comparable"),
}


def trend(*, before: str, after: str) -> Trend:
    """The move from band `before` to band `after` (codes); « non comparable » when either is
    missing or « Non évalué »."""
    rank_before, rank_after = _BAND_RANK.get(before), _BAND_RANK.get(after)
    if rank_before is None or rank_after is None:
        return Trend.NOT_COMPARABLE
    if rank_after > rank_before:
        return Trend.UP
    if rank_after < rank_before:
        return Trend.DOWN
    return Trend.SAME


@dataclass(frozen=True)
class Change:
    """One line of the comparison: a dimension, an attendu or the overall band."""

    kind: str  # "global", ResultFact.Kind.DIMENSION or ResultFact.Kind.ATTENDU
    key: str
    label: str
    before: str  # band codes, "" when absent from that attempt
    after: str
    trend: Trend


@dataclass
class Comparison:
    """This attempt against the previous comparable one."""

    previous: Attempt
    overall: Change | None
    dimensions: list[Change] = field(default_factory=list)
    attendus: list[Change] = field(default_factory=list)
    same_version: bool = True

    @property
    def changes(self) -> list[Change]:
        return [*([self.overall] if self.overall else []), *self.dimensions, *self.attendus]

    @property
    def counts(self) -> dict[str, int]:
        """How many lines progress, move back, stay, cannot be compared (overall included)."""
        counted = Counter(change.trend for change in self.changes)
        return {t.name.lower(): counted.get(t, 0) for t in Trend}


def _lines(
    *, kind: str, before: Iterable[tuple[str, str, str]], after: Iterable[tuple[str, str, str]]
) -> list[Change]:
    """Changes from (key, label, band) rows: the current attempt's order, then what only the
    previous one had."""
    old = {key: (label, band) for key, label, band in before}
    new = {key: (label, band) for key, label, band in after}
    changes = []
    for key in [*new, *(k for k in old if k not in new)]:
        label, band_after = new.get(key, ("", ""))
        old_label, band_before = old.get(key, ("", ""))
        changes.append(
            Change(
                kind=kind,
                key=key,
                label=label or old_label,
                before=band_before,
                after=band_after,
                trend=trend(before=band_before, after=band_after),
            )
        )
    return changes


def _attendu_rows(result: dict) -> list[tuple[str, str, str]]:
    return [
        (str(row["attendu"]), row.get("text", ""), row.get("band", ""))
        for row in result.get("attendus", ())
    ]


def _dimension_rows(result: dict) -> list[tuple[str, str, str]]:
    # As the response page's chart: a dimension's band counts from MIN_DIMENSION_ANSWERS real
    # answers on; below, an « average » of one or two answers would be false precision, and
    # the line says there is no band to compare.
    return [
        (
            str(dim["slug"]),
            dim.get("name", ""),
            dim.get("band", "") if (dim.get("answered") or 0) >= MIN_DIMENSION_ANSWERS else "",
        )
        for dim in result.get("dimensions", ())
    ]


def compare(
    *, current: Attempt, current_result: dict, previous: Attempt, previous_result: dict
) -> Comparison:
    """Band by band, what changed between `previous` and `current` (both completed, on the same
    questionnaire), read from their result snapshots, as each student saw them: the overall
    band, each attendu, each dimension with enough answers in one of them. Labels are the
    current attempt's (the previous one's for a line it no longer has)."""
    dimensions = [
        change
        for change in _lines(
            kind=ResultFact.Kind.DIMENSION,
            before=_dimension_rows(previous_result),
            after=_dimension_rows(current_result),
        )
        if change.before or change.after
    ]
    overall = None
    if current.band or previous.band:  # « Quels BTS me correspondent ? » has no overall band
        overall = Change(
            kind="global",
            key="",
            label=str(_("Bilan global")),
            before=previous.band,
            after=current.band,
            trend=trend(before=previous.band, after=current.band),
        )
    return Comparison(
        previous=previous,
        overall=overall,
        dimensions=dimensions,
        attendus=_lines(
            kind=ResultFact.Kind.ATTENDU,
            before=_attendu_rows(previous_result),
            after=_attendu_rows(current_result),
        ),
        same_version=previous.scoring_version == current.scoring_version,
    )


@dataclass
class AttemptGroup:
    """What the response page shows about retakes."""

    attempts: list[Attempt]
    current_pk: int
    comparison: Comparison | None

    @property
    def others(self) -> list[Attempt]:
        return [a for a in self.attempts if a.pk != self.current_pk]

    @property
    def number(self) -> int:
        """The rank of the current attempt, from 1 (oldest)."""
        return next(i for i, a in enumerate(self.attempts, 1) if a.pk == self.current_pk)


def attempt_group(*, response: Response, visible: QuerySet[Response]) -> AttemptGroup | None:
    """The group of attempts of `response` (its snapshot loaded) with its comparison to the
    previous comparable one; None when the response stands alone (no pseudonym, no cohort, or
    no other attempt). Two queries at most, whatever the number of attempts: the group, the
    previous attempt's snapshot."""
    attempts = attempts_of(response=response, visible=visible)
    if len(attempts) < 2:
        return None
    current = next((a for a in attempts if a.pk == response.pk), None)
    if current is None:
        return None
    previous = previous_comparable(attempts=attempts, current_pk=response.pk)
    comparison = None
    if previous is not None and current.is_completed:
        previous_result = visible.filter(pk=previous.pk).values_list("result", flat=True).first()
        comparison = compare(
            current=current,
            current_result=response.result or {},
            previous=previous,
            previous_result=previous_result or {},
        )
    return AttemptGroup(attempts=attempts, current_pk=response.pk, comparison=comparison)
