"""Who may open which back-office page: the access matrix, and URL guessing."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from orientation.models import Dimension, Item, Response
from programmes.models import ImportRun
from tests.backoffice.conftest import make_response

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN, MISSING = "200", "login", "403", "404"
PERSONAS = ["anonymous", "student", "counsellor_a", "counsellor_b", "editor", "superuser"]


def _row(anonymous, counsellor_a, counsellor_b, editor, superuser):
    # A student holds a private link, not an account: the admin treats them as anonymous.
    return dict(
        zip(
            PERSONAS,
            [anonymous, anonymous, counsellor_a, counsellor_b, editor, superuser],
            strict=True,
        )
    )


# page → expected outcome per persona. Cohort A pages and response A are cohort A's.
MATRIX = {
    "admin index": _row(LOGIN, OK, OK, OK, OK),
    "response list": _row(LOGIN, OK, OK, FORBIDDEN, OK),
    "response A detail": _row(LOGIN, OK, MISSING, FORBIDDEN, OK),
    "response A history": _row(LOGIN, OK, MISSING, FORBIDDEN, OK),
    "response A delete": _row(LOGIN, OK, MISSING, FORBIDDEN, OK),
    "response add": _row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "cohort list": _row(LOGIN, OK, OK, FORBIDDEN, OK),
    "cohort add": _row(LOGIN, OK, OK, FORBIDDEN, OK),
    "cohort A change": _row(LOGIN, OK, MISSING, FORBIDDEN, OK),
    "cohort A history": _row(LOGIN, OK, MISSING, FORBIDDEN, OK),
    # Cohort A holds responses: its counsellor is told why it cannot be deleted (403); an
    # empty cohort is deletable (tests/backoffice/test_access_cohorts.py).
    "cohort A delete": _row(LOGIN, FORBIDDEN, MISSING, FORBIDDEN, OK),
    "cohort A dashboard": _row(LOGIN, OK, MISSING, FORBIDDEN, OK),
    "cohort A export": _row(LOGIN, OK, MISSING, FORBIDDEN, OK),
    "cohort A export xlsx": _row(LOGIN, OK, MISSING, FORBIDDEN, OK),
    "cohort A sheets": _row(LOGIN, OK, MISSING, FORBIDDEN, OK),
    "cohort list archived": _row(LOGIN, OK, OK, FORBIDDEN, OK),
    "item list": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "item change": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "item history": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "dimension list": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "dimension change": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "dimension history": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "programme list": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "programme change": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "programme history": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "attendu change": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "import run list": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "import run page": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "programme preview": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "discovery preview": _row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "user accounts": _row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
    "groups": _row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK),
}


@pytest.fixture
def urls(catalogue, cohort_a, response_a) -> dict[str, str]:
    item = Item.objects.first()
    dimension = Dimension.objects.first()
    programme = catalogue["mco"]
    attendu = programme.programme_attendus.first().attendu
    r, c = response_a.pk, cohort_a.pk
    run = ImportRun.objects.create(command="import_programmes")
    return {
        "admin index": reverse("admin:index"),
        "response list": reverse("admin:orientation_response_changelist"),
        "response A detail": reverse("admin:orientation_response_change", args=[r]),
        "response A history": reverse("admin:orientation_response_history", args=[r]),
        "response A delete": reverse("admin:orientation_response_delete", args=[r]),
        "response add": reverse("admin:orientation_response_add"),
        "cohort list": reverse("admin:orientation_cohort_changelist"),
        "cohort add": reverse("admin:orientation_cohort_add"),
        "cohort A change": reverse("admin:orientation_cohort_change", args=[c]),
        "cohort A history": reverse("admin:orientation_cohort_history", args=[c]),
        "cohort A delete": reverse("admin:orientation_cohort_delete", args=[c]),
        "cohort A dashboard": reverse("admin:orientation_cohort_dashboard", args=[c]),
        "cohort A export": reverse("admin:orientation_cohort_export", args=[c]),
        "cohort A export xlsx": reverse("admin:orientation_cohort_export_xlsx", args=[c]),
        "cohort A sheets": reverse("admin:orientation_cohort_sheets", args=[c]),
        "cohort list archived": reverse("admin:orientation_cohort_changelist") + "?etat=archivees",
        "item list": reverse("admin:orientation_item_changelist"),
        "item change": reverse("admin:orientation_item_change", args=[item.pk]),
        "item history": reverse("admin:orientation_item_history", args=[item.pk]),
        "dimension list": reverse("admin:orientation_dimension_changelist"),
        "dimension change": reverse("admin:orientation_dimension_change", args=[dimension.pk]),
        "dimension history": reverse("admin:orientation_dimension_history", args=[dimension.pk]),
        "programme list": reverse("admin:programmes_programme_changelist"),
        "programme change": reverse("admin:programmes_programme_change", args=[programme.pk]),
        "programme history": reverse("admin:programmes_programme_history", args=[programme.pk]),
        "attendu change": reverse("admin:programmes_attendu_change", args=[attendu.pk]),
        "import run list": reverse("admin:programmes_importrun_changelist"),
        "import run page": reverse("admin:programmes_importrun_change", args=[run.pk]),
        "programme preview": reverse(
            "admin:orientation_item_preview_programme", args=[programme.pk]
        ),
        "discovery preview": reverse("admin:orientation_item_preview_discovery"),
        "user accounts": reverse("admin:auth_user_changelist"),
        "groups": reverse("admin:auth_group_changelist"),
    }


def outcome(http) -> str:
    if http.status_code == 302 and http.url.startswith(reverse("admin:login")):
        return LOGIN
    return str(http.status_code)


@pytest.mark.parametrize(
    ("page", "persona"), [(page, persona) for page in MATRIX for persona in PERSONAS]
)
def test_each_persona_gets_exactly_the_pages_of_its_role(personas, urls, page, persona):
    http = personas[persona].get(urls[page])
    assert outcome(http) == MATRIX[page][persona]


def test_the_student_reads_their_result_through_their_private_link_only(student):
    response = student.response
    assert student.get(response.get_absolute_url()).status_code == 200
    assert outcome(student.get(reverse("admin:orientation_response_changelist"))) == LOGIN


def test_a_counsellor_of_b_never_sees_a_response_of_a_in_the_list_or_its_filters(
    counsellor_b, response_a, response_b
):
    url = reverse("admin:orientation_response_changelist")
    page = counsellor_b.get(url)
    assert list(page.context["cl"].result_list) == [response_b]
    html = page.content.decode()
    assert "Léa" not in html
    assert response_a.cohort.name not in html  # the cohort filter lists their cohorts only
    programme_filter = next(
        f for f in page.context["cl"].filter_specs if f.parameter_name == "formation"
    )
    assert [name for _pk, name in programme_filter.lookup_choices] == [response_b.programme_name]
    guessed = counsellor_b.get(url, {"cohorte": response_a.cohort_id})
    assert list(guessed.context["cl"].result_list) == []
    guessed = counsellor_b.get(url, {"q": "Léa"})
    assert list(guessed.context["cl"].result_list) == []


def test_a_counsellor_of_b_cannot_export_or_annotate_a_response_of_a_by_guessing(
    counsellor_b, response_a
):
    export = counsellor_b.post(
        reverse("admin:orientation_response_changelist"),
        {"action": "export_csv", "_selected_action": [response_a.pk]},
    )
    assert export.status_code == 302  # back to the list: nothing visible was selected
    assert "text/csv" not in export.get("Content-Type", "")
    assert "Léa" not in export.content.decode()
    note = counsellor_b.post(
        reverse("admin:orientation_response_change", args=[response_a.pk]),
        {"text": "Vu en entretien"},
    )
    assert note.status_code == 404
    assert not response_a.notes.exists()


def test_responses_without_a_cohort_are_seen_by_no_counsellor(catalogue, counsellor_a, superuser):
    alone = make_response(cohort=None, programme=catalogue["mco"], pseudonym="Seul")
    url = reverse("admin:orientation_response_change", args=[alone.pk])
    assert counsellor_a.get(url).status_code == 404
    assert superuser.get(url).status_code == 200
    listed = counsellor_a.get(reverse("admin:orientation_response_changelist"))
    assert alone not in listed.context["cl"].result_list


def test_a_counsellor_removed_from_a_cohort_loses_its_responses_at_once(
    counsellor_a, cohort_a, response_a
):
    url = reverse("admin:orientation_response_change", args=[response_a.pk])
    assert counsellor_a.get(url).status_code == 200
    cohort_a.counsellors.remove(counsellor_a.user)
    assert counsellor_a.get(url).status_code == 404
    dashboard = reverse("admin:orientation_cohort_dashboard", args=[cohort_a.pk])
    assert counsellor_a.get(dashboard).status_code == 404


def test_unknown_or_malformed_ids_answer_404(counsellor_a):
    for object_id in ["999999", "abc"]:
        url = reverse("admin:orientation_response_change", args=[object_id])
        assert counsellor_a.get(url).status_code == 404
    assert Response.objects.count() == 0


@pytest.mark.parametrize("persona", ["counsellor_a", "counsellor_b", "editor", "superuser"])
def test_no_staff_user_can_learn_a_students_private_link_through_view_on_site(
    personas, response_a, persona
):
    content_type = ContentType.objects.get_for_model(Response)
    http = personas[persona].get(
        reverse("admin:view_on_site", args=[content_type.pk, response_a.pk])
    )
    assert http.status_code == 404
    assert response_a.token not in http.get("Location", "")


def test_view_on_site_still_works_for_the_catalogue(editor, catalogue):
    programme = catalogue["mco"]
    content_type = ContentType.objects.get_for_model(programme)
    http = editor.get(reverse("admin:view_on_site", args=[content_type.pk, programme.pk]))
    assert http.status_code == 302 and http["Location"].endswith(programme.get_absolute_url())


@pytest.mark.parametrize("persona", ["counsellor_a", "editor", "superuser"])
def test_no_back_office_page_runs_more_than_ten_queries(
    personas, urls, persona, django_assert_max_num_queries
):
    client = personas[persona]
    for page, url in urls.items():
        if MATRIX[page][persona] != OK:
            continue
        client.get(url)  # warm the content-type cache
        with django_assert_max_num_queries(10, info=f"{persona}: {page}"):
            assert client.get(url).status_code == 200
