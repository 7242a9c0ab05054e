"""Every page type on two phones and a desktop, light and dark: nothing overflows sideways, the
header leaves the phone's screen to the page, every image is responsive, every article has a
picture for social networks; the menu folds on phones and opens without a script; screenshots."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from pagetypes import PAGE_TYPES

SCREENS = {"360×800": (360, 800), "390×844": (390, 844), "1280×800": (1280, 800)}
SCHEMES = ("light", "dark")
PHONE_WIDTH = 600  # below it, a screen is a phone's: the header must leave it to the page
HEADER_SHARE = 0.20

# What a browser measures on the page, in one round trip.
MEASURE = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: innerWidth,
  innerHeight: innerHeight,
  header: document.querySelector(".site-header").getBoundingClientRect().height,
  background: getComputedStyle(document.body).backgroundColor,
  images: [...document.images].map(img => ({
    src: img.currentSrc || img.getAttribute("src"),
    alt: img.getAttribute("alt"), width: img.getAttribute("width"), height: img.getAttribute("height"),
    srcset: img.getAttribute("srcset") || (img.parentElement.tagName === "PICTURE" ? img.parentElement.querySelector("source[srcset]")?.getAttribute("srcset") : null),
  })),
  wide: [...document.querySelectorAll("body *")]
    .filter(e => e.checkVisibility() && e.getBoundingClientRect().right > innerWidth + 0.5)
    .filter(e => !e.closest(".table-scroll"))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")),
})"""


@pytest.fixture(
    params=[(screen, scheme) for screen in SCREENS for scheme in SCHEMES],
    ids=lambda p: f"{p[0]}, {p[1]}",
    scope="module",
)
def device(request, browser):
    screen, scheme = request.param
    width, height = SCREENS[screen]
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height}, color_scheme=scheme)
    yield context, scheme
    context.close()


def measure(page, url):
    page.goto(url)
    if "recherche/" in url:
        page.locator(".pagefind-ui__result").first.wait_for()
    return page.evaluate(MEASURE)


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_fits_the_screen_and_its_images_are_responsive(site, device, path):
    context, scheme = device
    page = context.new_page()
    found = measure(page, site.url(path))
    page.close()
    assert found["scrollWidth"] <= found["innerWidth"], f"déborde de {found['innerWidth']} px : {found['wide']}"
    if found["innerWidth"] < PHONE_WIDTH:
        assert found["header"] <= HEADER_SHARE * found["innerHeight"], f"en-tête de {found['header']:.0f} px"
    # The scheme really is emulated: a dark page on a dark screen, a white one otherwise.
    assert (found["background"] == "rgb(255, 255, 255)") == (scheme == "light")
    for image in found["images"]:
        assert image["alt"] is not None, image
        assert image["width"] and image["height"], image
        assert image["srcset"], image


def test_every_article_has_a_picture_for_social_networks(site):
    articles = sorted((site.output / "articles").glob("*/index.html"))
    assert len(articles) > 10
    for html in articles:
        page = site.page(str(html.parent.relative_to(site.output)) + "/")
        image = page.find("meta", property="og:image")
        assert image and image["content"].startswith(site.base), html
        assert site.file_of(image["content"]), f"{html} : {image['content']} introuvable"


def test_the_phone_menu_folds_and_opens_without_a_script(site, browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url(""))
    menu = page.locator(".menu-phone")
    link = menu.get_by_role("link", name="Amendes CNIL")
    assert page.locator(".site-nav").is_hidden()
    assert link.is_hidden()
    menu.locator("summary").click()
    assert link.is_visible()
    link.click()
    assert page.url.endswith("/categories/amendes-cnil/")
    context.close()


def test_the_desktop_menu_shows_every_entry_and_submenus_open_on_demand(site, browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url(""))
    nav = page.locator(".site-nav")
    for label in ("Amendes CNIL", "Sanctions en Europe", "Cybersécurité"):
        assert nav.get_by_role("link", name=label, exact=True).is_visible()
    sectors = nav.locator("details", has_text="Secteurs d’activité")
    health = sectors.get_by_role("link", name="Santé")
    assert health.is_hidden()
    sectors.locator("summary").click()
    assert health.is_visible()
    assert page.locator(".menu-phone").is_hidden()
    context.close()


