"""Search as a reader uses it: typed in the header of any page, without accents, in any form of a word."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

CEGEDIM_ANALYSIS = "/articles/pseudonymisation-anonymisation-lecons-cegedim/"


def results(page) -> list[str]:
    links = page.locator(".pagefind-ui__result-link")
    expect(links.first).to_be_visible()
    return [link.get_attribute("href") for link in links.all()]


def test_header_form_sends_the_words_to_the_search_page(site, context):
    page = context.new_page()
    page.goto(site.url("articles/droit-d-acces-mode-d-emploi/"))
    page.get_by_role("searchbox", name="Rechercher dans le site").fill("donnees de sante pseudonymisees")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    page.wait_for_url("**/recherche/?q=donnees+de+sante+pseudonymisees")
    expect(page.locator(".pagefind-ui__search-input")).to_have_value("donnees de sante pseudonymisees")
    assert any(href.endswith(CEGEDIM_ANALYSIS) for href in results(page))


@pytest.mark.parametrize(
    "words, expected",
    [
        ("données de santé pseudonymisées", CEGEDIM_ANALYSIS),
        ("pseudonymisation", CEGEDIM_ANALYSIS),  # another form of « pseudonymisées »
        ("droit d'acces", "/articles/droit-d-acces-mode-d-emploi/"),
    ],
)
def test_words_are_found_whatever_their_ending_or_accents(site, context, words, expected):
    page = context.new_page()
    page.goto(site.url(f"recherche/?q={words}"))
    assert any(href.endswith(expected) for href in results(page)), words


def count(page, words: str) -> str:
    page.goto(page.url.split("?")[0] + f"?q={words}")
    results(page)
    return page.locator(".pagefind-ui__message").inner_text().split(" ")[0]


@pytest.mark.parametrize("plain, accented", [("sanctionnee", "sanctionnées"), ("donnees de sante", "données de santé")])
def test_words_typed_without_accents_find_as_many_pages(site, context, plain, accented):
    page = context.new_page()
    page.goto(site.url("recherche/"))
    assert count(page, plain) == count(page, accented) != "0"


def test_results_show_title_date_and_excerpt(site, context):
    page = context.new_page()
    page.goto(site.url("recherche/?q=cegedim"))
    results(page)
    # The news article (the decision's own page is found too, dated by the decision).
    article = page.locator(".pagefind-ui__result", has_text="Données de santé : la CNIL sanctionne").first
    expect(article.locator(".pagefind-ui__result-title").first).to_contain_text("Cegedim Santé")
    expect(article.locator(".pagefind-ui__result-excerpt").first).to_contain_text("Cegedim")
    # The date, in French, in front of the excerpt (recherche.js), not Pagefind's « Date: » tag.
    expect(article.locator(".search-date")).to_have_text("17 septembre 2024")
    expect(article.locator(".pagefind-ui__result-tag")).to_have_count(0)
    decision = page.locator(".pagefind-ui__result", has_text="décision CNIL du 5 septembre 2024").first
    expect(decision.locator(".search-date")).to_have_text("5 septembre 2024")


def test_results_can_be_narrowed_by_category_authority_year_and_breach(site, context):
    page = context.new_page()
    page.goto(site.url("recherche/?q=cnil"))
    results(page)
    facets = page.locator(".pagefind-ui__filter-name")
    # Pagefind draws the filters one by one: wait for each (reading them all at the first one raced).
    for name in ("Rubrique", "Autorité", "Année", "Manquement"):
        expect(facets.filter(has_text=re.compile(rf"^\s*{name}\s*$"))).to_have_count(1)
    message = page.locator(".pagefind-ui__message")
    expect(message).to_have_text(re.compile(r"^\d+ "))  # counted, not « Recherche… »
    before = message.inner_text()
    page.locator(".pagefind-ui__filter-name", has_text="Autorité").click()
    page.get_by_label("CNIL", exact=False).first.check()
    expect(message).not_to_have_text(before)
    expect(message).to_have_text(re.compile(r"^\d+ "))
    assert 0 < int(message.inner_text().split()[0]) < int(before.split()[0])


def test_only_articles_and_fixed_pages_are_indexed(site):
    indexed = {
        path
        for path in ["recherche/", "sanctions/", "etiquettes/", ""]
        if site.page(path).find(attrs={"data-pagefind-body": True})
    }
    assert indexed == set()
    assert site.page("articles/droit-d-acces-mode-d-emploi/").find("article", attrs={"data-pagefind-body": True})
    assert site.page("a-propos/").find("article", attrs={"data-pagefind-body": True})
