"""Cohort dashboard figures, counted by the database.

Every figure comes from SQL aggregates: the summary columns of `Response` (status, journey,
band) and the `ResultFact` rows derived from each result snapshot (dimension and attendu bands,
first suggestions). No snapshot is decoded here, so the page costs the same whatever the size
of the table or of the cohort; the students with a point de vigilance are paginated. The facts
hold the wording each student saw, so the dashboard shows what they saw, whatever was edited in
the content since.

`cohort_summary` runs the queries (five, whatever the cohort's size); the functions it feeds
(`distributions`, `programme_blocks`, `suggestion_counts`, `class_needs`) are pure and take
aggregated rows. `link_students` then gives every figure the address of the responses list
filtered to exactly the students it counts (orientation/backoffice/filters.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import Count, Max, Min, Q, QuerySet, Window

from orientation.backoffice.filters import (
    ATTENDU_PARAMETER,
    COHORT_PARAMETER,
    DIMENSION_PARAMETER,
    FIRST_SUGGESTION,
    PROGRAMME_PARAMETER,
    SUGGESTION_PARAMETER,
    responses_url,
)
from orientation.models import Response, ResultFact
from orientation.scoring import Band
from programmes.text import fold

BAND_ORDER: tuple[Band, ...] = (Band.STRONG, Band.ON_TRACK, Band.TO_STRENGTHEN, Band.NOT_ASSESSED)

TOP_SUGGESTIONS = 10
TOP_NEEDS = 10  # attendus shown under « Ce qui manque le plus à la classe »
BLOCKING_PER_PAGE = 25
# Far beyond any class (25 × 10,000 students): a larger number would overflow the OFFSET.
MAX_BLOCKING_PAGE = 10_000


def empty_counts() -> dict[str, int]:
    return {band.value: 0 for band in BAND_ORDER}


@dataclass
class Distribution:
    """How many students are in each band for one dimension, attendu or programme."""

    key: str
    label: str
    counts: dict[str, int] = field(default_factory=empty_counts)
    position: int = 0
    # Band → the responses list filtered to the students counted (set by `link_students`).
    hrefs: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, band: str, count: int = 1) -> None:
        # An unknown band (future scoring version) counts as not assessed rather than vanishing.
        self.counts[band if band in self.counts else Band.NOT_ASSESSED.value] += count

    @property
    def present(self) -> list[dict]:
        """The cells of the bands that have at least one student."""
        return [cell for cell in self.cells if cell["count"]]

    @property
    def cells(self) -> list[dict]:
        """One cell per band, in display order: band, label, count, percent of the total."""
        total = self.total
        return [
            {
                "band": band.value,
                "label": band.label,
                "count": self.counts[band.value],
                "percent": round(100 * self.counts[band.value] / total) if total else 0,
                "href": self.hrefs.get(band.value, ""),
            }
            for band in BAND_ORDER
        ]


@dataclass
class ProgrammeBlock:
    """The students who tested one programme: their overall bands and their attendus."""

    name: str
    overall: Distribution
    attendus: list[Distribution]
    # The catalogue programme all these students tested; None when some tested a programme
    # since deleted (its name kept), whose students no list filter can single out.
    programme_id: int | None = None

    @property
    def responses(self) -> int:
        return self.overall.total


@dataclass(frozen=True)
class SuggestionCount:
    slug: str
    name: str
    count: int  # responses that show it among their first suggestions
    first: int  # responses that show it first
    href: str = ""  # the students it was suggested to
    first_href: str = ""  # the students it was suggested to first


@dataclass(frozen=True)
class AttenduNeed:
    """One attendu across the cohort: how many students must strengthen it (« Point de
    vigilance »), out of how many whose answers assessed it."""

    key: str
    label: str
    weak: int
    assessed: int
    programmes: tuple[str, ...]  # the tested programmes that expect it, by name
    href: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.weak / self.assessed) if self.assessed else 0


@dataclass(frozen=True)
class BlockingPoint:
    """A student with at least one attendu « Point de vigilance » on the programme they tested."""

    response: int
    pseudonym: str
    programme_name: str
    attendus: tuple[str, ...]
    completed_at: datetime | None


@dataclass
class CohortSummary:
    completed: int
    drafts: int
    formation: int
    discovery: int
    dimensions: list[Distribution]
    programmes: list[ProgrammeBlock]
    suggestions: list[SuggestionCount]
    blocking: list[BlockingPoint]
    blocking_page: BlockingPage | None = None
    needs: list[AttenduNeed] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.completed + self.drafts

    @property
    def top_needs(self) -> list[AttenduNeed]:
        return self.needs[:TOP_NEEDS]

    @property
    def more_needs(self) -> int:
        """Attendus to strengthen beyond those shown (each programme's block lists them)."""
        return max(0, len(self.needs) - TOP_NEEDS)


# --- Pure functions of aggregated rows ----------------------------------------------------------


def distributions(rows: Iterable[Mapping]) -> list[Distribution]:
    """Rows {key, label, band, count, position} → one distribution per key (rows of a key and
    band add up), by position then label."""
    by_key: dict[str, Distribution] = {}
    for row in rows:
        entry = by_key.get(row["key"])
        if entry is None:
            entry = by_key[row["key"]] = Distribution(
                row["key"], row["label"], position=row.get("position", 0)
            )
        entry.position = min(entry.position, row.get("position", 0))
        entry.add(row["band"], row["count"])
    return sorted(by_key.values(), key=lambda d: (d.position, fold(d.label)))


def programme_blocks(
    overall: Iterable[Mapping], attendus: Iterable[Mapping]
) -> list[ProgrammeBlock]:
    """Per programme tested: overall rows {programme_name, band, count} and attendu rows
    {programme_name, key, label, band, count, position} → blocks, attendus in fiche order,
    most tested programmes first."""
    blocks: dict[str, ProgrammeBlock] = {}
    programme_ids: dict[str, set[int | None]] = {}
    for row in overall:
        name = row["programme_name"]
        block = blocks.get(name)
        if block is None:
            block = blocks[name] = ProgrammeBlock(name, Distribution(name, name), [])
        block.overall.add(row["band"] or Band.NOT_ASSESSED.value, row["count"])
        # Rows may say which programme their students tested (`programme` when
        # `programme_ids` == 1 and `with_programme` == `count`); any doubt leaves it unknown.
        ids = programme_ids.setdefault(name, set())
        single = row.get("programme_ids") == 1 and row.get("with_programme") == row["count"]
        ids.add(row.get("programme") if single else None)
    per_programme: dict[str, list[Mapping]] = {}
    for row in attendus:
        per_programme.setdefault(row["programme_name"], []).append(row)
    for name, block in blocks.items():
        block.attendus = distributions(per_programme.get(name, ()))
        ids = programme_ids[name]
        block.programme_id = next(iter(ids)) if len(ids) == 1 else None
    return sorted(blocks.values(), key=lambda b: (-b.responses, fold(b.name)))


def class_needs(attendus: Iterable[Mapping]) -> list[AttenduNeed]:
    """What the class lacks most: attendu rows {programme_name, key, label, band, count}
    summed over the programmes that share an attendu → the attendus at least one student must
    strengthen, most students first, then the larger share of those assessed, then label."""
    weak: dict[str, int] = {}
    assessed: dict[str, int] = {}
    labels: dict[str, str] = {}
    programmes: dict[str, set[str]] = {}
    for row in attendus:
        key = row["key"]
        labels.setdefault(key, row["label"])
        programmes.setdefault(key, set()).add(row["programme_name"])
        if row["band"] in (Band.STRONG, Band.ON_TRACK, Band.TO_STRENGTHEN):
            assessed[key] = assessed.get(key, 0) + row["count"]
        if row["band"] == Band.TO_STRENGTHEN:
            weak[key] = weak.get(key, 0) + row["count"]
    needs = [
        AttenduNeed(
            key=key,
            label=labels[key],
            weak=count,
            assessed=assessed[key],
            programmes=tuple(sorted(programmes[key], key=fold)),
        )
        for key, count in weak.items()
    ]
    needs.sort(key=lambda n: (-n.weak, -n.percent, fold(n.label)))
    return needs


def link_students(summary: CohortSummary, *, cohort_id: int) -> None:
    """Give each figure of `summary` the responses list filtered to exactly the students it
    counts (the filters read the same facts as the figures). A programme block whose students
    cannot be singled out (`programme_id` None) keeps its figures without links."""
    cohort = {COHORT_PARAMETER: cohort_id}
    for dist in summary.dimensions:
        dist.hrefs = {
            band.value: responses_url(**cohort, **{DIMENSION_PARAMETER: f"{dist.key}:{band}"})
            for band in BAND_ORDER
        }
    for block in summary.programmes:
        if block.programme_id is None:
            continue
        scope = {**cohort, PROGRAMME_PARAMETER: block.programme_id}
        block.overall.hrefs = {
            band.value: responses_url(**scope, band__exact=band.value) for band in BAND_ORDER
        }
        for dist in block.attendus:
            dist.hrefs = {
                band.value: responses_url(**scope, **{ATTENDU_PARAMETER: f"{dist.key}:{band}"})
                for band in BAND_ORDER
            }
    summary.suggestions = [
        replace(
            s,
            href=responses_url(**cohort, **{SUGGESTION_PARAMETER: s.slug}),
            first_href=responses_url(
                **cohort, **{SUGGESTION_PARAMETER: f"{s.slug}:{FIRST_SUGGESTION}"}
            ),
        )
        for s in summary.suggestions
    ]
    summary.needs = [
        replace(
            need,
            href=responses_url(**cohort, **{ATTENDU_PARAMETER: f"{need.key}:{Band.TO_STRENGTHEN}"}),
        )
        for need in summary.needs
    ]


def suggestion_counts(
    rows: Iterable[Mapping], *, limit: int = TOP_SUGGESTIONS
) -> list[SuggestionCount]:
    """Rows {key (slug), label, count, first} → the programmes most often among the first
    suggestions, then most often first."""
    counts = [
        SuggestionCount(slug=row["key"], name=row["label"], count=row["count"], first=row["first"])
        for row in rows
    ]
    counts.sort(key=lambda s: (-s.count, -s.first, fold(s.name)))
    return counts[:limit]


# --- Queries ------------------------------------------------------------------------------------


def cohort_summary(responses: QuerySet[Response], *, blocking_page: int | str = 1) -> CohortSummary:
    """Every figure of a cohort's dashboard from `responses` (the cohort's, as visible to the
    user), in five queries whatever the number of students."""
    completed = formation = drafts = 0
    overall = []
    for row in (
        responses.order_by()
        .values("status", "journey", "programme_name", "band")
        .annotate(
            count=Count("pk"),
            # Which catalogue programme the group tested, for the links to its students.
            programme=Max("programme_id"),
            programme_ids=Count("programme_id", distinct=True),
            with_programme=Count("programme_id"),
        )
    ):
        if row["status"] != Response.Status.COMPLETED:
            drafts += row["count"]
            continue
        completed += row["count"]
        if row["journey"] == Response.Journey.PROGRAMME:
            formation += row["count"]
            overall.append(row)
    done = responses.filter(status=Response.Status.COMPLETED)
    facts = ResultFact.objects.filter(response__in=done.values("pk")).order_by()
    dimension_rows, attendu_rows = [], []
    for row in (
        facts.filter(kind__in=[ResultFact.Kind.DIMENSION, ResultFact.Kind.ATTENDU])
        .values("kind", "response__programme_name", "key", "band")
        .annotate(count=Count("pk"), label=Max("label"), position=Min("position"))
    ):
        if row["kind"] == ResultFact.Kind.DIMENSION:
            dimension_rows.append(row)  # summed over programmes by `distributions`
        else:
            attendu_rows.append({**row, "programme_name": row["response__programme_name"]})
    suggestion_rows = (
        facts.filter(kind=ResultFact.Kind.SUGGESTION)
        .values("key")
        .annotate(count=Count("pk"), first=Count("pk", filter=Q(position=0)), label=Max("label"))
        .order_by("-count", "-first")[: TOP_SUGGESTIONS * 2]
    )
    page = blocking_students(done.filter(journey=Response.Journey.PROGRAMME), page=blocking_page)
    return CohortSummary(
        completed=completed,
        drafts=drafts,
        formation=formation,
        discovery=completed - formation,
        dimensions=distributions(dimension_rows),
        programmes=programme_blocks(overall, attendu_rows),
        suggestions=suggestion_counts(suggestion_rows),
        blocking=page.students,
        blocking_page=page,
        needs=class_needs(attendu_rows),
    )


@dataclass
class BlockingPage:
    """One page of the students with a point de vigilance, Paginator-like for the template."""

    students: list[BlockingPoint]
    number: int
    count: int  # students in every page
    per_page: int = BLOCKING_PER_PAGE

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def blocking_students(tested: QuerySet[Response], *, page: int | str = 1) -> BlockingPage:
    """One page of the students with a point de vigilance on the programme they tested, by
    programme, most points first, then pseudonym; each with the attendus concerned.

    Two queries: the page of students, each row carrying how many there are in all (a window
    count, so no separate COUNT), then their attendus. A page past the end shows the last."""
    try:
        # Capped: a huge page number would overflow the database's OFFSET.
        number = min(max(1, int(page)), MAX_BLOCKING_PAGE)
    except (TypeError, ValueError):
        number = 1
    weak = Q(facts__kind=ResultFact.Kind.ATTENDU, facts__band=Band.TO_STRENGTHEN.value)
    students = (
        tested.annotate(weak=Count("facts", filter=weak))
        .filter(weak__gt=0)
        .annotate(total=Window(Count("pk")))
        .order_by("programme_name", "-weak", "pseudonym", "pk")
        .values_list("pk", "pseudonym", "programme_name", "completed_at", "total")
    )
    start = (number - 1) * BLOCKING_PER_PAGE
    rows = list(students[start : start + BLOCKING_PER_PAGE])
    if not rows and number > 1:
        return blocking_students(tested, page=1)
    ids = [row[0] for row in rows]
    texts: dict[int, list[str]] = {pk: [] for pk in ids}
    if ids:
        for response_id, label in (
            ResultFact.objects.filter(
                response_id__in=ids, kind=ResultFact.Kind.ATTENDU, band=Band.TO_STRENGTHEN.value
            )
            .order_by("response_id", "position")
            .values_list("response_id", "label")
        ):
            texts[response_id].append(label)
    return BlockingPage(
        students=[
            BlockingPoint(
                response=pk,
                pseudonym=pseudonym,
                programme_name=programme_name,
                attendus=tuple(texts[pk]),
                completed_at=completed_at,
            )
            for pk, pseudonym, programme_name, completed_at, _total in rows
        ],
        number=number,
        count=rows[0][4] if rows else 0,
    )


# --- Chart geometry ----------------------------------------------------------------------------

CHART_WIDTH = 640
LABEL_HEIGHT = 20
BAR_HEIGHT = 22
ROW_GAP = 12
MIN_TEXT_WIDTH = 22  # a segment narrower than this shows no count (the table has it)


def stacked_chart(distributions: Sequence[Distribution], *, width: int = CHART_WIDTH) -> dict:
    """Geometry of a horizontal stacked bar chart (SVG, no script, no style attribute): per
    distribution a label line, then one bar whose segments are the bands, widths proportional
    to the counts. Segment edges are rounded cumulatively so that every bar is `width` long."""
    row_height = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    rows = []
    for index, dist in enumerate(distributions):
        top = index * row_height
        bar_y = top + LABEL_HEIGHT
        total = dist.total
        segments = []
        running = 0
        for cell in dist.cells:
            if not cell["count"]:
                continue
            start = round(width * running / total)
            running += cell["count"]
            end = round(width * running / total)
            segments.append(
                {
                    **cell,
                    "x": start,
                    "width": end - start,
                    "text_x": (start + end) // 2,
                    "show_count": end - start >= MIN_TEXT_WIDTH,
                }
            )
        rows.append(
            {
                "label": dist.label,
                "total": total,
                "label_y": top + LABEL_HEIGHT - 6,
                "bar_y": bar_y,
                "text_y": bar_y + BAR_HEIGHT - 6,
                "segments": segments,
            }
        )
    return {
        "rows": rows,
        "width": width,
        "height": max(1, len(rows) * row_height - ROW_GAP),
        "bar_height": BAR_HEIGHT,
        # Whether any bar links to its students (`link_students`): the link layer is drawn.
        "linked": any(seg["href"] for row in rows for seg in row["segments"]),
    }
