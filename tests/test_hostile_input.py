"""Hostile and malformed input: `make check` and the build refuse the same files, with the same
problems, each naming its file, and nothing is ever lost without a word.

tests/fixtures/hostile/articles/ holds one file per hostile input that must be refused, and
tests/fixtures/hostile/expected/<name>.txt the fragments its report lines must contain. The whole
folder is checked and built at once: every problem of every file in one run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitebuild import FIXTURES, ROOT, SEED_CONTENT, run_build, run_script

HOSTILE = FIXTURES / "hostile"
CASES = sorted(path.name for path in (HOSTILE / "articles").iterdir())


def content_with(tmp: Path, articles: Path | None = None) -> Path:
    content = tmp / "content"
    (content / "articles").mkdir(parents=True)
    if articles is not None:
        shutil.copytree(articles, content / "articles", dirs_exist_ok=True)
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    return content


def problem_lines(report: str) -> set[str]:
    return {line for line in report.splitlines() if line.startswith("content/")}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    content = content_with(tmp, HOSTILE / "articles")
    build = run_build(content, tmp / "output")
    check = run_script("check_content.py", "--content", content)
    stats = run_script("sanction_stats.py", "--content", content, "--no-cache")
    return build, check, stats, tmp


def test_the_build_and_the_check_refuse_the_same_problems(reports):
    build, check, _stats, tmp = reports
    assert build.returncode == 1, build.stdout + build.stderr
    assert check.returncode == 1, check.stdout + check.stderr
    assert problem_lines(build.stderr) == problem_lines(check.stdout)
    assert not (tmp / "output").exists()  # nothing published from a refused build


def test_the_statistics_refuse_them_too(reports):
    build, _check, stats, _tmp = reports
    assert stats.returncode == 1, stats.stdout + stats.stderr
    assert problem_lines(stats.stderr) and problem_lines(stats.stderr) <= problem_lines(build.stderr)


def test_no_traceback_no_internal_error(reports):
    for result in reports[:3]:
        text = result.stdout + result.stderr
        assert "Traceback" not in text and "Erreur interne" not in text and "erreur interne" not in text, text


@pytest.mark.parametrize("case", CASES)
def test_every_file_is_named_with_what_is_expected(reports, case):
    build, check, _stats, _tmp = reports
    named = [line for line in problem_lines(check.stdout) if line.startswith(f"content/articles/{case}")]
    assert named, f"{case} n'est nommé nulle part :\n{check.stdout}"
    expected = HOSTILE / "expected" / f"{Path(case).stem}.txt"
    assert expected.is_file(), f"{expected} manque : les fragments attendus du rapport"
    for fragment in filter(None, expected.read_text(encoding="utf-8").splitlines()):
        assert any(fragment in line for line in named), (fragment, named)


def test_every_expectation_has_its_case():
    stems = {Path(case).stem for case in CASES}
    assert {path.stem for path in (HOSTILE / "expected").iterdir()} <= stems


# What a source file can end as: published, held back (draft or scheduled), or refused with a
# problem naming it. Never dropped.

DRAFT = """---
title: "Brouillon à moitié écrit"
date: 2024-05-01
category: Amendes CNIL
tags: [cookies]
summary: "Un brouillon."
status: draft
sanctions:
  - authority: cnill
    organisation: ""
    decision_date: 2024-02-30
    amount: null
    breaches: [cookie, base-legale]
    sector: sante
