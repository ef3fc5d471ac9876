"""CSV export for French spreadsheets: BOM, ";" separator, French headers, one row per response."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from orientation.backoffice.export import BOM, safe_text
from tests.backoffice.conftest import always, make_response

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orientation_response_changelist")
HEADERS = [
    "Date",
    "Cohorte",
    "Pseudonyme",
    "Parcours",
    "Formation",
    "Bac",
    "État",
    "Bilan global",
    "Fiabilité",
    "Score d'adéquation (sur 100)",
    "Attendus point fort",
    "Attendus en bonne voie",
    "Attendus point de vigilance",
    "Suggestion principale",
]


def read_csv(http) -> list[dict[str, str]]:
    """Read back as a spreadsheet would: strip the BOM, split on ";"."""
    assert http["Content-Type"] == "text/csv; charset=utf-8"
    assert http["Content-Disposition"].startswith('attachment; filename="cap-bts-')
    assert http.streaming  # written row by row, never whole in memory
    text = http.getvalue().decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[len(BOM) :]), delimiter=";"))
    assert rows[0] == HEADERS
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def export(client, responses):
    return client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [r.pk for r in responses]}
    )


def test_the_export_round_trips_with_french_headers_accents_and_decimal_commas(
    catalogue, counsellor_a, cohort_a
):
    strong = make_response(
        cohort=cohort_a,
        programme=catalogue["mco"],
        pseudonym="Maëlys",
        code_for=always("tout-a-fait"),
    )
    discovery = make_response(cohort=cohort_a, pseudonym="Anaïs", bac_track="general")
    rows = read_csv(export(counsellor_a, [strong, discovery]))
    by_name = {row["Pseudonyme"]: row for row in rows}
    assert set(by_name) == {"Maëlys", "Anaïs"}
    row = by_name["Maëlys"]
    assert row["Cohorte"] == "Terminale STMG 2 — lycée A"
    assert row["Parcours"] == "Suis-je fait pour ce BTS ?"
    assert row["Formation"] == "BTS management commercial opérationnel"
    assert row["Bac"] == "Bac technologique STMG"
    assert row["État"] == "Terminée"
    assert row["Bilan global"] == "Point fort"
    assert row["Fiabilité"] == "élevée"
    assert row["Score d'adéquation (sur 100)"] == "100,0"
    assert (
        row["Attendus point fort"],
        row["Attendus en bonne voie"],
        row["Attendus point de vigilance"],
    ) == ("4", "0", "0")
    assert row["Suggestion principale"] == strong.top_suggestion
    assert row["Date"] == timezone.localtime(strong.completed_at).strftime("%d/%m/%Y %H:%M")
    other = by_name["Anaïs"]
    assert other["Parcours"] == "Quels BTS me correspondent ?"
    assert other["Bac"] == "Bac général"
    assert (other["Formation"], other["Bilan global"], other["Attendus point fort"]) == ("", "", "")
    assert other["Suggestion principale"] == discovery.top_suggestion != ""


def test_only_the_selected_responses_are_exported(catalogue, counsellor_a, cohort_a):
    chosen = make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym="Choisi")
    make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym="Pas choisi")
    rows = read_csv(export(counsellor_a, [chosen]))
    assert [row["Pseudonyme"] for row in rows] == ["Choisi"]


def test_a_draft_is_exported_with_its_state_and_no_result(catalogue, counsellor_a, cohort_a):
    draft = make_response(cohort=cohort_a, programme=catalogue["cg"], completed=False)
    [row] = read_csv(export(counsellor_a, [draft]))
    assert row["État"] == "Brouillon"
    assert row["Pseudonyme"] == ""
    assert row["Bilan global"] == row["Score d'adéquation (sur 100)"] == ""


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised(
    catalogue, counsellor_a, cohort_a
):
    hostile = make_response(
        cohort=cohort_a, programme=catalogue["mco"], pseudonym='=HYPERLINK("http://x";"clic")'
    )
    [row] = read_csv(export(counsellor_a, [hostile]))
    assert row["Pseudonyme"] == '\'=HYPERLINK("http://x";"clic")'
    assert [safe_text(t) for t in ["+1", "-2", "@a", "Léa"]] == ["'+1", "'-2", "'@a", "Léa"]


def test_the_cohort_export_holds_every_response_of_the_cohort_only(
    catalogue, counsellor_a, cohort_a, cohort_b
):
    make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym="Léa")
    make_response(cohort=cohort_a, programme=catalogue["cg"], pseudonym="Inès", completed=False)
    make_response(cohort=cohort_b, programme=catalogue["cg"], pseudonym="Yanis")
    http = counsellor_a.get(reverse("admin:orientation_cohort_export", args=[cohort_a.pk]))
    assert cohort_a.code.lower() in http["Content-Disposition"]
    assert sorted(row["Pseudonyme"] for row in read_csv(http)) == ["Inès", "Léa"]


def test_the_export_needs_the_export_permission(catalogue, counsellor_a, cohort_a):
    response = make_response(cohort=cohort_a, programme=catalogue["mco"])
    perm = counsellor_a.user.groups.get().permissions.get(codename="export_response")
    counsellor_a.user.groups.get().permissions.remove(perm)
    page = counsellor_a.get(CHANGELIST)
    assert "export_csv" not in page.content.decode()
    refused = export(counsellor_a, [response])
    assert "text/csv" not in refused.get("Content-Type", "")
    url = reverse("admin:orientation_cohort_export", args=[cohort_a.pk])
    assert counsellor_a.get(url).status_code == 403


def test_the_cohort_export_runs_a_constant_number_of_queries(
    catalogue, counsellor_a, cohort_a, django_assert_num_queries
):
    url = reverse("admin:orientation_cohort_export", args=[cohort_a.pk])
    for _ in range(3):
        make_response(cohort=cohort_a, programme=catalogue["mco"])
    counsellor_a.get(url).getvalue()
    # Session, user, two permission sets, the cohort, the responses (read as the file streams).
    with django_assert_num_queries(6):
        counsellor_a.get(url).getvalue()
    for _ in range(27):
        make_response(cohort=cohort_a, programme=catalogue["cg"])
    with django_assert_num_queries(6):
        http = counsellor_a.get(url)
        rows = read_csv(http)
    assert len(rows) == 30
