import pytest

from tests.browser.conftest import assert_no_third_party_requests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_loads_with_local_assets_only(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    assert page.evaluate("document.documentElement.lang") == "fr"
    # Bootstrap is served by the site itself: its stylesheet applied.
    assert page.evaluate("getComputedStyle(document.body).fontFamily") != ""
    assert_no_third_party_requests(page, live_server.url)
