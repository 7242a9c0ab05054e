"""axe-core (from node_modules) finds no WCAG 2.x level A or AA violation on any page type,
on a phone in the light scheme, on a desktop in the dark scheme, and on paper."""

from __future__ import annotations

import pytest

from pagetypes import NODE_MODULES, PAGE_TYPES

AXE = (NODE_MODULES / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SETTINGS = {
    "téléphone, clair": {"viewport": {"width": 375, "height": 800}, "color_scheme": "light", "is_mobile": True},
    "bureau, sombre": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
}


def violations(page, rules: list[str] | None = None) -> list[str]:
    page.add_script_tag(content=AXE)
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_AA}
    found = page.evaluate("only => axe.run(document, {runOnly: only}).then(r => r.violations)", only)
    return [f"{v['id']} ({v['impact']}) : {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in found]


@pytest.fixture(params=SETTINGS, scope="module")
def device(request, browser):
    # The script is axe's own, injected by the test: the site's CSP is not under test here.
    context = browser.new_context(locale="fr-FR", bypass_csp=True, **SETTINGS[request.param])
    yield context
    context.close()


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_wcag_violation(site, device, path):
    page = device.new_page()
    page.goto(site.url(path))
    if path.startswith("recherche/"):
        page.locator(".pagefind-ui__result").first.wait_for()
    assert violations(page) == []
    page.close()


def test_print_is_readable_whatever_the_screen_scheme(site, browser):
    context = browser.new_context(bypass_csp=True, color_scheme="dark")
    page = context.new_page()
    page.goto(site.url(PAGE_TYPES["article avec décision"]))
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.fact-box')).backgroundColor") == "rgb(255, 255, 255)"
    )
    assert page.locator(".site-search").is_hidden() and page.locator(".site-nav").is_hidden()
    assert violations(page, ["color-contrast"]) == []
    context.close()
