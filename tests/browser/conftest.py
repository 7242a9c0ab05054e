"""The seed site as readers get it: built once with the publication settings for a local
address, indexed by Pagefind, served on 127.0.0.1 with the HTTP headers of deploy/_headers,
and read by Debian's chromium driven by Playwright."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from portail.commands import audit  # the build and the server are the audit's: one way to serve the site

ROOT = Path(__file__).resolve().parents[2]

CHROMIUM = "/usr/bin/chromium"


@dataclass
class Site:
    base: str  # http://127.0.0.1:PORT/
    output: Path

    def url(self, path: str) -> str:
        return self.base + path

    def file_of(self, url: str) -> Path | None:
        """The file a URL of this site is served from, or None when it does not exist."""
        path = urlsplit(url).path.lstrip("/")
        target = self.output / path
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def page(self, path: str) -> BeautifulSoup:
        return BeautifulSoup(self.file_of(self.url(path)).read_text(encoding="utf-8"), "html.parser")

    def same_origin(self, url: str) -> bool:
        return urlsplit(url).netloc == urlsplit(self.base).netloc


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Site:
    output = tmp_path_factory.mktemp("publie") / "output"
    server = audit.local_server(output)
    audit.build_site(ROOT / "content", output, f"http://127.0.0.1:{server.server_address[1]}")
    with audit.serving(server) as base:
        yield Site(base, output)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=audit.CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    """A fresh profile per test: cookies and storage start empty."""
    context = browser.new_context(locale="fr-FR")
    yield context
    context.close()
