"""Interview sheets: one printable page per completed response of a cohort, with what a
counsellor needs in front of a student.

Built from the summary columns of `Response` and its `ResultFact` rows (dimension and attendu
bands, first suggestions, with the wording the student saw), never from the JSON snapshots:
three queries whatever the cohort's size (responses, facts, notes with their authors).

One sheet per completed response rather than per student: students have no account and the
pseudonym is optional and not unique, so « the same student » cannot be told reliably; two
« Léa » would merge, anonymous students would vanish. A student who tested two BTS gets two
sheets, which is what the interview goes through. Drafts have no result and get none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from orientation.models import CounsellorNote, Response, ResultFact
from orientation.presentation import band_label, confidence_label
from orientation.scoring import Band
from programmes.bac_tracks import bac_track_label
from programmes.text import fold


@dataclass(frozen=True)
class SheetLine:
    """An attendu, dimension or suggestion on a sheet: its wording and band, in words."""

    label: str
    band: str
    band_label: str


@dataclass(frozen=True)
class SheetNote:
    author: str
    written_at: datetime
    text: str


@dataclass(frozen=True)
class InterviewSheet:
    response_id: int
    pseudonym: str  # « Anonyme » when none was given
    anonymous: bool
    completed_at: datetime | None
    journey: str
    journey_label: str
    programme_name: str
    bac_label: str
    band: str
    band_label: str
    confidence_label: str
    to_strengthen: tuple[SheetLine, ...]
    strengths: tuple[SheetLine, ...]
    on_track: tuple[SheetLine, ...]
    not_assessed: tuple[SheetLine, ...]
    dimensions: tuple[SheetLine, ...]
    suggestions: tuple[SheetLine, ...]
    notes: tuple[SheetNote, ...] | None  # None: the reader may not see notes

    @property
    def is_programme(self) -> bool:
        return self.journey == Response.Journey.PROGRAMME


def _line(fact: ResultFact) -> SheetLine:
    return SheetLine(label=fact.label, band=fact.band, band_label=band_label(fact.band))


def _note(note: CounsellorNote) -> SheetNote:
    return SheetNote(author=note.author_name, written_at=note.created_at, text=note.text)


def sheet_of(
    response: Response, *, facts: list[ResultFact], notes: list[CounsellorNote] | None
) -> InterviewSheet:
    """The sheet of a completed response from its facts (in kind then position order) and its
    notes (None when the reader may not see them)."""
    attendus = [_line(f) for f in facts if f.kind == ResultFact.Kind.ATTENDU]
    by_band: dict[str, list[SheetLine]] = {band.value: [] for band in Band}
    for line in attendus:
        known = line.band if line.band in by_band else Band.NOT_ASSESSED.value
        by_band[known].append(line)
    journeys = dict(Response.Journey.choices)
    return InterviewSheet(
        response_id=response.pk,
        pseudonym=response.pseudonym or _("Anonyme"),
        anonymous=not response.pseudonym,
        completed_at=response.completed_at,
        journey=response.journey,
        # French typography: « ? » never starts a line of its own.
        journey_label=str(journeys.get(response.journey, response.journey)).replace(
            " ?", "\u00a0?"
        ),
        programme_name=response.programme_name,
        bac_label=bac_track_label(response.bac_track),
        band=response.band,
        band_label=band_label(response.band) if response.band else "",
        confidence_label=confidence_label(getattr(response, "sheet_confidence", "") or ""),
        to_strengthen=tuple(by_band[Band.TO_STRENGTHEN.value]),
        strengths=tuple(by_band[Band.STRONG.value]),
        on_track=tuple(by_band[Band.ON_TRACK.value]),
        not_assessed=tuple(by_band[Band.NOT_ASSESSED.value]),
        dimensions=tuple(_line(f) for f in facts if f.kind == ResultFact.Kind.DIMENSION),
        suggestions=tuple(_line(f) for f in facts if f.kind == ResultFact.Kind.SUGGESTION),
        notes=None if notes is None else tuple(_note(n) for n in notes),
    )


def interview_sheets(responses: QuerySet[Response], *, with_notes: bool) -> list[InterviewSheet]:
    """The sheets of the completed responses among `responses`, by pseudonym (accents and case
    ignored, anonymous last) then completion date. Three queries whatever their number."""
    completed = (
        responses.completed()
        .without_snapshots()
        .annotate(sheet_confidence=KT("result__confidence"))
        .prefetch_related(
            Prefetch("facts", queryset=ResultFact.objects.order_by("kind", "position", "pk"))
        )
    )
    if with_notes:
        completed = completed.prefetch_related(
            Prefetch("notes", queryset=CounsellorNote.objects.select_related("author"))
        )
    sheets = [
        sheet_of(
            response,
            facts=list(response.facts.all()),
            notes=list(response.notes.all()) if with_notes else None,
        )
        for response in completed.order_by()
    ]
    sheets.sort(
        key=lambda s: (
            s.anonymous,
            fold(s.pseudonym),
            s.completed_at.timestamp() if s.completed_at else 0.0,
            s.response_id,
        )
    )
    return sheets
