"""Cohort dashboard → the students behind each figure: every linked count opens the responses
list filtered to exactly the students it counts; what the class lacks most."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientation.backoffice import dashboard
from orientation.backoffice.filters import parse_band_value, responses_url
from orientation.models import Response
from tests.backoffice.conftest import MANAGEMENT, ORGANISATION, RELATION, make_response
from tests.backoffice.test_dashboard import counts, fact, hand_cohort  # noqa: F401

PF, EBV, AR, NE = "point-fort", "en-bonne-voie", "a-renforcer", "non-evalue"


def listed(client, url: str) -> list[Response]:
    page = client.get(url)
    assert page.status_code == 200, url
    changelist = page.context["cl"]
    assert changelist.result_count == len(changelist.result_list)  # one page holds them
    return list(changelist.result_list)


# --- Pure functions ------------------------------------------------------------------------------


def test_class_needs_rank_the_attendus_most_students_must_strengthen_across_programmes():
    rows = [
        fact("1", AR, 2, label="Organisation", programme="BTS MCO"),
        fact("1", PF, 3, label="Organisation", programme="BTS MCO"),
        fact("1", AR, 1, label="Organisation", programme="BTS CG"),
        fact("2", AR, 3, label="Relation", programme="BTS MCO"),
        fact("2", NE, 4, label="Relation", programme="BTS MCO"),
        fact("3", PF, 5, label="Équipe", programme="BTS MCO"),  # nobody to strengthen it
        fact("4", AR, 1, label="Anglais", programme="BTS CG"),
        fact("4", EBV, 1, label="Anglais", programme="BTS CG"),
    ]
    needs = dashboard.class_needs(rows)
    # Three students each for the first two: the larger share of those assessed first
    # (« non évalué » is not assessed); an attendu nobody must strengthen is not listed.
    assert [(n.label, n.weak, n.assessed, n.percent, n.programmes) for n in needs] == [
        ("Relation", 3, 3, 100, ("BTS MCO",)),
        ("Organisation", 3, 6, 50, ("BTS CG", "BTS MCO")),
        ("Anglais", 1, 2, 50, ("BTS CG",)),
    ]


def test_a_programme_block_knows_its_programme_only_when_every_student_tested_that_one():
    overall = [
        {
            "programme_name": "BTS A",
            "band": PF,
            "count": 2,
            "programme": 7,
            "programme_ids": 1,
            "with_programme": 2,
        },
        {
            "programme_name": "BTS A",
            "band": AR,
            "count": 1,
            "programme": 7,
            "programme_ids": 1,
            "with_programme": 1,
        },
        # One student tested a programme since deleted (its name kept, no id).
        {
            "programme_name": "BTS B",
            "band": PF,
            "count": 2,
            "programme": 8,
            "programme_ids": 1,
            "with_programme": 1,
        },
        {
            "programme_name": "BTS C",
            "band": PF,
            "count": 1,
            "programme": 9,
            "programme_ids": 1,
            "with_programme": 1,
        },
        {
            "programme_name": "BTS C",
            "band": AR,
            "count": 1,
            "programme": 10,
            "programme_ids": 1,
            "with_programme": 1,
        },
    ]
    blocks = {b.name: b.programme_id for b in dashboard.programme_blocks(overall, [])}
    assert blocks == {"BTS A": 7, "BTS B": None, "BTS C": None}


def test_band_values_are_parsed_strictly():
    assert parse_band_value("relation-client:a-renforcer") == ("relation-client", AR)
    assert parse_band_value("12:non-evalue") == ("12", NE)
    for junk in ["", "relation-client", "x:rouge", ":a-renforcer", "a b:point-fort", "x" * 65]:
        assert parse_band_value(junk) is None, junk


# --- Through the admin ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_linked_figure_lists_exactly_the_students_it_counts(counsellor_a, hand_cohort):  # noqa: F811
    page = counsellor_a.get(reverse("admin:orientation_cohort_dashboard", args=[hand_cohort.pk]))
    summary = page.context["summary"]
    html = page.content.decode()
    distributions = [*summary.dimensions]
    for block in summary.programmes:
        assert block.programme_id is not None, block.name
        distributions += [block.overall, *block.attendus]
    checked = 0
    for dist in distributions:
        for cell in dist.cells:
            assert cell["href"], (dist.label, cell["band"])
            students = listed(counsellor_a, cell["href"])
            assert len(students) == cell["count"], (dist.label, cell["band"], cell["href"])
            assert all(r.cohort_id == hand_cohort.pk for r in students)
            if cell["count"]:
                assert cell["href"].replace("&", "&amp;") in html  # the page links it
                checked += 1
    assert checked > 20


@pytest.mark.django_db
def test_the_linked_lists_name_the_right_students(counsellor_a, hand_cohort):  # noqa: F811
    page = counsellor_a.get(reverse("admin:orientation_cohort_dashboard", args=[hand_cohort.pk]))
    summary = page.context["summary"]
    mco, cg = summary.programmes
    relation = next(a for a in mco.attendus if a.label == RELATION)
    weak = listed(counsellor_a, relation.hrefs[AR])
    assert [r.pseudonym for r in weak] == ["Inès"]
    organisation_mco = next(a for a in mco.attendus if a.label == ORGANISATION)
    assert [r.pseudonym for r in listed(counsellor_a, organisation_mco.hrefs[AR])] == ["Chloé"]
    # What the class lacks most, all programmes: Chloé (MCO) and Adam (CG) for organisation.
    top = summary.needs[0]
    assert (top.label, top.weak, top.assessed) == (ORGANISATION, 2, 6)
    assert sorted(r.pseudonym for r in listed(counsellor_a, top.href)) == ["Adam", "Chloé"]
    assert [n.label for n in summary.needs] == [ORGANISATION, RELATION]
    management = next(a for a in cg.attendus if a.label == MANAGEMENT)
    assert [r.pseudonym for r in listed(counsellor_a, management.hrefs[PF])] == ["Adam"]
    # Overall band of the MCO students.
    assert sorted(r.pseudonym for r in listed(counsellor_a, mco.overall.hrefs[AR])) == [
        "Chloé",
        "Inès",
    ]
    for suggestion in summary.suggestions:
        assert len(listed(counsellor_a, suggestion.href)) == suggestion.count
        assert len(listed(counsellor_a, suggestion.first_href)) == suggestion.first
    html = page.content.decode()
    assert "Ce qui manque le plus à la classe" in html
    assert top.href.replace("&", "&amp;") in html


@pytest.mark.django_db
def test_a_filter_set_by_a_link_shows_what_it_keeps_and_a_tampered_value_keeps_nothing(
    counsellor_a,
    hand_cohort,  # noqa: F811
):
    url = responses_url(cohorte=hand_cohort.pk, bilan_dimension="relation-client:a-renforcer")
    page = counsellor_a.get(url)
    assert [r.pseudonym for r in page.context["cl"].result_list] == ["Inès"]
    html = page.content.decode()
    assert "Critère : bilan d&#x27;une dimension" in html
    assert "Relation client et sens du contact : Point de vigilance" in html
    for tampered in [
        {"bilan_dimension": "relation-client:rouge"},
        {"bilan_attendu": "1 OR 1=1:a-renforcer"},
        {"bilan_suggestion": "bts-x:2"},
    ]:
        page = counsellor_a.get(responses_url(cohorte=hand_cohort.pk, **tampered))
        assert page.status_code == 200
        assert list(page.context["cl"].result_list) == [], tampered
    # Unset, the filters do not show in the sidebar.
    plain = counsellor_a.get(responses_url(cohorte=hand_cohort.pk)).content.decode()
    assert "Critère : bilan d" not in plain
    # « Afficher les nombres » counts what the filter keeps.
    faceted = counsellor_a.get(url + "&_facets=True")
    assert faceted.status_code == 200
    assert "Point de vigilance (1)" in faceted.content.decode()


@pytest.mark.django_db
def test_not_assessed_also_lists_a_band_a_later_scoring_version_may_add(
    catalogue, counsellor_a, cohort_a
):
    response = make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym="Futur")
    response.facts.filter(kind="dimension", key="relation-client").update(band="inedit")
    page = counsellor_a.get(reverse("admin:orientation_cohort_dashboard", args=[cohort_a.pk]))
    relation = next(d for d in page.context["summary"].dimensions if d.key == "relation-client")
    assert relation.counts[NE] == 1
    assert [r.pseudonym for r in listed(counsellor_a, relation.hrefs[NE])] == ["Futur"]


@pytest.mark.django_db
def test_the_filtered_list_runs_a_constant_number_of_queries(catalogue, counsellor_a, cohort_a):
    url = responses_url(cohorte=cohort_a.pk, bilan_dimension="relation-client:point-fort")
    make_response(cohort=cohort_a, programme=catalogue["mco"], code_for=lambda q: "tout-a-fait")
    counsellor_a.get(url)  # warm the content-type cache
    with CaptureQueriesContext(connection) as small:
        counsellor_a.get(url)
    for _ in range(12):
        make_response(cohort=cohort_a, programme=catalogue["mco"], code_for=lambda q: "tout-a-fait")
    with CaptureQueriesContext(connection) as large:
        page = counsellor_a.get(url)
    assert page.context["cl"].result_count == 13
    assert len(large.captured_queries) == len(small.captured_queries)
