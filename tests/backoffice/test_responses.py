"""Results review: the response list, the read-only response page, notes, the summary fields."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from orientation.backoffice.admin.responses import MAX_COHORT_CHOICES, CohortFilter
from orientation.models import Cohort, CounsellorNote, Response, result_summary
from orientation.presentation import band_label, suggestion_reason
from tests.backoffice.conftest import always, make_response

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orientation_response_changelist")


def detail_url(response: Response) -> str:
    return reverse("admin:orientation_response_change", args=[response.pk])


def weak_on(attendu_text: str):
    """Answers "Tout à fait" everywhere but "Pas du tout" on one attendu."""
    return lambda q: "pas-du-tout" if q.get("attendu_text") == attendu_text else "tout-a-fait"


# --- Summary fields ------------------------------------------------------------------------------


def test_apply_result_completes_the_response_and_fills_band_and_top_suggestion(catalogue):
    response = make_response(cohort=None, programme=catalogue["mco"], completed=False)
    assert (response.status, response.band, response.top_suggestion) == ("brouillon", "", "")
    from orientation.results import compute_result

    response.apply_result(compute_result(response=response))
    response.save()
    response.refresh_from_db()
    assert response.is_completed and response.completed_at is not None
    assert response.scoring_version == response.result["scoring_version"]
    assert response.band == response.result["band"] == "en-bonne-voie"
    assert response.top_suggestion == response.result["suggestions"][0]["name"]


def test_saving_a_result_set_the_old_way_still_fills_the_summary(catalogue):
    """The journey view may set `result` directly: save() keeps the copies in step."""
    response = make_response(cohort=None, programme=catalogue["mco"], completed=False)
    from orientation.results import compute_result

    response.result = compute_result(response=response)
    response.save(update_fields=["result"])
    response.refresh_from_db()
    assert response.band == "en-bonne-voie"
    assert response.top_suggestion


def test_the_top_suggestion_of_a_discovery_is_the_best_one_open_to_the_bac():
    result = {
        "ranking": [
            {"name": "BTS fermé au bac pro", "fit": 90.0, "open_to_bac": False},
            {"name": "BTS non évalué", "fit": None, "open_to_bac": True},
            {"name": "BTS ouvert", "fit": 80.0, "open_to_bac": True},
        ]
    }
    assert result_summary(result) == ("", "BTS ouvert")
    assert result_summary({}) == ("", "")
    assert result_summary({"band": "a-renforcer", "suggestions": []}) == ("a-renforcer", "")


# --- List ----------------------------------------------------------------------------------------


def test_the_list_shows_pseudonym_band_date_cohort_and_programme_tested(counsellor_a, response_a):
    page = counsellor_a.get(CHANGELIST)
    html = page.content.decode()
    for text in [
        response_a.cohort.name,
        response_a.programme_name,
        '<span class="band band-en-bonne-voie">En bonne voie</span>',
        "Léa",
    ]:
        assert text in html


def test_the_list_filters_by_cohort_programme_journey_band_and_searches_pseudonyms(
    catalogue, counsellor_a, cohort_a
):
    other = make_response(
        cohort=cohort_a, programme=catalogue["cg"], pseudonym="Inès", code_for=always("plutot")
    )
    weak = make_response(
        cohort=cohort_a,
        programme=catalogue["mco"],
        pseudonym="Noah",
        code_for=weak_on(catalogue["mco"].programme_attendus.first().attendu.text),
    )
    discovery = make_response(cohort=cohort_a, pseudonym="Jade")

    def listed(**params):
        return set(counsellor_a.get(CHANGELIST, params).context["cl"].result_list)

    assert listed() == {other, weak, discovery}
    assert listed(cohorte=cohort_a.pk) == {other, weak, discovery}
    assert listed(formation=catalogue["cg"].pk) == {other}
    assert listed(journey__exact="decouverte") == {discovery}
    assert listed(band__exact="a-renforcer") == {weak}
    assert listed(q="inès") == {other}


def test_the_response_list_runs_a_constant_number_of_queries(
    catalogue, counsellor_a, cohort_a, django_assert_num_queries
):
    for i in range(3):
        make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym=f"Élève {i}")
    counsellor_a.get(CHANGELIST)  # warm the content-type cache
    # Session, user, two permission sets, the cohort, programme and attendu filters' choices,
    # the count, the page (its notes and points counted per row shown), the attempts of the
    # page's cohorts.
    with django_assert_num_queries(10) as small:
        counsellor_a.get(CHANGELIST)
    for i in range(27):
        make_response(cohort=cohort_a, programme=catalogue["cg"], pseudonym=f"Autre {i}")
    with django_assert_num_queries(len(small.captured_queries)):
        page = counsellor_a.get(CHANGELIST)
    assert len(page.context["cl"].result_list) == 30


# --- Detail --------------------------------------------------------------------------------------


def test_the_response_page_shows_answers_bands_and_suggestions_as_the_student_saw_them(
    catalogue, counsellor_a, cohort_a
):
    weak_text = catalogue["mco"].programme_attendus.first().attendu.text
    response = make_response(
        cohort=cohort_a, programme=catalogue["mco"], pseudonym="Noah", code_for=weak_on(weak_text)
    )
    html = counsellor_a.get(detail_url(response)).content.decode()
    result = response.result
    assert '<span class="band band-a-renforcer">Point de vigilance</span>' in html
    for row in result["attendus"]:
        assert escape(row["text"]) in html
        label = band_label(row["band"])
        assert f'<span class="band band-{row["band"]}">{label}</span>' in html
    assert "Pas du tout</strong>" in html and "Tout à fait</strong>" in html
    assert result["attendus"][0]["weak"]
    for name in result["attendus"][0]["weak"]:
        assert escape(result["advice"][name]) in html
    for suggestion in result["suggestions"]:
        assert escape(suggestion["name"]) in html
        assert escape(suggestion_reason(suggestion)) in html
    assert 'aria-describedby="chart-table"' in html  # the student's chart partial
    assert response.token not in html  # the private link stays the student's


def test_the_response_page_of_a_discovery_shows_the_ranking_and_every_answer(
    counsellor_a, cohort_a, catalogue
):
    response = make_response(cohort=cohort_a, pseudonym="Jade", bac_track="pro")
    html = counsellor_a.get(detail_url(response)).content.decode()
    open_to_pro = [e["name"] for e in response.result["ranking"] if e["open_to_bac"]]
    assert "Parmi 2 BTS ouverts à son bac" in html
    for name in open_to_pro:
        assert escape(name) in html
    assert "BTS comptabilité et gestion" not in html  # not open to a bac pro
    for step in response.questions:
        for question in step["questions"]:
            assert escape(question["statement"]) in html


def test_a_draft_shows_its_answers_so_far_and_no_result(counsellor_a, cohort_a, catalogue):
    response = make_response(
        cohort=cohort_a, programme=catalogue["mco"], completed=False, code_for=always("plutot")
    )
    html = counsellor_a.get(detail_url(response)).content.decode()
    assert "pas encore terminé" in html
    assert "Plutôt</strong>" in html


def test_nobody_can_edit_answers_not_even_a_superuser(superuser, response_a):
    before = (dict(response_a.answers), dict(response_a.result))
    page = superuser.get(detail_url(response_a))
    assert 'name="answers"' not in page.content.decode()
    superuser.post(detail_url(response_a), {"answers": '{"q1": "pas-du-tout"}', "text": ""})
    response_a.refresh_from_db()
    assert (response_a.answers, response_a.result) == before


def test_the_page_never_embeds_an_inline_style(counsellor_a, response_a):
    html = counsellor_a.get(detail_url(response_a)).content.decode()
    assert not re.search(r"\sstyle=", html)


# --- Notes ---------------------------------------------------------------------------------------


def test_a_counsellor_adds_a_note_that_shows_with_author_and_date(counsellor_a, response_a):
    url = detail_url(response_a)
    created = counsellor_a.post(url, {"text": "Entretien le 3 mars : motivée par la vente."})
    assert created.status_code == 302 and created.url == url + "#notes"
    note = CounsellorNote.objects.get()
    assert (note.response, note.author) == (response_a, counsellor_a.user)
    html = counsellor_a.get(url).content.decode()
    assert "Entretien le 3 mars : motivée par la vente." in html
    assert "Conseillere-A" in html  # the author's name
    listed = counsellor_a.get(CHANGELIST).context["cl"].result_list
    assert [r.note_count for r in listed] == [1]


def test_an_empty_note_is_refused_with_an_accessible_error(counsellor_a, response_a):
    page = counsellor_a.post(detail_url(response_a), {"text": "  "})
    assert page.status_code == 400
    html = page.content.decode()
    assert 'aria-invalid="true"' in html and 'id="note-errors"' in html
    assert not CounsellorNote.objects.exists()


def test_a_superuser_reads_notes_but_an_editor_cannot_write_one(
    superuser, editor, counsellor_a, response_a
):
    counsellor_a.post(detail_url(response_a), {"text": "Bilan partagé avec la famille."})
    assert (
        "Bilan partagé avec la famille." in superuser.get(detail_url(response_a)).content.decode()
    )
    assert editor.post(detail_url(response_a), {"text": "Intrusion"}).status_code == 403
    assert CounsellorNote.objects.count() == 1


def test_deleting_a_response_deletes_its_notes(counsellor_a, response_a):
    counsellor_a.post(detail_url(response_a), {"text": "À revoir"})
    response_a.delete()
    assert not CounsellorNote.objects.exists()


def test_the_cohort_filter_lists_the_most_recent_cohorts_and_the_one_selected(superuser):
    cohorts = [Cohort.objects.create(name=f"Classe {i:03d}") for i in range(MAX_COHORT_CHOICES + 5)]
    oldest = cohorts[0]

    def choices(query=""):
        page = superuser.get(CHANGELIST + query)
        [spec] = [f for f in page.context["cl"].filter_specs if isinstance(f, CohortFilter)]
        return [name for _pk, name in spec.lookup_choices]

    shown = choices()
    assert len(shown) == MAX_COHORT_CHOICES and oldest.name not in shown
    assert cohorts[-1].name in shown and shown == sorted(shown)
    assert oldest.name in choices(f"?cohorte={oldest.pk}")
