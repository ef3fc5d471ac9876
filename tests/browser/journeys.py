"""What a student does, as browser steps (Playwright) or as plain HTTP (Django's test client).

The client variants set up data quickly for tests that look at a page rather than at the way
to it; the live server sees what they store because browser tests use a transactional
database.
"""

from __future__ import annotations

import re

from django.test import Client

from orientation.models import Response

# Real catalogue programmes: 9 questions in two steps; and one whose name has accents.
PROGRAMME_SLUG = "bts-electrotechnique"
PROGRAMME_NAME = "BTS électrotechnique"
ANSWERS = ("pas-du-tout", "plutot-pas", "plutot", "tout-a-fait", "ne-sais-pas")
TOKEN_URL = re.compile(r"/r/(?P<token>[A-Za-z0-9_-]+)/")


def token_of(url: str) -> str:
    match = TOKEN_URL.search(url)
    assert match, f"no private link in {url}"
    return match["token"]


def answer_visible_step(page, *, pattern: tuple[str, ...] = ("plutot", "tout-a-fait")) -> int:
    """Tick one answer per question of the step shown, by clicking its label; returns the
    number of questions."""
    fieldsets = page.locator("form fieldset.question")
    count = fieldsets.count()
    assert count > 0, "no question on this step"
    for index in range(count):
        code = pattern[index % len(pattern)]
        fieldset = fieldsets.nth(index)
        fieldset.locator(f"input[type=radio][value='{code}'] + label").click()
        assert fieldset.locator(f"input[value='{code}']").is_checked()
    return count


def press_action(page, action: str) -> None:
    with page.expect_navigation():
        page.locator(f"button[name=action][value={action}]").click()


def answer_until_results(page, *, pattern: tuple[str, ...] = ("plutot", "tout-a-fait")) -> int:
    """Answer every remaining step with "Étape suivante" up to the results; returns the number
    of steps answered."""
    steps = 0
    while "/etape/" in page.url:
        answer_visible_step(page, pattern=pattern)
        press_action(page, "next")
        steps += 1
        assert steps < 20, "the questionnaire never ends"
    return steps


def start_programme_from_its_page(page, base_url: str, *, slug: str = PROGRAMME_SLUG) -> None:
    """From the programme page's button to step 1, declaring a STMG bac."""
    page.goto(f"{base_url}/formations/{slug}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Suis-je fait pour ce BTS ?").click()
    page.get_by_label("Ton bac (facultatif)").select_option("stmg")
    page.get_by_label("Un pseudonyme (facultatif)").fill("Lou")
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer").click()
    assert "/etape/1/" in page.url


# --- The same journeys over plain HTTP --------------------------------------------------------


def _client() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def start_with_client(*, slug: str | None = PROGRAMME_SLUG, bac: str = "stmg") -> str:
    """Start a journey (a programme's, or the discovery one when slug is None); the token."""
    url = f"/questionnaire/{slug}/" if slug else "/decouverte/"
    response = _client().post(url, {"bac_track": bac, "pseudonym": "", "cohort_code": ""})
    assert response.status_code == 302, response.status_code
    return token_of(response["Location"])


def answer_with_client(token: str, *, steps: int | None = None, code: str = "plutot") -> None:
    """Answer `steps` steps (all by default) with the same code; the last "next" completes."""
    client = _client()
    response = Response.objects.get(token=token)
    last = response.step_count if steps is None else steps
    for number in range(1, last + 1):
        keys = [q["key"] for q in response.questions[number - 1]["questions"]]
        data = {
            key: ANSWERS[(i + number) % 4] if code == "mixed" else code
            for i, key in enumerate(keys)
        }
        data["action"] = "next"
        reply = client.post(f"/r/{token}/etape/{number}/", data)
        assert reply.status_code == 302, reply.status_code


def completed_with_client(*, slug: str | None = PROGRAMME_SLUG, bac: str = "stmg") -> str:
    token = start_with_client(slug=slug, bac=bac)
    answer_with_client(token, code="mixed")
    assert Response.objects.get(token=token).is_completed
    return token
