"""The sanction index in a real browser: sorting, filtering, and the state kept in the address."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def visible_rows(page):
    return page.locator("#table-sanctions tbody tr:not([hidden])")


def test_filters_read_from_the_address_and_narrow_the_table(site, context):
    page = context.new_page()
    page.goto(site.url("sanctions/?autorite=dpc"))
    expect(page.locator("#filtres-sanctions")).to_be_visible()
    expect(page.locator("#filtre-autorite")).to_have_value("dpc")
    rows = visible_rows(page)
    expect(rows.first).to_be_visible()
    authorities = {rows.nth(i).get_attribute("data-authority") for i in range(rows.count())}
    assert authorities == {"dpc"}
    expect(page.locator("#resultat-filtres")).to_contain_text(f"{rows.count()} décision")


def test_sorting_by_amount_and_sharing_the_view(site, context):
    page = context.new_page()
    page.goto(site.url("sanctions/"))
    page.get_by_role("button", name="Montant").click()
    expect(page.locator('th[data-sort="amount"]')).to_have_attribute("aria-sort", "descending")
    amounts = [
        int(a or -1)
        for a in page.locator("#table-sanctions tbody tr").evaluate_all("rows => rows.map(r => r.dataset.amount)")
    ]
    assert amounts == sorted(amounts, reverse=True)
    page.select_option("#filtre-annee", "2022")
    page.fill("#filtre-min", "1000000")
    # history.replaceState reaches Playwright's page.url asynchronously: wait for it.
    expect(page).to_have_url(re.compile(r"annee=2022.*min=1000000.*tri=amount"))
    shared = context.new_page()
    shared.goto(page.url)
    rows = visible_rows(shared)
    expect(rows.first).to_be_visible()
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.get_attribute("data-year") == "2022"
        assert row.get_attribute("data-currency") == "EUR" and int(row.get_attribute("data-amount")) >= 1000000


def test_reset_shows_every_decision_again(site, context):
    page = context.new_page()
    page.goto(site.url("sanctions/?secteur=sante"))
    total = page.locator("#table-sanctions tbody tr").count()
    assert visible_rows(page).count() < total
    page.get_by_role("button", name="Effacer les filtres").click()
    expect(visible_rows(page)).to_have_count(total)
