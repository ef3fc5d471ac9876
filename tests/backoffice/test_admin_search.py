"""The admin lists' search ignores accents and case (orientation.config.admin_tools.Fold), on
SQLite and on PostgreSQL, with Django's rules: every word must match some searched field, a
quoted phrase is one word, a counsellor still sees only the responses of their cohorts."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import CharField, Value
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientation.config import admin_tools
from orientation.config.admin_tools import Fold, FoldedSearchMixin, folded_search
from orientation.models import Cohort, Item
from programmes import text
from programmes.models import Attendu, Metier, Programme
from tests.backoffice.conftest import EQUIPE, make_response
from tests.factories import make_metier, make_programme

pytestmark = pytest.mark.django_db


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def found(client, model, query: str) -> set[int]:
    """Primary keys of the whole result (not only its first page) of a search."""
    response = client.get(changelist(model), {"q": query})
    assert response.status_code == 200, query
    return set(response.context["cl"].queryset.values_list("pk", flat=True))


# --- Each list ---------------------------------------------------------------------------------


@pytest.fixture
def programmes(db) -> dict[str, Programme]:
    return {
        "chimie": make_programme(name="BTS Métiers de la chimie", sigle="MC"),
        "eau": make_programme(name="BTS Métiers de l'eau", sigle="ME"),
        "compta": make_programme(name="BTS Comptabilité et gestion", sigle="CG"),
    }


@pytest.mark.parametrize("query", ["metiers", "MÉTIERS", "Metiers", "métiers", "METIERS"])
def test_programmes_whatever_the_accents_and_case(superuser, programmes, query):
    assert found(superuser, Programme, query) == {programmes["chimie"].pk, programmes["eau"].pk}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chimie metiers", {"chimie"}),  # every word, in any order
        ("metiers gestion", set()),  # … must match: no programme has both
        ('"metiers de la"', {"chimie"}),  # a quoted phrase is one word
        ('"de la metiers"', set()),
        ("comptabilite", {"compta"}),
        ("cg", {"compta"}),  # the sigle, folded too
        ("%", set()),  # LIKE's wildcards are searched as typed
        ("_", set()),
        ("  ", {"chimie", "eau", "compta"}),  # nothing typed: the whole list
    ],
)
def test_programmes_keep_djangos_rules(superuser, programmes, query, expected):
    assert found(superuser, Programme, query) == {programmes[key].pk for key in expected}


def test_items_equipe_finds_equipe(editor, catalogue):
    """« equipe » finds the items saying « équipe », and those asked for an attendu saying it."""
    by_attendu = set(Item.objects.filter(attendus__text=EQUIPE).values_list("pk", flat=True))
    expected = {
        item.pk
        for item in Item.objects.prefetch_related("attendus")
        if "equipe" in text.fold(" ".join([item.statement, item.example, item.bank_key or ""]))
        or any("equipe" in text.fold(attendu.text) for attendu in item.attendus.all())
    }
    assert by_attendu and by_attendu <= expected
    assert found(editor, Item, "equipe") == found(editor, Item, "ÉQUIPE") == expected


def test_attendus_and_metiers(editor, catalogue):
    dieteticien = make_metier(name="Diététicien/ne", rome_code="J1402")
    make_metier(name="boulanger")
    equipe = Attendu.objects.get(text=EQUIPE)
    assert found(editor, Attendu, "competences equipe") == {equipe.pk}
    assert found(editor, Metier, "dieteticien") == {dieteticien.pk}
    assert found(editor, Metier, "DIÉTÉTICIEN/NE") == {dieteticien.pk}
    assert found(editor, Metier, "j1402") == {dieteticien.pk}  # the ROME code, any case


@pytest.fixture
def pseudonyms(catalogue, cohort_a, cohort_b) -> dict[str, set[int]]:
    def make(cohort: Cohort, pseudonym: str) -> int:
        return make_response(cohort=cohort, pseudonym=pseudonym, completed=False).pk

    return {
        "a_lea": {make(cohort_a, "Léa"), make(cohort_a, "LÉA M."), make(cohort_a, "Éléa")},
        "a_other": {make(cohort_a, "Yanis")},
        "b_lea": {make(cohort_b, "Lea")},
    }


def test_pseudonyms_lea_finds_lea(counsellor_a, superuser, pseudonyms):
    from orientation.models import Response

    assert found(counsellor_a, Response, "lea") == pseudonyms["a_lea"]
    assert found(counsellor_a, Response, "LÉA") == pseudonyms["a_lea"]
    assert found(superuser, Response, "lea") == pseudonyms["a_lea"] | pseudonyms["b_lea"]


def test_a_counsellors_search_stays_within_their_cohorts(counsellor_a, counsellor_b, pseudonyms):
    from orientation.models import Response

    assert found(counsellor_b, Response, "lea") == pseudonyms["b_lea"]
    assert found(counsellor_a, Response, "yanis") == pseudonyms["a_other"]
    assert found(counsellor_b, Response, "yanis") == set()


def test_cohorts_by_name_and_code(counsellor_a, superuser, cohort_a, cohort_b):
    assert found(superuser, Cohort, "LYCEE") == {cohort_a.pk, cohort_b.pk}
    assert found(superuser, Cohort, "premiere") == {cohort_b.pk}
    code = cohort_a.code
    assert found(superuser, Cohort, code.lower()) == {cohort_a.pk}
    assert found(superuser, Cohort, f"{code[:3]} {code[3:]}") == {cohort_a.pk}  # as dictated
    assert found(counsellor_a, Cohort, "lycee") == {cohort_a.pk}  # their cohorts only
    assert found(counsellor_a, Cohort, cohort_b.code) == set()


def test_the_help_text_says_what_is_searched_and_how(superuser, programmes):
    html = superuser.get(changelist(Programme)).content.decode()
    assert "Recherche dans : nom, sigle, code scolarité" in html
    assert "sans tenir compte des majuscules ni des accents" in html
    html = superuser.get(changelist(Cohort)).content.decode()
    assert "Recherche dans : nom, code d&#x27;accès" in html


def test_every_folded_list_answers_a_search(superuser, catalogue):
    """Each admin using the mixin accepts its own search_fields (a field added by someone else
    that this search cannot fold would fail here, not in front of a counsellor)."""
    searched = [
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, FoldedSearchMixin)
    ]
    assert {Programme, Attendu, Metier, Item, Cohort} <= set(searched)
    for model in searched:
        response = superuser.get(changelist(model), {"q": 'é "l\'é" 1'})
        assert response.status_code == 200, model


# --- Cost --------------------------------------------------------------------------------------


def _search(client, model, query: str) -> tuple[int, int]:
    """(queries run, rows shown) by a search, caches warmed first."""
    url = changelist(model)
    client.get(url, {"q": query})  # the content-type and session caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"q": query})
    assert response.status_code == 200
    return len(captured.captured_queries), len(response.context["cl"].result_list)


def test_a_programme_search_costs_the_same_queries_whatever_the_matches(superuser):
    make_programme(name="BTS Métiers 0", attendus=["Aimer la chimie"], domains=["sciences/chimie"])
    make_programme(name="BTS Comptabilité")
    queries, shown = _search(superuser, Programme, "metiers")
    assert shown == 1
    for i in range(1, 30):
        make_programme(name=f"BTS Métiers {i}", attendus=[f"a {i}"], domains=[f"d {i % 3}/s {i}"])
    assert _search(superuser, Programme, "metiers") == (queries, 30)


def test_a_pseudonym_search_costs_the_same_queries_whatever_the_matches(
    counsellor_a, cohort_a, catalogue
):
    from orientation.models import Response

    make_response(cohort=cohort_a, pseudonym="Léa", completed=False)
    make_response(cohort=cohort_a, pseudonym="Yanis", completed=False)
    queries, shown = _search(counsellor_a, Response, "lea")
    assert shown == 1
    for i in range(10):
        make_response(cohort=cohort_a, pseudonym=f"LÉA {i}", completed=False)
    assert _search(counsellor_a, Response, "lea") == (queries, 11)


# --- The folding itself ------------------------------------------------------------------------


def test_the_sql_folds_as_python_does():
    """Fold() in SQL (capbts_fold on SQLite, LOWER(UNACCENT()) on PostgreSQL) gives what the
    typed words are folded to, on what the catalogue writes."""
    samples = ["Métiers", "ÉQUIPE", "Léa", "Cœur", "ŒUVRE", "Ægée", "l’Économie", "çà", "Noël"]
    cohort = None
    for sample in samples:
        cohort = Cohort.objects.create(name=sample)
        folded = Cohort.objects.filter(pk=cohort.pk).annotate(f=Fold("name")).get().f
        assert folded == text.fold(sample), sample
    null = Value(None, output_field=CharField())
    assert Cohort.objects.annotate(f=Fold(null)).filter(pk=cohort.pk).get().f is None


def test_words_are_split_and_folded_as_django_splits_them():
    assert admin_tools.search_words(search_term=" Léa  \"Métiers de l’eau\" 'x y' ") == [
        "lea",
        "metiers de l'eau",
        "x y",
    ]
    condition, duplicates = folded_search(
        model=Item, search_fields=["statement", "attendus__text"], search_term="équipe"
    )
    assert condition is not None and duplicates  # a multi-valued relation: deduplicated
    assert folded_search(model=Item, search_fields=["statement"], search_term=" ") == (None, False)


def test_prefixes_and_unsupported_fields(cohort_a, cohort_b):
    def matches(spec: str, term: str) -> set[int]:
        condition, _duplicates = folded_search(model=Cohort, search_fields=[spec], search_term=term)
        return set(Cohort.objects.filter(condition).values_list("pk", flat=True))

    assert matches("=code", cohort_a.code.lower()) == {cohort_a.pk}
    assert matches("=code", cohort_a.code[:3]) == set()
    assert matches("^name", "terminale") == {cohort_a.pk}
    assert matches("^name", "lycee") == set()
    with pytest.raises(ImproperlyConfigured):
        folded_search(model=Cohort, search_fields=["@name"], search_term="x")
    with pytest.raises(ImproperlyConfigured):
        folded_search(model=Cohort, search_fields=["name__iexact"], search_term="x")
