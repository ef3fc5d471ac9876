"""The staff admin of the catalogue."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from programmes.models import Attendu, Programme
from programmes.search import Filters, current_index, search
from tests.factories import make_attendu, make_domain, make_metier, make_programme
from tests.programmes.admin_forms import programme_change_data as _change_data

CHANGELIST = reverse("admin:programmes_programme_changelist")


def _changelist_names(response) -> list[str]:
    return [p.name for p in response.context["cl"].result_list]


@pytest.fixture
def programmes(db):
    return [
        make_programme(
            name="BTS Comptabilité et gestion",
            sigle="CG",
            code_scolarite="32031213",
            attendus=["Attendu un", "Attendu deux"],
            domains=["gestion/comptabilité", "gestion/audit"],
            bac_codes=["stmg"],
            imported=True,
        ),
        make_programme(
            name="BTSA Génie des équipements agricoles",
            sigle="GDEA",
            kind="BTSA",
            attendus=["Attendu un"],
            domains=["agriculture/machinisme"],
            bac_codes=["pro"],
            published=False,
        ),
    ]


@pytest.mark.django_db
def test_programme_changelist_shows_the_summary_columns(admin_client, programmes):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    for header in ("Nom", "Sigle", "Type", "Attendus", "Domaines", "Publié"):
        assert header in html
    assert '<td class="field-attendu_count">2</td>' in html
    assert '<td class="field-domains_summary">gestion</td>' in html
    assert '<td class="field-domains_summary">agriculture</td>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [("cg", ["BTS Comptabilité et gestion"]), ("32031213", ["BTS Comptabilité et gestion"])],
)
def test_programme_admin_search_covers_sigle_and_code(admin_client, programmes, query, expected):
    assert _changelist_names(admin_client.get(CHANGELIST, {"q": query})) == expected


@pytest.mark.django_db
def test_programme_admin_filters(admin_client, programmes):
    gestion = make_domain(name="gestion")
    cases = [
        ({"kind__exact": "BTSA"}, ["BTSA Génie des équipements agricoles"]),
        ({"published__exact": "1"}, ["BTS Comptabilité et gestion"]),
        ({"domaine": gestion.slug}, ["BTS Comptabilité et gestion"]),
        (
            {"bac_tracks__id__exact": str(programmes[1].bac_tracks.get().pk)},
            ["BTSA Génie des équipements agricoles"],
        ),
    ]
    for params, expected in cases:
        response = admin_client.get(CHANGELIST, params)
        assert response.status_code == 200, params
        assert _changelist_names(response) == expected, params


@pytest.mark.django_db
def test_domain_filter_does_not_inflate_the_attendu_count(admin_client, programmes):
    gestion = make_domain(name="gestion")
    response = admin_client.get(CHANGELIST, {"domaine": gestion.slug})
    assert [p.attendu_count for p in response.context["cl"].result_list] == [2]


@pytest.mark.django_db
def test_programme_changelist_query_count_does_not_grow(
    admin_client, django_assert_num_queries, django_assert_max_num_queries
):
    def build(count):
        for i in range(count):
            make_programme(
                name=f"BTS {i}",
                attendus=[f"a {i}", f"b {i}"],
                domains=[f"domaine {i % 3}/sous {i}"],
                bac_codes=["stmg"],
            )

    build(3)
    admin_client.get(CHANGELIST)  # warm the content-type and session caches
    with django_assert_max_num_queries(10) as small:
        admin_client.get(CHANGELIST)
    build(27)
    with django_assert_num_queries(len(small.captured_queries)):
        response = admin_client.get(CHANGELIST, {"o": "4"})  # sorted by attendu count
    assert len(response.context["cl"].result_list) == 30


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 12])
def test_programme_change_page_runs_ten_queries_whatever_its_rows(
    client, django_assert_num_queries, rows
):
    """An editor (not a superuser, so permissions are queried too) opens a programme: each
    inline row's autocomplete shows its current choice without a query of its own."""
    from django.contrib.auth.models import Group, User

    editor = User.objects.create_user("redac", is_staff=True)
    editor.groups.add(Group.objects.get(name="Rédaction"))
    client.force_login(editor)
    programme = make_programme(
        attendus=[f"Attendu {i}" for i in range(rows)],
        metiers=[make_metier(name=f"métier {i}") for i in range(rows)],
        domains=["gestion/comptabilité", "gestion/audit"],
        bac_codes=["stmg", "pro"],
    )
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    client.get(url)  # warm the content-type cache
    with django_assert_num_queries(10):
        response = client.get(url)
    html = response.content.decode()
    assert html.count(" selected>Attendu ") == rows
    assert "gestion › audit" in html


