"""Result snapshots: codes and facts only, small whatever the catalogue, the dashboard facts
derived from them, and results stored by scoring 2.0 converted by migration 0014 and still
shown as the student saw them."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps
from django.utils.html import escape

from orientation.erasure import erase_responses
from orientation.models import Dimension, Response, ResultFact
from orientation.models.journey import FACT_SUGGESTIONS
from orientation.presentation import FLAT_NOTICE, band_label, suggestion_reason
from orientation.results import MAX_SUGGESTIONS, SNAPSHOT_OPEN, SNAPSHOT_SUGGESTIONS
from tests.orientation.journey_helpers import complete, start_discovery, start_programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("real_catalogue")]

AUDIOVISUEL = "bts-metiers-de-l-audiovisuel-option-gestion-de-production"
INTERFACE_KEYS = {"band_label", "confidence_label", "flat_notice", "reason"}
migration = importlib.import_module("orientation.migrations.0014_slim_snapshots_and_facts")


def keys_of(value) -> set[str]:
    """Every key of a JSON value, at any depth."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


def low_then_high(question: dict) -> str:
    return "pas-du-tout" if int(question["key"][1:]) % 3 == 0 else "tout-a-fait"


def as_stored_by_2_0(result: dict, *, unsure: int = 0) -> dict:
    """The snapshot scoring 2.0 stored for the same answers: the interface wording inside,
    the advice repeated under each attendu, the whole ranking (programmes said too little
    about included, as entries without a fit)."""
    old = {**result, "band_label": band_label(result.get("band", ""))}
    old["confidence_label"] = {"elevee": "élevée", "moyenne": "moyenne", "faible": "faible"}[
        result["confidence"]
    ]
    old["flat_notice"] = str(FLAT_NOTICE) if result.pop("flat", None) else ""
    old.pop("flat", None)
    old["dimensions"] = [{**d, "band_label": band_label(d["band"])} for d in result["dimensions"]]
    for d in old["dimensions"]:
        d.pop("position")
    if "attendus" in result:
        advice = old.pop("advice")
        old["attendus"] = [
            {
                **row,
                "band_label": band_label(row["band"]),
                "advice": [{"dimension": n, "text": advice[n]} for n in row["weak"] if n in advice],
            }
            for row in result["attendus"]
        ]
    for key in ("suggestions", "ranking"):
        if key in result:
            old[key] = [
                {**e, "band_label": band_label(e["band"]), "reason": suggestion_reason(e)}
                for e in result[key]
            ]
    if "ranking" in result:
        old.pop("ranking_counts")
        template = old["ranking"][-1]
        old["ranking"] += [
            {**template, "programme": 10_000 + i, "fit": None, "name": f"Inconnu {i}"}
            for i in range(unsure)
        ]
    return old


def test_a_stored_result_holds_no_interface_wording(client):
    programme = complete(client, start_programme(client, AUDIOVISUEL), low_then_high)
    discovery = complete(client, start_discovery(client, bac_track="stmg"), low_then_high)
    for response in (programme, discovery):
        assert not keys_of(response.result) & INTERFACE_KEYS
    # The wording is written on display, in the active language.
    html = client.get(programme.get_absolute_url()).content.decode()
    for row in programme.result["attendus"]:
        assert f'band-{row["band"]}">{band_label(row["band"])}</span>' in html


def test_a_discovery_result_keeps_the_first_suggestions_and_counts_the_others(client):
    response = complete(client, start_discovery(client, bac_track="pro"), low_then_high)
    result = response.result
    ranking, counts = result["ranking"], result["ranking_counts"]
    assert len(ranking) <= SNAPSHOT_SUGGESTIONS + SNAPSHOT_OPEN
    assert counts["ranked"] == 123 and counts["suggested"] + counts["unsure"] == 123
    # The first SNAPSHOT_OPEN open to the student's bac are kept wherever they rank.
    assert sum(e["open_to_bac"] for e in ranking) >= min(SNAPSHOT_OPEN, counts["open"])
    assert len(json.dumps(result, ensure_ascii=False).encode()) < 20_000


def test_dashboard_facts_follow_the_result_when_it_is_set_cleared_and_set_again(client):
    response = complete(client, start_programme(client, AUDIOVISUEL), low_then_high)
    kinds = sorted(ResultFact.objects.filter(response=response).values_list("kind", flat=True))
    assert kinds.count("attendu") == len(response.result["attendus"])
    assert kinds.count("dimension") == len(response.result["dimensions"])
    assert kinds.count("suggestion") == len(response.result["suggestions"])
    response.reopen()
    response.save()
    assert not ResultFact.objects.filter(response=response).exists()
    again = complete(client, response, low_then_high)
    assert ResultFact.objects.filter(response=again).count() == len(kinds)
    erase_responses(ids=[again.pk])
    assert not ResultFact.objects.exists()


def test_a_programme_result_stored_by_2_0_is_converted_and_still_reads_as_it_was(client):
    response = complete(client, start_programme(client, AUDIOVISUEL), low_then_high)
    slim = response.result
    old = as_stored_by_2_0(json.loads(json.dumps(slim)))
    assert keys_of(old) & INTERFACE_KEYS == INTERFACE_KEYS
    converted = migration.slim_result(old)
    assert not keys_of(converted) & INTERFACE_KEYS
    assert converted["advice"] == slim["advice"]
    assert converted["attendus"] == slim["attendus"]
    Response.objects.filter(pk=response.pk).update(result=old)
    ResultFact.objects.filter(response=response).delete()
    migration.forwards(apps, None)
    response.refresh_from_db()
    assert not keys_of(response.result) & INTERFACE_KEYS
    facts = ResultFact.objects.filter(response=response, kind=ResultFact.Kind.ATTENDU)
    assert facts.count() == len(slim["attendus"])
    html = client.get(response.get_absolute_url()).content.decode()
    weak = [row for row in slim["attendus"] if row["band"] == "a-renforcer"]
    assert weak, "the answers should leave a point de vigilance"
    for name in weak[0]["weak"]:
        advice = Dimension.objects.get(name=name).advice
        assert escape(advice) in html
    for suggestion in slim["suggestions"]:
        assert escape(suggestion_reason(suggestion)) in html


def test_a_discovery_result_stored_by_2_0_is_cut_to_its_first_suggestions(client):
    response = complete(client, start_discovery(client, bac_track="stmg"), low_then_high)
    slim = response.result
    old = as_stored_by_2_0(json.loads(json.dumps(slim)), unsure=40)
    Response.objects.filter(pk=response.pk).update(result=old)
    migration.forwards(apps, None)
    response.refresh_from_db()
    result = response.result
    assert not keys_of(result) & INTERFACE_KEYS
    assert [e["programme"] for e in result["ranking"]] == [e["programme"] for e in slim["ranking"]]
    assert result["ranking_counts"]["unsure"] == 40
    html = client.get(response.get_absolute_url()).content.decode()
    assert "40 autres BTS ne sont pas suggérés" in html
    first = result["ranking"][0]
    assert escape(suggestion_reason(first)) in html


def test_the_dashboard_counts_the_suggestions_a_student_sees_first():
    assert FACT_SUGGESTIONS == MAX_SUGGESTIONS
