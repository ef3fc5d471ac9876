""".xlsx export: typed cells (text stays text, dates are dates, numbers are numbers), one column
per dimension and attendu, notes, formulas neutralised, flat memory, constant queries; read
back by openpyxl and by LibreOffice."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tracemalloc
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from orientation.backoffice import export
from orientation.models import CounsellorNote
from tests.backoffice.conftest import RELATION, make_response

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orientation_response_changelist")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Pseudonyms a spreadsheet would love to « help » with: leading zeros, a date, a phone number,
# formulas and an error code.
TRICKY = ["007", "12/03", "0612345678", "=1+1", "+33612345678", "-2", "@SOMME(A1)", "#N/A"]


def xlsx_bytes(http) -> bytes:
    assert http.status_code == 200, http.status_code
    assert http["Content-Type"] == XLSX_MIME
    assert http["Content-Disposition"].startswith('attachment; filename="cap-bts-')
    assert http["Content-Disposition"].endswith('.xlsx"')
    return b"".join(http.streaming_content)


def sheet_rows(data: bytes):
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Réponses"]
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:]]


@pytest.fixture
def tricky_cohort(catalogue, cohort_a, counsellor_a):
    for pseudonym in TRICKY:
        make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym=pseudonym)
    weak = make_response(
        cohort=cohort_a,
        programme=catalogue["mco"],
        pseudonym="Maëlys",
        code_for=lambda q: "pas-du-tout" if q.get("attendu_text") == RELATION else "plutot",
    )
    CounsellorNote.objects.create(
        response=weak, author=counsellor_a.user, text="Vu en entretien : stage en boutique."
    )
    make_response(cohort=cohort_a, pseudonym="Anaïs", bac_track="general")  # discovery
    make_response(cohort=cohort_a, programme=catalogue["cg"], completed=False)  # draft
    return cohort_a


def test_the_cohort_xlsx_has_typed_cells_and_a_column_per_dimension_and_attendu(
    counsellor_a, tricky_cohort
):
    url = reverse("admin:orientation_cohort_export_xlsx", args=[tricky_cohort.pk])
    data = xlsx_bytes(counsellor_a.get(url))
    header, rows = sheet_rows(data)
    assert header[: len(export.headers())] == export.headers()
    assert "Dimension : Relation client et sens du contact" in header
    assert f"Attendu : {RELATION}" in header
    assert header[-3:] == [
        "Attendus à renforcer (points de vigilance)",
        "Dimensions à renforcer",
        "Notes de conseil",
    ]
    by_name = {row["Pseudonyme"].value: row for row in rows}
    assert set(by_name) >= {*TRICKY, "Maëlys", "Anaïs", None}  # None: the draft's pseudonym
    for pseudonym in TRICKY:
        cell = by_name[pseudonym]["Pseudonyme"]
        # Text as typed: never a number, a date, a formula or an error code.
        assert (cell.value, cell.data_type) == (pseudonym, "s"), pseudonym
    assert by_name["=1+1"]["Pseudonyme"].quotePrefix  # editing the cell keeps it text
    assert not by_name["007"]["Pseudonyme"].quotePrefix
    row = by_name["Maëlys"]
    date = row["Date"]
    assert date.is_date and isinstance(date.value, datetime)
    assert date.number_format == export.XLSX_DATE_FORMAT
    assert row["Cohorte"].value == "Terminale STMG 2 — lycée A"
    assert row["Formation"].value == "BTS management commercial opérationnel"
    assert row["Bilan global"].value  # a band, in words
    assert row["Score d'adéquation (sur 100)"].data_type == "n"
    assert row["Score d'adéquation (sur 100)"].value == 75  # 75.0, read back as a number
    assert row["Attendus point de vigilance"].value == 1
    assert row[f"Attendu : {RELATION}"].value == "Point de vigilance"
    assert row["Attendus à renforcer (points de vigilance)"].value == RELATION
    assert "Vu en entretien : stage en boutique." in row["Notes de conseil"].value
    discovery = by_name["Anaïs"]
    assert discovery["Formation"].value is None and discovery["Bilan global"].value is None
    assert discovery[f"Attendu : {RELATION}"].value is None


def test_the_xlsx_holds_no_private_link_and_no_notes_without_the_permission(
    counsellor_a, tricky_cohort
):
    url = reverse("admin:orientation_cohort_export_xlsx", args=[tricky_cohort.pk])
    group = counsellor_a.user.groups.get()
    group.permissions.remove(group.permissions.get(codename="view_counsellornote"))
    data = xlsx_bytes(counsellor_a.get(url))
    header, _rows = sheet_rows(data)
    assert "Notes de conseil" not in header
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = b"".join(archive.read(name) for name in archive.namelist()).decode()
    for response in tricky_cohort.responses.all():
        assert response.token not in text
    assert "stage en boutique" not in text


def test_the_xlsx_action_exports_the_selected_visible_responses_only(
    catalogue, counsellor_a, cohort_a, cohort_b
):
    mine = make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym="Léa")
    theirs = make_response(cohort=cohort_b, programme=catalogue["cg"], pseudonym="Yanis")
    http = counsellor_a.post(
        CHANGELIST, {"action": "export_xlsx", "_selected_action": [mine.pk, theirs.pk]}
    )
    _header, rows = sheet_rows(xlsx_bytes(http))
    assert [row["Pseudonyme"].value for row in rows] == ["Léa"]
    refused = counsellor_a.post(
        CHANGELIST, {"action": "export_xlsx", "_selected_action": [theirs.pk]}
    )
    assert refused.status_code == 302 and XLSX_MIME not in refused.get("Content-Type", "")


def test_the_cohort_xlsx_runs_a_constant_number_of_queries(catalogue, counsellor_a, cohort_a):
    url = reverse("admin:orientation_cohort_export_xlsx", args=[cohort_a.pk])
    for _ in range(3):
        make_response(cohort=cohort_a, programme=catalogue["mco"])
    xlsx_bytes(counsellor_a.get(url))  # warm the content-type cache
    with CaptureQueriesContext(connection) as small:
        xlsx_bytes(counsellor_a.get(url))
    for index in range(27):
        response = make_response(cohort=cohort_a, programme=catalogue["cg"] if index % 2 else None)
        CounsellorNote.objects.create(response=response, text="Note")
    with CaptureQueriesContext(connection) as large:
        _header, rows = sheet_rows(xlsx_bytes(counsellor_a.get(url)))
    assert len(rows) == 30
    # Session, user, permissions, the cohort, then columns, responses, facts, notes.
    assert len(large.captured_queries) == len(small.captured_queries) <= 10


def test_rows_of_a_response_deleted_during_the_export_do_not_hold_up_the_others(
    catalogue, cohort_a, monkeypatch
):
    first = make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym="Un")
    make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym="Deux")
    # « Un » gone from the responses read, its facts still read: what a deletion between the
    # two reads looks like. « Deux » must still get its own facts.
    original = export.for_export
    monkeypatch.setattr(
        export, "for_export", lambda responses: original(responses).exclude(pk=first.pk)
    )
    header, rows = export.xlsx_rows(cohort_a.responses.all(), with_notes=False)
    [row] = list(rows)
    relation = header.index(f"Attendu : {RELATION}")
    assert row[2] == "Deux" and row[relation] == "En bonne voie"


def test_writing_ten_thousand_rows_keeps_memory_flat():
    """Peak memory while writing 1,000 then 10,000 rows (two cells each, to keep the test
    quick under tracemalloc): in write-only mode each row goes to a temporary file as it comes,
    so ten times the rows is not ten times the memory. (Measured: about +40 KB in write-only
    mode, +7 MB in openpyxl's ordinary mode.)"""

    def rows(count):
        for index in range(count):
            yield [f"{index:05d}", index]

    def peak(count) -> int:
        tracemalloc.start()
        try:
            export.write_xlsx(header=["Pseudonyme", "N°"], rows=rows(count), out=io.BytesIO())
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(1_000), peak(10_000)
    assert large - small < 1_000_000, (small, large)


# --- LibreOffice ----------------------------------------------------------------------------------


@pytest.fixture
def soffice() -> str:
    """LibreOffice's command line; the test is skipped without it, unless
    CAPBTS_REQUIRE_LIBREOFFICE=1 (set by .ci/run) makes that a failure."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    reason = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc"
    if os.environ.get("CAPBTS_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail(reason + " (CAPBTS_REQUIRE_LIBREOFFICE=1)")
    pytest.skip(reason)


def libreoffice_csv(soffice: str, xlsx: Path, workdir: Path) -> list[list[str]]:
    """The .xlsx converted to CSV by LibreOffice headless (UTF-8, comma, cells as shown)."""
    profile = workdir / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(workdir),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = (workdir / (xlsx.stem + ".csv")).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_libreoffice_reads_text_as_text_dates_as_dates_and_accents_intact(
    soffice, counsellor_a, tricky_cohort, tmp_path
):
    url = reverse("admin:orientation_cohort_export_xlsx", args=[tricky_cohort.pk])
    data = xlsx_bytes(counsellor_a.get(url))
    xlsx = tmp_path / "cohorte.xlsx"
    xlsx.write_bytes(data)
    table = libreoffice_csv(soffice, xlsx, tmp_path)
    header, rows = table[0], table[1:]
    assert header[:3] == ["Date", "Cohorte", "Pseudonyme"]
    by_name = {row[2]: dict(zip(header, row, strict=True)) for row in rows}
    for pseudonym in TRICKY:
        assert pseudonym in by_name, (pseudonym, sorted(by_name))  # « 007 », never « 7 »
    assert "2" not in by_name  # =1+1 was not computed
    row = by_name["Maëlys"]
    _header, typed = sheet_rows(data)
    completed = next(r for r in typed if r["Pseudonyme"].value == "Maëlys")["Date"].value
    # Shown as a date with its format, not as the serial number it is stored as.
    assert row["Date"] == completed.strftime("%d/%m/%Y %H:%M")
    assert row["Cohorte"] == "Terminale STMG 2 — lycée A"
    assert row["Formation"] == "BTS management commercial opérationnel"
    assert row[f"Attendu : {RELATION}"] == "Point de vigilance"
    assert row["Attendus point de vigilance"] == "1"
    assert "Anaïs" in by_name
