"""The sanction pages, charts and open data of a small fixture, built for real and read back."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from sitebuild import ROOT, fixture_content, run_build, text

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sanctions")
    content = fixture_content("sanctions", tmp)
    result = run_build(content, tmp / "output")
    assert result.returncode == 0, result.stderr
    result.content = content
    return result


def script_json(content, grouping) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "sanction_stats.py"),
            "--content",
            str(content),
            "--by",
            grouping,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_index_has_every_column_and_leaves_drafts_out(build):
    page = build.page("sanctions")
    headers = [text(th) for th in page.select("#table-sanctions thead th")]
    assert headers == [
        "Date",
        "Autorité",
        "Pays",
        "Organisme",
        "Montant",
        "Manquements",
        "Secteur",
        "Statut",
        "Article",  # one « Analyse » link per row; the decision page lists every article
    ]
    rows = page.select("#table-sanctions tbody tr")
    assert len(rows) == 7
    assert "Secret SA" not in page.get_text()


def test_index_rows_carry_the_data_the_filters_use(build):
    row = build.page("sanctions").select_one('#table-sanctions tbody tr[data-authority="ico"]')
    assert (row["data-year"], row["data-amount"], row["data-currency"], row["data-breaches"]) == (
        "2020",
        "20000000",
        "GBP",
        "securite",
    )
    undisclosed = build.page("sanctions").select_one('tr[data-organisation="Exemple Discret"]')
    assert undisclosed["data-amount"] == ""


def test_index_works_without_javascript_and_links_everything(build):
    page = build.page("sanctions")
    # The filters need the script: without it, a stylesheet loaded only then hides them (no shift when it runs).
    noscript_css = [link["href"] for noscript in page.select("head noscript") for link in noscript.select("link")]
    assert noscript_css == ["/theme/css/sans-script.css"]
    hidden = (build.output / "theme" / "css" / "sans-script.css").read_text(encoding="utf-8")
    assert "#filtres-sanctions { display: none; }" in hidden
    hrefs = {a["href"] for a in page.find_all("a")}
    assert {
        "/sanctions/autorites/",
        "/sanctions/annees/",
        "/sanctions/manquements/",
        "/sanctions/secteurs/",
        "/sanctions/statistiques/",
        "/sanctions/sanctions.csv",
        "/sanctions/sanctions.json",
        "/sanctions/datapackage.json",
    } <= hrefs


def test_a_page_per_decision_with_its_facts_and_articles(build):
    page = build.page("sanctions/cnil-2021-12-31-google-llc")
    assert "Google LLC" in page.h1.get_text()
    assert text(page.select_one(".fact-box dd.amount")) == "90 000 000 €"
    assert [a["href"] for a in page.select("#articles-decision ~ ul a")] == ["/articles/cnil-cookies/"]


def test_decision_page_lists_decisions_against_the_same_organisation(build):
    page = build.page("sanctions/cnil-2022-10-17-clearview-ai-inc")
    others = [row["data-authority"] for row in page.select("#meme-organisme ~ div tbody tr")]
    assert sorted(others) == ["garante", "hdpa"]  # « CLEARVIEW AI INC » is the same organisation


def test_decision_page_lists_same_authority_same_breach(build):
    page = build.page("sanctions/cnil-2022-10-17-clearview-ai-inc")
    others = [row["data-organisation"] for row in page.select("#meme-autorite ~ div tbody tr")]
    assert others == ["Google LLC"]  # shares base-legale; the CNIL's other decisions do not


def test_article_fact_boxes_link_to_their_decision_pages(build):
    # An article on several decisions compares them in one table, each row linking to its decision.
    page = build.page("articles/clearview-europe")
    assert not page.select(".fact-box")
    links = [a["href"] for a in page.select("table.comparison-table th[scope=row] a")]
    assert links == ["/sanctions/garante-2022-02-10-clearview-ai-inc/", "/sanctions/hdpa-2022-07-13-clearview-ai-inc/"]


def test_taxonomy_overviews_list_terms_with_counts(build):
    rows = build.page("sanctions/autorites").select("tbody tr")
    assert [(text(r.th), text(r.find_all("td")[0])) for r in rows] == [
        ("CNIL", "4"),
        ("Garante", "1"),
        ("HDPA", "1"),
        ("ICO", "1"),
    ]
    years = [text(r.th) for r in build.page("sanctions/annees").select("tbody tr")]
    assert years == ["2020", "2021", "2022", "2023"]


def test_term_page_shows_summary_figures(build):
    page = build.page("sanctions/autorites/cnil")
    figures = {text(d.dt): text(d.dd) for d in page.select("dl.figures > div")}
    assert figures == {
        "Décisions": "4",
        "Montant total": "110 150 000 €",
        "Montant médian": "20 000 000 €",
        "Plus forte amende": "90 000 000 €",
    }
    assert len(page.select("table.decisions tbody tr")) == 4


def test_term_pages_link_to_their_neighbours(build):
    nav = build.page("sanctions/annees/2021").select_one(".prev-next")
    assert {a.get("rel", [""])[0]: a["href"] for a in nav.find_all("a")} == {
        "prev": "/sanctions/annees/2020/",
        "next": "/sanctions/annees/2022/",
        "": "/sanctions/annees/",
    }


def test_other_currencies_are_shown_apart(build):
    page = build.page("sanctions/autorites/ico")
    assert text(page.select("dl.figures dd")[1]) == "0 €"
    notes = " ".join(text(note) for note in page.select("p.note"))
    assert "1 décision en d'autres devises, non additionnée aux euros : British Airways (20 000 000 £GB)" in notes


def test_every_taxonomy_term_has_a_page(build):
    for folder, keys in {
        "manquements": ["base-legale", "cookies", "droits-des-personnes", "principes", "securite"],
        "secteurs": ["industrie-commerce", "sante", "telecoms-medias", "transport-energie"],
    }.items():
        for key in keys:
            assert build.page(f"sanctions/{folder}/{key}").h1, key


def test_statistics_page_equals_the_script(build):
    page = build.page("sanctions/statistiques")
    tables = page.select("table.figures-table")
    for grouping, table in zip(["authority", "year", "country", "breach", "sector"], tables):
        expected = script_json(build.content, grouping)["groups"]
        if grouping == "year":  # a series is read in the order of time
            expected.sort(key=lambda g: g["key"])
        shown = [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.select("tbody tr")]
        assert [row[0] for row in shown] == [g["label"] for g in expected], grouping
        # A group with no amount in euros shows « — » (then its total in its own currency), never « 0 € ».
        totals = [f"{g['total']:,} €".replace(",", " ") if g["count_with_amount"] else "—" for g in expected]
        assert [row[3].split(" et ")[0][: len(total)] for row, total in zip(shown, totals)] == totals, grouping
        assert [int(row[1]) for row in shown] == [g["count"] for g in expected], grouping


def test_statistics_page_has_top_fines_and_cited_articles(build):
    page = build.page("sanctions/statistiques")
    top = [row["data-organisation"] for row in page.select("#plus-fortes ~ div tbody tr")]
    assert top[0] == "Google LLC" and "British Airways" not in top
    cited = {text(r.th): text(r.td) for r in page.select("#articles-cites ~ div tbody tr")}
    assert cited["Article 6"] == "3" and cited["Article 5"] == "3"


def test_charts_are_static_svg_with_text_alternatives(build):
    figures = build.page("sanctions/statistiques").select("figure.chart")
    assert len(figures) == 5  # by authority, by year, by country (bars and map), by breach
    for figure in figures:
        svg = build.output / figure.img["src"].lstrip("/")
        root = ET.fromstring(svg.read_text(encoding="utf-8"))
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert figure.img["alt"].startswith(root.find("{http://www.w3.org/2000/svg}title").text + " : ")
    assert "2022, 3 décisions" in figures[1].img["alt"]
    assert page_has_no_script(build.page("sanctions/statistiques"))


def page_has_no_script(page) -> bool:
    return page.find("script", src=re.compile("sanctions")) is None


def test_open_data_has_one_record_per_decision(build):
    rows = list(csv.DictReader(io.StringIO((build.output / "sanctions/sanctions.csv").read_text(encoding="utf-8"))))
    records = json.loads((build.output / "sanctions/sanctions.json").read_text(encoding="utf-8"))
    assert len(rows) == len(records) == 7
    assert len({r["identity"] for r in rows}) == 7
    google = next(r for r in records if r["organisation"] == "Google LLC")
    assert google["amount"] == 90000000 and google["breaches"] == ["base-legale", "cookies"]
    assert google["page_url"] == "/sanctions/cnil-2021-12-31-google-llc/"
    assert google["article_urls"] == ["/articles/cnil-cookies/"]
    undisclosed = next(r for r in rows if r["organisation"] == "Exemple Discret")
    assert undisclosed["amount"] == ""


def test_csv_cells_cannot_run_as_spreadsheet_formulas(build):
    rows = list(csv.DictReader(io.StringIO((build.output / "sanctions/sanctions.csv").read_text(encoding="utf-8"))))
    assert any(r["organisation"] == '\'=HYPERLINK("http://example.test")' for r in rows)


def test_datapackage_validates_with_frictionless(build):
    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "frictionless"),
            "validate",
            "--json",
            str(build.output / "sanctions" / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
    )
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:3000]
    assert result.returncode == 0


def test_an_id_cannot_take_the_address_of_a_listing_page(tmp_path):
    content = fixture_content("sanctions", tmp_path)
    article = content / "articles" / "ico-british-airways.md"
    article.write_text(
        article.read_text(encoding="utf-8").replace("  - authority: ico", "  - id: statistiques\n    authority: ico"),
        encoding="utf-8",
    )
    result = run_build(content, tmp_path / "output")
    assert result.returncode == 1
    assert "content/articles/ico-british-airways.md:8: id : l'identifiant « statistiques » est réservé" in result.stderr


def test_open_data_is_described_as_a_dataset(build):
    for path in ["sanctions", "sanctions/statistiques"]:
        scripts = build.page(path).find_all("script", type="application/ld+json")
        datasets = [json.loads(s.string) for s in scripts if json.loads(s.string)["@type"] == "Dataset"]
        assert len(datasets) == 1, path
        urls = [d["contentUrl"] for d in datasets[0]["distribution"]]
        assert urls == ["/sanctions/sanctions.csv", "/sanctions/sanctions.json"]
        assert datasets[0]["temporalCoverage"] == "2020-10-16/2023-02-01"


def test_decision_pages_are_searchable(build):
    page = build.page("sanctions/cnil-2021-12-31-google-llc")
    body = page.select_one("[data-pagefind-body]")
    assert body.h1 and body.select_one(".fact-box")
    filters = {d["data-pagefind-filter"]: d["value"] for d in body.select("[data-pagefind-filter]")}
    assert filters["Autorité[value]"] == "CNIL" and filters["Année[value]"] == "2021"
