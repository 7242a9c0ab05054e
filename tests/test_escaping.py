"""Valid but nasty values are published as written: escaped for every place they go.

Titles, summaries, tags, authors, organisation names, references and reference data full of
markup, script breakouts, CDATA ends, comments, template syntax, quotes, entities, emoji,
right-to-left words and formula-like cells are built into a real site; the output is read back
as a browser, a feed reader, an XML parser, a spreadsheet and a JSON reader would.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category, Tag
from pelican.writers import Writer

from portail.content.sanction_csv import read_sanctions
from portail.counting.charts import Bar, bar_chart
from portail.model.reference import load_reference
from portail.model.schema import ValidationContext
from portail.plumbing.xml_text import xml_text
from portail.site.feeds import ArticleFeedEntries
from portail.typography import french

from sitebuild import SEED_CONTENT, run_build

ATOM = "{http://www.w3.org/2005/Atom}"
SVG = "{http://www.w3.org/2000/svg}"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

TITLE_1 = '<script>alert(1)</script> & R&amp;D « cité » "doubles" \'simples’ {{ 7*7 }} {% raw %} -- --> ]]> 🔒𝕏'
TITLE_2 = '"><img src=x onerror=alert(1)> </script><script>alert(1)</script> مرحبا שלום'
SUMMARY_1 = (
    "Résumé <b onload=alert(1)>gras</b> & &amp; &lt; «\u00a0non\u202fsécable\u00a0» {% endraw %} <!-- x --> ]]> 😀"
)
SUMMARY_2 = "Un mot très long : " + "Anticonstitutionnellement" * 4 + " {{ 7*7 }}"
PAGE_TITLE = "À propos </script><!-- {{ 7*7 }} & ]]>"
PAGE_SUMMARY = 'Qui sommes-nous ? "><svg onload=alert(1)> & &amp;'
TAGS = [
    "<script>alert(1)</script>",
    'x"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "R&D & co",
    "عربي",
    "{% raw %}",
]
AUTHOR = 'Jean "<b>" d\'Arc & fils'
ORGANISATIONS = [
    '=HYPERLINK("http://evil.example","clic") <script>alert(1)</script> & Cie',
    '+1 "><img src=x onerror=alert(1)> </script><script>alert(1)</script>',
    "-1 Société « Ω » {{ 7*7 }} 🔒 ]]> --> עברית",
    "@x R&amp;D ' \" ’ -- {% raw %}",
    "'=1+2 déjà protégée",
]
REFERENCES = ["-->]]>&amp;<i>", "=1+1", None, "+33 1 23 45 67 89", "@SUM(A1)"]
SOURCE = "https://example.org/decision?id=1&lang=fr"
# Reference data is text too: an authority, a breach type and a sector with markup in them.
AUTHORITY = {
    "name": 'Autorité <script>alert(1)</script> & "Cie" ]]> --> {{ 7*7 }}',
    "short": "A&B<i> ]]>",
    "country": "FR",
    "url": "https://example.org/?a=1&b=2",
}
BREACH = "<img src=x onerror=alert(1)> & ]]>"
SECTOR = "Secteur </script> & « ω »"
# The theme's own scripts; any other script element is injected.
THEME_SCRIPTS = {"pagefind-ui.js", "recherche.js", "sanctions.js", "partage.js"}


def _yaml_value(value) -> str:
    # JSON is YAML 1.2: every value written exactly, whatever it holds.
    return json.dumps(value, ensure_ascii=False)


def _sanction(index: int, organisation: str, reference: str | None) -> list[str]:
    lines = [
        "  - authority: xss-test" if index % 2 == 0 else "  - authority: cnil",
        f"    organisation: {_yaml_value(organisation)}",
        f"    decision_date: 2023-0{index + 1}-15",
        f"    amount: {'null' if index == 2 else 1000 * (index + 1)}",  # one amount not disclosed
        "    breaches: [xss-manquement, securite]",
        "    sector: xss-secteur",
    ]
    if reference:
        lines.append(f"    reference: {_yaml_value(reference)}")
    if index == 0:
        lines.append(f"    source: {_yaml_value(SOURCE)}")
    return lines


def _article(title: str, summary: str, day: int, decisions: list[int]) -> str:
    lines = [
        "---",
        f"title: {_yaml_value(title)}",
        f"date: 2024-03-{day:02d}",
        "category: Amendes CNIL",
        f"tags: {_yaml_value(TAGS)}",
        "authors: [xss-auteur]",
        f"summary: {_yaml_value(summary)}",
    ]
    lines.append("sanctions:")
    for index in decisions:
        lines += _sanction(index, ORGANISATIONS[index], REFERENCES[index])
    lines += ["---", "Le corps est du Markdown de confiance ; {{ 7*7 }} y reste du texte.", ""]
    return "\n".join(lines)


def _write_content(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    data = content / "data"
    with open(data / "authorities.yaml", "a", encoding="utf-8") as handle:
        handle.write("\nxss-test:\n" + "".join(f"  {k}: {_yaml_value(v)}\n" for k, v in AUTHORITY.items()))
    with open(data / "authors.yaml", "a", encoding="utf-8") as handle:
        handle.write(
            f"\nxss-auteur:\n  name: {_yaml_value(AUTHOR)}\n  role: {_yaml_value(AUTHOR)}\n  bio: {_yaml_value(AUTHOR)}\n"
        )
    with open(data / "breaches.yaml", "a", encoding="utf-8") as handle:
        handle.write(f'\nxss-manquement:\n  label: {_yaml_value(BREACH)}\n  articles: ["32"]\n')
    with open(data / "sectors.yaml", "a", encoding="utf-8") as handle:
        handle.write(f"\nxss-secteur:\n  label: {_yaml_value(SECTOR)}\n")
    articles = content / "articles"
    articles.mkdir()
    (articles / "premier.md").write_text(_article(TITLE_1, SUMMARY_1, 1, [0, 1, 2]), encoding="utf-8")
    (articles / "second.md").write_text(_article(TITLE_2, SUMMARY_2, 2, [3, 4]), encoding="utf-8")
    pages = content / "pages"
    pages.mkdir()
    page = f"---\ntitle: {_yaml_value(PAGE_TITLE)}\nsummary: {_yaml_value(PAGE_SUMMARY)}\n---\nTexte.\n"
    (pages / "a-propos.md").write_text(page, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("escaping")
    build = run_build(_write_content(tmp), tmp / "output")
    assert build.returncode == 0, build.stdout + build.stderr
    build.content = tmp / "content"
    return build


def _html_pages(site) -> list[Path]:
    pages = sorted(p for p in site.output.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 20
    return pages


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _json_ld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(script.string) for script in page.find_all("script", type="application/ld+json")]


def _article_page(site, title: str) -> BeautifulSoup:
    for path in sorted((site.output / "articles").glob("*/index.html")):
        page = _soup(path)
        if page.h1 and page.h1.get_text() == french(title):
            return page
    raise AssertionError(f"no article page shows the title {title!r}")


def _decision_page(site, organisation: str) -> BeautifulSoup:
    for path in sorted((site.output / "sanctions").glob("*/index.html")):
        page = _soup(path)
        if page.h1 and page.h1.get_text().startswith(organisation + " : "):
            return page
    raise AssertionError(f"no decision page for {organisation!r}")


# Well-formed XML everywhere


def test_every_xml_and_svg_file_is_well_formed(site):
    files = [p for p in site.output.rglob("*") if p.suffix in {".xml", ".svg"}]
    names = {p.name for p in files}
    assert {"all.atom.xml", "sanctions.atom.xml", "xss-test.atom.xml", "sitemap.xml", "manquements.svg"} <= names
    for path in files:
        ET.parse(path)  # raises on a file a feed reader or a browser would refuse


def test_invalid_xml_characters_are_replaced_where_xml_is_written():
    forbidden = "a\x00b\x0bc\ud800d\ufffee\uffff"
    assert xml_text(forbidden) == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffd"
    kept = "tab\tline\ncr\r é 🔒 \ue000 \ufffd"
    assert xml_text(kept) == kept
    svg = bar_chart("Titre \x00 <&>", [Bar("Libellé \x1b ]]>", 3, "3 \x08 décisions")])
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Titre \ufffd <&>"
    assert [t.text for t in root.iter(f"{SVG}text")][1:] == ["Libellé \ufffd ]]>", "3 \ufffd décisions"]


# HTML: text shown as written, nothing executable injected


def test_no_page_carries_an_injected_script_or_event_handler(site):
    for path in _html_pages(site):
        page = _soup(path)
        where = path.relative_to(site.output)
        for script in page.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue
            assert script.get("src", "").rsplit("/", 1)[-1] in THEME_SCRIPTS, (where, script)
            assert not script.string, (where, script)
        for element in page.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert not handlers, (where, element)
        assert not page.find("img", src="x"), where
        # The only SVG of a page is the site's wordmark; values never bring one.
        assert [svg.get("class") for svg in page.find_all("svg")] in ([], [["wordmark"]]), where
        assert not page.find(["b", "i"]), where  # the theme uses neither: these came from values


def test_article_page_shows_every_value_as_written(site):
    page = _article_page(site, TITLE_1)
    # What a reader sees is set in French typography (non-breaking spaces, apostrophes).
    assert page.select_one("p.summary").get_text() == french(SUMMARY_1)
    assert page.title.get_text() == f"{french(TITLE_1)} — Portail RGPD"
    assert page.find("meta", property="og:title")["content"] == f"{french(TITLE_1)} — Portail RGPD"
    assert page.find("meta", property="og:description")["content"] == french(SUMMARY_1)
    assert page.find("meta", attrs={"name": "description"})["content"] == french(SUMMARY_1)
    assert [m["content"] for m in page.find_all("meta", property="article:tag")] == TAGS
    assert [a.get_text() for a in page.select("p.tags a")] == TAGS
    assert "{{ 7*7 }}" in page.select_one("div.content").get_text()
    # Three decisions: one comparison table, a row per decision, every value as written.
    rows = [tr for tr in page.select("table.comparison-table tr") if tr.find("th", scope="row")]
    assert [tr.find("th", scope="row").get_text() for tr in rows] == ORGANISATIONS[:3]
    first = rows[0]
    assert first.find("a", href=SOURCE).get_text() == REFERENCES[0]
    assert first.abbr["title"] == AUTHORITY["name"] and first.abbr.get_text() == AUTHORITY["short"]
    assert BREACH in [a.get_text() for a in first.select("a")]
    assert SECTOR in [a.get_text() for a in first.select("a")]
    filters = {(d["data-pagefind-filter"], d["value"]) for d in page.select("data[data-pagefind-filter]")}
    assert {("Autorité[value]", AUTHORITY["short"]), ("Manquement[value]", BREACH)} <= filters


def test_json_ld_parses_and_holds_the_exact_values(site):
    page = _article_page(site, TITLE_1)
    blocks = {block["@type"]: block for block in _json_ld(page)}
    article = blocks["NewsArticle"]
    assert (article["headline"], article["description"]) == (TITLE_1, SUMMARY_1)
    assert article["keywords"] == ", ".join(TAGS)
    assert article["author"] == [{"@type": "Person", "name": AUTHOR, "url": "/auteurs/xss-auteur/"}]
    assert blocks["BreadcrumbList"]["itemListElement"][-1]["name"] == TITLE_1
    decision = _decision_page(site, ORGANISATIONS[1])
    names = [item["name"] for block in _json_ld(decision) for item in block.get("itemListElement", [])]
    assert names[-1].startswith(ORGANISATIONS[1] + " (")


def test_json_ld_cannot_close_its_script_element(site):
    for path in _html_pages(site):
        for script in _soup(path).find_all("script", type="application/ld+json"):
            raw = script.string
            assert "<" not in raw and ">" not in raw and "&" not in raw, path
            json.loads(raw)


def test_other_places_show_values_as_written(site):
    second = _article_page(site, TITLE_2)
    assert second.select_one("p.summary").get_text() == french(SUMMARY_2)
    page = site.page("a-propos")
    assert page.h1.get_text() == french(PAGE_TITLE)
    assert page.find("meta", property="og:description")["content"] == french(PAGE_SUMMARY)
    footer = [a.get_text() for a in site.page("archives").select("footer a")]
    assert french(PAGE_TITLE) in footer
    home_titles = [a.get_text() for a in site.page("").select(".card-title a")]
    assert {french(TITLE_1), french(TITLE_2)} <= {french(title) for title in home_titles}
    tag_pages = [_soup(p).h1.get_text() for p in (site.output / "etiquettes").glob("*/index.html")]
    assert all(any(tag in heading for heading in tag_pages) for tag in TAGS), tag_pages


def test_decision_pages_index_and_statistics_show_values_as_written(site):
    for organisation in ORGANISATIONS:
        page = _decision_page(site, organisation)
        assert page.select_one("section.fact-box dd").get_text() == organisation
        assert page.find("meta", property="og:title")["content"].startswith(organisation + " — décision ")
    index = site.page("sanctions")
    rows = index.select("#table-sanctions tbody tr")
    assert sorted(row["data-organisation"] for row in rows) == sorted(ORGANISATIONS)
    assert {row.select_one('td[data-label="Organisme"]').get_text() for row in rows} == set(ORGANISATIONS)
    # One « Analyse » link per row, the article's title in it for screen readers.
    analyses = {french(a.get_text()) for a in index.select('td[data-label="Article"] a')}
    assert {french(f"Analyse : {TITLE_1}"), french(f"Analyse : {TITLE_2}")} <= analyses
    statistics = site.page("sanctions/statistiques")
    alts = " ".join(img["alt"] for img in statistics.select("figure.chart img"))
    assert AUTHORITY["short"] in alts and BREACH in alts
    assert AUTHORITY["short"] in [th.get_text() for th in statistics.select("th[scope=row]")]
    authority = site.page("sanctions/autorites/xss-test")
    assert authority.h1.get_text() == f"Sanctions — autorité : {AUTHORITY['short']}"
    assert authority.find("a", href=AUTHORITY["url"])
    assert AUTHORITY["name"] in authority.get_text()


def test_search_index_holds_the_values_as_written(site):
    """Pagefind reads the pages' text and attributes: its records hold the text, not markup."""
    records = []
    for fragment in (site.output / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        records.append(json.loads(data[data.index(b"{") :]))
    titles = {french(record["meta"].get("title", "")) for record in records}
    assert {french(TITLE_1), french(TITLE_2)} <= titles
    article = next(record for record in records if french(record["meta"].get("title", "")) == french(TITLE_1))
    assert AUTHORITY["short"] in article["filters"]["Autorité"]
    assert BREACH in article["filters"]["Manquement"]


# Charts


def test_charts_carry_the_labels_as_text(site):
    folder = site.output / "sanctions" / "statistiques"
    labels = {
        name: [t.text for t in ET.parse(folder / name).getroot().iter(f"{SVG}text")]
        for name in ("montant-par-autorite.svg", "manquements.svg")
    }
    assert AUTHORITY["short"] in labels["montant-par-autorite.svg"]
    assert BREACH in labels["manquements.svg"]


# Feeds


def _feed(site, relative: str) -> ET.Element:
    return ET.parse(site.output / relative).getroot()


def _html_of(entry: ET.Element, tag: str) -> BeautifulSoup:
    node = entry.find(f"{ATOM}{tag}")
    assert node.get("type") == "html"
    return BeautifulSoup(node.text, "html.parser")


def test_decision_feeds_hold_the_values_as_written(site):
    entries = _feed(site, "feeds/sanctions.atom.xml").findall(f"{ATOM}entry")
    by_organisation = {}
    for entry in entries:
        title = entry.find(f"{ATOM}title").text
        by_organisation[next(o for o in ORGANISATIONS if title.startswith(o + " : "))] = entry
    assert set(by_organisation) == set(ORGANISATIONS)
    entry = by_organisation[ORGANISATIONS[0]]
    content = _html_of(entry, "content")
    assert not content.find(["script", "img", "i"])
    facts = dict(
        zip((dt.get_text() for dt in content.find_all("dt")), (dd.get_text() for dd in content.find_all("dd")))
    )
    assert facts["Organisme sanctionné"] == ORGANISATIONS[0]
    assert facts["Référence"] == REFERENCES[0]
    assert facts["Autorité"] == f"{AUTHORITY['name']} (France)"
    assert [french(a.get_text()) for a in content.find_all("a")] == [french(TITLE_1)]
    assert BREACH in {c.get("term") for c in entry.findall(f"{ATOM}category")}
    summary = _html_of(entry, "summary")
    assert not summary.find(True)
    assert AUTHORITY["name"] in summary.get_text() and BREACH in summary.get_text()
    authority = _feed(site, "feeds/autorites/xss-test.atom.xml")
    assert authority.find(f"{ATOM}title").text.endswith(f"sanctions de l'autorité {AUTHORITY['short']} (France)")
    assert len(authority.findall(f"{ATOM}entry")) == 3


def test_article_feeds_hold_titles_and_summaries_as_written(site):
    for relative in ("feeds/all.atom.xml", "feeds/amendes-cnil.atom.xml"):
        entries = {e.find(f"{ATOM}title").text: e for e in _feed(site, relative).findall(f"{ATOM}entry")}
        assert set(entries) == {TITLE_1, TITLE_2}, relative
        summary = _html_of(entries[TITLE_1], "summary")
        assert not summary.find(True)
        assert summary.get_text() == SUMMARY_1
        assert set(TAGS) <= {c.get("term") for c in entries[TITLE_1].findall(f"{ATOM}category")}


class _FeedWriter(ArticleFeedEntries, Writer):
    """Pelican's writer with the portal's article feed entries, as the build's writer has them."""


def test_article_feed_entries_are_text_and_well_formed_xml(tmp_path):
    settings = {**DEFAULT_CONFIG, "TIMEZONE": "Europe/Paris"}
    metadata = {
        "title": TITLE_1 + " \x0b",
        "summary": SUMMARY_1 + " \x00",
        "date": datetime(2024, 3, 1),
        "category": Category("Amendes CNIL", settings),
        "tags": [Tag(tag + " \x01", settings) for tag in TAGS],
        "slug": "premier",
    }
    article = Article("<p>Corps\x1b</p>", metadata=metadata, settings=settings)
    context = {
        "SITENAME": "Portail",
        "SITEURL": "https://example.org",
        "FEED_DOMAIN": "https://example.org",
        "THEME_STATIC_DIR": "theme",
        "DEFAULT_LANG": "fr",
    }
    _FeedWriter(str(tmp_path), settings).write_feed([article], context, "flux.atom.xml")
    entry = ET.parse(tmp_path / "flux.atom.xml").getroot().find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == TITLE_1 + " \ufffd"
    summary = _html_of(entry, "summary")
    assert not summary.find(True) and summary.get_text() == SUMMARY_1 + " \ufffd"
    assert _html_of(entry, "content").get_text() == "Corps\ufffd"
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Amendes CNIL", *(t + " \ufffd" for t in TAGS)]


# Open data


def test_csv_reads_back_with_formulas_neutralised(site):
    text = (site.output / "sanctions" / "sanctions.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    for row in rows:
        assert not any(cell.startswith(FORMULA_START) for cell in row.values()), row
    organisations = {row["organisation"] for row in rows}
    # Each starts with a formula sign, or an apostrophe before one: reading back removes one apostrophe.
    assert organisations == {"'" + organisation for organisation in ORGANISATIONS}
    assert {row["reference"] for row in rows} == {"'" + r for r in REFERENCES if r} | {""}
    assert {row["source"] for row in rows} == {SOURCE, ""}


def test_csv_imports_back_to_the_same_decisions(site):
    text = (site.output / "sanctions" / "sanctions.csv").read_text(encoding="utf-8")
    context = ValidationContext(load_reference(site.content / "data"))
    rows, problems = read_sanctions(text, "sanctions.csv", context)
    assert problems == []
    assert {(row.sanction.organisation, row.sanction.reference) for row in rows} == set(zip(ORGANISATIONS, REFERENCES))


def test_json_and_data_package_hold_the_values_as_written(site):
    folder = site.output / "sanctions"
    records = json.loads((folder / "sanctions.json").read_text(encoding="utf-8"))
    assert {(r["organisation"], r["reference"] or None) for r in records} == set(zip(ORGANISATIONS, REFERENCES))
    assert {r["authority_name"] for r in records} == {
        AUTHORITY["name"],
        "Commission nationale de l'informatique et des libertés",
    }
    assert {r["source"] for r in records} == {SOURCE, ""}
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert [resource["path"] for resource in package["resources"]] == ["sanctions.csv", "sanctions.json"]