TYPOGRAPHY = """() => {
  const p = [...document.querySelectorAll(".article .content p")].sort((a, b) => b.textContent.length - a.textContent.length)[0];
  const style = getComputedStyle(p);
  const title = getComputedStyle(document.querySelector(".related-articles .card-title a"));
  const main = getComputedStyle(document.querySelector("main"));
  return {
    size: parseFloat(style.fontSize), width: p.getBoundingClientRect().width,
    // Characters per line of the longest paragraph, its last line (shorter) aside.
    perLine: p.textContent.length / (p.getBoundingClientRect().height / parseFloat(style.lineHeight) - 0.5),
    titleUnderline: title.textDecorationLine, mainPadding: parseFloat(main.paddingTop),
  };
}"""


def test_body_text_is_18_px_at_60_to_75_characters_a_line(site, browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site.url(PAGE_TYPES["article avec décision"]))
    found = page.evaluate(TYPOGRAPHY)
    assert found["size"] == 18
    assert 60 <= found["perLine"] <= 75, found
    assert found["titleUnderline"] == "none"
    assert found["mainPadding"] > 0
    context.close()


def test_the_footer_stays_at_the_bottom_of_a_short_page(site, browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(site.url(PAGE_TYPES["page introuvable"]))
    bottom = page.evaluate("document.querySelector('.site-footer').getBoundingClientRect().bottom")
    assert bottom == pytest.approx(1000, abs=1)
    context.close()


def test_share_links_are_plain_addresses_and_the_copy_button_needs_a_script(site, browser):
    url = site.url(PAGE_TYPES["article avec décision"])
    for script in (True, False):
        context = browser.new_context(locale="fr-FR", java_script_enabled=script)
        page = context.new_page()
        page.goto(url)
        share = page.locator(".share")
        hrefs = share.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert [h.split(":")[0] for h in hrefs] == ["mailto", "https", "https", "https"]
        assert all("cegedim-sante-donnees-de-sante-800000-euros" in h for h in hrefs)
        button = share.get_by_role("button", name="Copier le lien")
        assert button.is_visible() == script
        context.close()


# The README's screenshots: the first screen of four pages, on a desktop and on a phone.
SHOTS = {
    "accueil": PAGE_TYPES["accueil"],
    "article": "articles/amazon-france-logistique-surveillance-salaries/",  # a hero image and a fact box
    "sanctions": PAGE_TYPES["index des sanctions"],
    "statistiques": PAGE_TYPES["statistiques"],
}
# A phone's screen has two pixels per CSS pixel: the README shows it as sharp as a phone does.
DEVICES = {
    "ordinateur": {"viewport": {"width": 1280, "height": 800}},
    "telephone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True},
}
SCREENSHOTS = Path(os.environ.get("PORTAIL_SCREENSHOTS", "/tmp/screens"))
REVIEW = Path("/tmp/screens")  # whole pages, to look at
MAX_BYTES = 300_000


@pytest.mark.parametrize("device_name", DEVICES)
def test_screenshots(site, browser, device_name):
    """PORTAIL_SCREENSHOTS=docs/screenshots makes the README's, optimised PNG under 300 KB."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    REVIEW.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="fr-FR", color_scheme="light", **DEVICES[device_name])
    page = context.new_page()
    for name, path in SHOTS.items():
        page.goto(site.url(path))
        page.evaluate("document.fonts.ready")
        target = SCREENSHOTS / f"{name}-{device_name}.png"
        page.screenshot(path=target)
        page.screenshot(path=REVIEW / f"{name}-{device_name}-complet.png", full_page=True)
        # A palette of 256 colours is invisible on a flat design and divides the size by three.
        Image.open(target).convert("RGB").quantize(256, dither=Image.Dither.NONE).save(target, optimize=True)
        assert target.stat().st_size < MAX_BYTES, target
    context.close()


def test_every_text_of_every_chart_lies_inside_its_svg(site, browser):
    """Measured by the browser's own text layout, for each width a chart is drawn at."""
    context = browser.new_context()
    try:
        page = context.new_page()
        charts = sorted((site.output / "sanctions" / "statistiques").rglob("*.svg"))
        assert len(charts) >= 5
        for chart in charts:
            page.goto(site.url(str(chart.relative_to(site.output))))
            # Client rectangles: transforms of the groups a text is in are taken into account.
            outside = page.evaluate(
                """() => {
                  const svg = document.documentElement.getBoundingClientRect();
                  return [...document.querySelectorAll("text")].filter((text) => {
                    const r = text.getBoundingClientRect();
                    return r.left < svg.left - 0.5 || r.top < svg.top - 0.5 ||
                      r.right > svg.right + 0.5 || r.bottom > svg.bottom + 0.5;
                  }).map((text) => text.textContent);
                }"""
            )
            assert outside == [], (chart.name, outside)
    finally:
        context.close()
