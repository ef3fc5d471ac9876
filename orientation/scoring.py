"""Scoring engine, version 2.0: answers → attendu bands → programme result; interest first in
the suggestions.

Pure functions over plain frozen dataclasses: no ORM, no I/O, deterministic. The journeys build
`ProgrammeSpec` objects once (see `orientation.models.ItemQuerySet.programme_specs`) and pass the
lycéen's answers as a mapping `item id → value`.

The published rules (in French, for students, counsellors and the README) are
docs/scoring.md: the one copy, checked against the constants below by a test.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from orientation.dimensions import INTERET_SECTEUR

SCORING_VERSION = "2.0"

# --- Answer scale --------------------------------------------------------------------------

NOT_AT_ALL = 0
RATHER_NOT = 1
RATHER = 2
ABSOLUTELY = 3
DONT_KNOW = None
MAX_VALUE = ABSOLUTELY


@dataclass(frozen=True)
class AnswerOption:
    """One choice of the answer scale: a stable code, its French label, its value."""

    code: str
    label: str
    value: int | None


ANSWER_OPTIONS: tuple[AnswerOption, ...] = (
    AnswerOption("pas-du-tout", _("Pas du tout"), NOT_AT_ALL),
    AnswerOption("plutot-pas", _("Plutôt pas"), RATHER_NOT),
    AnswerOption("plutot", _("Plutôt"), RATHER),
    AnswerOption("tout-a-fait", _("Tout à fait"), ABSOLUTELY),
    AnswerOption("ne-sais-pas", _("Je ne sais pas"), DONT_KNOW),
)
_VALUE_BY_CODE = {option.code: option.value for option in ANSWER_OPTIONS}
_LABEL_BY_CODE = {option.code: option.label for option in ANSWER_OPTIONS}

# item id → 0..3, or None for "Je ne sais pas"; an item absent from the mapping was skipped.
Answers = Mapping[int, int | None]


def answer_label(code: str) -> str | None:
    """French label of an answer code ("plutot" → "Plutôt"); None for an unknown or empty code."""
    label = _LABEL_BY_CODE.get(code)
    return None if label is None else str(label)


def answer_value(code: str) -> int | None:
    """The value of an answer code ("plutot" → 2, "ne-sais-pas" → None); ValueError if unknown."""
    try:
        return _VALUE_BY_CODE[code]
    except KeyError:
        raise ValueError(f"unknown answer code: {code!r}") from None


_VALID_TYPES = frozenset({int, type(None)})
_VALID_VALUES = frozenset({NOT_AT_ALL, RATHER_NOT, RATHER, ABSOLUTELY, DONT_KNOW})


def _checked(answers: Answers) -> Answers:
    """The answers, after checking every value is an int 0..3 or None (ValueError otherwise)."""
    values = answers.values()
    if not (set(map(type, values)) <= _VALID_TYPES and set(values) <= _VALID_VALUES):
        bad = next(
            (k, v)
            for k, v in answers.items()
            if type(v) not in _VALID_TYPES or v not in _VALID_VALUES
        )
        raise ValueError(f"invalid answer {bad[1]!r} for item {bad[0]}")
    return answers


# --- Bands, confidence, thresholds -----------------------------------------------------------


class Band(StrEnum):
    """Where an attendu, a dimension or a programme stands."""

    STRONG = "point-fort"
    ON_TRACK = "en-bonne-voie"
    TO_STRENGTHEN = "a-renforcer"
    NOT_ASSESSED = "non-evalue"

    @property
    def label(self) -> str:
        return _BAND_LABELS[self]


_BAND_LABELS = {
    Band.STRONG: _("Point fort"),
    Band.ON_TRACK: _("En bonne voie"),
    Band.TO_STRENGTHEN: _("Point de vigilance"),
    Band.NOT_ASSESSED: _("Non évalué"),
}


class Confidence(StrEnum):
    """How much of the programme's questionnaire got a real answer."""

    HIGH = "elevee"
    MEDIUM = "moyenne"
    LOW = "faible"

    @property
    def label(self) -> str:
        return _CONFIDENCE_LABELS[self]


