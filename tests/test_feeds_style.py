"""Feeds that a browser shows as a page of the site (XSL stylesheet, language), and the
« S'abonner » page that lists every feed the build wrote."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from sitebuild import ROOT, fixture_content, run_build

XSL = ROOT / "themes" / "portail" / "static" / "feeds.xsl"
XSLT_NS = "{http://www.w3.org/1999/XSL/Transform}"
PI = re.compile(r'<\?xml-stylesheet type="text/xsl" href="([^"]+)"\?>')


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds")
    build = run_build(fixture_content("sanctions", root), root / "output")
    assert build.returncode == 0, build.stderr + build.stdout
    return build.output


def _feeds(output) -> list:
    feeds = sorted((output / "feeds").rglob("*.xml"))
    assert any("autorites" in p.parts for p in feeds) and (output / "feeds" / "all.atom.xml") in feeds
    return feeds


def test_every_feed_is_well_formed_names_the_stylesheet_and_says_its_language(output):
    for path in _feeds(output):
        text = path.read_text(encoding="utf-8")
        root = ET.fromstring(text.encode("utf-8"))  # well-formed
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr", path
        head = text.split("<feed", 1)[0]
        assert head.startswith('<?xml version="1.0" encoding="utf-8"?>'), path
        match = PI.search(head)
        assert match, path
        # The stylesheet the build wrote, on the site's own origin (a browser applies no other).
        assert urlsplit(match.group(1)).path == "/theme/feeds.xsl"
        assert (output / "theme" / "feeds.xsl").read_bytes() == XSL.read_bytes()


def test_the_stylesheet_makes_no_outside_request_and_needs_nothing_the_csp_refuses():
    root = ET.parse(XSL).getroot()
    assert root.tag == f"{XSLT_NS}stylesheet"
    text = XSL.read_text(encoding="utf-8")
    namespaces = {"http://www.w3.org/1999/XSL/Transform", "http://www.w3.org/2005/Atom"}
    assert set(re.findall(r"https?://[^\"'\s<]+", text)) <= namespaces
    # deploy/_headers: style-src 'self' and script-src 'self': no inline style or script.
    csp = (ROOT / "deploy" / "_headers").read_text(encoding="utf-8")
    assert "style-src 'self';" in csp and "script-src 'self'" in csp
    for element in root.iter():
        assert element.tag not in {"style", "script"}, element.tag
        assert "style" not in element.attrib and not any(name.startswith("on") for name in element.attrib)
    # Its stylesheets are the theme's, found beside it.
    assert {link.get("href") for link in root.iter("link")} == {"{$theme}css/fonts.css", "{$theme}css/portail.css"}


def test_the_subscribe_page_lists_every_feed_that_exists(output):
    page = BeautifulSoup((output / "abonnement" / "index.html").read_text(encoding="utf-8"), "html.parser")
    listed = {urlsplit(a["href"]).path.lstrip("/") for a in page.select("main a[href$='.atom.xml']")}
    written = {p.relative_to(output).as_posix() for p in _feeds(output)}
    assert listed == written
    assert page.h1.get_text() == "S’abonner"


def test_every_page_links_to_the_subscribe_page(output):
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in home.select("footer a") if a.get_text() == "S’abonner"] == ["/abonnement/"]
