"""Screenshots of the main pages, on a phone (375 px) and a desktop, for the docs and for review.

    make screenshots        # CAPBTS_SCREENSHOTS=docs: writes docs/screenshots/*.png (what
                            # the screen shows), docs/screenshot-programme.png (the README's
                            # picture) and whole pages under test-artifacts/screenshots/

Without CAPBTS_SCREENSHOTS the test is skipped: the pictures change with the content and are
not compared, a person looks at them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.journeys import PROGRAMME_SLUG, completed_with_client, start_with_client

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.environ.get("CAPBTS_SCREENSHOTS"), reason="set CAPBTS_SCREENSHOTS=docs"
    ),
]

DOCS = Path(__file__).resolve().parents[2] / "docs"
REVIEW = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_screenshots(live_server, catalogue, request, width):
    page = request.getfixturevalue("phone_page" if width == "phone" else "page")
    folder = DOCS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    REVIEW.mkdir(parents=True, exist_ok=True)
    draft = start_with_client()
    pages = {
        "home": "/",
        "catalogue": "/formations/?bac=stmg",
        "programme": f"/formations/{PROGRAMME_SLUG}/",
        "step": f"/r/{draft}/etape/1/",
        "programme-results": f"/r/{completed_with_client()}/",
        "discovery-results": f"/r/{completed_with_client(slug=None)}/",
    }
    for name, url in pages.items():
        reply = page.goto(live_server.url + url)
        assert reply.status == 200, url
        if name == "step":
            # One answer ticked, so that the picture shows the selected state.
            page.locator("fieldset.question").first.locator("input[value=plutot] + label").click()
            page.mouse.move(0, 0)
            page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(folder / f"{name}-{width}.png"))
        # Whole pages, for review only (too large for the repository).
        page.screenshot(path=str(REVIEW / f"{name}-{width}-full.png"), full_page=True)
    if width == "phone":
        page.goto(f"{live_server.url}/formations/{PROGRAMME_SLUG}/")
        page.screenshot(path=str(DOCS / "screenshot-programme.png"))
