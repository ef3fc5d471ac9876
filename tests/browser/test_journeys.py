"""The two self-assessment journeys in Chromium, as a lycéen does them: on a phone, with the
mouse, with the keyboard alone, leaving mid-way and coming back, downloading and deleting."""

import json
import re
from pathlib import Path

import pytest

from orientation.models import Response
from programmes.models import Programme
from tests.browser.journeys import (
    PROGRAMME_NAME,
    PROGRAMME_SLUG,
    answer_until_results,
    answer_visible_step,
    completed_with_client,
    press_action,
    start_programme_from_its_page,
    token_of,
)

pytestmark = [pytest.mark.browser]


def test_programme_self_check_from_its_page_to_the_results(live_server, catalogue, phone_page):
    page = phone_page
    start_programme_from_its_page(page, live_server.url)
    token = token_of(page.url)
    assert page.locator("progress").get_attribute("value") == "0"  # answers so far

    steps = answer_until_results(page, pattern=("tout-a-fait", "plutot", "plutot-pas"))

    response = Response.objects.get(token=token)
    asked = sum(len(s["questions"]) for s in response.questions)
    items = sum(1 for s in response.questions for q in s["questions"] if "item" in q)
    # Its items in steps of five, then one step of neighbouring fields for the suggestions.
    assert response.is_completed and steps == response.step_count == -(-items // 5) + 1
    assert len(response.answers) == asked >= 6
    assert response.bac_track == "stmg" and response.pseudonym == "Lou"
    assert page.url == f"{live_server.url}/r/{token}/"
    assert page.locator("h1").inner_text() == f"Mon bilan : {PROGRAMME_NAME}"
    assert page.get_by_text("C'est une auto-évaluation").is_visible()
    assert page.locator(".headline li").count() >= 1  # what is strong, what to watch, in words
    # Every attendu of the fiche is reported, each with its band.
    attendus = Programme.objects.get(slug=PROGRAMME_SLUG).programme_attendus.count()
    assert page.locator(".attendu-result").count() == attendus
    assert page.locator(".attendu-result .band").count() == attendus
    # The private link, at the top with its copy button, is the page itself.
    assert page.locator(".private-url a").first.inner_text() == page.url
    assert page.get_by_role("button", name="Copier le lien").first.is_visible()


def test_previous_step_keeps_the_answers(live_server, catalogue, page):
    start_programme_from_its_page(page, live_server.url)
    count = answer_visible_step(page, pattern=("plutot-pas",))
    press_action(page, "next")
    assert "/etape/2/" in page.url
    press_action(page, "previous")
    assert "/etape/1/" in page.url
    checked = page.locator("fieldset.question input:checked")
    assert checked.count() == count
    assert {checked.nth(i).get_attribute("value") for i in range(count)} == {"plutot-pas"}


def test_discovery_journey_ranks_programmes_and_filters_them(live_server, catalogue, page):
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.get_by_role("link", name="Quels BTS pour moi ?").click()
    # The bac is required here: starting without it explains why.
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer").click()
    assert page.get_by_text("Ce champ est obligatoire.").is_visible()
    assert page.locator("#id_bac_track").get_attribute("aria-invalid") == "true"
    assert Response.objects.count() == 0

    page.locator("#id_bac_track").select_option("sti2d")
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer").click()
    token = token_of(page.url)
    assert page.locator("h1").inner_text() == "Ce qui te plaît : technique et informatique"
    steps = answer_until_results(page, pattern=("tout-a-fait", "plutot", "pas-du-tout"))
    response = Response.objects.get(token=token)
    assert response.is_completed and steps == response.step_count

    assert page.locator("h1").inner_text() == "Les BTS qui me correspondent"
    suggested = [r for r in response.result["ranking"] if r["fit"] is not None]
    first = page.locator("ol.ranking > li.card")
    assert first.count() == min(10, len(suggested))
    assert first.first.locator("h3 a").inner_text() == suggested[0]["name"]
    # The rest behind « voir plus », closed.
    more = page.locator("details.more-ranking")
    assert more.count() == (1 if len(suggested) > 10 else 0)

    # Only the programmes open to the bac.
    page.locator("details.ranking-filters-box summary").click()
    page.locator("#f-bac").select_option("sti2d")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrer").click()
    open_to = set(Programme.objects.filter(bac_tracks__code="sti2d").values_list("name", flat=True))
    shown = page.locator("ol.ranking > li.card h3 a").all_inner_texts()
    assert shown and set(shown) <= open_to

    # One domain.
    page.locator("details.ranking-filters-box summary").click()
    page.locator("#f-bac").select_option("")
    page.locator("#f-domaine").select_option("electricite-electronique-robotique")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrer").click()
    in_domain = set(
        Programme.objects.published()
        .in_domain("electricite-electronique-robotique")
        .values_list("name", flat=True)
    )
    shown = page.locator("ol.ranking > li.card h3 a").all_inner_texts()
    assert shown and set(shown) <= in_domain

    # A ranked programme leads to its own questionnaire.
    with page.expect_navigation():
        page.locator("ol.ranking a", has_text="Vérifier avec le questionnaire").first.click()
    assert "/questionnaire/" in page.url


def test_leave_mid_way_and_finish_later_through_the_private_link(
    live_server, catalogue, browser, phone_page
):
    page = phone_page
    start_programme_from_its_page(page, live_server.url)
    token = token_of(page.url)
    first_step = answer_visible_step(page)
    press_action(page, "next")
    page.locator("fieldset.question").first.locator("input[value='plutot'] + label").click()
    press_action(page, "save")
    total = len(Response.objects.get(token=token).all_questions)

    assert page.url == f"{live_server.url}/r/{token}/"
    assert page.get_by_role("status").inner_text() == "Tes réponses sont enregistrées."
    assert page.locator("h1").inner_text() == "Reprendre mon questionnaire"
    answered = f"Tu as répondu à {first_step + 1} questions sur {total}."
    assert page.get_by_text(answered).is_visible()
    private_link = page.locator(".private-url a").get_attribute("href")
    assert private_link == page.url
    assert Response.objects.get(token=token).status == Response.Status.DRAFT

    # Later, on another device: nothing but the link.
    later = browser.new_context(viewport={"width": 375, "height": 740}, locale="fr-FR")
    other = later.new_page()
    other.on("request", lambda req: page.requests.append(req.url))
    other.goto(private_link)
    with other.expect_navigation():
        other.get_by_role("link", name="Reprendre").click()
    assert other.url.endswith(f"/r/{token}/etape/2/")
    assert other.locator("fieldset.question").first.locator("input[value='plutot']").is_checked()
    answer_until_results(other)
    assert other.locator("h1").inner_text() == f"Mon bilan : {PROGRAMME_NAME}"
    later.close()
    response = Response.objects.get(token=token)
    assert response.is_completed and len(response.answers) == len(response.all_questions)


def test_download_then_delete_my_answers(live_server, catalogue, page):
    token = completed_with_client()
    page.goto(f"{live_server.url}/r/{token}/")

    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger mes réponses (JSON)").click()
    download = info.value
    assert download.suggested_filename == "cap-bts-mes-reponses.json"
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["formation"] == PROGRAMME_NAME
    assert len(data["reponses"]) == len(Response.objects.get(token=token).all_questions)
    assert all(r["reponse"] for r in data["reponses"])
    assert data["resultat"]["scoring_version"]

    with page.expect_navigation():
        page.get_by_role("link", name="Supprimer mes réponses").click()
    assert page.locator("h1").inner_text() == "Supprimer mes réponses"
    with page.expect_navigation():
        page.get_by_role("button", name="Oui, supprimer définitivement").click()
    assert page.url == live_server.url + "/"
    assert page.get_by_role("status").inner_text() == (
        "Tes réponses ont été supprimées définitivement."
    )
    assert not Response.objects.filter(token=token).exists()

    for url in (f"/r/{token}/", f"/r/{token}/mes-donnees.json", f"/r/{token}/etape/1/"):
        reply = page.goto(live_server.url + url)
        assert reply.status == 404
        assert page.locator("h1").inner_text() == "Page introuvable"


def test_cancel_deletion_keeps_the_answers(live_server, catalogue, phone_page):
    token = completed_with_client()
    phone_page.goto(f"{live_server.url}/r/{token}/supprimer/")
    with phone_page.expect_navigation():
        phone_page.get_by_role("link", name="Annuler").click()
    assert phone_page.url == f"{live_server.url}/r/{token}/"
    assert Response.objects.filter(token=token).exists()


# --- Keyboard only -----------------------------------------------------------------------------


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
        return {tag: e.tagName, type: e.type || '', name: e.name || '', value: e.value || '',
                text: (e.innerText || '').trim(), focusVisible: e.matches(':focus-visible')}; }"""
    )


def tab_to(page, predicate, *, limit: int = 80) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            assert element["focusVisible"], f"no visible focus on {element}"
            return element
    raise AssertionError("never reached by Tab")


def test_a_questionnaire_done_with_the_keyboard_alone(live_server, catalogue, page):
    page.goto(f"{live_server.url}/formations/{PROGRAMME_SLUG}/")
    tab_to(page, lambda e: e["text"] == "Suis-je fait pour ce BTS ?")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # Start page: the bac with the arrow keys, then Enter on "Commencer".
    tab_to(page, lambda e: e["name"] == "bac_track")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_bac_track").input_value() == "stmg"
    tab_to(page, lambda e: e["text"] == "Commencer")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    token = token_of(page.url)

    expected: dict[str, str] = {}
    while "/etape/" in page.url:
        questions = page.locator("fieldset.question").count()
        for index in range(questions):
            # Tab lands on the group's first radio; arrows move (and select); Space ticks.
            radio = tab_to(page, lambda e: e["type"] == "radio" and e["name"] not in expected)
            assert radio["value"] == "pas-du-tout"
            moves = index % 4
            for _ in range(moves):
                page.keyboard.press("ArrowRight")
            page.keyboard.press("Space")
            chosen = focused(page)
            assert chosen["value"] == ("pas-du-tout", "plutot-pas", "plutot", "tout-a-fait")[moves]
            expected[chosen["name"]] = chosen["value"]
        tab_to(page, lambda e: e["tag"] == "BUTTON" and e["value"] == "next")
        with page.expect_navigation():
            page.keyboard.press("Enter")

    response = Response.objects.get(token=token)
    assert response.is_completed
    assert response.answers == expected and len(expected) == len(response.all_questions)
    assert page.locator("h1").inner_text() == f"Mon bilan : {PROGRAMME_NAME}"
    # Results: the skip link is the first stop and takes the focus to the content.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_discovery_results_print_on_at_most_two_a4_pages(live_server, catalogue, page):
    """The top ten, the student's interests and a notes box: what a counsellor gets on paper."""
    page.goto(f"{live_server.url}/r/{completed_with_client(slug=None)}/")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, pages
