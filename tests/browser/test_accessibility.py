"""WCAG 2.1 A/AA with axe-core on every page a lycéen or a counsellor sees, phone and desktop.

Each page is also checked by hand for what axe cannot judge alone: every radio belongs to a
fieldset with a legend, every form control has a label, and the page has one h1.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from programmes.models import Domain
from tests.browser.journeys import (
    PROGRAMME_SLUG,
    answer_with_client,
    completed_with_client,
    start_with_client,
)
from tests.factories import make_metier

pytestmark = [pytest.mark.browser]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
_axe = Axe()

FORM_CHECKS = """() => {
  const problems = [];
  for (const radio of document.querySelectorAll('input[type=radio]')) {
    const fieldset = radio.closest('fieldset');
    const legend = fieldset && fieldset.querySelector(':scope > legend');
    if (!legend || !legend.textContent.trim()) {
      problems.push('radio without fieldset/legend: ' + radio.name);
    }
  }
  const controls = document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea');
  for (const control of controls) {
    const named = (l) => l.textContent.trim() || l.querySelector('img[alt]:not([alt=""])');
    const labelled = (control.labels && [...control.labels].some(named))
      || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby');
    if (!labelled) problems.push('control without label: ' + (control.name || control.id));
  }
  if (!document.location.pathname.startsWith('/admin/')
      && document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
  if (!document.title.trim()) problems.push('empty title');
  return problems;
}"""


def audit(page, label: str) -> list[str]:
    """axe violations and form-structure problems of the page shown, as readable lines."""
    csp_errors = len(page.csp_errors)
    results = _axe.run(page, options=AXE_OPTIONS)
    # axe-core's own probes (it styles elements to measure colours) can trip the CSP; they
    # are not the site's doing. The page, loaded before, was checked already.
    del page.csp_errors[csp_errors:]
    lines = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
        lines.append(f"{label}: [{violation['id']}] {violation['help']} → {targets}")
    lines += [f"{label}: {problem}" for problem in page.evaluate(FORM_CHECKS)]
    return lines


def visit(page, url: str, *, status: int = 200) -> None:
    reply = page.goto(url)
    assert reply.status == status, f"{url}: {reply.status}"


def submit_with_invalid_answer(page) -> None:
    """A step posted with an answer code the form does not offer (tampered in the DOM)."""
    page.evaluate(
        """() => { const radio = document.querySelector('fieldset.question input[type=radio]');
        radio.value = 'nimporte-quoi'; radio.checked = true; }"""
    )
    with page.expect_navigation():
        page.locator("button[name=action][value=next]").click()


def public_pages(page, base: str, settings) -> list[str]:
    problems: list[str] = []

    def check(url: str, label: str, *, status: int = 200) -> None:
        visit(page, base + url, status=status)
        problems.extend(audit(page, label))

    check("/", "home")
    check("/formations/", "catalogue")
    check("/formations/?q=commerce&bac=stmg&type=BTS", "catalogue filtered")
    check("/formations/?page=2", "catalogue page 2")
    check("/formations/?bac=nope&q=" + "x" * 120, "catalogue with errors")
    check("/formations/?q=zzzzzz", "catalogue without result")
    check(f"/formations/{PROGRAMME_SLUG}/", "programme page")
    check(f"/questionnaire/{PROGRAMME_SLUG}/", "programme start")
    check("/decouverte/", "discovery start")
    with page.expect_navigation():
        page.get_by_role("button", name="Commencer").click()
    problems.extend(audit(page, "discovery start with errors"))

    programme_draft = start_with_client()
    check(f"/r/{programme_draft}/etape/1/", "programme step")
    submit_with_invalid_answer(page)
    assert page.locator("#form-errors").is_visible()
    problems.extend(audit(page, "programme step with errors"))
    discovery_draft = start_with_client(slug=None)
    check(f"/r/{discovery_draft}/etape/1/", "discovery step (domains)")
    check(f"/r/{discovery_draft}/etape/3/", "discovery step (items)")

    answer_with_client(programme_draft, steps=1)
    check(f"/r/{programme_draft}/", "resume")
    check(f"/r/{completed_with_client()}/", "programme results")
    discovery_done = completed_with_client(slug=None)
    check(f"/r/{discovery_done}/", "discovery results")
    check(f"/r/{discovery_done}/?domaine=mecanique&bac=", "discovery results filtered")
    check(f"/r/{discovery_done}/supprimer/", "delete")
    check("/confidentialite/", "privacy")
    check("/accessibilite/", "accessibility statement")
    check("/formations/pas-un-bts/", "404", status=404)

    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 1
    visit(page, f"{base}/questionnaire/{PROGRAMME_SLUG}/")
    for _attempt in range(3):
        with page.expect_navigation():
            page.get_by_role("button", name="Commencer").click()
        if page.locator("h1").inner_text() == "Un peu trop vite !":
            break
        page.goto(f"{base}/questionnaire/{PROGRAMME_SLUG}/")
    assert page.locator("h1").inner_text() == "Un peu trop vite !"
    problems.extend(audit(page, "429"))
    settings.CAPBTS_SUBMISSIONS_PER_MINUTE = 0
    return problems


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_public_pages_have_no_wcag_violation(live_server, catalogue, settings, request, width):
    page = request.getfixturevalue("phone_page" if width == "phone" else "page")
    problems = public_pages(page, live_server.url, settings)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", ["wide_phone", "desktop"])
def test_catalogue_searches_have_no_wcag_violation(live_server, catalogue, request, width):
    """Every state of the catalogue's search at 390 and 1280 px: ranked results, a partial
    match, a job no BTS prepares (its notice and nearest BTS), filters unfolded and refused."""
    make_metier(
        name="architecte",
        onisep_id="MET.test-architecte",  # the real catalogue's jobs use MET.<number>
        domain_label="construction, architecture, travaux publics/architecture",
    )
    domain = Domain.objects.top_level().with_published_programmes().first()
    page = request.getfixturevalue("wide_phone_page" if width == "wide_phone" else "page")
    searches = {  # label: (query string, what that state shows)
        "ranked": ("?q=commerce", "Les plus proches de ta recherche en premier."),
        "partial": ("?q=informatique+zorglub", "Aucune formation ne contient tous ces mots"),
        "job elsewhere": ("?q=architecte", "Aucun BTS ne prépare directement au métier"),
        "filtered": (f"?q=commerce&bac=stmg&domaine={domain.slug}&type=BTS", "Tout effacer"),
        "refused filter": ("?q=vente&bac=nope", "Un critère n'a pas été compris"),
        "nothing": ("?q=zzzzzz", "Rien ne correspond"),
    }
    problems = []
    for label, (query, shown) in searches.items():
        visit(page, f"{live_server.url}/formations/{query}")
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        assert shown in page.inner_text("main"), label
        problems.extend(audit(page, f"{label} ({width})"))
    assert problems == [], "\n".join(problems)


def test_results_reflow_at_320_px_without_horizontal_scrolling(live_server, catalogue, browser):
    """WCAG 1.4.10: at 320 CSS pixels wide, nothing needs scrolling sideways (the discovery
    results opened in full: « voir plus » and the filters unfolded)."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-FR")
    page = context.new_page()
    wide = []
    pages = {
        "programme results": f"/r/{completed_with_client()}/",
        "discovery results": f"/r/{completed_with_client(slug=None)}/",
        "discovery step": f"/r/{start_with_client(slug=None)}/etape/1/",
    }
    for label, url in pages.items():
        visit(page, live_server.url + url)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            wide.append(f"{label}: {width} px")
    context.close()
    assert wide == []
