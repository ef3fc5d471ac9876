"""CSV export of responses for counsellors: one row per response, opening cleanly in Excel and
LibreOffice set to French (UTF-8 with a byte order mark, ";" separator, decimal comma,
dd/mm/yyyy dates).

The file is streamed: rows are read from the database in chunks and written as they go, so a
100,000-row export holds one chunk in memory, never the whole file.

Free text typed by students or staff (pseudonym, cohort name) is neutralised so that a spreadsheet
never reads it as a formula ("=HYPERLINK(…)" is exported as "'=HYPERLINK(…)").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.db.models.fields.json import KT
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from orientation.models import Response
from orientation.presentation import band_label, confidence_label
from orientation.scoring import Band, Confidence
from programmes.bac_tracks import bac_track_label

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def headers() -> list[str]:
    return [
        _("Date"),
        _("Cohorte"),
        _("Pseudonyme"),
        _("Parcours"),
        _("Formation"),
        _("Bac"),
        _("État"),
        _("Bilan global"),
        _("Fiabilité"),
        _("Score d'adéquation (sur 100)"),
        _("Attendus point fort"),
        _("Attendus en bonne voie"),
        _("Attendus point de vigilance"),
        _("Suggestion principale"),
    ]


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as typed, never evaluates."""
    return "'" + value if value.startswith(FORMULA_START) else value


def french_date(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def french_number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Labels:
    """The wording of the codes a row shows, translated once per export rather than per row."""

    journey: dict[str, str]
    status: dict[str, str]
    band: dict[str, str]
    confidence: dict[str, str]

    @classmethod
    def current(cls) -> Labels:
        return cls(
            journey={code: str(label) for code, label in Response.Journey.choices},
            status={code: str(label) for code, label in Response.Status.choices},
            band={band.value: band_label(band.value) for band in Band},
            confidence={c.value: confidence_label(c.value) for c in Confidence},
        )


# What a row reads of the result snapshot, extracted by the database: the JSON is never
# loaded (decoding it was a third of an export's time).
RESULT_FIELDS = {
    "export_confidence": "result__confidence",
    "export_fit": "result__fit",
    "export_strong": "result__counts__strong",
    "export_on_track": "result__counts__on_track",
    "export_to_strengthen": "result__counts__to_strengthen",
}


def for_export(responses: QuerySet[Response]) -> QuerySet[Response]:
    """`responses` as the export reads them: oldest first, cohort joined, no JSON loaded."""
    return (
        responses.without_snapshots()
        .select_related("cohort")
        .annotate(**{name: KT(path) for name, path in RESULT_FIELDS.items()})
        .order_by("created_at", "pk")
    )


def response_row(response: Response, labels: Labels | None = None) -> list[str]:
    """One row of a response read through `for_export`."""
    labels = labels or Labels.current()
    is_programme = response.journey == Response.Journey.PROGRAMME and response.is_completed

    def count(name: str) -> str:
        value = getattr(response, name)
        return str(value) if is_programme and value not in (None, "") else ""

    fit = response.export_fit

    return [
        french_date(response.completed_at or response.created_at),
        safe_text(response.cohort.name if response.cohort else ""),
        safe_text(response.pseudonym),
        labels.journey.get(response.journey, response.journey),
        safe_text(response.programme_name),
        bac_track_label(response.bac_track),
        labels.status.get(response.status, response.status),
        labels.band.get(response.band, "") if response.band else "",
        labels.confidence.get(response.export_confidence or "", ""),
        french_number(float(fit)) if is_programme and fit not in (None, "") else "",
        count("export_strong"),
        count("export_on_track"),
        count("export_to_strengthen"),
        safe_text(response.top_suggestion),
    ]


def rows(responses: Iterable[Response]) -> Iterator[list[str]]:
    """Header then one row per response (read through `for_export`)."""
    yield headers()
    labels = Labels.current()
    for response in responses:
        yield response_row(response, labels)


class _Line:
    """A file-like object whose write returns the line: csv.writer then yields text."""

    def write(self, value: str) -> str:
        return value


def csv_lines(responses: Iterable[Response]) -> Iterator[str]:
    """The CSV text, line by line, byte order mark first."""
    writer = csv.writer(_Line(), delimiter=DELIMITER, lineterminator="\r\n")
    yield BOM
    for row in rows(responses):
        yield writer.writerow(row)


def csv_response(responses: Iterable[Response], *, filename: str) -> StreamingHttpResponse:
    """An attachment download of `responses` as a French-spreadsheet-friendly CSV, streamed
    (pass an iterator over the queryset, `.iterator(chunk_size=…)`)."""
    http = StreamingHttpResponse(csv_lines(responses), content_type="text/csv; charset=utf-8")
    http["Content-Disposition"] = f'attachment; filename="{filename}"'
    http["Cache-Control"] = "no-store"
    return http


def export_filename(prefix: str = "cap-bts-reponses") -> str:
    return f"{prefix}-{timezone.localdate():%Y-%m-%d}.csv"
