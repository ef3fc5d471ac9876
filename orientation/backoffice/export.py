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
from datetime import datetime

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from orientation.models import Response
from orientation.presentation import confidence_label
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
        _("Attendus à renforcer"),
        _("Suggestion principale"),
    ]


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as typed, never evaluates."""
    return "'" + value if value.startswith(FORMULA_START) else value


def french_date(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def french_number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def response_row(response: Response) -> list[str]:
    result = response.result or {}
    counts = result.get("counts", {})
    is_programme = response.journey == Response.Journey.PROGRAMME and response.is_completed

    def count(key: str) -> str:
        return str(counts[key]) if is_programme and key in counts else ""

    return [
        french_date(response.completed_at or response.created_at),
        safe_text(response.cohort.name if response.cohort else ""),
        safe_text(response.pseudonym),
        str(response.get_journey_display()),
        safe_text(response.programme_name),
        bac_track_label(response.bac_track),
        str(response.get_status_display()),
        str(response.get_band_display()) if response.band else "",
        confidence_label(result.get("confidence", "")),
        french_number(result.get("fit")) if is_programme else "",
        count("strong"),
        count("on_track"),
        count("to_strengthen"),
        safe_text(response.top_suggestion),
    ]


def rows(responses: Iterable[Response]) -> Iterator[list[str]]:
    """Header then one row per response (`responses` should select_related the cohort)."""
    yield headers()
    for response in responses:
        yield response_row(response)


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
