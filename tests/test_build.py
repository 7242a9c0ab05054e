"""Real builds of small content folders with the real build command, read back with BeautifulSoup."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest

from sitebuild import ROOT, fixture_content, run_build, settings_with, text

NNBSP, NBSP = "\u202f", "\u00a0"


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- The fixture site ---------------------------------------------------------------------


def test_sanction_index_lists_each_decision_once_newest_first(site_build):
    rows = site_build.page("sanctions").select("table.decisions tbody tr")
    organisations = [row["data-organisation"] for row in rows]
    assert organisations == ["Cegedim Santé", "Exemple <b>SA</b>", "British Airways"]


def test_a_decision_links_to_every_article_that_covers_it(site_build):
    """The index row points at the newest analysis; the decision's own page lists every article on it."""
    row = site_build.page("sanctions").select("table.decisions tbody tr")[0]
    assert [a["href"] for a in row.select('td[data-label="Article"] a')] == ["/articles/cegedim-analyse/"]
    decision = site_build.page(row.select_one('td[data-label="Organisme"] a')["href"].lstrip("/"))
    links = [a["href"] for a in decision.select('section[aria-labelledby="articles-decision"] li > a')]
    assert links == ["/articles/cegedim/", "/articles/cegedim-analyse/"]


def test_index_amounts_are_french_and_keep_their_currency(site_build):
    amounts = [text(td) for td in site_build.page("sanctions").select("td.amount")]
    assert amounts[0] == "800 000 €"
    assert amounts[1] == "montant non communiqué"
    assert amounts[2].startswith("20 000 000") and "€" not in amounts[2]


def test_fact_box_shows_every_fact(site_build):
    box = site_build.page("articles/cegedim").select_one(".fact-box")
    facts = {text(dt): dt.find_next_sibling("dd") for dt in box.find_all("dt")}
    assert text(facts["Organisme sanctionné"]) == "Cegedim Santé"
    assert text(facts["Autorité"]) == "CNIL (France)"
    assert text(facts["Date de la décision"]) == "5 septembre 2024"
    assert facts["Date de la décision"].time["datetime"] == "2024-09-05"
    assert text(facts["Montant"]) == "800 000 €"
    assert facts["Référence"].a["href"] == "https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000050220398"
    assert text(facts["Référence"]) == "SAN-2024-013"
    assert [text(li) for li in facts["Manquements"].find_all("li")] == [
        "Formalités préalables (données de santé)",
        "Non-respect des principes généraux",
    ]
    assert text(facts["Articles du RGPD cités"]) == "art. 5(1)(a)"
    assert text(facts["Secteur"]) == "Santé"
    assert text(facts["Statut"]) == "définitive"


def test_round_up_has_a_fact_box_per_decision(site_build):
    """An article on several decisions compares them in one table, one row per decision."""
    tables = site_build.page("articles/recap").select("table.comparison-table")
    assert len(tables) == 1
    rows = tables[0].select("tbody tr")
    organisations = [row.select_one("th[scope=row] a") for row in rows]
    assert [text(a) for a in organisations] == ["British Airways", "Exemple <b>SA</b>"]
    assert [a["href"] for a in organisations] == [
        "/sanctions/ico-2020-10-16-british-airways/",
        "/sanctions/cnil-2020-11-01-exemple-b-sa-b/",
    ]
    assert text(rows[1].select_one("td.amount")) == "montant non communiqué"


def test_article_page_has_french_date_reading_time_category_and_tags(site_build):
    page = site_build.page("articles/cegedim")
    meta = text(page.select_one(".article .meta"))
    assert "Publié le 17 septembre 2024" in meta
    assert re.search(r"\b\d+ min de lecture", meta)
    assert page.select_one(".article header .kicker a")["href"] == "/categories/amendes-cnil/"
    assert [a["href"] for a in page.select(".tags a")] == [
        "/etiquettes/donnees-de-sante/",
        "/etiquettes/pseudonymisation/",
    ]


def test_long_article_has_a_table_of_contents_that_points_at_its_headings(site_build):
    page = site_build.page("articles/cegedim-analyse")
    targets = [a["href"].lstrip("#") for a in page.select(".toc a")]
    assert len(targets) == 3
    assert all(page.find(id=target) for target in targets)


def test_short_article_has_no_table_of_contents(site_build):
    assert site_build.page("articles/cegedim").select_one(".toc") is None


