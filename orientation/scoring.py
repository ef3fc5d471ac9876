"""Scoring engine, version 1.0: answers → attendu bands → programme result and ranking.

Pure functions over plain frozen dataclasses: no ORM, no I/O, deterministic. The journeys build
`ProgrammeSpec` objects once (see `orientation.models.ItemQuerySet.programme_specs`) and pass the
lycéen's answers as a mapping `item id → value`.

The published rules (in French, for students, counsellors and the README) are
docs/scoring.md: the one copy, checked against the constants below by a test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from orientation.dimensions import INTERET_SECTEUR

SCORING_VERSION = "1.0"

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
    Band.TO_STRENGTHEN: _("À renforcer"),
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
TO_STRENGTHEN_PENALTY = 10  # fit points off per "À renforcer" attendu
NEUTRAL_SCORE = 1.5  # a "Non évalué" attendu counts as the middle of the scale in the fit
HIGH_CONFIDENCE_SHARE = Fraction(4, 5)  # ≥ 80 % real answers → élevée
MEDIUM_CONFIDENCE_SHARE = Fraction(1, 2)  # ≥ 50 % real answers → moyenne
FLAT_PATTERN_MIN_ANSWERS = 5
MAX_REASON_STRENGTHS = 3
# Interest items are about each programme's own field: not a strength shared across programmes.
SECTOR_DIMENSION = INTERET_SECTEUR

_CONFIDENCE_RANK = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}


def band_for(*, total: int, count: int, has_zero: bool) -> Band:
    """Band of `count` real answers summing to `total` (exact integer comparisons)."""
    if count == 0:
        return Band.NOT_ASSESSED
    if has_zero:
        return Band.TO_STRENGTHEN
    if total * STRONG_MEAN.denominator >= STRONG_MEAN.numerator * count:
        return Band.STRONG
    if total * ON_TRACK_MEAN.denominator >= ON_TRACK_MEAN.numerator * count:
        return Band.ON_TRACK
    return Band.TO_STRENGTHEN


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


def fit_score_for(
    *, attendu_scores: Sequence[float], to_strengthen: int, not_assessed: int = 0
) -> float | None:
    """0–100: mean attendu score / 3 × 100 − 10 per "À renforcer", clamped, one decimal.

    The `not_assessed` attendus count as `NEUTRAL_SCORE` in the mean; with no assessed attendu
    at all there is no score (None)."""
    if not attendu_scores:
        return None
    total = sum(attendu_scores) + NEUTRAL_SCORE * not_assessed
    raw = total / (len(attendu_scores) + not_assessed) / MAX_VALUE * 100
    return round(min(100.0, max(0.0, raw - TO_STRENGTHEN_PENALTY * to_strengthen)), 1)


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
    fit_score: float | None
    confidence: Confidence
    answered_share: float  # real answers / items, 0..1
    attendus: tuple[AttenduResult, ...]
    dimensions: tuple[DimensionResult, ...]  # in order of first appearance
    flat_pattern: FlatPattern | None
    scoring_version: str = SCORING_VERSION

    def count(self, band: Band) -> int:
        return sum(1 for a in self.attendus if a.band is band)


@dataclass(frozen=True, slots=True)
class _RankingContext:
    """What every fit of one ranking shares, to name strengths on demand."""

    strong_dimensions: frozenset[str]
    dimension_names: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class ProgrammeFit:
    """A programme's place in a ranking, with the facts behind its reason text.

    `strengths`, `strength_names` and `reason` are computed when read (ranking 1,000
    programmes does not pay for texts nobody displays).
    """

    programme_id: int
    band: Band
    fit_score: float | None
    confidence: Confidence
    answered_share: float
    attendu_count: int
    strong_count: int
    on_track_count: int
    to_strengthen_count: int
    not_assessed_count: int
    programme: ProgrammeSpec = field(compare=False, repr=False)
    context: _RankingContext = field(compare=False, repr=False)

    @property
    def strengths(self) -> tuple[str, ...]:
        """Up to 3 dimension slugs, in fiche order, used by this programme and in which the
        lycéen's answers (over the whole response) are "Point fort"; never the sector one."""
        strong = self.context.strong_dimensions
        found: list[str] = []
        for attendu in self.programme.attendus:
            for item in attendu.items:
                if item.dimension in strong and item.dimension not in found:
                    found.append(item.dimension)
                    if len(found) == MAX_REASON_STRENGTHS:
                        return tuple(found)
        return tuple(found)

    @property
    def strength_names(self) -> tuple[str, ...]:
        names = self.context.dimension_names
        return tuple(names.get(slug, slug) for slug in self.strengths)

    @property
    def reason(self) -> str:
        """ "5 attendus sur 6 en bonne voie ; 1 à renforcer. Points forts utiles : anglais."
        ("en bonne voie" counts "Point fort" and "En bonne voie")."""
        good = self.strong_count + self.on_track_count
        if good:
            first = ngettext(
                "%(good)d attendu sur %(total)d en bonne voie",
                "%(good)d attendus sur %(total)d en bonne voie",
                good,
            )
        else:  # French reads "0" as singular; no catalogue is needed for this case
            first = gettext("Aucun attendu sur %(total)d en bonne voie")
        parts = [first % {"good": good, "total": self.attendu_count}]
        if self.to_strengthen_count:
            parts.append(
                ngettext("%(count)d à renforcer", "%(count)d à renforcer", self.to_strengthen_count)
                % {"count": self.to_strengthen_count}
            )
        if self.not_assessed_count:
            parts.append(
                ngettext("%(count)d non évalué", "%(count)d non évalués", self.not_assessed_count)
                % {"count": self.not_assessed_count}
            )
        text = " ; ".join(parts) + "."
        names = self.strength_names
        if names:
            text += " " + gettext("Points forts utiles : %(names)s.") % {
                "names": ", ".join(n[:1].lower() + n[1:] for n in names)
            }
        return text