@pytest.mark.django_db
def test_programme_change_page_renders_inlines_and_import_metadata(admin_client, programmes):
    programme = programmes[0]
    make_programme(name="BTS avec métier", metiers=[make_metier(name="comptable")])
    response = admin_client.get(reverse("admin:programmes_programme_change", args=[programme.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Attendus de la formation" in html
    assert "Métiers associés" in html
    assert "Import ONISEP" in html
    assert "fiches-bts-2025-10-21/exemple.md" in html
    assert '<pre class="imported-values">' in html
    assert 'name="import_source"' not in html  # read-only


@pytest.mark.django_db
def test_programme_add_page_renders(admin_client):
    response = admin_client.get(reverse("admin:programmes_programme_add"))
    assert response.status_code == 200


def _change_url(programme: Programme) -> str:
    return reverse("admin:programmes_programme_change", args=[programme.pk])


@pytest.mark.django_db
def test_saving_a_programme_refreshes_its_search_text(admin_client, programmes):
    programme = programmes[0]
    data = _change_data(
        programme,
        name="BTS Comptabilité et gestion renommé",
        **{
            "programme_metiers-TOTAL_FORMS": "1",
            "programme_metiers-0-position": "1",
            "programme_metiers-0-name": "Expert-comptable",
            "programme_metiers-0-metier": "",
        },
    )
    response = admin_client.post(_change_url(programme), data)
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "BTS Comptabilité et gestion renommé"
    assert "renomme" in programme.search_text
    assert "expert-comptable" in programme.search_text
    assert search(current_index(), Filters(query="expert comptable")).pks == [programme.pk]


@pytest.mark.django_db
def test_staff_can_swap_two_attendus_in_one_save(admin_client, programmes):
    programme = programmes[0]
    data = _change_data(
        programme, **{"programme_attendus-0-position": "2", "programme_attendus-1-position": "1"}
    )
    response = admin_client.post(_change_url(programme), data)
    assert response.status_code == 302
    rows = programme.programme_attendus.order_by("position")
    assert [(r.position, r.attendu.text) for r in rows] == [(1, "Attendu deux"), (2, "Attendu un")]


@pytest.mark.django_db
def test_positions_are_renumbered_from_one_after_a_deletion_or_an_insert(admin_client, programmes):
    programme = programmes[0]
    data = _change_data(
        programme,
        **{
            "programme_attendus-0-DELETE": "on",
            "programme_attendus-TOTAL_FORMS": "3",
            "programme_attendus-2-position": "1",
            "programme_attendus-2-group": "Intérêts",
            "programme_attendus-2-attendu": str(make_attendu(text="Attendu neuf").pk),
        },
    )
    response = admin_client.post(_change_url(programme), data)
    assert response.status_code == 302
    rows = programme.programme_attendus.order_by("position")
    assert [(r.position, r.attendu.text, r.group) for r in rows] == [
        (1, "Attendu neuf", "Intérêts"),
        (2, "Attendu deux", ""),
    ]


@pytest.mark.django_db
def test_two_attendus_at_the_same_position_give_a_form_error(admin_client, programmes):
    programme = programmes[0]
    data = _change_data(programme, **{"programme_attendus-1-position": "1"})
    response = admin_client.post(_change_url(programme), data)
    assert response.status_code == 200
    assert "position" in str(response.context["inline_admin_formsets"][0].formset.non_form_errors())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "published", "message"),
    [
        ("publish", True, "2 formations publiées."),
        ("unpublish", False, "2 formations dépubliées"),
    ],
)
def test_publish_actions_update_and_confirm(admin_client, programmes, action, published, message):
    response = admin_client.post(
        CHANGELIST + "?o=4",  # even when sorted by the annotated column
        {"action": action, "_selected_action": [p.pk for p in programmes]},
    )
    assert response.status_code == 302
    assert [p.published for p in Programme.objects.all()] == [published, published]
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(message in t for t in texts), texts


@pytest.mark.django_db
def test_attendu_admin_counts_programmes_and_searches(admin_client, programmes):
    url = reverse("admin:programmes_attendu_changelist")
    response = admin_client.get(url, {"q": "attendu"})
    assert response.status_code == 200
    counts = {a.text: a.programme_count for a in response.context["cl"].result_list}
    assert counts == {"Attendu un": 2, "Attendu deux": 1}
    attendu = Attendu.objects.get(text="Attendu un")
    change = admin_client.get(reverse("admin:programmes_attendu_change", args=[attendu.pk]))
    assert change.status_code == 200
    assert "BTSA Génie des équipements agricoles" in change.content.decode()


@pytest.mark.django_db
def test_attendu_admin_refuses_a_duplicate_text(admin_client, programmes):
    response = admin_client.post(
        reverse("admin:programmes_attendu_add"),
        {
            "text": "attendu   UN.",
            "programme_attendus-TOTAL_FORMS": "0",
            "programme_attendus-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Cet attendu existe déjà" in response.content.decode()


@pytest.mark.django_db
def test_attendu_admin_computes_the_key_of_a_new_attendu(admin_client):
    response = admin_client.post(
        reverse("admin:programmes_attendu_add"),
        {
            "text": "S’intéresser  à l’économie",
            "programme_attendus-TOTAL_FORMS": "0",
            "programme_attendus-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert Attendu.objects.get().text_key == "s'interesser a l'economie"


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["attendu", "metier", "domain", "bactrack"])
def test_other_changelists_render(admin_client, programmes, model):
    make_metier(name="comptable", rome_code="M1203")
    response = admin_client.get(reverse(f"admin:programmes_{model}_changelist"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_metier_admin_searches_by_rome_code(admin_client):
    make_metier(name="comptable", rome_code="M1203")
    make_metier(name="boulanger", rome_code="D1102")
    response = admin_client.get(reverse("admin:programmes_metier_changelist"), {"q": "M1203"})
    assert [m.name for m in response.context["cl"].result_list] == ["comptable"]


@pytest.mark.django_db
def test_bac_tracks_are_a_read_only_list(admin_client):
    response = admin_client.get(reverse("admin:programmes_bactrack_changelist"))
    html = response.content.decode()
    assert "Bac technologique STMG" in html
    assert reverse("admin:programmes_bactrack_add") not in html
    assert admin_client.get(reverse("admin:programmes_bactrack_add")).status_code == 403