_CONFIDENCE_LABELS = {
    Confidence.HIGH: _("élevée"),
    Confidence.MEDIUM: _("moyenne"),
    Confidence.LOW: _("faible"),
}


class FlatPattern(StrEnum):
    """All real answers identical at an end of the scale."""

    ALL_TOP = "tout-a-fait-partout"
    ALL_BOTTOM = "pas-du-tout-partout"


STRONG_MEAN = Fraction(5, 2)  # attendu mean ≥ 2.5 → Point fort
ON_TRACK_MEAN = Fraction(3, 2)  # attendu mean ≥ 1.5 → En bonne voie (if no "Pas du tout")
STRONG_SHARE = Fraction(1, 2)  # programme: ≥ half of assessed attendus strong → Point fort
MIN_ASSESSED_ATTENDUS = 2  # a programme is suggested only with ≥ 2 attendus really assessed
MIN_DIMENSION_ANSWERS = 3  # a dimension's average is shown from 3 answers on
HIGH_CONFIDENCE_SHARE = Fraction(4, 5)  # ≥ 80 % real answers → élevée
MEDIUM_CONFIDENCE_SHARE = Fraction(1, 2)  # ≥ 50 % real answers → moyenne
FLAT_PATTERN_MIN_ANSWERS = 5
# Interest items are about each programme's own field: not a strength shared across programmes.
SECTOR_DIMENSION = INTERET_SECTEUR


def band_for(*, total: int, count: int, has_zero: bool) -> Band:
    """Band of `count` real answers summing to `total` (exact integer comparisons)."""
    if count == 0:
        return Band.NOT_ASSESSED
    if has_zero:
        return Band.TO_STRENGTHEN
    if total * _STRONG_DEN >= _STRONG_NUM * count:
        return Band.STRONG
    if total * _TRACK_DEN >= _TRACK_NUM * count:
        return Band.ON_TRACK
    return Band.TO_STRENGTHEN


# The thresholds as integers once: read on every attendu of every ranking.
_STRONG_NUM, _STRONG_DEN = STRONG_MEAN.numerator, STRONG_MEAN.denominator
_TRACK_NUM, _TRACK_DEN = ON_TRACK_MEAN.numerator, ON_TRACK_MEAN.denominator


def band_for_values(*, values: Iterable[int]) -> Band:
    """Band of a list of real answers (0..3): `band_for_values(values=[3, 3, 2])` → STRONG."""
    values = list(values)
    return band_for(total=sum(values), count=len(values), has_zero=NOT_AT_ALL in values)


def confidence_for(*, real_answers: int, total_items: int) -> Confidence:
    """Confidence from the number of real answers among the items asked."""
    if total_items <= 0:
        return Confidence.LOW
    if real_answers * HIGH_CONFIDENCE_SHARE.denominator >= (
        HIGH_CONFIDENCE_SHARE.numerator * total_items
    ):
        return Confidence.HIGH
    if real_answers * MEDIUM_CONFIDENCE_SHARE.denominator >= (
        MEDIUM_CONFIDENCE_SHARE.numerator * total_items
    ):
        return Confidence.MEDIUM
    return Confidence.LOW


def detect_flat_pattern(*, values: Iterable[int | None]) -> FlatPattern | None:
    """ALL_TOP / ALL_BOTTOM when ≥ 5 real answers are all 3 / all 0 ("Je ne sais pas" ignored)."""
    real = [v for v in values if v is not None]
    if len(real) < FLAT_PATTERN_MIN_ANSWERS:
        return None
    if all(v == ABSOLUTELY for v in real):
        return FlatPattern.ALL_TOP
    if all(v == NOT_AT_ALL for v in real):
        return FlatPattern.ALL_BOTTOM
    return None


