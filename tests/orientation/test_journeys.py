"""The two journeys end to end with the test client, on the real catalogue."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from orientation.models import Cohort, Dimension, InterestArea, Item, Response
from orientation.presentation import step_heading, suggestion_reason
from orientation.questionnaire import MAX_PROGRAMME_ITEMS, SKILL_STEPS
from orientation.results import SNAPSHOT_OPEN, SNAPSHOT_SUGGESTIONS
from orientation.scoring import SCORING_VERSION, SECTOR_DIMENSION
from programmes.models import Programme
from tests.orientation.journey_helpers import (
    answer_step,
    complete,
    questions,
    start_discovery,
    start_programme,
    step_url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_catalogue")]

AUDIOVISUEL = "bts-metiers-de-l-audiovisuel-option-gestion-de-production"


def everything(code: str):
    return lambda question: code


@pytest.fixture
def audiovisuel() -> Programme:
    return Programme.objects.get(slug=AUDIOVISUEL)


def test_programme_page_links_to_the_questionnaire(client, audiovisuel):
    page = client.get(audiovisuel.get_absolute_url())
    assert reverse("orientation:start_programme", args=[AUDIOVISUEL]).encode() in page.content


def test_start_page_explains_and_stores_nothing_on_get(client):
    page = client.get(reverse("orientation:start_programme", args=[AUDIOVISUEL]))
    assert page.status_code == 200
    assert "Suis-je fait pour ce BTS ?" in page.content.decode()
    assert Response.objects.count() == 0


def test_unknown_or_unpublished_programme_has_no_questionnaire(client, audiovisuel):
    assert client.get("/questionnaire/bts-inexistant/").status_code == 404
    Programme.objects.filter(pk=audiovisuel.pk).update(published=False)
    assert client.get(f"/questionnaire/{AUDIOVISUEL}/").status_code == 404


def test_every_programme_questionnaire_has_at_most_fifteen_questions_in_short_steps():
    from orientation.questionnaire import NEIGHBOUR_AREAS, programme_questionnaire

    for programme in Programme.objects.all():
        steps = programme_questionnaire(programme=programme)
        asked = [q for s in steps for q in s["questions"] if "item" in q]
        assert 1 <= len(asked) <= MAX_PROGRAMME_ITEMS, programme.name
        assert all(len(s["questions"]) <= 5 for s in steps)
        # Then 3 to 5 fields (neighbours, and its own when no question asks about them), to
        # suggest other programmes without guessing.
        last = steps[-1]["questions"]
        assert all("interest" in q for q in last), programme.name
        assert 3 <= len(last) <= NEIGHBOUR_AREAS + 1, programme.name
        # Every attendu of the programme is asked at least once.
        attendus = set(programme.programme_attendus.values_list("attendu_id", flat=True))
        covered = {a["attendu"] for q in asked for a in [q, *q.get("also", ())]}
        assert covered == attendus, programme.name
        # A sentence shared by two attendus of the programme is asked once.
        assert len({q["statement"] for q in asked}) == len(asked), programme.name


def test_it_creates_a_draft_with_a_snapshot_of_the_questions(client, audiovisuel):
    response = start_programme(client, AUDIOVISUEL, bac_track="stmg", pseudonym="Lou")
    assert response.status == Response.Status.DRAFT
    assert response.programme == audiovisuel
    assert response.programme_name == audiovisuel.name
    assert (response.bac_track, response.pseudonym, response.cohort) == ("stmg", "Lou", None)
    first = questions(response)[0]
    assert first["statement"] == Item.objects.get(pk=first["item"]).statement
    assert first["attendu_text"].startswith("S'intéresser aux métiers de l'audiovisuel")
    assert len(response.token) >= 43  # 256 random bits, URL-safe base64


def test_each_question_is_a_fieldset_with_a_legend_and_labelled_radios(client):
    response = start_programme(client, AUDIOVISUEL)
    html = client.get(step_url(response, 1)).content.decode()
    step = response.questions[0]["questions"]
    assert html.count("<fieldset") == len(step)
    assert html.count("<legend") == len(step)
    for question in step:
        for code in ("pas-du-tout", "plutot-pas", "plutot", "tout-a-fait", "ne-sais-pas"):
            assert f'value="{code}" id="id_{question["key"]}_' in html
        assert f'for="id_{question["key"]}_0"' in html
    # The scale runs from lowest to highest agreement, then "Je ne sais pas".
    positions = [
        html.index(label)
        for label in ("Pas du tout", "Plutôt pas", "Plutôt<", "Tout à fait", "Je ne sais pas")
    ]
    assert positions == sorted(positions)


def test_answers_are_saved_at_every_step_and_a_partial_questionnaire_stays_a_draft(client):
    response = start_programme(client, AUDIOVISUEL)
    http = answer_step(client, response, 1, everything("plutot"))
    assert http.status_code == 302
    assert http.url == step_url(response, 2)
    response.refresh_from_db()
    assert response.status == Response.Status.DRAFT
    assert set(response.answers) == {q["key"] for q in response.questions[0]["questions"]}
    assert set(response.answers.values()) == {"plutot"}


def test_save_and_resume_through_the_private_link(client):
    response = start_programme(client, AUDIOVISUEL)
    http = answer_step(client, response, 1, everything("plutot"), action="save")
    assert http.url == response.get_absolute_url()
    page = Client().get(response.get_absolute_url())  # another browser, same link
    html = page.content.decode()
    assert "Reprendre mon questionnaire" in html
    assert step_url(response, 2) in html  # resumes at the first step with open questions
    assert response.get_absolute_url() in html  # the private link is shown to keep


def test_previous_keeps_the_answers_and_goes_back(client):
    response = start_programme(client, AUDIOVISUEL)
    answer_step(client, response, 1, everything("plutot"))
    http = answer_step(client, response, 2, everything("tout-a-fait"), action="previous")
    assert http.url == step_url(response, 1)
    response.refresh_from_db()
    assert len(response.answers) == len(response.questions[0]["questions"]) + len(
        response.questions[1]["questions"]
    )
    page = client.get(step_url(response, 1)).content.decode()
    assert 'value="plutot" id="id_' in page and "checked" in page


def test_completing_every_step_shows_the_result_with_its_version(client):
    response = complete(client, start_programme(client, AUDIOVISUEL), everything("plutot"))
    assert response.scoring_version == SCORING_VERSION
    assert response.result["band"] == "en-bonne-voie"
    assert response.completed_at is not None
    html = client.get(response.get_absolute_url()).content.decode()
    assert "Mon bilan" in html
    assert "En résumé" in html and "en bonne voie" in html
    assert f"calcul version {SCORING_VERSION}" in html
    assert "C'est une auto-évaluation" in html and "ne prédit pas une admission" in html
    assert "Fiabilité" not in html and "/100" not in html
    # An SVG chart by dimension (with the equivalent table) only where a dimension has at
    # least three answers: no average from one or two.
    enough = [d for d in response.result["dimensions"] if d["answered"] >= 3]
    assert ("<svg" in html) == bool(enough) == ('id="chart-table"' in html)


def test_one_attendu_answered_not_at_all_is_shown_to_strengthen_whatever_the_others(client):
    response = start_programme(client, AUDIOVISUEL)
    target = questions(response)[2]  # "Je sais m'organiser et travailler en autonomie"
    response = complete(
        client,
        response,
        lambda q: "pas-du-tout" if q["key"] == target["key"] else "tout-a-fait",
    )
    rows = {row["attendu"]: row for row in response.result["attendus"]}
    assert rows[target["attendu"]]["band"] == "a-renforcer"
    assert all(r["band"] == "point-fort" for a, r in rows.items() if a != target["attendu"])
    assert response.result["band"] == "a-renforcer"
    assert response.result["counts"]["to_strengthen"] == 1
    # The dimension's advice "Comment progresser" is stored once, as shown, and shown for that
    # attendu.
    dimension = Dimension.objects.get(slug=target["dimension"])
    assert rows[target["attendu"]]["weak"] == [dimension.name]
    assert response.result["advice"] == {dimension.name: dimension.advice}
    html = client.get(response.get_absolute_url()).content.decode()
    assert "Comment progresser" in html and escape(dimension.advice) in html


def test_dont_know_and_skipped_items_lower_the_confidence(client):
    sure = complete(client, start_programme(client, AUDIOVISUEL), everything("plutot"))
    keys = [q["key"] for q in questions(sure)]
    half = set(keys[: len(keys) // 2])
    unsure = complete(
        client,
        start_programme(client, AUDIOVISUEL),
        lambda q: "ne-sais-pas" if q["key"] in half else None,
    )
    assert sure.result["confidence"] == "elevee"
    assert unsure.result["confidence"] == "faible"
    assert unsure.result["answered_share"] == 0.0


def test_flat_answers_get_a_gentle_notice(client):
    flat = complete(client, start_programme(client, AUDIOVISUEL), everything("tout-a-fait"))
    varied = complete(
        client,
        start_programme(client, AUDIOVISUEL),
        lambda q: "plutot" if int(q["key"][1:]) % 2 else "tout-a-fait",
    )
    assert flat.result["flat"] and not varied.result["flat"]  # a pattern code, or ""
    notice = "Tu as donné la même réponse à presque toutes les questions"
    assert notice in client.get(flat.get_absolute_url()).content.decode()
    assert notice not in client.get(varied.get_absolute_url()).content.decode()


def test_suggestions_are_other_programmes_open_to_the_students_bac_with_reasons(client):
    response = complete(
        client, start_programme(client, AUDIOVISUEL, bac_track="stmg"), everything("plutot")
    )
    suggestions = response.result["suggestions"]
    assert 1 <= len(suggestions) <= 5
    ids = [s["programme"] for s in suggestions]
    assert response.programme_id not in ids
    open_to_stmg = set(Programme.objects.for_bac("stmg").values_list("pk", flat=True))
    assert set(ids) <= open_to_stmg
    # Each says why, from the student's own answers: the field, then the attendus assessed
    # (the facts are stored, the sentence is written when the page is shown).
    assert all("reason" not in s and "band_label" not in s for s in suggestions)
    reasons = [suggestion_reason(s) for s in suggestions]
    assert all(
        any(
            words in reason
            for words in ("dans le sens de tes réponses", "À travailler", "ne disent encore rien")
        )
        for reason in reasons
    )
    # The other options of the same BTS come first.
    sisters = [s["sister"] for s in suggestions]
    assert sisters == sorted(sisters, reverse=True) and sisters[0]
    html = client.get(response.get_absolute_url()).content.decode()
    assert "À explorer aussi" in html
    assert all(escape(reason) in html for reason in reasons)
    assert "Parcours : poursuites d'études et métiers" in html


def test_a_student_not_interested_in_the_field_gets_no_guessed_suggestion(client):
    """Persona: takes a BTSA questionnaire, answers "Pas du tout" to its interest items and to
    the neighbouring fields asked at the end: nothing is suggested, and the page says why."""
    slug = "btsa-agronomie-et-cultures-durables"
    response = complete(
        client,
        start_programme(client, slug, bac_track="general"),
        lambda q: "pas-du-tout" if q["dimension"] == SECTOR_DIMENSION else "plutot",
    )
    assert response.result["suggestions"] == []
    html = client.get(response.get_absolute_url()).content.decode()
    assert "sans deviner" in html


def test_the_fields_asked_at_the_end_of_a_programme_journey_decide_its_suggestions(client):
    response = start_programme(client, AUDIOVISUEL, bac_track="stmg")
    neighbours = [q for q in questions(response) if "interest" in q]
    liked = neighbours[0]["interest"]
    response = complete(
        client,
        response,
        lambda q: (
            ("tout-a-fait" if q["interest"] == liked else "pas-du-tout")
            if "interest" in q
            else "plutot"
        ),
    )
    others = [s for s in response.result["suggestions"] if not s["sister"]]
    assert others and all(s["interest_area"] == liked for s in others)


def test_result_is_a_snapshot_that_content_edits_never_change(client):
    response = complete(client, start_programme(client, AUDIOVISUEL), everything("plutot"))
    before_result = response.result
    before_page = client.get(response.get_absolute_url()).content.decode()
    first = questions(response)[0]
    Item.objects.filter(pk=first["item"]).update(statement="Texte modifié par la rédaction")
    Dimension.objects.update(advice="Conseil modifié", name="Nom modifié")
    Programme.objects.filter(slug=AUDIOVISUEL).update(name="Nom de BTS modifié")
    response.refresh_from_db()
    assert response.result == before_result
    after_page = client.get(response.get_absolute_url()).content.decode()
    assert "Texte modifié par la rédaction" not in after_page
    assert "Nom modifié" not in after_page
    assert escape(first["statement"]) in after_page
    assert after_page.count("Mon bilan") == before_page.count("Mon bilan")


def test_a_completed_response_cannot_be_answered_again(client):
    response = complete(client, start_programme(client, AUDIOVISUEL), everything("plutot"))
    http = answer_step(client, response, 1, everything("pas-du-tout"))
    assert http.status_code == 302
    response.refresh_from_db()
    assert set(response.answers.values()) == {"plutot"}


def test_delete_removes_the_response_for_real(client):
    response = start_programme(client, AUDIOVISUEL)
    delete_url = reverse("orientation:delete", args=[response.token])
    assert client.get(delete_url).status_code == 200
    assert client.post(delete_url).status_code == 302
    assert not Response.objects.filter(pk=response.pk).exists()
    assert client.get(response.get_absolute_url()).status_code == 404


def test_the_student_can_download_their_answers(client):
    response = complete(client, start_programme(client, AUDIOVISUEL), everything("plutot"))
    http = client.get(reverse("orientation:export", args=[response.token]))
    assert http["Content-Type"].startswith("application/json")
    assert "attachment" in http["Content-Disposition"]
    data = json.loads(http.content)
    assert data["formation"] == response.programme_name
    assert {a["reponse"] for a in data["reponses"]} == {"Plutôt"}
    assert data["resultat"]["band"] == "en-bonne-voie"
    assert data["resultat"]["band_label"] == "En bonne voie"  # readable, not only codes
    assert all(s["reason"] for s in data["resultat"]["suggestions"])
    assert data["notes_du_conseiller"] == []


def test_the_download_includes_the_counsellors_notes(client):
    from orientation.models import CounsellorNote

    response = complete(client, start_programme(client, AUDIOVISUEL), everything("plutot"))
    CounsellorNote.objects.create(response=response, text="À revoir en entretien : l'anglais.")
    data = json.loads(client.get(reverse("orientation:export", args=[response.token])).content)
    assert [n["texte"] for n in data["notes_du_conseiller"]] == [
        "À revoir en entretien : l'anglais."
    ]


def test_unknown_tokens_and_steps_are_404(client):
    response = start_programme(client, AUDIOVISUEL)
    assert client.get("/r/not-a-token/").status_code == 404
    assert client.get("/r/" + "x" * 200 + "/").status_code == 404
    assert client.get(step_url(response, 0)).status_code == 404
    assert client.get(step_url(response, response.step_count + 1)).status_code == 404


# --- Cohort codes ------------------------------------------------------------------------------


def test_a_valid_cohort_code_attaches_the_response_and_says_who_sees_it(client):
    cohort = Cohort.objects.create(name="Terminale STMG 2", code="ACDE34")
    page = client.get(reverse("orientation:start_programme", args=[AUDIOVISUEL])).content.decode()
    assert "verra alors" in page  # the start page says the counsellor will see the results
    response = start_programme(client, AUDIOVISUEL, cohort_code=" acde-34 ")
    assert response.cohort == cohort


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda: None, "Ce code ne correspond à aucune cohorte"),
        (lambda: Cohort.objects.create(name="Fermée", code="ACDE34", is_open=False), "fermée"),
    ],
)
def test_a_wrong_or_closed_cohort_code_gets_a_clear_message(client, setup, message):
    setup()
    http = client.post(
        reverse("orientation:start_programme", args=[AUDIOVISUEL]), {"cohort_code": "ACDE34"}
    )
    assert http.status_code == 200
    assert message in http.content.decode()
    assert Response.objects.count() == 0


def test_it_refuses_an_email_address_as_pseudonym(client):
    http = client.post(
        reverse("orientation:start_programme", args=[AUDIOVISUEL]), {"pseudonym": "lou@lycee.fr"}
    )
    assert "adresse e-mail" in http.content.decode()
    assert Response.objects.count() == 0


# --- Tampered input -----------------------------------------------------------------------------


def test_it_rejects_an_unknown_item_and_stores_nothing(client):
    response = start_programme(client, AUDIOVISUEL)
    http = client.post(step_url(response, 1), {"q999999": "plutot", "action": "next"})
    assert http.status_code == 400
    response.refresh_from_db()
    assert response.answers == {}


def test_it_rejects_answers_for_another_programme(client):
    response = start_programme(client, AUDIOVISUEL)
    other = start_programme(client, "btsa-agronomie-et-cultures-durables")
    foreign = {q["key"] for q in questions(other)} - {q["key"] for q in questions(response)}
    data = dict.fromkeys(foreign, "plutot") | {"action": "next"}
    http = client.post(step_url(response, 1), data)
    assert http.status_code == 400
    response.refresh_from_db()
    assert response.answers == {}


def test_it_rejects_an_out_of_range_value_with_a_form_error_and_stores_nothing(client):
    response = start_programme(client, AUDIOVISUEL)
    keys = [q["key"] for q in response.questions[0]["questions"]]
    data = {keys[0]: "plutot", keys[1]: "7", "action": "next"}
    http = client.post(step_url(response, 1), data)
    assert http.status_code == 400
    assert "Cette réponse n&#x27;existe pas." in http.content.decode()
    response.refresh_from_db()
    assert response.answers == {}


def test_it_rejects_a_post_without_csrf_token(audiovisuel):
    strict = Client(enforce_csrf_checks=True)
    http = strict.post(reverse("orientation:start_programme", args=[AUDIOVISUEL]), {})
    assert http.status_code == 403
    assert "expiré" in http.content.decode()
    assert Response.objects.count() == 0


def test_it_rejects_an_oversized_body(client):
    response = start_programme(client, AUDIOVISUEL)
    http = client.post(
        step_url(response, 1),
        data="x=" + "a" * 200_000,
        content_type="application/x-www-form-urlencoded",
    )
    assert http.status_code == 400
    response.refresh_from_db()
    assert response.answers == {}


def test_a_get_only_page_refuses_other_methods(client):
    response = start_programme(client, AUDIOVISUEL)
    assert client.post(response.get_absolute_url()).status_code == 405


# --- Discovery journey ----------------------------------------------------------------------------


def test_discovery_asks_every_interest_area_then_one_skill_per_dimension_about_forty_in_all(client):
    response = start_discovery(client, bac_track="stmg")
    asked = questions(response)
    interests = [q for q in asked if "interest" in q]
    items = [q for q in asked if "item" in q]
    themes = [code for code, _label in InterestArea.Theme.choices]
    expected = sorted(InterestArea.objects.all(), key=lambda a: (themes.index(a.theme), a.position))
    assert [q["interest"] for q in interests] == [a.slug for a in expected]
    assert all(q["dimension"] != SECTOR_DIMENSION for q in items)
    dimensions = [q["dimension"] for q in items]
    assert len(dimensions) == len(set(dimensions))  # no near-duplicates: one per dimension
    assert set(dimensions) <= {slug for _title, slugs in SKILL_STEPS for slug in slugs}
    assert len(dimensions) >= 12
    assert 38 <= len(asked) <= 45
    assert len({q["statement"] for q in asked}) == len(asked)
    assert all(len(step["questions"]) <= 8 for step in response.questions)


def test_discovery_step_titles_name_their_theme(client):
    response = start_discovery(client, bac_track="stmg")
    # The snapshot stores codes; the headings are written on display.
    assert not any("title" in step for step in response.questions)
    titles = [step_heading(step)["title"] for step in response.questions]
    assert titles[0] == "Ce qui te plaît : technique et informatique"
    assert "Ce que tu sais faire : communiquer et travailler avec les autres" in titles
    assert len(set(titles)) == len(titles)
    html = client.get(step_url(response, 1)).content.decode()
    assert '<h1 class="h2">Ce qui te plaît : technique et informatique</h1>' in html


def test_a_step_stored_with_its_wording_before_the_codes_keeps_it(client):
    response = start_discovery(client, bac_track="stmg")
    old = [{"title": f"Ancien titre {i}", **step} for i, step in enumerate(response.questions)]
    for step in old:
        step.pop("kind")
    Response.objects.filter(pk=response.pk).update(questions=old)
    html = client.get(step_url(response, 1)).content.decode()
    assert "Ancien titre 0" in html


def test_the_discovery_start_page_announces_the_length_it_asks(client):
    html = client.get(reverse("orientation:start_discovery")).content.decode()
    response = start_discovery(client, bac_track="stmg")
    assert f"{len(questions(response))} affirmations" in html


def test_discovery_needs_a_bac(client):
    http = client.post(reverse("orientation:start_discovery"), {"bac_track": ""})
    assert http.status_code == 200
    assert Response.objects.count() == 0
    http = client.post(reverse("orientation:start_discovery"), {"bac_track": "bac-inexistant"})
    assert Response.objects.count() == 0


def _loves(*areas: str, skills: str = "plutot", other: str = "plutot-pas"):
    """A student who answers « Tout à fait » to `areas`, `other` to the other fields, and
    `skills` to every skill item."""

    def code_for(question: dict) -> str | None:
        if "interest" in question:
            return "tout-a-fait" if question["interest"] in areas else other
        return skills

    return code_for


def _top(response, n=5):
    """The first n programmes the results page suggests."""
    return [e for e in response.result["ranking"] if e["fit"] is not None][:n]


def test_persona_audiovisual_stmg_student_finds_gestion_de_production_in_the_top_five(client):
    response = complete(client, start_discovery(client, bac_track="stmg"), _loves("video"))
    top = [e["slug"] for e in _top(response)]
    assert AUDIOVISUEL in top
    html = client.get(response.get_absolute_url()).content.decode()
    assert html.index("option gestion de production") < html.index("Ce que tu dis savoir faire")


def test_persona_not_interested_in_agriculture_gets_no_btsa_in_the_top_five(client):
    code_for = _loves("programmer", "chantier", other="pas-du-tout")
    response = complete(client, start_discovery(client, bac_track="general"), code_for)
    top = _top(response)
    assert len(top) == 5
    assert all(entry["kind"] == "BTS" for entry in top), [e["name"] for e in top]


def test_discovery_lists_ten_then_the_rest_behind_voir_plus_and_filters_by_domain_and_bac(
    client,
):
    response = complete(client, start_discovery(client, bac_track="sti2d"), everything("plutot"))
    # The snapshot keeps the first suggestions and counts the rest.
    counts = response.result["ranking_counts"]
    assert counts["ranked"] == Programme.objects.count()
    suggested = response.result["ranking"]
    assert SNAPSHOT_SUGGESTIONS <= len(suggested) <= SNAPSHOT_SUGGESTIONS + SNAPSHOT_OPEN
    assert all(e["fit"] is not None for e in suggested)
    assert counts["suggested"] > len(suggested)
    url = response.get_absolute_url()
    html = client.get(url).content.decode()
    assert html[: html.index("more-ranking")].count('class="rank"') == 10
    assert html.count('<li class="mb-2">') == len(suggested) - 10
    beyond = counts["suggested"] - len(suggested)
    assert f"{beyond} autres BTS viennent plus loin dans tes suggestions" in html
    sti2d_html = client.get(url + "?bac=sti2d").content.decode()
    open_to = set(Programme.objects.for_bac("sti2d").values_list("slug", flat=True))
    shown = [e for e in suggested if e["slug"] in open_to]
    assert sti2d_html.count('class="rank"') == min(10, len(shown))
    domain_html = client.get(url + "?domaine=agriculture-animaux").content.decode()
    in_domain = set(
        Programme.objects.in_domain("agriculture-animaux").values_list("slug", flat=True)
    )
    expected = [e for e in suggested if e["slug"] in in_domain]
    assert domain_html.count('class="rank"') == min(10, len(expected))
    # A filter reads the first suggestions; the catalogue has them all.
    assert "Les filtres portent sur tes premières suggestions" in domain_html
    assert reverse("programmes:catalogue") + "?domaine=agriculture-animaux" in domain_html


def test_the_last_step_lists_the_earlier_steps_left_without_an_answer(client):
    response = start_programme(client, AUDIOVISUEL)
    answer_step(client, response, 1, lambda q: None)  # step 1 skipped entirely
    for number in range(2, response.step_count):
        answer_step(client, response, number, everything("plutot"))
    html = client.get(step_url(response, response.step_count)).content.decode()
    skipped = len(response.questions[0]["questions"])
    assert f"Étape 1 : {skipped} questions sans réponse" in html
    assert step_url(response, 1) in html
    first = client.get(step_url(response, 1)).content.decode()
    assert "Avant de voir tes résultats" not in first


def test_modifier_mes_reponses_keeps_the_answers_and_recomputes_the_result(client):
    response = complete(client, start_programme(client, AUDIOVISUEL), everything("plutot"))
    url = reverse("orientation:edit", args=[response.token])
    page = client.get(url)
    assert page.status_code == 200 and "Revoir mes réponses" in page.content.decode()
    assert Response.objects.get(pk=response.pk).is_completed  # a GET changes nothing
    http = client.post(url)
    assert http.status_code == 302 and http.url == step_url(response, 1)
    reopened = Response.objects.get(pk=response.pk)
    assert not reopened.is_completed and reopened.result == {} and reopened.band == ""
    assert reopened.answers == response.answers
    # The radios show the answers given; changing one and finishing stores a new result.
    assert 'value="plutot"' in client.get(step_url(response, 1)).content.decode()
    done = complete(client, reopened, everything("tout-a-fait"))
    assert done.result["band"] == "point-fort" != response.result["band"]
    assert done.scoring_version == SCORING_VERSION


def test_a_discovery_stored_before_scoring_2_gets_todays_questionnaire_when_reopened(client):
    response = complete(client, start_discovery(client, bac_track="stmg"), everything("plutot"))
    old = [
        {
            "title": "Les domaines qui t'attirent",
            "questions": [
                {
                    "key": "d1",
                    "domain": 1,
                    "domain_slug": "x",
                    "statement": "Le domaine « x » m'attire.",
                    "example": "",
                    "dimension": "interet-secteur",
                    "dimension_name": "Intérêt",
                }
            ],
        },
        *[s for s in response.questions if any("item" in q for q in s["questions"])],
    ]
    Response.objects.filter(pk=response.pk).update(
        questions=old, answers={**response.answers, "d1": "plutot"}
    )
    client.post(reverse("orientation:edit", args=[response.token]))
    reopened = Response.objects.get(pk=response.pk)
    asked = [q for s in reopened.questions for q in s["questions"]]
    assert not any("domain" in q for q in asked) and any("interest" in q for q in asked)
    assert "d1" not in reopened.answers
    kept = {q["key"] for q in asked if "item" in q}
    assert kept and kept <= set(reopened.answers)


def test_a_discovery_result_stored_by_scoring_1_still_renders_as_it_was(client):
    response = complete(client, start_discovery(client, bac_track="stmg"), everything("plutot"))
    programme = Programme.objects.get(slug=AUDIOVISUEL)
    v1 = {
        "journey": "decouverte",
        "scoring_version": "1.0",
        "confidence": "elevee",
        "confidence_label": "élevée",
        "answered_share": 1.0,
        "flat_notice": "",
        "dimensions": [],
        "ranking": [
            {
                "programme": programme.pk,
                "name": programme.name,
                "slug": programme.slug,
                "kind": "BTS",
                "fit": 83.3,
                "band": "point-fort",
                "band_label": "Point fort",
                "reason": "5 attendus sur 6 en bonne voie.",
                "good": 5,
                "to_strengthen": 0,
                "total": 6,
                "open_to_bac": True,
            }
        ],
    }
    Response.objects.filter(pk=response.pk).update(result=v1, scoring_version="1.0")
    html = client.get(response.get_absolute_url()).content.decode()
    assert "calcul version 1.0" in html
    assert escape(programme.name) in html and "5 attendus sur 6 en bonne voie." in html