def test_modified_date_is_shown(site_build):
    assert "mis à jour le 3 février 2025" in text(site_build.page("articles/guide").select_one(".meta"))


def test_editor_text_is_escaped_everywhere(site_build):
    page = site_build.page("articles/guide")
    raw = (site_build.output / "articles/guide/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw  # neither in the HTML nor inside JSON-LD
    assert all(script.get("type") == "application/ld+json" or script.get("src") for script in page.find_all("script"))
    assert "<script>alert(1)</script>" in page.h1.get_text()
    assert "<script>" in page.find("meta", attrs={"name": "description"})["content"]
    assert site_build.page("sanctions").find("b") is None


def test_previous_and_next_articles_are_linked(site_build):
    nav = site_build.page("articles/cegedim").select_one(".prev-next")
    assert {a["rel"][0] for a in nav.find_all("a")} == {"prev", "next"}


def test_every_page_type_is_written(site_build):
    for path in [
        "index.html",
        "archives/index.html",
        "categories/index.html",
        "etiquettes/index.html",
        "categories/amendes-cnil/index.html",
        "etiquettes/pseudonymisation/index.html",
        "a-propos/index.html",
        "sanctions/index.html",
        "feeds/all.atom.xml",
    ]:
        assert (site_build.output / path).is_file(), path


def test_home_shows_latest_sanctions_and_articles(site_build):
    home = site_build.page("index.html")
    cards = home.select("#dernieres-sanctions ~ div .decision-card")
    assert [
        (text(card.select_one(".amount")), text(card.abbr), text(card.h3), card.time["datetime"]) for card in cards
    ] == [
        ("800 000 €", "CNIL", "Cegedim Santé", "2024-09-05"),
        ("montant non communiqué", "CNIL", "Exemple <b>SA</b>", "2020-11-01"),
        ("20 000 000 £GB", "ICO", "British Airways", "2020-10-16"),
    ]
    assert [card.h3.a["href"] for card in cards] == [
        "/sanctions/cnil-san-2024-013/",
        "/sanctions/cnil-2020-11-01-exemple-b-sa-b/",
        "/sanctions/ico-2020-10-16-british-airways/",
    ]
    lead = home.select_one(".front-lead .card-lead .card-title a")["href"]
    others = [a["href"] for a in home.select(".front-lead .headline-list .card-title a")]
    assert [lead, *others] == [
        "/articles/guide/",
        "/articles/cegedim-analyse/",
        "/articles/cegedim/",
        "/articles/recap/",
    ]


def test_every_page_is_french_with_one_h1_a_skip_link_and_landmarks(site_build):
    for path in html_files(site_build.output):
        page = site_build.page(str(path.relative_to(site_build.output)))
        assert page.html["lang"] == "fr", path
        assert len(page.find_all("h1")) == 1, path
        skip = page.select_one("a.skip-link")
        assert skip and page.find(id=skip["href"][1:]), path
        assert page.find("main") and page.find("header") and page.find("footer"), path


def test_no_page_loads_anything_from_outside_the_site(site_build):
    for path in html_files(site_build.output):
        page = site_build.page(str(path.relative_to(site_build.output)))
        for tag, attribute in [("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src")]:
            for node in page.find_all(tag):
                if tag == "link" and node.get("rel") == ["alternate"]:
                    continue
                assert not re.match(r"^(https?:)?//", node.get(attribute, "")), (path, node)


def test_every_internal_link_resolves(site_build):
    for path in html_files(site_build.output):
        page = site_build.page(str(path.relative_to(site_build.output)))
        for node in page.find_all(["a", "link"], href=True):
            href = node["href"].split("#")[0]
            if href.startswith("/"):
                target = site_build.output / href.lstrip("/")
                assert target.is_file() or (target / "index.html").is_file(), (path, href)


# --- Bad input ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("broken")
    output = tmp / "output"
    previous = run_build(fixture_content("site", tmp / "good"), output)
    assert previous.returncode == 0
    before = snapshot(output)
    build = run_build(fixture_content("broken", tmp / "bad"), output)
    return build, before, snapshot(output)


def test_broken_content_fails_the_build(broken_build):
    build, _, _ = broken_build
    assert build.returncode == 1


def test_a_failed_build_leaves_the_previous_output_byte_for_byte(broken_build):
    _, before, after = broken_build
    assert after == before


def test_no_traceback_only_french_messages(broken_build):
    build, _, _ = broken_build
    assert "Traceback" not in build.stderr + build.stdout
    assert "Could not process" not in build.stderr + build.stdout
    assert "le site n'a pas été construit" in build.stderr


@pytest.mark.parametrize(
    "expected",
    [
        "content/articles/sanction-cassee.md:8: sanctions[0].authority : autorité inconnue « cnill » — vouliez-vous dire « cnil » ?",
        "content/articles/sanction-cassee.md:10: sanctions[0].decision_date : date inexistante « 2024-02-30 » : février 2024 a 29 jours",
        "content/articles/sanction-cassee.md:11: sanctions[0].amount : attendu : un nombre entier",
        "content/articles/entete-casse.md:2: l'en-tête YAML est illisible",
        "content/articles/champs.md:3: date : date inexistante « 2024-13-01 » : le mois doit être compris entre 01 et 12",
        "content/articles/champs.md:4: category : catégorie inconnue « Amende CNIL »",
        "content/articles/champs.md:6: sumary : champ inconnu — vouliez-vous dire « summary » ?",
        "content/articles/valide.md:7: related[0] : article inconnu « article-absent »",
    ],
)
def test_each_problem_names_file_line_and_field(broken_build, expected):
    assert expected in broken_build[0].stderr


def test_problems_of_every_file_are_reported_in_one_run(broken_build):
    reported = re.findall(r"^content/articles/([\w-]+)\.md:", broken_build[0].stderr, re.MULTILINE)
    assert set(reported) == {"sanction-cassee", "entete-casse", "champs", "valide"}


def test_conflicting_facts_for_one_decision_name_both_files(tmp_path):
    build = run_build(fixture_content("conflict", tmp_path), tmp_path / "output")
    assert build.returncode == 1
    assert "content/articles/cegedim-bis.md" in build.stderr
    assert "content/articles/cegedim.md" in build.stderr
    assert "le montant « 900000 »" in build.stderr or "le montant « 800000 »" in build.stderr
    assert not (tmp_path / "output").exists()


def test_broken_reference_data_is_reported(tmp_path):
    content = fixture_content("site", tmp_path)
    (content / "data" / "sectors.yaml").write_text("sante:\n  label:\n", encoding="utf-8")
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 1
    assert "content/data/sectors.yaml:2: sante.label" in build.stderr
    assert "Traceback" not in build.stderr


def test_two_articles_with_one_slug_are_reported_not_overwritten(tmp_path):
    content = fixture_content("site", tmp_path)
    (content / "articles" / "autre").mkdir()
    (content / "articles" / "autre" / "guide.md").write_text(
        (content / "articles" / "guide.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 1
    assert (
        "content/articles/guide.md:1: slug : adresse « guide » déjà utilisée par content/articles/autre/guide.md"
    ) in build.stderr
    assert "There are" not in build.stderr


def test_make_html_builds_any_content_folder_and_keeps_output_on_failure(tmp_path):
    """The README's command, with the quickstart's INPUTDIR and OUTPUTDIR variables."""
    output = tmp_path / "output"
    good = subprocess.run(
        ["make", "html", f"INPUTDIR={fixture_content('site', tmp_path / 'good')}", f"OUTPUTDIR={output}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert good.returncode == 0, good.stderr
    before = snapshot(output)
    bad = subprocess.run(
        ["make", "html", f"INPUTDIR={fixture_content('broken', tmp_path / 'bad')}", f"OUTPUTDIR={output}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0
    assert "autorité inconnue « cnill » — vouliez-vous dire « cnil » ?" in bad.stderr
    assert "sanctions[0].amount" in bad.stderr and "sanctions[0].decision_date" in bad.stderr
    assert snapshot(output) == before


def test_the_build_says_in_french_what_became_of_every_file(tmp_path):
    build = run_build(fixture_content("site", tmp_path), tmp_path / "output")
    assert build.returncode == 0, build.stderr
    assert "Contenu lu : " in build.stdout and "articles publiés" in build.stdout
    assert "Done: Processed" not in build.stdout + build.stderr


def test_a_plugin_that_does_not_load_fails_the_build(tmp_path):
    settings = settings_with(tmp_path, PLUGINS=["portail.site", "extension_absente"])
    build = run_build(fixture_content("site", tmp_path), tmp_path / "output", settings)
    assert build.returncode == 1
    assert "extension Pelican « extension_absente » introuvable" in build.stderr
    assert not (tmp_path / "output").exists()
