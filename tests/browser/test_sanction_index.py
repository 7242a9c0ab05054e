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
    # The caption and the sort control say the order shown, not the order of the page as built.
    expect(page.locator("#table-sanctions caption")).to_have_text("Décisions par montant, du plus élevé au plus faible")
    expect(page.locator("#tri-sanctions")).to_have_value("amount-desc")
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


def test_on_a_phone_one_sort_control_and_no_hidden_button_takes_focus(site, browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site.url("sanctions/"))
    expect(page.locator("#filtres-sanctions")).to_be_visible()
    assert page.locator("button.sort").count() > 0
    for i in range(page.locator("button.sort").count()):
        expect(page.locator("button.sort").nth(i)).to_be_hidden()
    # Tab through the whole page: focus never lands on an element a reader cannot see.
    focused = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        state = page.evaluate(
            "() => { const e = document.activeElement; return [e.tagName + '.' + e.className, e.checkVisibility()]; }"
        )
        assert state[1], f"le focus est sur un élément invisible : {state[0]}"
        if state[0] in focused and state[0].startswith("BODY"):
            break
        focused.add(state[0])
    page.select_option("#tri-sanctions", "date-asc")
    expect(page.locator("#table-sanctions caption")).to_have_text("Décisions, de la plus ancienne à la plus récente")
    dates = page.locator("#table-sanctions tbody tr").evaluate_all("rows => rows.map(r => r.dataset.date)")
    assert dates == sorted(dates)
    expect(page).to_have_url(re.compile(r"tri=date&ordre=asc"))
    context.close()


def test_filter_by_organisation_name_gives_the_total_of_the_view(site, context):
    page = context.new_page()
    page.goto(site.url("sanctions/"))
    page.fill("#filtre-organisme", "meta platforms")
    rows = visible_rows(page)
    expect(rows.first).to_be_visible()
    names = rows.evaluate_all("rows => rows.map(r => r.dataset.organisation)")
    assert names and all("meta platforms" in name.lower() for name in names)
    amounts = rows.evaluate_all("rows => rows.map(r => [r.dataset.amount, r.dataset.currency])")
    total = sum(int(amount) for amount, currency in amounts if amount and currency == "EUR")
    status = page.locator("#resultat-filtres")
    expect(status).to_contain_text(f"{len(names)} décision")
    # Intl writes thousands with a narrow no-break space: compare the digits only.
    assert re.sub(r"\D", "", status.inner_text().split("total")[1].split("€")[0]) == str(total)
    expect(page).to_have_url(re.compile(r"organisme=meta"))


def test_a_filter_that_matches_nothing_says_so(site, context):
    page = context.new_page()
    page.goto(site.url("sanctions/?organisme=aucun-organisme-de-ce-nom"))
    expect(page.locator("#aucun-resultat")).to_be_visible()
    expect(page.locator("#aucun-resultat")).to_contain_text("Aucune décision ne correspond")
    expect(page.locator("#table-sanctions")).to_be_hidden()
    expect(page.locator("#resultat-filtres")).to_contain_text("0 décision sur")
    page.get_by_role("button", name="Effacer les filtres").click()
    expect(page.locator("#aucun-resultat")).to_be_hidden()
    expect(page.locator("#table-sanctions")).to_be_visible()


def test_feminine_filters_offer_toutes(site):
    page = site.page("sanctions/")
    for name, everything in [("autorite", "Toutes"), ("annee", "Toutes"), ("manquement", "Tous"), ("secteur", "Tous")]:
        assert page.select_one(f"#filtre-{name} option").get_text() == everything


def test_one_analysis_link_and_short_dates_per_row(site):
    page = site.page("sanctions/")
    rows = page.select("#table-sanctions tbody tr")
    assert rows
    for row in rows:
        assert len(row.select('td[data-label="Article"] a[href*="/articles/"]')) == 1
        assert re.fullmatch(r"\d\d/\d\d/\d{4}", row.select_one('td[data-label="Date"] time').get_text())


def test_without_javascript_the_whole_table_and_no_dead_filters(site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url("sanctions/"))
        expect(page.locator("#filtres-sanctions")).to_be_hidden()
        rows = page.locator("#table-sanctions tbody tr")
        assert rows.count() == int(re.match(r"\d+", page.locator("main p").first.inner_text()).group())
    finally:
        context.close()


def test_the_result_line_written_at_build_time_is_the_scripts_own(site, context):
    page = context.new_page()
    page.goto(site.url("sanctions/"))
    built = page.locator("#resultat-filtres").inner_text()
    page.locator("#filtre-organisme").fill("zz-aucun")
    page.locator("#filtre-organisme").fill("")
    expect(page.locator("#resultat-filtres")).to_have_text(built.replace("\u00a0", "\u202f"))
