"""Matching 2.0 on the real catalogue: each cause of the suggestions a counsellor would not sign,
played through the discovery journey with the test client."""

from __future__ import annotations

import pytest

from orientation.catalogue import current_catalogue
from orientation.models import Item, ProgrammeInterest
from orientation.results import split_values
from orientation.scoring import rank_suggestions
from programmes.models import Programme
from tests.orientation.journey_helpers import complete, questions, start_discovery

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_catalogue")]

NOTARIAL = "bts-collaborateur-juriste-notarial"


def student(*loved: str, skills: str = "plutot", other: str = "plutot-pas", skill_for=None):
    """Answers « Tout à fait » to the `loved` fields, `other` to the other fields, `skills` (or
    `skill_for(question)`) to the skill items."""

    def code_for(question: dict) -> str | None:
        if "interest" in question:
            return "tout-a-fait" if question["interest"] in loved else other
        return skill_for(question) if skill_for else skills

    return code_for


def fields_of(slug: str) -> set[str]:
    return set(
        ProgrammeInterest.objects.filter(programme__slug=slug).values_list("area__slug", flat=True)
    )


def suggested(response) -> list[dict]:
    return [e for e in response.result["ranking"] if e["fit"] is not None]


def test_the_notarial_bts_is_not_suggested_to_a_student_who_loves_building_sites(client):
    response = complete(client, start_discovery(client, bac_track="pro"), student("chantier"))
    top = suggested(response)[:10]
    assert NOTARIAL not in [e["slug"] for e in top]
    # Its explicit profile is about rules and files, which this student did not choose.
    assert fields_of(NOTARIAL) and "chantier" not in fields_of(NOTARIAL)
    assert all("chantier" in fields_of(e["slug"]) for e in top[:5])


def test_a_loved_field_is_never_diluted_by_the_programmes_other_fields(client):
    response = complete(client, start_discovery(client, bac_track="sti2d"), student("electricite"))
    ranked = suggested(response)
    with_it = [i for i, e in enumerate(ranked) if "electricite" in fields_of(e["slug"])]
    without = [i for i, e in enumerate(ranked) if "electricite" not in fields_of(e["slug"])]
    # Every programme with électricité among its main fields (whatever else it covers) comes
    # before every programme without it.
    assert with_it and max(with_it) < min(without)
    mixed = [ranked[i] for i in with_it if len(fields_of(ranked[i]["slug"])) > 1]
    assert mixed and all(e["interest"] == 3 for e in mixed)


def test_a_programme_the_student_said_too_little_about_never_outranks_a_known_one(client):
    response = complete(client, start_discovery(client, bac_track="general"), student("soin"))
    # The snapshot keeps suggestions only (all known), and counts those left out.
    assert all(e["fit"] is not None for e in response.result["ranking"])
    assert response.result["ranking_counts"]["unsure"] > 0
    # The page says how many are left out, and why.
    html = client.get(response.get_absolute_url()).content.decode()
    assert "tes réponses en disent trop peu" in html


def test_one_sentence_is_one_question_and_its_answer_counts_wherever_it_is_used(client):
    response = start_discovery(client, bac_track="stmg")
    asked = questions(response)
    assert len({q["statement"] for q in asked}) == len(asked)
    team = next(q for q in asked if q.get("dimension") == "travail-equipe")
    weak_team = complete(
        client,
        response,
        student(
            "vente",
            skill_for=lambda q: "pas-du-tout" if q["key"] == team["key"] else "tout-a-fait",
        ),
    )
    # Every programme whose attendus use that sentence shows team work to work on.
    item = Item.objects.get(pk=team["item"])
    users = set(
        Programme.objects.filter(programme_attendus__attendu__item_links__item=item).values_list(
            "slug", flat=True
        )
    )
    # The whole ranking (the snapshot keeps only the first suggestions).
    catalogue = current_catalogue()
    item_values, area_values = split_values(
        questions=weak_team.all_questions, answers=weak_team.answers
    )
    ranked = rank_suggestions(
        programmes=catalogue.specs,
        areas=catalogue.areas,
        area_values=area_values,
        answers=item_values,
    )
    using = [s for s in ranked if catalogue.programmes[s.programme_id].slug in users]
    assert len(using) >= 5
    assert all("travail-equipe" in s.weak_dimensions for s in using)
    stored = [e for e in weak_team.result["ranking"] if e["slug"] in users]
    assert all("Travail en équipe" in e["work_on"] for e in stored)


def test_a_programme_specific_item_is_never_asked_of_everyone_nor_pooled_into_others(client):
    cosmetics = Item.objects.get(bank_key="sciences-des-cosmetiques")
    response = start_discovery(client, bac_track="st2s")
    assert cosmetics.pk not in [q.get("item") for q in questions(response)]
    science = next(q for q in questions(response) if q.get("dimension") == "sciences-technologies")
    done = complete(
        client,
        response,
        student(
            "laboratoire",
            skill_for=lambda q: "pas-du-tout" if q["key"] == science["key"] else "tout-a-fait",
        ),
    )
    # The low science answer weighs only on programmes whose attendus ask that very sentence.
    users = set(
        Programme.objects.filter(
            programme_attendus__attendu__item_links__item_id=science["item"]
        ).values_list("slug", flat=True)
    )
    assert done.result["ranking"]
    for entry in done.result["ranking"]:
        weak = "Sciences et technologies" in entry["work_on"]
        assert weak == (entry["slug"] in users and entry["to_strengthen"] > 0), entry["slug"]
