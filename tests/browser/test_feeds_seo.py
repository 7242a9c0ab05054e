"""Feeds, sitemap, robots.txt and what search engines and social networks read in each page,
on the seed site built with the publication settings (absolute addresses)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime

import pytest
import yaml

from portail.commands import audit
from portail.typography import french

from conftest import ROOT
from pagetypes import PAGE_TYPES
from sitebuild import fixture_content, run_build

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLES = sorted((ROOT / "content" / "articles").rglob("*.md"))


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def seed_authorities() -> set[str]:
    return {s["authority"] for path in ARTICLES for s in front_matter(path).get("sanctions", [])}


def feed(site, path: str) -> ET.Element:
    return ET.fromstring((site.output / path).read_bytes())


def alternate_feeds(site, page: str) -> list[str]:
    return [link["href"] for link in site.page(page).find_all("link", rel="alternate", type="application/atom+xml")]


# --- Feeds -----------------------------------------------------------------------------------


def test_the_expected_feeds_are_written(site):
    written = {p.relative_to(site.output / "feeds").as_posix() for p in (site.output / "feeds").rglob("*.xml")}
    categories = {"amendes-cnil", "sanctions-en-europe", "droits-des-personnes", "cybersecurite", "conformite-rgpd"}
    assert written == (
        {"all.atom.xml", "sanctions.atom.xml"}
        | {f"{c}.atom.xml" for c in categories}
        | {f"autorites/{a}.atom.xml" for a in seed_authorities()}
    )


@pytest.mark.parametrize(
    "path",
    ["feeds/all.atom.xml", "feeds/amendes-cnil.atom.xml", "feeds/sanctions.atom.xml", "feeds/autorites/cnil.atom.xml"],
)
def test_a_feed_is_valid_atom_with_absolute_addresses_that_resolve(site, path):
    root = feed(site, path)
    assert root.tag == f"{ATOM}feed"
    for required in ["id", "title", "updated"]:
        assert root.find(f"{ATOM}{required}").text
    self_link = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == [site.url(path)]
    entries = root.findall(f"{ATOM}entry")
    assert entries
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for required in ["id", "title", "updated"]:
            assert entry.find(f"{ATOM}{required}").text, (path, required)
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(site.base) and site.file_of(link), link


def test_the_decisions_feed_has_each_decision_once_newest_reported_first(site):
    entries = feed(site, "feeds/sanctions.atom.xml").findall(f"{ATOM}entry")
    index = site.page("sanctions/").select("#table-sanctions tbody tr")
    assert len(entries) == len(index)
    published = [entry.find(f"{ATOM}published").text for entry in entries]
    assert published == sorted(published, reverse=True)
    cegedim = [e for e in entries if "Cegedim" in e.find(f"{ATOM}title").text]
    titles = [" ".join(e.find(f"{ATOM}title").text.split()) for e in cegedim]  # babel's narrow spaces
    assert titles == ["Cegedim Santé : 800 000 € (CNIL, 5 septembre 2024)"]
    content = cegedim[0].find(f"{ATOM}content").text
    assert content.count("<li><a href=") == 2  # the news and the analysis


def test_an_authority_feed_has_only_its_decisions(site):
    entries = feed(site, "feeds/autorites/cnil.atom.xml").findall(f"{ATOM}entry")
    assert entries and all("(CNIL, " in e.find(f"{ATOM}title").text for e in entries)
    rows = site.page("sanctions/").select('#table-sanctions tbody tr[data-authority="cnil"]')
    assert len(entries) == len(rows)


def test_feeds_are_linked_from_the_pages_they_describe(site):
    every_page = [site.url("feeds/all.atom.xml"), site.url("feeds/sanctions.atom.xml")]
    cnil = site.url("feeds/autorites/cnil.atom.xml")
    assert alternate_feeds(site, "") == every_page
    assert alternate_feeds(site, "categories/amendes-cnil/") == every_page + [site.url("feeds/amendes-cnil.atom.xml")]
    assert alternate_feeds(site, PAGE_TYPES["article avec décision"]) == every_page + [cnil]
    assert alternate_feeds(site, PAGE_TYPES["décision"]) == every_page + [cnil]
    assert alternate_feeds(site, PAGE_TYPES["autorité"]) == every_page + [cnil]
    assert len(alternate_feeds(site, PAGE_TYPES["autorités"])) == 2 + len(seed_authorities())
    assert alternate_feeds(site, PAGE_TYPES["article sans décision"]) == every_page


# --- Sitemap and robots.txt -------------------------------------------------------------------


def test_the_sitemap_lists_every_article_with_its_true_last_modification(site):
    urls = ET.fromstring((site.output / "sitemap.xml").read_bytes()).findall(f"{SITEMAP}url")
    lastmod = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod").text for url in urls}
    assert len(lastmod) == len(ARTICLES)
    for path in ARTICLES:
        meta = front_matter(path)
        loc = site.url(f"articles/{meta.get('slug', path.stem)}/")
        assert loc in lastmod, loc
        changed = meta.get("modified") or meta["date"]
        assert lastmod[loc][:10] == (changed if isinstance(changed, date) else changed.date()).isoformat()
        assert site.file_of(loc)


def test_robots_txt_points_to_the_sitemap(site):
    robots = (site.output / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {site.url('sitemap.xml')}" in robots.splitlines()


# --- Head of each page ------------------------------------------------------------------------


def json_ld(page) -> list[dict]:
    return [json.loads(script.string) for script in page.find_all("script", type="application/ld+json")]


@pytest.mark.parametrize(
    "path",
    [p for p in PAGE_TYPES.values() if p != "404.html"],
    ids=[k for k, p in PAGE_TYPES.items() if p != "404.html"],
)
def test_a_page_has_canonical_description_and_open_graph(site, path):
    path = path.split("?")[0]
    page = site.page(path)
    canonical = [link["href"] for link in page.find_all("link", rel="canonical")]
    assert canonical == [site.url(path)]
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert len(description) > 20
    og = {meta["property"]: meta["content"] for meta in page.find_all("meta", property=True)}
    assert og["og:url"] == canonical[0]
    assert og["og:description"] == description
    assert og["og:title"] == page.title.get_text()
    assert og["og:locale"] == "fr_FR"
    crumbs = page.select(".breadcrumbs li")
    if crumbs:
        (trail,) = [d for d in json_ld(page) if d["@type"] == "BreadcrumbList"]
        # Data as written; what the reader sees in French typography (non-breaking spaces, ’).
        names = [french(item["name"]) for item in trail["itemListElement"]]
        assert names == [french(li.get_text(strip=True)) for li in crumbs]
        linked = [item["item"] for item in trail["itemListElement"][:-1]]
        assert linked == [a["href"] for a in page.select(".breadcrumbs a")]


def test_an_article_is_a_news_article_for_search_engines(site):
    path = PAGE_TYPES["article avec décision"]
    page = site.page(path)
    (article,) = [d for d in json_ld(page) if d["@type"] == "NewsArticle"]
    meta = front_matter(ROOT / "content/articles/amendes-cnil/cegedim-sante-donnees-de-sante-800000-euros.md")
    assert article["headline"] == meta["title"] and french(page.h1.get_text()) == french(meta["title"])
    assert article["description"] == meta["summary"]
    assert article["datePublished"].startswith(meta["date"].isoformat())
    assert article["url"] == article["mainEntityOfPage"] == site.url(path)
    assert article["publisher"]["url"] == site.base
    og = {meta["property"]: meta["content"] for meta in page.find_all("meta", property=True)}
    assert og["og:type"] == "article" and og["article:section"] == "Amendes CNIL"


def test_the_404_page_is_not_indexed(site):
    page = site.page("404.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not page.find("link", rel="canonical")


def test_json_ld_and_meta_keep_an_editors_html_as_text(tmp_path):
    content = fixture_content("seo", tmp_path)
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 0, build.stderr
    page = build.page("articles/balises")
    meta = front_matter(content / "articles" / "balises.md")
    assert [s for s in page.find_all("script") if s.get("type") != "application/ld+json" and "alert" in s.text] == []
    (article,) = [d for d in json_ld(page) if d["@type"] == "NewsArticle"]
    assert article["headline"] == meta["title"] and article["description"] == meta["summary"]
    for script in page.find_all("script", type="application/ld+json"):
        assert not {"<", ">", "&"} & set(script.string)
    assert page.find("meta", attrs={"name": "description"})["content"] == french(meta["summary"])
    assert page.find("meta", property="og:title")["content"] == page.title.get_text()
    assert article["dateModified"].startswith("2024-03-04")


def test_deploy_headers_for_nginx_match_the_headers_file():
    """One policy, two hosting formats: deploy/_headers (used by these tests) and the nginx snippet."""
    rules = dict(audit.header_rules((ROOT / "deploy" / "_headers").read_text(encoding="utf-8")))
    nginx = dict(
        re.findall(r'^add_header ([\w-]+) "(.*)" always;$', (ROOT / "deploy" / "nginx.conf").read_text(), re.M)
    )
    assert nginx == dict(rules["/*"])
    assert "'wasm-unsafe-eval'" in nginx["Content-Security-Policy"]
