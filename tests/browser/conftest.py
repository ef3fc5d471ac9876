"""Real-browser fixtures: Playwright for Python driving Debian's Chromium.

Browser tests skip when /usr/bin/chromium is missing, unless CAPBTS_REQUIRE_BROWSER=1
(set by .ci/run), where a missing browser is a failure. Every request a page makes is
recorded, and every test that serves pages from `live_server` fails if one of them left the
site or if the browser reported a Content-Security-Policy violation. Requests to any other
origin are aborted, so a regression fails fast instead of waiting on the network. On
failure a screenshot is kept under test-artifacts/.
"""

import importlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import load_real_catalogue

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 740}
# Today's most common phone width (390 px), where the catalogue's search row and folded
# filters were laid out.
WIDE_PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LOCAL_SCHEMES = ("data:", "about:", "blob:")

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# to set up data are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.path.exists(CHROMIUM) or os.environ.get("CAPBTS_REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _origin(request: pytest.FixtureRequest) -> str | None:
    """The live server's origin when the test uses it (resolved lazily, never started here)."""
    if "live_server" not in request.fixturenames:
        return None
    return request.getfixturevalue("live_server").url


def _new_page(
    browser: object, request: pytest.FixtureRequest, viewport: dict, **options
) -> Iterator[object]:
    origin = _origin(request)
    context = browser.new_context(
        viewport=viewport, locale="fr-FR", accept_downloads=True, **options
    )
    requests: list[str] = []
    csp_errors: list[str] = []
    context.on("request", lambda req: requests.append(req.url))

    def outside(url: str) -> bool:
        return not (url.startswith(LOCAL_SCHEMES) or (origin and url.startswith(origin)))

    if origin:
        context.route(
            lambda url: outside(url),
            lambda route: route.abort("blockedbyclient"),
        )
    # A hang detector, not a speed check (speed lives in the benchmarks): CI shares two cores
    # between xdist workers, Chromium and the live server, and one page load took over 8 s there.
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.on(
        "console",
        lambda msg: (
            csp_errors.append(f"{page.url}: {msg.text}")
            if "Content Security Policy" in msg.text
            else None
        ),
    )
    page.requests = requests
    page.csp_errors = csp_errors
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    if origin:
        assert_no_third_party_requests(page, origin)
        assert csp_errors == [], f"Content-Security-Policy violations: {csp_errors}"


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from _new_page(browser, request, DESKTOP)


@pytest.fixture
def phone_page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from _new_page(
        browser, request, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )


@pytest.fixture
def wide_phone_page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    yield from _new_page(
        browser, request, WIDE_PHONE, is_mobile=True, has_touch=True, device_scale_factor=3
    )


def assert_no_third_party_requests(page: object, origin: str) -> None:
    outside = [url for url in page.requests if not url.startswith((origin, *LOCAL_SCHEMES))]
    assert outside == [], f"requests left the site: {outside}"


def seed_migration_rows() -> None:
    """The rows that data migrations seed (bac tracks, dimensions), which a transactional
    test's flush removes. (Serialized rollback cannot bring them back here: Playwright's
    greenlet sees its own database connection object, without the serialized copy.)"""
    from django.apps import apps

    importlib.import_module("programmes.migrations.0002_seed_bac_tracks").seed(apps, None)
    importlib.import_module("orientation.migrations.0002_seed_dimensions").seed_dimensions(
        apps, None
    )


@pytest.fixture
def catalogue(transactional_db: None) -> None:
    """The real catalogue, committed, so that the live server's thread sees it, on top of the
    rows of the data migrations (a flush between transactional tests removes them)."""
    seed_migration_rows()
    load_real_catalogue()


@pytest.fixture(autouse=True)
def _no_submission_limit(settings) -> None:
    """Every browser request comes from 127.0.0.1, so all of a test's posts count against one
    client's per-minute window of the submission counter: the limit is off, and tests that
    check it switch it on (then off again)."""
    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 0