---
Texte.
"""
SCHEDULED = """---
title: "Programmé, pas fini"
date: 2099-01-01
category: Cybersécurité
tags: [cookies]
summary: "Un article pour plus tard."
related: [article-inexistant]
---
Pour plus tard.
"""
VALID = """---
title: "Un article publié"
date: 2024-04-01
category: Cybersécurité
tags: [cookies]
summary: "Un article valide."
---
Texte.
"""


@pytest.fixture(scope="module")
def with_drafts(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("drafts")
    content = content_with(tmp)
    for name, text in (("brouillon.md", DRAFT), ("programme.md", SCHEDULED), ("publie.md", VALID)):
        (content / "articles" / name).write_text(text, encoding="utf-8")
    return content, tmp


def test_problems_of_drafts_never_block_the_site(with_drafts):
    content, tmp = with_drafts
    preview = run_build(content, tmp / "preview")
    published = run_build(content, tmp / "published", ROOT / "publishconf.py")
    check = run_script("check_content.py", "--content", content)
    stats = run_script("sanction_stats.py", "--content", content, "--no-cache")
    for result in (preview, published, check, stats):
        assert result.returncode == 0, result.stdout + result.stderr
    for result in (preview, published):
        assert "content/articles/brouillon.md:9: sanctions[0].authority" in result.stderr
        assert "content/articles/programme.md:7: related[0]" in result.stderr
        assert (result.output / "articles" / "publie" / "index.html").is_file()
    assert problem_lines(check.stdout) == problem_lines(preview.stderr) == problem_lines(published.stderr)
    assert not (published.output / "brouillons").exists()


def test_the_preview_lists_each_draft_with_its_problems(with_drafts):
    content, tmp = with_drafts
    preview = run_build(content, tmp / "preview-list")
    rows = {row.th.get_text(strip=True): row for row in preview.page("brouillons").select("table.drafts tbody tr")}
    assert set(rows) == {"Brouillon à moitié écrit", "Programmé, pas fini"}
    problems = rows["Brouillon à moitié écrit"].select("ul.draft-problems li")
    assert any("« cnill »" in li.get_text() for li in problems)
    assert any("2024-02-30" in li.get_text() for li in problems)
    page = preview.page("brouillons/brouillon")
    assert "« cnill »" in page.select_one("ul.draft-problems").get_text()


@pytest.mark.parametrize("name", ["notes.txt", "ancien.html", "texte.rst"])
def test_a_file_no_reader_reads_is_a_problem_not_a_silence(tmp_path, name):
    content = content_with(tmp_path)
    (content / "articles" / "publie.md").write_text(VALID, encoding="utf-8")
    (content / "articles" / name).write_text("<p>Un ancien article</p>\n", encoding="utf-8")
    build = run_build(content, tmp_path / "output")
    check = run_script("check_content.py", "--content", content)
    assert build.returncode == check.returncode == 1
    expected = f"content/articles/{name}: fichier ignoré : seuls les fichiers Markdown (.md) sont lus"
    assert any(line.startswith(expected) for line in problem_lines(build.stderr))
    assert problem_lines(build.stderr) == problem_lines(check.stdout)


def test_a_link_out_of_the_content_folder_publishes_nothing(tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(VALID.replace("Un article publié", "Secret"), encoding="utf-8")
    content = content_with(tmp_path)
    (content / "articles" / "publie.md").write_text(VALID, encoding="utf-8")
    os.symlink(secret, content / "articles" / "lien.md")
    os.symlink(tmp_path, content / "images")
    build = run_build(content, tmp_path / "output")
    check = run_script("check_content.py", "--content", content)
    assert build.returncode == check.returncode == 1
    lines = problem_lines(build.stderr)
    assert lines == problem_lines(check.stdout)
    for link in ("content/articles/lien.md", "content/images"):
        assert any(line.startswith(f"{link}: lien symbolique") for line in lines), lines
    assert not (tmp_path / "output").exists()


def test_an_image_that_is_not_one_is_refused_by_the_check_as_by_the_build(tmp_path):
    content = content_with(tmp_path)
    (content / "images").mkdir()
    (content / "images" / "faux.png").write_text("pas une image", encoding="utf-8")
    article = VALID.replace(
        "---\nTexte.", 'image:\n  file: images/faux.png\n  alt: "Un faux"\n---\n![un faux]({static}/images/faux.png)'
    )
    (content / "articles" / "illustre.md").write_text(article, encoding="utf-8")
    build = run_build(content, tmp_path / "output")
    check = run_script("check_content.py", "--content", content)
    assert build.returncode == check.returncode == 1
    lines = problem_lines(build.stderr)
    assert lines == problem_lines(check.stdout)
    assert {line.split(" : ")[0] for line in lines} == {
        "content/articles/illustre.md:8: image.file",
        "content/articles/illustre.md:11: corps",
    }