# --- Scoring ---------------------------------------------------------------------------------


def score_attendu(*, attendu: AttenduSpec, answers: Answers) -> AttenduResult:
    """Band and mean score of one attendu."""
    total = count = dont_know = skipped = 0
    has_zero = False
    for item in attendu.items:
        if item.item_id not in answers:
            skipped += 1
            continue
        value = answers[item.item_id]
        if value is None:
            dont_know += 1
            continue
        total += value
        count += 1
        has_zero = has_zero or value == NOT_AT_ALL
    return AttenduResult(
        attendu_id=attendu.attendu_id,
        band=band_for(total=total, count=count, has_zero=has_zero),
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
        fit_score=fit_score_for(
            attendu_scores=[r.score for r in results if r.score is not None],
            to_strengthen=to_strengthen,
            not_assessed=sum(1 for r in results if r.band is Band.NOT_ASSESSED),
        ),
        confidence=confidence_for(real_answers=real, total_items=item_count),
        answered_share=real / item_count if item_count else 0.0,
        attendus=results,
        dimensions=tuple(dimension_profile(answers=answers, items=items)),
        flat_pattern=detect_flat_pattern(values=(answers.get(i.item_id) for i in items)),
    )


_BANDS = (Band.STRONG, Band.ON_TRACK, Band.TO_STRENGTHEN, Band.NOT_ASSESSED)
_CONFIDENCES = (Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW)