def programme_band(*, strong: int, on_track: int, to_strengthen: int) -> Band:
    """Overall band from the attendu bands (non-assessed attendus do not count)."""
    assessed = strong + on_track + to_strengthen
    if assessed == 0:
        return Band.NOT_ASSESSED
    if to_strengthen:
        return Band.TO_STRENGTHEN
    if strong * STRONG_SHARE.denominator >= STRONG_SHARE.numerator * assessed:
        return Band.STRONG
    return Band.ON_TRACK


# --- Inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """An item of the questionnaire: its id and its dimension slug."""

    item_id: int
    dimension: str


@dataclass(frozen=True, slots=True)
class AttenduSpec:
    """An attendu and its items. One attendu id must always carry the same items."""

    attendu_id: int
    items: tuple[ItemSpec, ...]


@dataclass(frozen=True, slots=True)
class ProgrammeSpec:
    """A programme as the scoring sees it: its attendus in fiche order."""

    programme_id: int
    attendus: tuple[AttenduSpec, ...]


# --- Results ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttenduResult:
    attendu_id: int
    band: Band
    score: float | None  # mean of real answers, 0..3
    answered: int  # real answers (0..3)
    dont_know: int
    skipped: int
    item_count: int


@dataclass(frozen=True, slots=True)
class DimensionResult:
    dimension: str
    band: Band
    score: float | None
    answered: int
    item_count: int


@dataclass(frozen=True, slots=True)
class ProgrammeResult:
    """Everything a results page needs for one programme."""

    programme_id: int
    band: Band
    confidence: Confidence
    answered_share: float  # real answers / items, 0..1
    attendus: tuple[AttenduResult, ...]
    dimensions: tuple[DimensionResult, ...]  # in order of first appearance
    flat_pattern: FlatPattern | None
    scoring_version: str = SCORING_VERSION

    def count(self, band: Band) -> int:
        return sum(1 for a in self.attendus if a.band is band)


# --- Scoring ---------------------------------------------------------------------------------


def _attendu_stats(
    items: Sequence[ItemSpec], get, skip: str | None = None
) -> tuple[Band, int, int, int, int] | None:
    """(band, total, real answers, « Je ne sais pas », skipped) of an attendu's items, leaving
    out those of dimension `skip`; None when no item is left."""
    total = count = dont_know = skipped = considered = 0
    has_zero = False
    for item in items:
        if item.dimension == skip:
            continue
        considered += 1
        value = get(item.item_id, _SKIPPED)
        if value is _SKIPPED:
            skipped += 1
        elif value is None:
            dont_know += 1
        else:
            total += value
            count += 1
            has_zero = has_zero or value == NOT_AT_ALL
    if not considered:
        return None
    return band_for(total=total, count=count, has_zero=has_zero), total, count, dont_know, skipped


_SKIPPED = object()


def score_attendu(*, attendu: AttenduSpec, answers: Answers) -> AttenduResult:
    """Band and mean score of one attendu."""
    band, total, count, dont_know, skipped = _attendu_stats(attendu.items, answers.get) or (
        Band.NOT_ASSESSED,
        0,
        0,
        0,
        0,
    )
    return AttenduResult(
        attendu_id=attendu.attendu_id,
        band=band,
        score=total / count if count else None,
        answered=count,
        dont_know=dont_know,
        skipped=skipped,
        item_count=len(attendu.items),
    )


