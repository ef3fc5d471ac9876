"""Exports of responses for counsellors, one row per response.

- CSV, opening cleanly in Excel and LibreOffice set to French (UTF-8 with a byte order mark,
  ";" separator, decimal comma, dd/mm/yyyy dates);
- .xlsx (openpyxl, write-only mode): typed cells (pseudonyms are text, so « 007 » stays « 007 »;
  numbers are numbers; dates are dates with a French format), plus one column per dimension
  and per attendu of the results exported, the attendus to strengthen and the counsellors'
  notes. The workbook is written row by row to a temporary file, then sent from it.

The file is streamed: rows are read from the database in chunks and written as they go, so a
100,000-row export holds one chunk in memory, never the whole file.

Free text typed by students or staff (pseudonym, cohort name) is neutralised so that a spreadsheet
never reads it as a formula: in the CSV "=HYPERLINK(…)" is exported as "'=HYPERLINK(…)"; in the
.xlsx every text is a string cell (never a formula, never an error code), marked « quote
prefix » when it starts like a formula so that editing the cell keeps it text.

Neither export holds the private link's token, the answers or the snapshots: only what a
counsellor needs for the interview.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.db.models import F, Max, Min, QuerySet
from django.db.models.fields.json import KT
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from orientation.models import CounsellorNote, Response, ResultFact
from orientation.presentation import band_label, confidence_label
from orientation.scoring import Band, Confidence
from programmes.bac_tracks import bac_track_label
from programmes.text import fold

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


def typed_row(response: Response, labels: Labels) -> list[Any]:
    """The columns of `headers()` as typed values (str, int, float, naive local datetime,
    None) for a response read through `for_export`: the CSV writes them as French text, the
    .xlsx as typed cells."""
    is_programme = response.journey == Response.Journey.PROGRAMME and response.is_completed

    def count(name: str) -> int | None:
        value = _number(getattr(response, name))
        return int(value) if is_programme and value is not None else None

    when = response.completed_at or response.created_at
    return [
        timezone.localtime(when).replace(tzinfo=None),
        response.cohort.name if response.cohort else "",
        response.pseudonym,
        labels.journey.get(response.journey, response.journey),
        response.programme_name,
        bac_track_label(response.bac_track),
        labels.status.get(response.status, response.status),
        labels.band.get(response.band, "") if response.band else "",
        labels.confidence.get(response.export_confidence or "", ""),
        _number(response.export_fit) if is_programme else None,
        count("export_strong"),
        count("export_on_track"),
        count("export_to_strengthen"),
        response.top_suggestion,
    ]


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, float):
        return french_number(value)
    if isinstance(value, int):
        return str(value)
    return safe_text(value)


def response_row(response: Response, labels: Labels | None = None) -> list[str]:
    """One CSV row of a response read through `for_export`."""
    return [_csv_text(value) for value in typed_row(response, labels or Labels.current())]


def _number(value: Any) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


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


def export_filename(prefix: str = "cap-bts-reponses", *, extension: str = "csv") -> str:
    return f"{prefix}-{timezone.localdate():%Y-%m-%d}.{extension}"


# --- .xlsx --------------------------------------------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_DATE_FORMAT = "DD/MM/YYYY HH:MM"
XLSX_SHEET_TITLE = "Réponses"
# The file is built in memory up to this size, then on disk: a class stays in memory, a
# 100,000-row export does not.
XLSX_SPOOL_BYTES = 4 * 1024 * 1024
# Column widths, in characters, so that the file opens readable.
XLSX_NARROW, XLSX_WIDE = 14, 40


@dataclass(frozen=True)
class FactColumn:
    """A column of the .xlsx holding one dimension's or one attendu's band."""

    kind: str
    key: str
    label: str

    @property
    def header(self) -> str:
        if self.kind == ResultFact.Kind.DIMENSION:
            return _("Dimension : %(name)s") % {"name": self.label}
        return _("Attendu : %(text)s") % {"text": self.label}


def fact_columns(responses: QuerySet[Response]) -> list[FactColumn]:
    """One column per dimension (in the dimensions' order), then per attendu (programme by
    programme, in fiche order; an attendu two programmes share has one column), of the results
    of `responses`. One aggregate query."""
    rows = (
        ResultFact.objects.filter(
            response__in=responses.order_by().values("pk"),
            kind__in=[ResultFact.Kind.DIMENSION, ResultFact.Kind.ATTENDU],
        )
        .order_by()
        .values("kind", "response__programme_name", "key")
        .annotate(label=Max("label"), position=Min("position"))
    )
    dimensions: dict[str, tuple[int, str]] = {}
    attendus: dict[str, tuple[str, int, str]] = {}
    for row in rows:
        key, label, position = row["key"], row["label"], row["position"]
        if row["kind"] == ResultFact.Kind.DIMENSION:
            known = dimensions.get(key)
            if known is None or position < known[0]:
                dimensions[key] = (position, label)
        else:
            place = (fold(row["response__programme_name"] or ""), position, label)
            if key not in attendus or place < attendus[key]:
                attendus[key] = place
    return [
        FactColumn(ResultFact.Kind.DIMENSION, key, label)
        for key, (_pos, label) in sorted(dimensions.items(), key=lambda kv: kv[1])
    ] + [
        FactColumn(ResultFact.Kind.ATTENDU, key, place[2])
        for key, place in sorted(attendus.items(), key=lambda kv: kv[1])
    ]


def xlsx_headers(*, columns: list[FactColumn], with_notes: bool) -> list[str]:
    return [
        *headers(),
        *(column.header for column in columns),
        _("Attendus à renforcer (points de vigilance)"),
        _("Dimensions à renforcer"),
        *([_("Notes de conseil")] if with_notes else []),
    ]


def xlsx_row(
    response: Response,
    *,
    facts: list[ResultFact],
    notes: list[CounsellorNote] | None,
    columns: list[FactColumn],
    labels: Labels,
) -> list[Any]:
    """One row of typed values (str, int, float, naive local datetime, None) for a response
    read through `for_export`, its result facts and (when exported) its notes."""
    bands = {(f.kind, f.key): f.band for f in facts if f.kind != ResultFact.Kind.SUGGESTION}
    weak_attendus = [
        f.label
        for f in facts
        if f.kind == ResultFact.Kind.ATTENDU and f.band == Band.TO_STRENGTHEN.value
    ]
    weak_dimensions = [
        f.label
        for f in facts
        if f.kind == ResultFact.Kind.DIMENSION and f.band == Band.TO_STRENGTHEN.value
    ]
    row = typed_row(response, labels)
    for column in columns:
        band = bands.get((column.kind, column.key))
        row.append(labels.band.get(band, labels.band[Band.NOT_ASSESSED.value]) if band else "")
    row += ["\n".join(weak_attendus), "\n".join(weak_dimensions)]
    if notes is not None:
        row.append(
            "\n\n".join(
                f"{timezone.localtime(note.created_at):%d/%m/%Y} — {note.author_name} : {note.text}"
                for note in notes
            )
        )
    return row


class _Following:
    """The rows of a second query read alongside the responses: both are ordered by the
    response's (created_at, pk), so each response's rows come next, and neither query is
    held whole in memory. Rows of a response the first query did not return (deleted in
    between) are skipped rather than holding up the others."""

    def __init__(self, rows: Iterator) -> None:
        self._rows = rows
        self._next = next(self._rows, None)

    def take(self, response: Response) -> list:
        key = (response.created_at, response.pk)
        taken = []
        while self._next is not None:
            row_key = (self._next.response_created_at, self._next.response_id)
            if row_key > key:
                break
            if row_key == key:
                taken.append(self._next)
            self._next = next(self._rows, None)
        return taken


def xlsx_rows(
    responses: QuerySet[Response], *, with_notes: bool, chunk_size: int = 1000
) -> tuple[list[str], Iterator[list[Any]]]:
    """The header and the rows of `responses` (a queryset, read through `for_export` here), in
    four queries whatever their number: the columns, then the responses, their facts and their
    notes, read side by side in chunks."""
    columns = fact_columns(responses)
    ordered = for_export(responses)
    ids = responses.order_by().values("pk")
    facts = (
        ResultFact.objects.filter(
            response__in=ids, kind__in=[ResultFact.Kind.DIMENSION, ResultFact.Kind.ATTENDU]
        )
        .annotate(response_created_at=F("response__created_at"))
        .order_by("response_created_at", "response_id", "kind", "position")
        .only("response_id", "kind", "key", "label", "band", "position")
    )
    notes = (
        CounsellorNote.objects.filter(response__in=ids)
        .select_related("author")
        .annotate(response_created_at=F("response__created_at"))
        .order_by("response_created_at", "response_id", "created_at", "pk")
    )

    def generate() -> Iterator[list[Any]]:
        labels = Labels.current()
        fact_rows = _Following(facts.iterator(chunk_size=chunk_size))
        note_rows = _Following(notes.iterator(chunk_size=chunk_size)) if with_notes else None
        for response in ordered.iterator(chunk_size=chunk_size):
            yield xlsx_row(
                response,
                facts=fact_rows.take(response),
                notes=note_rows.take(response) if note_rows is not None else None,
                columns=columns,
                labels=labels,
            )

    return xlsx_headers(columns=columns, with_notes=with_notes), generate()


def xlsx_text(value: str) -> str:
    """Text openpyxl accepts (no control characters an .xlsx cannot hold)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def xlsx_cell(sheet, value: Any) -> Any:
    """What to append for `value`: a text is always a string cell — never a formula, never an
    error code such as « #N/A » (openpyxl guesses both from a leading « = » or « # ») — with
    the quote prefix when it starts like a formula, as the CSV's apostrophe; a date gets a
    French date format; numbers go as they are."""
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=xlsx_text(value))
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return value


