"""« Afficher les nombres » (`?_facets=True`) on every back-office list: counts, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

LISTS = [
    "admin:orientation_response_changelist",
    "admin:orientation_cohort_changelist",
    "admin:orientation_item_changelist",
    "admin:orientation_dimension_changelist",
    "admin:programmes_programme_changelist",
    "admin:programmes_attendu_changelist",
    "admin:programmes_metier_changelist",
    "admin:programmes_domain_changelist",
    "admin:auth_user_changelist",
]


@pytest.mark.parametrize("url_name", LISTS)
def test_every_list_shows_its_counts_on_request(superuser, response_a, url_name):
    reply = superuser.get(reverse(url_name) + "?_facets=True")
    assert reply.status_code == 200, url_name


def test_the_responses_list_counts_by_cohort_and_programme_for_a_counsellor(
    counsellor_a, response_a, cohort_a
):
    url = reverse("admin:orientation_response_changelist")
    reply = counsellor_a.get(url + "?_facets=True")
    assert reply.status_code == 200
    html = reply.content.decode()
    assert f"{cohort_a.name} (1)" in html
    filtered = counsellor_a.get(url + f"?_facets=True&cohorte={cohort_a.pk}")
    assert filtered.status_code == 200
    assert response_a in filtered.context["cl"].result_list


def test_a_tampered_filter_value_matches_nothing(counsellor_a, response_a):
    url = reverse("admin:orientation_response_changelist")
    for query in ("cohorte=abc", "formation=1%20OR%201=1", "cohorte=-1"):
        reply = counsellor_a.get(f"{url}?{query}")
        assert reply.status_code == 200, query
        assert list(reply.context["cl"].result_list) == [], query