def rank_programmes(
    *,
    answers: Answers,
    programmes: Sequence[ProgrammeSpec],
    dimension_names: Mapping[str, str] | None = None,
    min_confidence: Confidence | None = None,
    limit: int | None = None,
) -> list[ProgrammeFit]:
    """Programmes from best to worst fit, with the facts for a reason text.

    Same rules as `score_programme`, computed for speed: each distinct attendu is scored once
    (attendus are shared by many programmes, and one attendu id must always carry the same
    items), then each programme only adds up its attendus' cached results. Order: fit score
    descending, then confidence, then programme id; programmes with no assessed attendu last.
    `min_confidence` drops programmes below that confidence; `limit` keeps the first ones.
    """
    get = _checked(answers).get
    strong_num, strong_den = STRONG_MEAN.numerator, STRONG_MEAN.denominator
    track_num, track_den = ON_TRACK_MEAN.numerator, ON_TRACK_MEAN.denominator

    # Pass 1: every distinct attendu once → (items, real answers, total, band index); and the
    # per-dimension sums of the whole response, for the shared strengths.
    stats: dict[int, tuple[int, int, int, int]] = {}
    dim_total: dict[str, int] = {}
    dim_count: dict[str, int] = {}
    dim_zero: set[str] = set()
    for programme in programmes:
        for attendu in programme.attendus:
            if attendu.attendu_id in stats:
                continue
            total = count = 0
            zero = False
            for item in attendu.items:
                value = get(item.item_id)
                if value is None:
                    continue
                total += value
                count += 1
                dimension = item.dimension
                dim_total[dimension] = dim_total.get(dimension, 0) + value
                dim_count[dimension] = dim_count.get(dimension, 0) + 1
                if value == NOT_AT_ALL:
                    zero = True
                    dim_zero.add(dimension)
            if count == 0:
                band = 3
            elif zero:
                band = 2
            elif total * strong_den >= strong_num * count:
                band = 0
            elif total * track_den >= track_num * count:
                band = 1
            else:
                band = 2
            stats[attendu.attendu_id] = (len(attendu.items), count, total, band)
    context = _RankingContext(
        strong_dimensions=frozenset(
            d
            for d, count in dim_count.items()
            if d != SECTOR_DIMENSION
            and d not in dim_zero
            and dim_total[d] * strong_den >= strong_num * count
        ),
        dimension_names=dimension_names or {},
    )

    # Pass 2: each programme adds up its attendus.
    high_num, high_den = HIGH_CONFIDENCE_SHARE.numerator, HIGH_CONFIDENCE_SHARE.denominator
    med_num, med_den = MEDIUM_CONFIDENCE_SHARE.numerator, MEDIUM_CONFIDENCE_SHARE.denominator
    share_num, share_den = STRONG_SHARE.numerator, STRONG_SHARE.denominator
    lowest = _CONFIDENCE_RANK[min_confidence] if min_confidence else 2
    fits: list[ProgrammeFit] = []
    for programme in programmes:
        item_count = real = scored = 0
        score_sum = 0.0
        counts = [0, 0, 0, 0]
        for attendu in programme.attendus:
            n_items, count, total, band = stats[attendu.attendu_id]
            item_count += n_items
            real += count
            counts[band] += 1
            if count:
                score_sum += total / count
                scored += 1
        if item_count and real * high_den >= high_num * item_count:
            confidence = 0
        elif item_count and real * med_den >= med_num * item_count:
            confidence = 1
        else:
            confidence = 2
        if confidence > lowest:
            continue
        strong, on_track, to_strengthen, not_assessed = counts
        if scored == 0:
            overall, fit = 3, None
        else:
            if to_strengthen:
                overall = 2
            elif strong * share_den >= share_num * scored:
                overall = 0
            else:
                overall = 1
            mean = (score_sum + NEUTRAL_SCORE * not_assessed) / (scored + not_assessed)
            raw = mean / MAX_VALUE * 100 - TO_STRENGTHEN_PENALTY * to_strengthen
            fit = round(min(100.0, max(0.0, raw)), 1)
        fits.append(
            ProgrammeFit(
                programme_id=programme.programme_id,
                band=_BANDS[overall],
                fit_score=fit,
                confidence=_CONFIDENCES[confidence],
                answered_share=real / item_count if item_count else 0.0,
                attendu_count=len(programme.attendus),
                strong_count=strong,
                on_track_count=on_track,
                to_strengthen_count=to_strengthen,
                not_assessed_count=not_assessed,
                programme=programme,
                context=context,
            )
        )
    fits.sort(
        key=lambda f: (
            f.fit_score is None,
            -(f.fit_score or 0.0),
            _CONFIDENCE_RANK[f.confidence],
            f.programme_id,
        )
    )
    return fits[:limit] if limit is not None else fits