def write_xlsx(*, header: list[str], rows: Iterable[list[Any]], out: IO[bytes]) -> None:
    """An .xlsx of one sheet (header row frozen and filterable) into `out`, in openpyxl's
    write-only mode: each row goes to a temporary file as it comes, so memory stays flat
    whatever the number of rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(XLSX_SHEET_TITLE)
    sheet.freeze_panes = "A2"
    # The CSV's columns are short values; the dimension, attendu and note columns hold text.
    base = len(headers())
    for index in range(1, len(header) + 1):
        width = XLSX_NARROW if index <= base else XLSX_WIDE
        sheet.column_dimensions[get_column_letter(index)].width = width
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}1"
    bold = Font(bold=True)
    titles = []
    for title in header:
        cell = xlsx_cell(sheet, title)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        titles.append(cell)
    sheet.append(titles)
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    workbook.save(out)


def xlsx_response(
    responses: QuerySet[Response], *, filename: str, with_notes: bool
) -> FileResponse:
    """An attachment download of `responses` as an .xlsx, built in a temporary file (memory
    for a class, disk beyond XLSX_SPOOL_BYTES) and sent from it."""
    header, rows = xlsx_rows(responses, with_notes=with_notes)
    # Closed by FileResponse once sent.
    out = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)  # noqa: SIM115
    write_xlsx(header=header, rows=rows, out=out)
    out.seek(0)
    http = FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
    http["Cache-Control"] = "no-store"
    return http