def dimension_profile(*, answers: Answers, items: Iterable[ItemSpec]) -> list[DimensionResult]:
    """Mean and band per dimension over `items` (each item counted once), for a chart."""
    answers = _checked(answers)
    stats: dict[str, list] = {}  # dimension → [total, count, has_zero, item_count]
    seen: set[int] = set()
    for item in items:
        if item.item_id in seen:
            continue
        seen.add(item.item_id)
        entry = stats.setdefault(item.dimension, [0, 0, False, 0])
        entry[3] += 1
        value = answers.get(item.item_id)
        if value is not None:
            entry[0] += value
            entry[1] += 1
            entry[2] = entry[2] or value == NOT_AT_ALL
    return [
        DimensionResult(
            dimension=slug,
            band=band_for(total=total, count=count, has_zero=has_zero),
            score=total / count if count else None,
            answered=count,
            item_count=item_count,
        )
        for slug, (total, count, has_zero, item_count) in stats.items()
    ]


def score_programme(*, programme: ProgrammeSpec, answers: Answers) -> ProgrammeResult:
    """The full result of one programme: attendus, dimensions, band, fit, confidence."""
    answers = _checked(answers)
    results = tuple(score_attendu(attendu=a, answers=answers) for a in programme.attendus)
    items = [item for attendu in programme.attendus for item in attendu.items]
    item_count = len(items)
    real = sum(r.answered for r in results)
    strong = sum(1 for r in results if r.band is Band.STRONG)
    on_track = sum(1 for r in results if r.band is Band.ON_TRACK)
    to_strengthen = sum(1 for r in results if r.band is Band.TO_STRENGTHEN)
    return ProgrammeResult(
        programme_id=programme.programme_id,
        band=programme_band(strong=strong, on_track=on_track, to_strengthen=to_strengthen),
        confidence=confidence_for(real_answers=real, total_items=item_count),
        answered_share=real / item_count if item_count else 0.0,
        attendus=results,
        dimensions=tuple(dimension_profile(answers=answers, items=items)),
        flat_pattern=detect_flat_pattern(values=(answers.get(i.item_id) for i in items)),
    )


