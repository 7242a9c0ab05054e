"""The shareable preview (make preview-site) and what the scheduled publishing's log says."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml
from bs4 import BeautifulSoup

from sitebuild import ROOT, fixture_content, run_build

PREVIEW_URL = "https://apercu.example.test"

# Dated before the fixture's programme.md (2099) but named after it: the next article is the
# earliest by date, not the first by file name.
SOONER = """---
title: "Bientôt en ligne"
date: 2098-03-01
category: Cybersécurité
tags: [sécurité]
summary: "Sortira en 2098."
---
Texte.
"""


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("preview-site")
    content = fixture_content("drafts", tmp)
    (content / "articles" / "zz-bientot.md").write_text(SOONER, encoding="utf-8")
    preview = tmp / "apercu"
    result = subprocess.run(
        ["make", "preview-site", f"INPUTDIR={content}", f"PREVIEWDIR={preview}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PORTAIL_PREVIEW_SITEURL": PREVIEW_URL + "/"},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    published = run_build(content, tmp / "publie", ROOT / "publishconf.py")
    assert published.returncode == 0, published.stderr
    return result, preview, published


def html_pages(folder):
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > 10, pages
    return pages


def has_noindex(path) -> bool:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return any(meta.get("content") == "noindex" for meta in soup.find_all("meta", attrs={"name": "robots"}))


def test_preview_has_the_draft_and_the_scheduled_article_with_their_banners(builds):
    _, preview, _ = builds
    draft = BeautifulSoup((preview / "brouillons/brouillon/index.html").read_text(encoding="utf-8"), "html.parser")
    assert draft.select_one(".draft-banner").get_text().startswith("Brouillon")
    scheduled = BeautifulSoup((preview / "brouillons/programme/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "programmé pour le 1er juin 2099" in scheduled.select_one(".draft-banner").get_text()
    assert (preview / "articles/publie/index.html").exists()


def test_every_preview_page_says_noindex(builds):
    _, preview, _ = builds
    assert [page for page in html_pages(preview) if not has_noindex(page)] == []


def test_preview_robots_txt_disallows_everything_and_names_no_sitemap(builds):
    _, preview, _ = builds
    lines = (preview / "robots.txt").read_text(encoding="utf-8").split("\n")
    assert "Disallow: /" in lines
    assert not [line for line in lines if line.startswith("Sitemap")]


def test_preview_links_use_its_own_address_and_its_sitemap_has_no_draft(builds):
    _, preview, _ = builds
    home = BeautifulSoup((preview / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one(".site-title a")["href"] == PREVIEW_URL + "/"
    sitemap = (preview / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PREVIEW_URL}/articles/publie/</loc>" in sitemap
    assert "brouillons" not in sitemap


def test_published_build_of_the_same_content_has_no_draft_and_no_noindex(builds):
    _, _, published = builds
    assert not (published.output / "brouillons").exists()
    assert [page for page in html_pages(published.output) if has_noindex(page)] == []
    robots = (published.output / "robots.txt").read_text(encoding="utf-8").split("\n")
    assert "Disallow: /" not in robots and "Disallow: /brouillons/" in robots


def test_both_builds_name_the_next_scheduled_article(builds):
    preview_run, _, published = builds
    expected = "Prochain article programmé : Bientôt en ligne (content/articles/zz-bientot.md), le 1er mars 2098"
    for stdout in (preview_run.stdout, published.stdout):
        assert expected in stdout.split("\n")
        assert "2 articles programmés, non publiés avant sa date :" in stdout


def test_make_clean_removes_the_preview_and_what_the_build_keeps_beside_it(tmp_path):
    preview = tmp_path / "apercu"
    for folder in (preview, tmp_path / ".apercu.cache", tmp_path / ".apercu.previous"):
        folder.mkdir()
        (folder / "index.html").write_text("<p>aperçu</p>", encoding="utf-8")
    result = subprocess.run(
        ["make", "clean", f"OUTPUTDIR={tmp_path / 'output'}", f"PREVIEWDIR={preview}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_preview_never_carries_the_browser_editor(builds):
    # /admin/ writes into content/ and has no login of its own: it stays on the editor's machine.
    _, preview, _ = builds
    assert not (preview / "admin").exists()


@pytest.mark.parametrize("recipe", ["github-actions.yml", "gitlab-ci.yml"])
def test_the_ci_recipes_publish_daily_and_on_push_with_make_publish(recipe):
    text = (ROOT / "deploy" / "ci" / recipe).read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    assert "make publish" in text
    if recipe == "github-actions.yml":
        triggers = config[True]  # YAML 1.1 reads the key `on` as true
        assert triggers["push"]["branches"] == ["main"]
        assert [entry["cron"] for entry in triggers["schedule"]] == ["5 23 * * *"]
    else:
        sources = " ".join(rule["if"] for rule in config["pages"]["rules"])
        assert '"schedule"' in sources and '"push"' in sources and '"main"' in sources
        assert config["pages"]["artifacts"]["paths"][0] == "public"
