"""Privacy by construction: every page, under the production headers (CSP), asks nothing of
anyone but the site, stores nothing, and logs no error."""

from __future__ import annotations

import pytest

from pagetypes import PAGE_TYPES

STORED = """async () => ({
  cookie: document.cookie,
  local: localStorage.length,
  session: sessionStorage.length,
  databases: (await indexedDB.databases()).length,
  caches: (await caches.keys()).length,
})"""


def visit(site, context, path: str) -> dict:
    """Load a page like a reader; return everything it did that a test may object to."""
    seen = {"outside": [], "failed": [], "errors": []}
    page = context.new_page()
    page.on(
        "request",
        lambda r: None if site.same_origin(r.url) or r.url.startswith("data:") else seen["outside"].append(r.url),
    )
    page.on("response", lambda r: seen["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: seen["failed"].append(f"{r.failure} {r.url}"))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.goto(site.url(path), wait_until="networkidle")
    if path.startswith("recherche/"):
        page.locator(".pagefind-ui__result").first.wait_for()
    seen["stored"] = page.evaluate(STORED)
    seen["cookies"] = context.cookies()
    return seen


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_requests_only_the_site_and_stores_nothing(site, context, path):
    seen = visit(site, context, path)
    assert seen["outside"] == []
    assert seen["failed"] == []
    assert seen["errors"] == []
    assert seen["cookies"] == []
    assert seen["stored"] == {"cookie": "", "local": 0, "session": 0, "databases": 0, "caches": 0}


def test_share_links_and_sources_are_plain_links(site):
    """Nothing on a page is loaded from elsewhere: other sites are only ever linked to."""
    for path in PAGE_TYPES.values():
        page = site.page(path.split("?")[0])
        loaded = [
            tag.get("src") for tag in page.find_all(["script", "img", "iframe", "audio", "video", "source", "embed"])
        ]
        loaded += [
            tag.get("href")
            for tag in page.find_all("link")
            if "alternate" not in tag.get("rel", []) and "canonical" not in tag.get("rel", [])
        ]
        assert all(url is None or site.same_origin(url) or url.startswith("/") for url in loaded), path
        assert not page.find("iframe")


def test_a_missing_address_gets_the_sites_404_page(site, context):
    page = context.new_page()
    response = page.goto(site.url("articles/n-existe-pas/"))
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page introuvable"
