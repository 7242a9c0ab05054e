"""Every internal address of the built site leads somewhere, and the HTML of every page type is
valid for the Nu HTML Checker (vnu.jar from node_modules, one Java run for all pages)."""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import cache
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from pagetypes import NODE_MODULES, PAGE_TYPES

VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
REFERENCES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "form": "action"}


def references(soup: BeautifulSoup):
    for tag, attribute in REFERENCES.items():
        for element in soup.find_all(tag, attrs={attribute: True}):
            yield element[attribute]


def broken_references(site) -> list[str]:
    @cache
    def anchors(path):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return {element["id"] for element in soup.find_all(id=True)}

    broken = []
    for path in sorted(site.output.rglob("*.html")):
        page_url = site.url(path.relative_to(site.output).as_posix())
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for reference in references(soup):
            url = urljoin(page_url, reference)
            if not site.same_origin(url):
                continue
            target = site.file_of(url)
            fragment = urlsplit(url).fragment
            if target is None:
                broken.append(f"{page_url} → {reference} : introuvable")
            elif fragment and target.suffix == ".html" and fragment not in anchors(target):
                broken.append(f"{page_url} → {reference} : ancre « {fragment} » absente")
    return broken


def test_every_internal_link_image_stylesheet_and_script_resolves(site):
    pages = list(site.output.rglob("*.html"))
    assert len(pages) > 50
    assert broken_references(site) == []


def test_the_link_checker_sees_a_broken_link_and_a_missing_anchor(site, tmp_path):
    broken_page = site.output / "essai-liens" / "index.html"
    broken_page.parent.mkdir()
    broken_page.write_text('<a href="/n-existe-pas/">a</a><a href="/a-propos/#pas-d-ancre">b</a>', encoding="utf-8")
    try:
        assert len(broken_references(site)) == 2
    finally:
        shutil.rmtree(broken_page.parent)


def test_html_of_every_page_type_is_valid(site):
    files = sorted({str(site.file_of(site.url(path.split("?")[0]))) for path in PAGE_TYPES.values()})
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{m['url'].split('/output/')[-1]}:{m.get('lastLine')}: {m['message']} — {m.get('extract', '')!r}"
        for m in messages
    ]
    assert errors == []
    assert result.returncode == 0
