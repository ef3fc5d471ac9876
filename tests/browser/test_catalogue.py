"""Browsing and searching the real catalogue in Chromium, on a phone and on a desktop."""

import re

import pytest

from programmes.models import Programme
from tests.browser.journeys import PROGRAMME_NAME, PROGRAMME_SLUG

pytestmark = [pytest.mark.browser]


def result_names(page) -> list[str]:
    return page.locator(".result-list .card-title a").all_inner_texts()


def result_count(page) -> int:
    heading = page.locator("#resultats").inner_text()
    match = re.match(r"(\d+) formation", heading)
    return int(match[1]) if match else 0


def test_search_from_the_home_page_ignores_accents_and_case(live_server, catalogue, phone_page):
    page = phone_page
    page.goto(live_server.url + "/")
    page.get_by_role("searchbox", name="Rechercher un BTS").fill("ELECTROTECHNIQUE")
    with page.expect_navigation():
        page.get_by_role("button", name="Rechercher", exact=True).click()
    assert "q=ELECTROTECHNIQUE" in page.url
    assert PROGRAMME_NAME in result_names(page)
    with page.expect_navigation():
        page.get_by_role("link", name=PROGRAMME_NAME, exact=True).click()
    assert page.url.endswith(f"/formations/{PROGRAMME_SLUG}/")
    assert page.locator("h1").inner_text() == PROGRAMME_NAME
    assert page.locator("ul.attendus li").count() >= 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hotellerie", "BTS management en hôtellerie restauration option A"),
        ("Hôtellerie", "BTS management en hôtellerie restauration option A"),
        ("cybersécurité", "BTS cybersécurité, informatique et réseaux, électronique option A"),
        ("cybersecurite reseaux", "BTS cybersécurité, informatique et réseaux, électronique"),
    ],
)
def test_catalogue_search_is_accent_insensitive(live_server, catalogue, page, query, expected):
    page.goto(live_server.url + "/formations/")
    page.get_by_label("Rechercher une formation").fill(query)
    with page.expect_navigation():
        page.get_by_role("button", name="Rechercher", exact=True).click()
    names = result_names(page)
    assert any(name.startswith(expected) for name in names), names
    assert page.locator("title").inner_text().startswith(f"Recherche « {query} »")


def test_catalogue_filters_by_bac_domain_and_type(live_server, catalogue, page):
    page.goto(live_server.url + "/formations/")
    everything = result_count(page)
    assert everything == Programme.objects.published().count() == 123

    page.locator("details.filters summary").click()  # folded until a filter is used
    page.get_by_label("Ton bac").select_option("pro")
    page.get_by_label("Domaine").select_option("agriculture-animaux")
    with page.expect_navigation():
        page.get_by_role("button", name="Appliquer les filtres").click()
    expected = Programme.objects.published().for_bac("pro").in_domain("agriculture-animaux")
    assert 0 < result_count(page) == expected.count() < everything
    assert "bac=pro" in page.url and "domaine=agriculture-animaux" in page.url
    # The filters keep their values on the results page.
    assert page.get_by_label("Ton bac").input_value() == "pro"

    page.get_by_label("Type de diplôme").select_option("BTSA")
    with page.expect_navigation():
        page.get_by_role("button", name="Appliquer les filtres").click()
    btsa = expected.of_kind("BTSA")
    assert result_count(page) == btsa.count()
    assert all(name.startswith("BTSA") for name in result_names(page))

    with page.expect_navigation():
        page.get_by_role("link", name="Tout effacer").click()
    assert result_count(page) == everything


def test_catalogue_pages_and_domain_links(live_server, catalogue, phone_page):
    page = phone_page
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="Les BTS", exact=True).click()
    first_page = result_names(page)
    assert len(first_page) == 20
    assert page.get_by_role("link", name="Les BTS", exact=True).get_attribute("aria-current") == (
        "page"
    )
    with page.expect_navigation():
        page.get_by_role("link", name="Page suivante").click()
    assert "page=2" in page.url
    assert set(result_names(page)).isdisjoint(first_page)

    # A domain tag of a programme page leads to the catalogue filtered on that domain.
    page.goto(f"{live_server.url}/formations/{PROGRAMME_SLUG}/")
    tag = page.locator(".tag-list a.tag").first
    with page.expect_navigation():
        tag.click()
    assert "domaine=" in page.url
    assert PROGRAMME_NAME in result_names(page)


def test_invalid_filters_are_explained_not_fatal(live_server, catalogue, page):
    page.goto(live_server.url + "/formations/?bac=nope&domaine=%3Cscript%3E&type=X&q=" + "a" * 150)
    assert page.get_by_role("alert").inner_text().startswith("Un critère n'a pas été compris")
    assert page.locator(".errorlist").count() == 4
    assert page.locator("script").count() == 0


def test_on_a_phone_the_results_start_right_under_the_search_box(
    live_server, catalogue, phone_page
):
    page = phone_page
    page.goto(live_server.url + "/formations/?q=comptable")
    first = page.locator(".result-card").first.bounding_box()
    # Before: under the whole filter form, about 620 px down.
    assert first["y"] < 500, first
    assert not page.get_by_label("Ton bac").is_visible()  # folded
    assert result_names(page)[0].startswith("BTS comptabilité et gestion")


def test_a_domain_tag_of_a_result_is_a_link_to_that_domain(live_server, catalogue, phone_page):
    page = phone_page
    page.goto(live_server.url + "/formations/?q=sio")
    tag = page.locator(".result-card a.tag").first
    label = tag.inner_text().split("\n")[0]
    with page.expect_navigation():
        tag.click()
    assert "domaine=" in page.url
    assert page.get_by_label("Domaine").input_value() in page.url
    assert result_count(page) > 1, label
