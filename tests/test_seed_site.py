"""The seed content: builds strictly, has what the portal promises, lists each decision once."""

from __future__ import annotations

import re

import yaml

from sitebuild import SEED_CONTENT, text

ARTICLES = sorted((SEED_CONTENT / "articles").rglob("*.md"))


def front_matter(path):
    return yaml.load(path.read_text(encoding="utf-8").split("---")[1], Loader=yaml.BaseLoader)


def distinct_decisions() -> set[tuple]:
    """An independent reading of the identity rule, straight from the files."""
    found = set()
    for path in ARTICLES:
        for s in front_matter(path).get("sanctions", []):
            found.add(
                (s["authority"], s["reference"])
                if "reference" in s
                else (s["authority"], s["decision_date"], s["organisation"])
            )
    return found


def test_seed_has_at_least_25_articles_and_15_reporting_decisions():
    assert len(ARTICLES) >= 25
    reporting = [p for p in ARTICLES if front_matter(p).get("sanctions")]
    assert len(reporting) >= 15
    assert len(ARTICLES) - len(reporting) >= 6


def test_seed_has_a_round_up_and_a_decision_covered_twice():
    counts = [len(front_matter(p).get("sanctions", [])) for p in ARTICLES]
    assert max(counts) >= 3
    assert sum(counts) > len(distinct_decisions())


def test_seed_site_builds_strictly(seed_build):
    assert seed_build.stderr == ""
    assert len(list((seed_build.output / "articles").iterdir())) == len(ARTICLES)


def test_sanction_index_lists_each_seed_decision_once(seed_build):
    rows = seed_build.page("sanctions").select("table.decisions tbody tr")
    assert len(rows) == len(distinct_decisions())
    dates = [row.time["datetime"] for row in rows]
    assert dates == sorted(dates, reverse=True)


def test_cegedim_decision_links_to_both_analyses(seed_build):
    """The index row points at the newest analysis; the decision page lists both."""
    analyses = sorted(
        (front_matter(p)["date"], f"/articles/{p.stem}/")
        for p in ARTICLES
        if any("Cegedim" in s["organisation"] for s in front_matter(p).get("sanctions", []))
    )
    assert len(analyses) == 2
    rows = seed_build.page("sanctions").select("table.decisions tbody tr")
    cegedim = [row for row in rows if "Cegedim" in row.get_text()]
    assert len(cegedim) == 1
    assert [a["href"] for a in cegedim[0].select('td[data-label="Article"] a')] == [analyses[-1][1]]
    decision = seed_build.page(cegedim[0].select_one('td[data-label="Organisme"] a')["href"].lstrip("/"))
    listed = [a["href"] for a in decision.select('section[aria-labelledby="articles-decision"] li > a')]
    assert sorted(listed) == sorted(href for _, href in analyses)


def test_legal_pages_and_404_exist(seed_build):
    for slug in ["a-propos", "mentions-legales", "politique-de-confidentialite", "declaration-accessibilite"]:
        assert seed_build.page(slug).h1
    assert seed_build.page("404.html").h1.get_text() == "Page introuvable"


def test_navigation_reaches_every_section(seed_build):
    home = seed_build.page("index.html")
    entries = {}
    for item in home.select(".site-nav > div > ul > li"):
        label = text(item.summary or item.a)
        entries[label] = [text(a) for a in item.select(":scope ul a")]
    assert list(entries) == [
        "Sanctions",
        "Droits des personnes",
        "Amendes CNIL",
        "Sanctions en Europe",
        "Cybersécurité",
        "Conformité RGPD",
        "Secteurs d’activité",
    ]
    assert entries["Droits des personnes"] == [
        "Tout : Droits des personnes",
        "Accès",
        "Effacement",
        "Opposition",
        "Rectification",
        "Limitation",
        "Image",
        "Oubli",
    ]
    for label, submenu in entries.items():
        assert not submenu or submenu[0] == f"Tout : {label}", label
    desktop = {a["href"] for a in home.select(".site-nav a")}
    assert {a["href"] for a in home.select(".menu-list a")} == desktop
    sections = [
        "/sanctions/",
        *(f"/categories/{d.name}/" for d in (seed_build.output / "categories").iterdir() if d.is_dir()),
        *(f"/sanctions/secteurs/{d.name}/" for d in (seed_build.output / "sanctions/secteurs").iterdir() if d.is_dir()),
    ]
    assert set(sections) <= desktop
    for href in desktop:
        target = seed_build.output / href.split("#")[0].lstrip("/")
        assert (target / "index.html").is_file(), href


def test_every_internal_link_of_the_seed_site_resolves(seed_build):
    for path in sorted(seed_build.output.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for href in re.findall(r'href="(/[^"#]*)', html):
            target = seed_build.output / href.lstrip("/")
            assert target.is_file() or (target / "index.html").is_file(), (path, href)


def test_every_seed_decision_and_taxonomy_term_has_a_page(seed_build):
    index = seed_build.page("sanctions")
    for link in index.select('#table-sanctions td[data-label="Organisme"] a'):
        assert seed_build.page(link["href"].lstrip("/")).select_one(".fact-box"), link["href"]
    for folder in ["autorites", "annees", "manquements"]:
        terms = seed_build.page(f"sanctions/{folder}").select("tbody th a")
        assert terms, folder
        for link in terms:
            assert seed_build.page(link["href"].lstrip("/")).select("table.decisions tbody tr"), link["href"]
    charts = seed_build.page("sanctions/statistiques").select("figure.chart img")
    assert len(charts) == 5
    assert all((seed_build.output / img["src"].lstrip("/")).is_file() for img in charts)
    by_decision, by_article = set(), {}
    for path in ARTICLES:
        matter = front_matter(path)
        by_decision |= {s["sector"] for s in matter.get("sanctions", []) if "sector" in s}
        for sector in matter.get("sectors", []):
            by_article.setdefault(sector, set()).add(f"/articles/{path.stem}/")
    named = by_decision | set(by_article)
    assert set(by_article) - by_decision  # the seed names some sectors only in guides
    listed = {a["href"] for a in seed_build.page("sanctions/secteurs").select("tbody th a")}
    assert listed == {f"/sanctions/secteurs/{sector}/" for sector in named}
    for sector in named:
        page = seed_build.page(f"sanctions/secteurs/{sector}")
        assert bool(page.select("table.decisions tbody tr")) == (sector in by_decision), sector
        guides = {a["href"] for a in page.select(".sector-articles .card-title a")}
        assert by_article.get(sector, set()) <= guides, sector


def test_seed_open_data_validates(seed_build):
    import json
    import subprocess

    from sitebuild import ROOT

    result = subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "frictionless"),
            "validate",
            "--json",
            str(seed_build.output / "sanctions" / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
    )
    assert json.loads(result.stdout)["valid"]
    records = json.loads((seed_build.output / "sanctions" / "sanctions.json").read_text(encoding="utf-8"))
    assert len(records) == len(distinct_decisions())