# --- Suggestions: interest first, then readiness ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A programme's place among the suggestions, with the facts that explain it.

    `interest` is the student's answer (0..3) to the programme's best-liked main field, None
    when they said nothing about any of them. Readiness counts the programme's attendus that
    are not only about its field (that is the interest's job): `assessed` of them got a real
    answer; the others are not guessed.
    """

    programme_id: int
    interest: int | None
    interest_area: str | None
    interest_breadth: float | None  # mean answer over its fields the student rated
    usual_access: bool  # the student's bac is among its usual access routes
    attendu_count: int
    assessed: int
    strong: int
    on_track: int
    to_strengthen: int
    weak_dimensions: tuple[str, ...]  # answered « Pas du tout »/« Plutôt pas » in its attendus

    @property
    def good(self) -> int:
        return self.strong + self.on_track

    @property
    def band(self) -> Band:
        return programme_band(
            strong=self.strong, on_track=self.on_track, to_strengthen=self.to_strengthen
        )

    @property
    def enough_evidence(self) -> bool:
        """The student told us enough to suggest it: their interest in its field, and at least
        `MIN_ASSESSED_ATTENDUS` of its attendus (or all, when it has fewer)."""
        needed = min(MIN_ASSESSED_ATTENDUS, self.attendu_count)
        return self.interest is not None and self.assessed >= needed

    @property
    def readiness(self) -> int | None:
        """Share of the assessed attendus in good shape, in %, for ordering and for counsellors
        (never shown to students); None without enough evidence."""
        if not self.enough_evidence:
            return None
        share = good_share(good=self.good, assessed=self.assessed)
        return None if share is None else round(share)


def good_share(*, good: int, assessed: int) -> float | None:
    """Share of the assessed attendus in good shape (point fort or en bonne voie), in %."""
    return 100 * good / assessed if assessed else None


def low_dimensions(*, items: Iterable[ItemSpec], get) -> tuple[str, ...]:
    """The dimensions of the items answered « Pas du tout » or « Plutôt pas » (in order, once):
    what an attendu « Point de vigilance » asks the student to work on."""
    return tuple(
        dict.fromkeys(
            i.dimension
            for i in items
            if (value := get(i.item_id)) is not None and value <= RATHER_NOT
        )
    )


_BAND_ORDER = {Band.STRONG: 0, Band.ON_TRACK: 1, Band.TO_STRENGTHEN: 2, Band.NOT_ASSESSED: 3}


def suggestion_order(suggestion: Suggestion) -> tuple:
    """The published order: enough evidence first; then interest (« Tout à fait » before
    « Plutôt »…, unknown last), the best-liked field deciding, then how much the student likes
    the programme's other fields; programmes open to the student's bac by a usual route before
    the others; then readiness: the programme band, the share of assessed attendus in good
    shape, how many were assessed; then the programme id (stable)."""
    s = suggestion
    return (
        not s.enough_evidence,
        -(s.interest if s.interest is not None else -1),
        -(s.interest_breadth or 0),
        not s.usual_access,
        _BAND_ORDER[s.band],
        # A correctly rounded division: equal ratios (1/2, 2/4) give the same float.
        -(s.good / s.assessed if s.assessed else 0.0),
        -s.assessed,
        s.programme_id,
    )


def rank_suggestions(
    *,
    programmes: Sequence[ProgrammeSpec],
    areas: Mapping[int, Sequence[str]],
    area_values: Mapping[str, int | None],
    answers: Answers,
    usual: Collection[int] | None = None,
) -> list[Suggestion]:
    """Every programme, in `suggestion_order`.

    `usual`: the ids of programmes open to the student's bac by a usual route (None: all).
    `areas`: programme id → its main fields (interest area slugs), main one first.
    `area_values`: area slug → the student's answer (0..3, None for « Je ne sais pas »).
    `answers`: item id → answer, for the items asked. An attendu is scored once with
    `score_attendu` on its items outside the sector-interest dimension (one attendu id always
    carries the same items), so a programme's readiness uses the published attendu bands.
    """
    get = _checked(answers).get
    cache: dict[int, tuple[Band, tuple[str, ...]] | None] = {}
    out: list[Suggestion] = []
    for programme in programmes:
        counts = {Band.STRONG: 0, Band.ON_TRACK: 0, Band.TO_STRENGTHEN: 0, Band.NOT_ASSESSED: 0}
        weak: dict[str, None] = {}
        weighed = 0
        for attendu in programme.attendus:
            if attendu.attendu_id not in cache:
                stats = _attendu_stats(attendu.items, get, SECTOR_DIMENSION)
                if stats is None:
                    cache[attendu.attendu_id] = None  # only about the field: the interest's job
                else:
                    band = stats[0]
                    low = ()
                    if band is Band.TO_STRENGTHEN:
                        low = low_dimensions(
                            items=(i for i in attendu.items if i.dimension != SECTOR_DIMENSION),
                            get=get,
                        )
                    cache[attendu.attendu_id] = (band, low)
            entry = cache[attendu.attendu_id]
            if entry is None:
                continue
            weighed += 1
            counts[entry[0]] += 1
            if entry[1]:
                weak.update(dict.fromkeys(entry[1]))
        best: tuple[int, str] | None = None
        rated: list[int] = []
        for slug in areas.get(programme.programme_id, ()):
            value = area_values.get(slug)
            if value is not None:
                rated.append(value)
                if best is None or value > best[0]:
                    best = (value, slug)
        out.append(
            Suggestion(
                programme_id=programme.programme_id,
                interest=best[0] if best else None,
                interest_area=best[1] if best else None,
                interest_breadth=sum(rated) / len(rated) if rated else None,
                usual_access=usual is None or programme.programme_id in usual,
                attendu_count=weighed,
                assessed=weighed - counts[Band.NOT_ASSESSED],
                strong=counts[Band.STRONG],
                on_track=counts[Band.ON_TRACK],
                to_strengthen=counts[Band.TO_STRENGTHEN],
                weak_dimensions=tuple(weak),
            )
        )
    out.sort(key=suggestion_order)
    return out
