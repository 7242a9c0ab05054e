"""Drafts and scheduled articles: listed in the preview, absent from the published site."""

from __future__ import annotations

import pytest

from sitebuild import ROOT, fixture_content, run_build


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("drafts")
    content = fixture_content("drafts", tmp)
    preview = run_build(content, tmp / "preview")
    published = run_build(content, tmp / "published", ROOT / "publishconf.py")
    assert preview.returncode == 0, preview.stderr
    assert published.returncode == 0, published.stderr
    return preview, published


def test_the_build_says_which_articles_it_held_back(builds):
    preview, published = builds
    for build in builds:
        assert "1 article programmé, non publié avant sa date :" in build.stdout
        assert "content/articles/programme.md (le 1er juin 2099)" in build.stdout


def test_preview_lists_drafts_and_scheduled_articles(builds):
    preview, _ = builds
    rows = {
        row.th.get_text(strip=True): row.td.get_text(" ", strip=True)
        for row in preview.page("brouillons").select("tbody tr")
    }
    assert rows == {"Un article programmé": "programmé pour le 1er juin 2099", "Un brouillon": "brouillon"}


def test_draft_pages_carry_a_banner_and_are_not_indexed(builds):
    preview, _ = builds
    page = preview.page("brouillons/brouillon")
    assert "Brouillon" in page.select_one(".draft-banner").get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "programmé pour le" in preview.page("brouillons/programme").select_one(".draft-banner").get_text()


@pytest.mark.parametrize("which", [0, 1])
def test_drafts_never_reach_the_published_pages(builds, which):
    build = builds[which]
    for path in [
        "index.html",
        "sanctions/index.html",
        "sanctions/sanctions.csv",
        "feeds/all.atom.xml",
        "archives/index.html",
    ]:
        text = (build.output / path).read_text(encoding="utf-8")
        assert "Brouillon SA" not in text and "Futur SA" not in text, path
        assert "Un brouillon" not in text and "Un article programmé" not in text, path


def test_published_site_has_no_draft_at_all(builds):
    _, published = builds
    assert not (published.output / "brouillons").exists()
    assert not list(published.output.rglob("*brouillon*"))


def test_the_statistics_script_leaves_out_what_the_site_leaves_out(tmp_path):
    import json
    import subprocess
    import sys

    content = fixture_content("drafts", tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "sanction_stats.py"),
            "--content",
            str(content),
            "--no-cache",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout)["overall"]["count"] == 0
