"""A counsellor preparing interviews, response side: the list led by the pseudonym with the
points à renforcer and the attempts, its filters (`points`, `attendu`), a student's retakes
grouped on the response page with what changed, the erasure at a student's request, and
query counts that do not grow with the cohort, the notes or the attempts."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from orientation.backoffice import attempts, points
from orientation.backoffice.admin.responses import AttenduFilter, PointsFilter, ResponseAdmin
from orientation.models import Cohort, CounsellorNote, Response
from orientation.scoring import Band
from tests.backoffice.conftest import always, make_response

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:orientation_response_changelist")


def detail_url(response: Response) -> str:
    return reverse("admin:orientation_response_change", args=[response.pk])


def erase_url(response: Response) -> str:
    return reverse("admin:orientation_response_delete", args=[response.pk])


def weak_on(*texts: str):
    """« Pas du tout » on the questions of the attendus `texts`, « Tout à fait » elsewhere: one
    point à renforcer per attendu named."""
    return lambda q: "pas-du-tout" if q.get("attendu_text") in texts else "tout-a-fait"


def attendu_texts(programme) -> list[str]:
    return [pa.attendu.text for pa in programme.programme_attendus.order_by("position")]


def listed(client, **params) -> list[Response]:
    return list(client.get(CHANGELIST, params).context["cl"].result_list)


# --- The list ------------------------------------------------------------------------------------


def test_the_list_leads_with_the_pseudonym_linking_to_the_response_page_or_anonyme(
    catalogue, counsellor_a, cohort_a, response_a
):
    anonymous = make_response(cohort=cohort_a, programme=catalogue["mco"], pseudonym="")
    page = counsellor_a.get(CHANGELIST)
    cl = page.context["cl"]
    assert cl.list_display[1] == "pseudonym_display"  # after the selection box
    html = page.content.decode()
    assert f'<a href="{detail_url(response_a)}">Léa</a>' in html
    assert f'<a href="{detail_url(anonymous)}">Anonyme</a>' in html
    order = [
        "column-pseudonym_display",
        "column-band_display",
        "column-points_display",
        "column-date",
        "column-cohort",
        "column-programme_short",
    ]
    positions = [html.index(column) for column in order]
    assert positions == sorted(positions)


def test_the_list_counts_points_a_renforcer_for_tested_programmes_only(
    catalogue, counsellor_a, cohort_a
):
    mco = catalogue["mco"]
    texts = attendu_texts(mco)
    two = make_response(cohort=cohort_a, programme=mco, pseudonym="A", code_for=weak_on(*texts[:2]))
    none = make_response(cohort=cohort_a, programme=mco, pseudonym="B", code_for=always("plutot"))
    discovery = make_response(cohort=cohort_a, pseudonym="C")
    draft = make_response(cohort=cohort_a, programme=mco, pseudonym="D", completed=False)
    rows = {r.pk: r for r in listed(counsellor_a)}
    assert rows[two.pk].points_count == 2
    assert rows[two.pk].points_count == two.result["counts"]["to_strengthen"]
    assert rows[none.pk].points_count == 0
    assert rows[discovery.pk].points_count is None
    assert rows[draft.pk].points_count is None
    admin = ResponseAdmin(Response, None)
    assert admin.points_display(rows[two.pk]) == "2"
    assert admin.points_display(rows[discovery.pk]) == "—"


@pytest.fixture
def graded(catalogue, cohort_a) -> dict[int, Response]:
    """Responses of cohort A with 0, 1, 2, 3 and 4 points à renforcer, a discovery, a draft."""
    mco = catalogue["mco"]
    texts = attendu_texts(mco)
    responses = {
        n: make_response(
            cohort=cohort_a, programme=mco, pseudonym=f"Élève {n}", code_for=weak_on(*texts[:n])
        )
        for n in range(5)
    }
    make_response(cohort=cohort_a, pseudonym="Découverte")
    make_response(cohort=cohort_a, programme=mco, pseudonym="Brouillon", completed=False)
    return responses


def test_the_points_filter_keeps_none_one_or_two_or_three_and_more(counsellor_a, graded):
    assert set(listed(counsellor_a, points="0")) == {graded[0]}
    assert set(listed(counsellor_a, points="1-2")) == {graded[1], graded[2]}
    assert set(listed(counsellor_a, points="3-plus")) == {graded[3], graded[4]}
    assert len(listed(counsellor_a)) == 7
    for tampered in ("3", "1-2 OR 1=1", "-1", "3+"):
        assert listed(counsellor_a, points=tampered) == [], tampered


def test_sorting_by_points_puts_the_most_points_first_and_the_uncounted_last(counsellor_a, graded):
    cl = counsellor_a.get(CHANGELIST).context["cl"]
    column = cl.list_display.index("points_display")
    rows = listed(counsellor_a, o=str(column))
    assert [r.points_count for r in rows] == [4, 3, 2, 1, 0, None, None]


def test_the_filter_parameter_names_stay_points_and_attendu():
    """Dashboards link to the list with these names: changing them breaks those links."""
    assert PointsFilter.parameter_name == "points"
    assert AttenduFilter.parameter_name == "attendu"
    assert set(points.POINTS_RANGES) == {"0", "1-2", "3-plus"}
    for name in ("`points=0`", "`points=1-2`", "`points=3-plus`"):
        assert name in PointsFilter.__doc__
    assert "`attendu=<attendu id>`" in AttenduFilter.__doc__


def must_strengthen(response: Response, attendu_id: int) -> bool:
    """The oracle, from the snapshot the student saw (not from the facts the filter reads)."""
    return any(
        row["attendu"] == attendu_id and row["band"] == Band.TO_STRENGTHEN
        for row in response.result.get("attendus", ())
    )


def test_the_attendu_filter_keeps_the_students_who_must_strengthen_that_attendu(
    catalogue, counsellor_a, cohort_a
):
    mco, cg = catalogue["mco"], catalogue["cg"]
    texts = attendu_texts(mco)
    responses = [
        make_response(cohort=cohort_a, programme=mco, pseudonym="A", code_for=weak_on(texts[0])),
        make_response(cohort=cohort_a, programme=mco, pseudonym="B", code_for=weak_on(texts[1])),
        make_response(
            cohort=cohort_a, programme=mco, pseudonym="C", code_for=always("tout-a-fait")
        ),
        # NUMERIQUE is an attendu of both programmes: the filter finds both programmes' students.
        make_response(cohort=cohort_a, programme=cg, pseudonym="D", code_for=weak_on(texts[1])),
        make_response(cohort=cohort_a, pseudonym="E"),
    ]
    for text in texts[:2]:
        attendu_id = mco.programme_attendus.get(attendu__text=text).attendu_id
        expected = {r for r in responses if must_strengthen(r, attendu_id)}
        assert expected and expected != set(responses)  # the check below can fail
        assert set(listed(counsellor_a, attendu=str(attendu_id))) == expected, text
    numerique = mco.programme_attendus.get(attendu__text=texts[1]).attendu_id
    assert {r.programme for r in listed(counsellor_a, attendu=str(numerique))} == {mco, cg}
    for tampered in ("abc", "1 OR 1=1", "-1"):
        assert listed(counsellor_a, attendu=tampered) == [], tampered


def test_the_attendu_filter_offers_only_attendus_to_strengthen_the_user_may_see(
    catalogue, counsellor_a, counsellor_b, cohort_a, cohort_b
):
    mco, cg = catalogue["mco"], catalogue["cg"]
    make_response(
        cohort=cohort_a, programme=mco, pseudonym="A", code_for=weak_on(attendu_texts(mco)[0])
    )
    only_b = next(t for t in attendu_texts(cg) if t not in attendu_texts(mco))
    make_response(cohort=cohort_b, programme=cg, pseudonym="B", code_for=weak_on(only_b))

    def choices(client, **params) -> list[str]:
        page = client.get(CHANGELIST, params)
        specs = [f for f in page.context["cl"].filter_specs if isinstance(f, AttenduFilter)]
        # A filter without choices is left out of the sidebar.
        return [key for spec in specs for key, _label in spec.lookup_choices]

    def key(programme, text) -> str:
        return str(programme.programme_attendus.get(attendu__text=text).attendu_id)

    assert choices(counsellor_a) == [key(mco, attendu_texts(mco)[0])]
    assert choices(counsellor_b) == [key(cg, only_b)]
    # Narrowed to the selected cohort.
    assert choices(counsellor_a, cohorte=cohort_a.pk) == [key(mco, attendu_texts(mco)[0])]
    # No attendu of cohort B reaches counsellor A, even by asking for B's cohort.
    assert choices(counsellor_a, cohorte=cohort_b.pk) == []


def test_the_attendu_filter_is_capped_to_the_most_frequent_plus_the_selected_one(
    catalogue, counsellor_a, cohort_a, monkeypatch
):
    mco = catalogue["mco"]
    texts = attendu_texts(mco)
    for i in range(3):
        make_response(cohort=cohort_a, programme=mco, pseudonym=f"A{i}", code_for=weak_on(texts[0]))
    make_response(cohort=cohort_a, programme=mco, pseudonym="Rare", code_for=weak_on(texts[3]))
    monkeypatch.setattr(points, "MAX_ATTENDU_CHOICES", 1)
    visible = Response.objects.all()
    frequent, rare = (
        str(mco.programme_attendus.get(attendu__text=text).attendu_id) for text in texts[0::3]
    )
    assert [key for key, _label in points.attendu_choices(responses=visible)] == [frequent]
    offered = points.attendu_choices(responses=visible, selected=rare)
    assert {key for key, _label in offered} == {frequent, rare}
    # Labels are the attendus' texts, shortened for the filter column.
    assert all(len(label) <= points.ATTENDU_LABEL_LENGTH for _key, label in offered)


def test_the_list_shows_how_many_attempts_share_a_pseudonym_in_the_same_cohort(
    catalogue, counsellor_a, cohort_a
):
    other_cohort = Cohort.objects.create(name="Autre classe")
    other_cohort.counsellors.add(counsellor_a.user)
    mco = catalogue["mco"]
    lea = [
        make_response(cohort=cohort_a, programme=mco, pseudonym=name)
        for name in ("Léa", "lea", " L ÉA ")
    ]
    elsewhere = make_response(cohort=other_cohort, programme=mco, pseudonym="Léa")
    alone = make_response(cohort=cohort_a, programme=mco, pseudonym="Léo")
    anonymous = make_response(cohort=cohort_a, programme=mco, pseudonym="")
    rows = {r.pk: r for r in listed(counsellor_a)}
    assert [rows[r.pk].attempt_count for r in lea] == [3, 3, 3]
    assert rows[elsewhere.pk].attempt_count == 1
    assert rows[alone.pk].attempt_count == 1
    assert rows[anonymous.pk].attempt_count is None
    html = counsellor_a.get(CHANGELIST).content.decode()
    assert '<td class="field-attempt_count_display">3</td>' in html


def test_the_response_list_queries_do_not_grow_with_the_cohort_or_the_attempts(
    catalogue, counsellor_a, cohort_a, django_assert_num_queries
):
    mco = catalogue["mco"]
    texts = attendu_texts(mco)
    for i in range(3):
        make_response(
            cohort=cohort_a, programme=mco, pseudonym=f"Élève {i}", code_for=weak_on(texts[0])
        )
    counsellor_a.get(CHANGELIST)  # warm the content-type cache
    with django_assert_num_queries(10) as small:
        counsellor_a.get(CHANGELIST, {"points": "1-2"})
    for i in range(30):
        make_response(
            cohort=cohort_a,
            programme=mco,
            pseudonym=f"Élève {i % 8}",  # retakes
            code_for=weak_on(*texts[: i % 4]),
        )
        CounsellorNote.objects.create(response=Response.objects.latest("pk"), text="Vu")
    with django_assert_num_queries(len(small.captured_queries)):
        page = counsellor_a.get(CHANGELIST, {"points": "1-2"})
    assert len(page.context["cl"].result_list) == 18
    first = str(mco.programme_attendus.first().attendu_id)
    with django_assert_num_queries(len(small.captured_queries)):
        counsellor_a.get(CHANGELIST, {"attendu": first})


# --- Attempts: same pseudonym, same cohort -------------------------------------------------------


def test_pseudonyms_match_whatever_their_case_accents_and_spaces():
    key = attempts.pseudonym_key
    assert key("Léa") == key("lea") == key(" L É A ") == key("LÉA\t") == "lea"
    assert key("Léa") != key("Léo")
    assert key("Léa-Marie") != key("Léa Marie")  # only case, accents and spaces are ignored
    assert key("") == key("   ") == ""


def test_attempts_are_grouped_within_a_cohort_and_never_for_an_empty_pseudonym(
    catalogue, cohort_a, cohort_b
):
    mco = catalogue["mco"]
    first = make_response(cohort=cohort_a, programme=mco, pseudonym="Inès")
    second = make_response(cohort=cohort_a, programme=mco, pseudonym="ines")
    make_response(cohort=cohort_b, programme=mco, pseudonym="Inès")
    blank = make_response(cohort=cohort_a, programme=mco, pseudonym="")
    make_response(cohort=cohort_a, programme=mco, pseudonym="")
    loose = make_response(cohort=None, programme=mco, pseudonym="Inès")
    visible = Response.objects.all()
    assert [a.pk for a in attempts.attempts_of(response=second, visible=visible)] == [
        first.pk,
        second.pk,
    ]
    assert attempts.attempts_of(response=blank, visible=visible) == []
    assert attempts.attempts_of(response=loose, visible=visible) == []
    # Never beyond what the reader may see.
    assert attempts.attempts_of(response=second, visible=visible.exclude(pk=first.pk)) == [
        attempts.attempts_of(response=second, visible=visible)[1]
    ]


def test_a_trend_says_progresse_recule_stable_or_non_comparable():
    trend, T = attempts.trend, attempts.Trend
    assert trend(before=Band.TO_STRENGTHEN, after=Band.ON_TRACK) is T.UP
    assert trend(before=Band.ON_TRACK, after=Band.STRONG) is T.UP
    assert trend(before=Band.STRONG, after=Band.TO_STRENGTHEN) is T.DOWN
    assert trend(before=Band.ON_TRACK, after=Band.ON_TRACK) is T.SAME
    assert trend(before=Band.NOT_ASSESSED, after=Band.STRONG) is T.NOT_COMPARABLE
    assert trend(before=Band.NOT_ASSESSED, after=Band.NOT_ASSESSED) is T.NOT_COMPARABLE
    assert trend(before="", after=Band.STRONG) is T.NOT_COMPARABLE
    assert trend(before="bande-future", after=Band.STRONG) is T.NOT_COMPARABLE
    assert [t.label for t in T] == ["progresse", "recule", "stable", "non comparable"]


@pytest.fixture
def retake(catalogue, cohort_a) -> tuple[Response, Response]:
    """« Noah » weak on two attendus, then « noah » weak on one of them only."""
    mco = catalogue["mco"]
    texts = attendu_texts(mco)
    before = make_response(
        cohort=cohort_a, programme=mco, pseudonym="Noah", code_for=weak_on(texts[0], texts[1])
    )
    after = make_response(
        cohort=cohort_a, programme=mco, pseudonym="noah", code_for=weak_on(texts[1])
    )
    return before, after


def test_the_response_page_lists_the_other_attempts_without_claiming_it_is_the_same_student(
    counsellor_a, retake
):
    before, after = retake
    html = counsellor_a.get(detail_url(after)).content.decode()
    assert "Essais sous le même pseudonyme" in html
    assert "même pseudonyme dans la même cohorte" in html
    assert "Deux élèves peuvent avoir choisi le même pseudonyme" in html
    assert "même élève" not in html
    assert f'<a href="{detail_url(before)}">Essai 1</a>' in html
    assert "Essai 2 (cette page)" in html and 'aria-current="page"' in html
    assert "« Noah »" in html and "« noah »" in html  # as each was typed


def test_the_response_page_says_in_words_what_changed_since_the_previous_attempt(
    catalogue, counsellor_a, retake
):
    before, after = retake
    page = counsellor_a.get(detail_url(after))
    comparison = page.context["comparison"]
    assert comparison.previous.pk == before.pk
    first_key = str(catalogue["mco"].programme_attendus.order_by("position").first().attendu_id)
    by_key = {c.key: c for c in comparison.attendus}
    assert by_key[first_key].before == Band.TO_STRENGTHEN
    assert by_key[first_key].trend is attempts.Trend.UP
    assert {c.trend for c in comparison.attendus} == {attempts.Trend.UP, attempts.Trend.SAME}
    assert comparison.overall is not None and comparison.overall.label == "Bilan global"
    html = page.content.decode()
    assert "Ce qui a changé depuis l'essai précédent" in html
    assert '<td class="evolution-trend" data-label="Évolution">progresse</td>' in html
    assert "2 lignes progressent" in html  # the attendu and its dimension
    # And backwards, from the first attempt: nothing before it.
    first_page = counsellor_a.get(detail_url(before)).content.decode()
    assert "Aucun essai terminé avant celui-ci" in first_page


def test_a_retake_with_weaker_answers_is_said_to_move_back_not_judged(
    catalogue, counsellor_a, cohort_a
):
    mco = catalogue["mco"]
    texts = attendu_texts(mco)
    make_response(cohort=cohort_a, programme=mco, pseudonym="Jade", code_for=always("tout-a-fait"))
    worse = make_response(
        cohort=cohort_a, programme=mco, pseudonym="Jade", code_for=weak_on(texts[2])
    )
    page = counsellor_a.get(detail_url(worse))
    trends = [c.trend for c in page.context["comparison"].changes]
    assert attempts.Trend.DOWN in trends
    html = page.content.decode()
    assert "recule" in html
    for judging in ("régress", "échec", "mauvais", "faible"):
        assert judging not in html.lower().split("fiabilité")[0], judging


def test_an_attempt_on_another_programme_is_listed_but_not_compared(
    catalogue, counsellor_a, cohort_a
):
    mco, cg = catalogue["mco"], catalogue["cg"]
    on_mco = make_response(cohort=cohort_a, programme=mco, pseudonym="Sam")
    make_response(cohort=cohort_a, programme=cg, pseudonym="Sam")
    on_mco_again = make_response(cohort=cohort_a, programme=mco, pseudonym="Sam")
    page = counsellor_a.get(detail_url(on_mco_again))
    assert len(page.context["attempt_rows"]) == 3
    assert page.context["comparison"].previous.pk == on_mco.pk  # the CG attempt is skipped
    between = Response.objects.get(programme=cg)
    alone = counsellor_a.get(detail_url(between))
    assert alone.context["comparison"] is None
    assert "Aucun essai terminé avant celui-ci sur le même questionnaire" in (
        alone.content.decode()
    )


def test_dimensions_with_too_few_answers_are_not_compared(catalogue, cohort_a):
    mco = catalogue["mco"]
    before = make_response(cohort=cohort_a, programme=mco, pseudonym="Zoé")
    after = make_response(cohort=cohort_a, programme=mco, pseudonym="Zoé")
    group = attempts.attempt_group(response=after, visible=Response.objects.all())
    shown = {c.key for c in group.comparison.dimensions}
    enough = {
        d["slug"]
        for d in after.result["dimensions"]
        if d["answered"] >= 3
        or next(p for p in before.result["dimensions"] if p["slug"] == d["slug"])["answered"] >= 3
    }
    assert shown == enough
    assert len(shown) < len(after.result["dimensions"])  # the check above can fail


def test_the_response_page_queries_do_not_grow_with_notes_or_attempts(
    catalogue, counsellor_a, cohort_a, django_assert_num_queries
):
    mco = catalogue["mco"]
    make_response(cohort=cohort_a, programme=mco, pseudonym="Maël")
    current = make_response(cohort=cohort_a, programme=mco, pseudonym="Maël")
    CounsellorNote.objects.create(response=current, author=counsellor_a.user, text="Vu")
    url = detail_url(current)
    counsellor_a.get(url)  # warm the content-type cache
    # Session, user, two permission sets, the response, its attempts, the previous attempt's
    # result, the notes with their authors.
    with django_assert_num_queries(8) as small:
        counsellor_a.get(url)
    for i in range(8):
        make_response(cohort=cohort_a, programme=mco, pseudonym="mael")
        CounsellorNote.objects.create(response=current, author=counsellor_a.user, text=f"N{i}")
    for i in range(20):
        make_response(cohort=cohort_a, programme=mco, pseudonym=f"Autre {i}")
    with django_assert_num_queries(len(small.captured_queries)):
        page = counsellor_a.get(url)
    assert len(page.context["attempt_rows"]) == 10 and len(page.context["notes"]) == 9


# --- Erasure at the student's request ------------------------------------------------------------


def test_a_counsellor_erases_a_response_of_their_cohort_after_a_confirmation_page(
    counsellor_a, response_a, cohort_a
):
    CounsellorNote.objects.create(response=response_a, author=counsellor_a.user, text="Vu")
    page = counsellor_a.get(detail_url(response_a)).content.decode()
    assert f'href="{erase_url(response_a)}">Supprimer à la demande de l\'élève</a>' in page
    confirm = counsellor_a.get(erase_url(response_a))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "1 note de conseil" in html and "Oui, supprimer définitivement" in html
    assert Response.objects.filter(pk=response_a.pk).exists()  # a GET deletes nothing
    done = counsellor_a.post(erase_url(response_a))
    assert done.status_code == 302 and done.url == CHANGELIST
    assert not Response.objects.filter(pk=response_a.pk).exists()
    assert not CounsellorNote.objects.exists()


def test_the_erasure_leaves_one_audit_line_on_the_cohort_and_no_personal_data(
    counsellor_a, response_a, cohort_a
):
    pk, pseudonym = response_a.pk, response_a.pseudonym
    counsellor_a.post(detail_url(response_a), {"text": f"{pseudonym} hésite encore."})
    assert LogEntry.objects.filter(object_id=str(pk)).exists()
    counsellor_a.post(erase_url(response_a))
    trace = LogEntry.objects.get()
    assert trace.content_type == ContentType.objects.get_for_model(Cohort)
    assert trace.object_id == str(cohort_a.pk)
    assert trace.user == counsellor_a.user
    assert trace.change_message == f"Réponse n° {pk} supprimée à la demande de l'élève."
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    assert pseudonym not in dump.getvalue()
    history = counsellor_a.get(reverse("admin:orientation_cohort_history", args=[cohort_a.pk]))
    assert escape(trace.change_message) in history.content.decode()


def test_a_superuser_erases_a_response_without_cohort_and_the_trace_names_its_number_only(
    catalogue, superuser
):
    alone = make_response(cohort=None, programme=catalogue["mco"], pseudonym="Seul")
    superuser.post(erase_url(alone))
    assert not Response.objects.filter(pk=alone.pk).exists()
    trace = LogEntry.objects.get()
    assert trace.object_repr == f"Réponse n° {alone.pk}"
    assert "Seul" not in trace.object_repr + trace.change_message


def test_no_django_delete_path_bypasses_the_erasure(rf, counsellor_a, response_a, cohort_a):
    from django.contrib import admin

    model_admin = admin.site._registry[Response]
    request = rf.post(CHANGELIST)
    request.user = counsellor_a.user
    assert "delete_selected" not in model_admin.get_actions(request)
    model_admin.delete_model(request, response_a)
    assert not Response.objects.exists()
    assert LogEntry.objects.get().object_id == str(cohort_a.pk)  # the audit line, on the cohort
    other = make_response(cohort=cohort_a, programme=response_a.programme, pseudonym="Bis")
    model_admin.delete_queryset(request, Response.objects.filter(pk=other.pk))
    assert not Response.objects.exists() and LogEntry.objects.count() == 2


def test_the_erasure_returns_to_the_list_with_its_filters(counsellor_a, response_a):
    filters = "_changelist_filters=points%3D1-2"
    confirm = counsellor_a.get(f"{erase_url(response_a)}?{filters}")
    assert f'href="{CHANGELIST}?points=1-2"' in confirm.content.decode()
    done = counsellor_a.post(f"{erase_url(response_a)}?{filters}")
    assert done.url == f"{CHANGELIST}?points=1-2"
