"""Who signs an article, which sectors it concerns, its featured image: real builds of small sites.

Authors are ids of content/data/authors.yaml: a byline links each to a page that lists their
articles. An article's `sectors` file it on the sector pages beside the decisions, and its
sector labels are in the text the search indexes. `image:` names a file of content/images/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from sitebuild import SEED_CONTENT, run_build, settings_with

DECISION = """---
title: "La CNIL sanctionne un hôpital"
date: 2024-03-01
category: Amendes CNIL
tags: [données de santé]
summary: "Une amende pour un hôpital."
authors: [claire-martin]
sanctions:
  - authority: cnil
    organisation: Hôpital Exemple
    decision_date: 2024-02-20
    amount: 10000
    breaches: [securite]
    sector: sante
---
Le corps.
"""

GUIDE = """---
title: "Guide pour les officines"
date: 2024-03-05
category: Conformité RGPD
tags: [données de santé]
summary: "Ce que le RGPD demande à une officine."
authors: [thomas-leroy, redaction]
sectors: [pharmacie, sante]
image:
  file: images/officine.png
  alt: "Une croix verte au-dessus d'un comptoir"
  credit: "Illustration : Portail RGPD"
---
Le corps ne nomme pas le secteur.
"""

UNSIGNED = """---
title: "Un article sans signature"
date: 2024-03-06
category: Cybersécurité
tags: [sécurité]
summary: "Signé par l'auteur par défaut du site."
---
Le corps.
"""


def _content(root: Path, articles: dict[str, str], images: tuple[str, ...] = ()) -> Path:
    """A content folder with the shipped reference data (its sectors include « Pharmacie »)."""
    content = root / "content"
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    (content / "articles").mkdir()
    for name, text in articles.items():
        (content / "articles" / name).write_text(text, encoding="utf-8")
    for name in images:
        (content / "images").mkdir(exist_ok=True)
        Image.new("RGB", (1200, 675), (20, 120, 60)).save(content / "images" / name)
    return content


def problem_lines(report: str) -> list[str]:
    return [line.strip() for line in report.splitlines()]


def _lines_of(build, name: str) -> list[str]:
    return [line for line in problem_lines(build.stderr) if line.startswith(f"content/articles/{name}:")]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("people")
    content = _content(
        tmp, {"decision.md": DECISION, "guide.md": GUIDE, "sans-auteur.md": UNSIGNED}, images=("officine.png",)
    )
    build = run_build(content, tmp / "output")
    assert build.returncode == 0, build.stderr
    return build


def test_byline_links_each_author_to_their_page_with_their_role(site):
    byline = site.page("articles/guide").select_one(".byline-authors")
    links = byline.select("a[rel=author]")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Thomas Leroy", "/auteurs/thomas-leroy/"),
        ("Rédaction", "/auteurs/redaction/"),
    ]
    assert "Juriste, éditeur des guides pratiques" in byline.get_text()


def test_an_article_without_authors_is_signed_by_the_default_author(site):
    links = site.page("articles/sans-auteur").select(".byline-authors a[rel=author]")
    assert [a["href"] for a in links] == ["/auteurs/redaction/"]


def test_author_page_has_role_bio_and_lists_the_authors_articles(site):
    page = site.page("auteurs/thomas-leroy")
    assert page.h1.get_text() == "Thomas Leroy"
    assert "Juriste, éditeur des guides pratiques" in page.select_one(".author-role").get_text()
    assert "droits des personnes" in page.select_one(".author-bio").get_text()
    titles = [a.get_text() for a in page.select(".card-title a")]
    assert titles == ["Guide pour les officines"]
    redaction = [a.get_text() for a in site.page("auteurs/redaction").select(".card-title a")]
    assert sorted(redaction) == ["Guide pour les officines", "Un article sans signature"]


def test_authors_index_lists_who_signs_and_no_page_for_who_does_not(tmp_path, site):
    listed = {a["href"] for a in site.page("auteurs").select(".author-list a")}
    assert listed == {"/auteurs/claire-martin/", "/auteurs/thomas-leroy/", "/auteurs/redaction/"}
    assert not (site.output / "auteurs" / "personne").exists()


def test_sector_page_lists_the_guides_that_name_it_beside_its_decisions(site):
    page = site.page("sanctions/secteurs/sante")
    section = page.select_one("section.sector-articles")
    assert section.h2.get_text() == "Guides et actualités"
    titles = [a.get_text() for a in section.select(".card-title a")]
    # The guide names the sector; the news article reports a decision of it.
    assert titles == ["Guide pour les officines", "La CNIL sanctionne un hôpital"]
    assert "Hôpital Exemple" in page.select_one("table").get_text()


def test_other_sector_pages_do_not_list_the_guide(site):
    page = site.page("sanctions/secteurs")
    assert "Guide pour les officines" not in page.get_text()


def test_sector_labels_are_in_the_searched_text_and_linked_when_the_sector_has_a_page(site):
    page = site.page("articles/guide")
    searched = page.select_one("[data-pagefind-body]")
    sectors = searched.select_one(".byline-sectors")
    # « pharmacie » finds the guide although its body never says the word.
    assert "Pharmacie" in sectors.get_text() and "pharmacie" not in page.select_one(".content").get_text().lower()
    # Every sector an article names has its page, with or without decisions: no label is a dead link.
    assert [(a.get_text(), a["href"]) for a in sectors.select("a")] == [
        ("Pharmacie", "/sanctions/secteurs/pharmacie/"),
        ("Santé", "/sanctions/secteurs/sante/"),
    ]
    assert (site.output / "sanctions" / "secteurs" / "pharmacie" / "index.html").is_file()


def test_a_decision_article_gets_its_decisions_sector(site):
    sectors = site.page("articles/decision").select_one(".byline-sectors")
    assert sectors.get_text(" ", strip=True) == "Secteur : Santé"


def test_valid_image_is_published_with_its_alternative_text(site):
    images = site.page("articles/guide").select("img")
    assert any(img.get("alt") == "Une croix verte au-dessus d'un comptoir" for img in images)


def test_unknown_authors_and_sectors_are_told_with_line_and_suggestion(tmp_path):
    bad = GUIDE.replace("authors: [thomas-leroy, redaction]", "authors: [Claire Martin, jean-dupont]")
    bad = bad.replace("sectors: [pharmacie, sante]", "sectors: [Santé, sante, sante]")
    content = _content(tmp_path, {"guide.md": bad}, images=("officine.png",))
    build = run_build(content, tmp_path / "output")
    assert build.returncode != 0
    lines = _lines_of(build, "guide.md")
    assert (
        "content/articles/guide.md:7: authors[0] : auteur inconnu « Claire Martin » ; attendu : l'identifiant "
        "d'un auteur de data/authors.yaml — vouliez-vous dire « claire-martin » ?"
    ) in lines
    unknown = next(line for line in lines if "authors[1]" in line)
    assert "auteur inconnu « jean-dupont »" in unknown
    assert "ajoutez l'auteur à content/data/authors.yaml (identifiant « jean-dupont »" in unknown
    assert any(line.startswith("content/articles/guide.md:8: sectors[0] : secteur inconnu « Santé »") for line in lines)
    assert "Traceback" not in build.stderr


def test_a_sector_named_twice_is_told(tmp_path):
    content = _content(
        tmp_path, {"guide.md": GUIDE.replace("[pharmacie, sante]", "[sante, sante]")}, images=("officine.png",)
    )
    build = run_build(content, tmp_path / "output")
    lines = _lines_of(build, "guide.md")
    assert build.returncode != 0
    assert any(":8: sectors : secteur cité deux fois : « sante » aux positions 0 et 1" in line for line in lines)


@pytest.mark.parametrize(
    "image, expected",
    [
        (
            'image:\n  file: images/officine.png\n  credit: "Illustration"',
            ":9: image.alt : champ obligatoire manquant ; attendu : un texte de remplacement non vide",
        ),
        (
            'image:\n  file: images/officine.png\n  alt: ""',
            ":11: image.alt : ne doit pas être vide",
        ),
        (
            'image:\n  file: images/oficine.png\n  alt: "Une croix"',
            ":10: image.file : fichier d'image introuvable ; attendu : un fichier de content/images/ ; "
            "trouvé : « images/oficine.png » — vouliez-vous dire « images/officine.png » ?",
        ),
        (
            'image:\n  file: ../pelicanconf.png\n  alt: "Une croix"',
            ":10: image.file : attendu : un fichier du dossier content/images/",
        ),
        (
            'image:\n  file: fichiers/officine.png\n  alt: "Une croix"',
            ":10: image.file : attendu : un fichier du dossier content/images/",
        ),
        (
            'image:\n  file: images/officine.gif\n  alt: "Une croix"',
            ":10: image.file : format d'image non pris en charge",
        ),
        ("image: images/officine.png", ":9: image : attendu : un bloc avec file et alt"),
    ],
)
def test_image_field_errors_are_told_with_line(tmp_path, image, expected):
    text = GUIDE.replace(
        'image:\n  file: images/officine.png\n  alt: "Une croix verte au-dessus d\'un comptoir"\n'
        '  credit: "Illustration : Portail RGPD"',
        image,
    )
    assert text != GUIDE
    content = _content(tmp_path, {"guide.md": text}, images=("officine.png",))
    build = run_build(content, tmp_path / "output")
    assert build.returncode != 0
    lines = _lines_of(build, "guide.md")
    assert any(f"content/articles/guide.md{expected}" in line for line in lines), lines
    assert "Traceback" not in build.stderr


def test_a_default_author_missing_from_the_table_stops_the_build(tmp_path):
    content = _content(tmp_path, {"sans-auteur.md": UNSIGNED})
    settings = settings_with(tmp_path, PORTAIL_DEFAULT_AUTHORS=["redac"])
    build = run_build(content, tmp_path / "output", settings)
    assert build.returncode != 0
    assert (
        "pelicanconf.py: PORTAIL_DEFAULT_AUTHORS : auteur par défaut inconnu « redac » ; attendu : un identifiant "
        "de data/authors.yaml — vouliez-vous dire « redaction » ?"
    ) in problem_lines(build.stderr)


def test_every_seed_article_has_a_byline_whose_authors_have_a_page(seed_build):
    pages = sorted((seed_build.output / "articles").glob("*/index.html"))
    assert pages
    for path in pages:
        page = seed_build.page(str(path.relative_to(seed_build.output)))
        links = page.select("[data-pagefind-body] .byline-authors a[rel=author]")
        assert links, path
        for link in links:
            assert (seed_build.output / link["href"].strip("/") / "index.html").is_file(), link["href"]


def test_seed_guides_are_filed_under_their_sectors(seed_build):
    health = seed_build.page("sanctions/secteurs/sante").select_one("section.sector-articles")
    titles = [a.get_text() for a in health.select(".card-title a")]
    assert any(title.startswith("Droit d’accès") or title.startswith("Droit d'accès") for title in titles), titles


def test_a_sector_named_only_by_guides_has_its_page_too(seed_build):
    page = seed_build.page("sanctions/secteurs/secteur-public")
    assert "Aucune décision publiée pour ce secteur" in page.main.get_text()
    assert page.select("section.sector-articles .card-title a")
    assert not page.select("table")  # no empty table of decisions


def test_news_article_json_ld_names_each_author_with_their_page(site):
    page = site.page("articles/guide")
    data = [json.loads(script.string) for script in page.select('script[type="application/ld+json"]')]
    article = next(item for item in data if item.get("@type") == "NewsArticle")
    assert article["author"] == [
        {"@type": "Person", "name": "Thomas Leroy", "url": "/auteurs/thomas-leroy/"},
        {"@type": "Organization", "name": "Rédaction", "url": "/auteurs/redaction/"},
    ]


def test_an_authors_photo_must_be_an_image_of_the_content_folder(tmp_path):
    content = _content(tmp_path, {"sans-auteur.md": UNSIGNED}, images=("portrait.png",))
    with open(content / "data" / "authors.yaml", "a", encoding="utf-8") as handle:
        handle.write(
            "avec-photo:\n  name: A\n  role: R\n  bio: B\n  photo: images/portrait.png\n"
            "photo-absente:\n  name: A\n  role: R\n  bio: B\n  photo: images/absent.png\n"
            "photo-ailleurs:\n  name: A\n  role: R\n  bio: B\n  photo: ../secret.png\n"
            "sans-role:\n  name: A\n  bio: B\n"
        )
    lines = problem_lines(run_build(content, tmp_path / "output").stderr)
    table = "content/data/authors.yaml"
    lines = [line for line in lines if line.startswith(table)]
    assert any(line.startswith(f"{table}:31: photo-absente.photo : fichier introuvable") for line in lines), lines
    assert any(
        line.startswith(f"{table}:36: photo-ailleurs.photo : attendu : une image sous content/images/")
        for line in lines
    ), lines
    assert any(line.startswith(f"{table}:37: sans-role.role : champ obligatoire manquant") for line in lines), lines
    assert not any("avec-photo" in line for line in lines)


def test_a_page_image_is_checked_like_an_articles(tmp_path):
    content = _content(tmp_path, {"sans-auteur.md": UNSIGNED})
    (content / "pages").mkdir()
    (content / "pages" / "a-propos.md").write_text(
        '---\ntitle: "À propos"\nsummary: "Qui sommes-nous."\nimage:\n  file: images/equipe.png\n  alt: "L\'équipe"\n---\nTexte.\n',
        encoding="utf-8",
    )
    build = run_build(content, tmp_path / "output")
    assert build.returncode != 0
    assert any(
        line.startswith("content/pages/a-propos.md:5: image.file : fichier d'image introuvable")
        for line in problem_lines(build.stderr)
    ), build.stderr
