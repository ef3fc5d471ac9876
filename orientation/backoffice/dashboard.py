"""Cohort dashboard figures: pure aggregation of the result snapshots of completed responses.

Nothing here touches the database. The admin view loads a cohort's completed responses in one
query and passes them in; every figure is computed from the snapshots, so it shows exactly what
the students saw, whatever was edited in the content since.

A "row" is any object with the attributes `pk`, `journey`, `programme_name`, `pseudonym`,
`result` and `completed_at` (a `Response` does).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from orientation.models import Response
from orientation.results import MAX_SUGGESTIONS
from orientation.scoring import Band
from programmes.text import fold

BAND_ORDER: tuple[Band, ...] = (Band.STRONG, Band.ON_TRACK, Band.TO_STRENGTHEN, Band.NOT_ASSESSED)

TOP_SUGGESTIONS = 10


class Row(Protocol):
    pk: int
    journey: str
    programme_name: str
    pseudonym: str
    result: dict
    completed_at: datetime | None


def empty_counts() -> dict[str, int]:
    return {band.value: 0 for band in BAND_ORDER}


@dataclass
class Distribution:
    """How many students are in each band for one dimension, attendu or programme."""

    key: str
    label: str
    counts: dict[str, int] = field(default_factory=empty_counts)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, band: str) -> None:
        # An unknown band (future scoring version) counts as not assessed rather than vanishing.
        self.counts[band if band in self.counts else Band.NOT_ASSESSED.value] += 1

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
            }
            for band in BAND_ORDER
        ]


@dataclass
class ProgrammeBlock:
    """The students who tested one programme: their overall bands and their attendus."""

    name: str
    overall: Distribution
    attendus: list[Distribution]

    @property
    def responses(self) -> int:
        return self.overall.total


@dataclass(frozen=True)
class SuggestionCount:
    programme: int
    name: str
    slug: str
    count: int  # responses that show it among their first suggestions
    first: int  # responses that show it first


@dataclass(frozen=True)
class BlockingPoint:
    """A student with at least one attendu "À renforcer" on the programme they tested."""

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

    @property
    def total(self) -> int:
        return self.completed + self.drafts


def dimension_distributions(
    results: Iterable[Mapping], *, order: Mapping[str, int] | None = None
) -> list[Distribution]:
    """Per dimension, the students in each band (both journeys chart dimensions).

    Ordered like the results pages (`order`: slug → position), then by name.
    """
    by_slug: dict[str, Distribution] = {}
    for result in results:
        for dim in result.get("dimensions", ()):
            entry = by_slug.get(dim["slug"])
            if entry is None:
                entry = by_slug[dim["slug"]] = Distribution(dim["slug"], dim["name"])
            entry.add(dim["band"])
    order = order or {}
    return sorted(by_slug.values(), key=lambda d: (order.get(d.key, len(order) + 1), fold(d.label)))


def programme_blocks(rows: Iterable[Row]) -> list[ProgrammeBlock]:
    """Per programme tested ("Suis-je fait pour ce BTS ?"): overall bands and, attendu by
    attendu in fiche order, the students in each band. Most tested programmes first."""
    blocks: dict[str, ProgrammeBlock] = {}
    for row in rows:
        if row.journey != Response.Journey.PROGRAMME:
            continue
        name = row.programme_name
        block = blocks.get(name)
        if block is None:
            block = blocks[name] = ProgrammeBlock(name, Distribution(name, name), [])
        block.overall.add(row.result.get("band", Band.NOT_ASSESSED.value))
        known = {d.key: d for d in block.attendus}
        for attendu in row.result.get("attendus", ()):
            key = str(attendu["attendu"])
            entry = known.get(key)
            if entry is None:
                entry = known[key] = Distribution(key, attendu["text"])
                block.attendus.append(entry)
            entry.add(attendu["band"])
    return sorted(blocks.values(), key=lambda b: (-b.responses, fold(b.name)))


def first_suggestions(result: Mapping, *, limit: int = MAX_SUGGESTIONS) -> list[dict]:
    """The programmes a student saw first: the suggestions of "Suis-je fait pour ce BTS ?", or
    the best-ranked programmes open to their bac in "Quels BTS me correspondent ?"."""
    if "ranking" in result:
        entries = [e for e in result["ranking"] if e.get("open_to_bac", True)]
    else:
        entries = list(result.get("suggestions", ()))
    return [e for e in entries if e.get("fit") is not None][:limit]


def suggestion_counts(
    results: Iterable[Mapping], *, limit: int = TOP_SUGGESTIONS
) -> list[SuggestionCount]:
    """The programmes most often suggested: in how many responses each appears among the first
    suggestions, and in how many it comes first."""
    counts: dict[int, list] = {}  # programme → [name, slug, count, first]
    for result in results:
        for position, entry in enumerate(first_suggestions(result)):
            data = counts.setdefault(entry["programme"], [entry["name"], entry["slug"], 0, 0])
            data[2] += 1
            data[3] += int(position == 0)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1][2], -kv[1][3], fold(kv[1][0])))
    return [
        SuggestionCount(programme=pk, name=name, slug=slug, count=count, first=first)
        for pk, (name, slug, count, first) in ranked[:limit]
    ]


def blocking_points(rows: Iterable[Row]) -> list[BlockingPoint]:
    """Students with a point bloquant: an attendu "À renforcer" on the programme they tested."""
    found = []
    for row in rows:
        if row.journey != Response.Journey.PROGRAMME:
            continue
        weak = tuple(
            a["text"]
            for a in row.result.get("attendus", ())
            if a["band"] == Band.TO_STRENGTHEN.value
        )
        if weak:
            found.append(
                BlockingPoint(
                    response=row.pk,
                    pseudonym=row.pseudonym,
                    programme_name=row.programme_name,
                    attendus=weak,
                    completed_at=row.completed_at,
                )
            )
    return sorted(
        found, key=lambda b: (fold(b.programme_name), -len(b.attendus), fold(b.pseudonym))
    )


def summarise_cohort(
    rows: Sequence[Row], *, drafts: int, dimension_order: Mapping[str, int] | None = None
) -> CohortSummary:
    """Every figure of the cohort dashboard from its completed responses."""
    results = [row.result for row in rows]
    formation = sum(1 for row in rows if row.journey == Response.Journey.PROGRAMME)
    return CohortSummary(
        completed=len(rows),
        drafts=drafts,
        formation=formation,
        discovery=len(rows) - formation,
        dimensions=dimension_distributions(results, order=dimension_order),
        programmes=programme_blocks(rows),
        suggestions=suggestion_counts(results),
        blocking=blocking_points(rows),
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
    }
