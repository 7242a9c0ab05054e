"""A rebuild goes online with the search index of the site before it, and indexes its changed
pages in the background (PORTAIL_SEARCH_IN_BACKGROUND): a reader searches a whole index at every
moment, the former one until the new one is whole, and the last build's pages in the end.

Real builds (the build command in a subprocess) and the real background indexer.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

from portail.site.search import BUNDLE, FAILURE, bundle_problems
from portail.site.unchanged import pages_stamp

from sitebuild import ROOT, fixture_content, search_stamp, wait_for_search

BUILD = [
    sys.executable,
    str(ROOT / "scripts" / "build.py"),
    "content",
    "-o",
    "output",
    "-s",
    str(ROOT / "pelicanconf.py"),
]


def build(tmp: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(
        BUILD, capture_output=True, text=True, cwd=tmp, env={**os.environ, **(env or {})}, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result


def indexed_text(site: Path) -> str:
    """Every page's text as the search bundle holds it (Pagefind's fragments, gzipped JSON)."""
    return "".join(
        gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        for path in (site / BUNDLE / "fragment").glob("*.pf_fragment")
    )


def until(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "l'index en arrière-plan n'a pas fini à temps"
        time.sleep(0.1)


def edit(tmp: Path, words: str) -> None:
    guide = tmp / "content" / "articles" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def test_a_rebuild_serves_the_former_index_then_the_new_one(tmp_path):
    fixture_content("site", tmp_path)
    first = build(tmp_path)
    assert "arrière-plan" not in first.stdout  # a first build has no index to serve meanwhile: inline
    site, cache = tmp_path / "output", tmp_path / ".output.cache"
    assert search_stamp(site) == pages_stamp(cache) and bundle_problems(str(site)) == []
    edit(tmp_path, "Zéphyrinologie appliquée.")
    second = build(tmp_path)
    assert "l'index est refait en arrière-plan" in second.stdout
    # Online at once: the new page, with a whole index (the former one, or already the new one).
    assert "Zéphyrinologie" in (site / "articles" / "guide" / "index.html").read_text(encoding="utf-8")
    assert bundle_problems(str(site)) == []
    wait_for_search(site)
    assert bundle_problems(str(site)) == [] and "Zéphyrinologie" in indexed_text(site)
    # Nothing left beside the site but what every build keeps.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".output")) == [
        ".output.cache",
        ".output.lock",
        ".output.previous",
    ]
    # A build whose pages did not change keeps that index and starts nothing.
    third = build(tmp_path)
    assert "arrière-plan" not in third.stdout and search_stamp(site) == pages_stamp(cache)


def test_saves_in_a_row_end_with_the_index_of_the_last_one(tmp_path):
    # Each build stops the indexing the one before it started: only the last pages matter.
    fixture_content("site", tmp_path)
    build(tmp_path)
    for number in range(3):
        edit(tmp_path, f"Mot{number}x{number}")
        build(tmp_path)
    site = tmp_path / "output"
    wait_for_search(site)
    assert bundle_problems(str(site)) == [] and "Mot2x2" in indexed_text(site)


def test_a_failed_background_index_keeps_the_former_one_and_is_said_by_the_next_build(tmp_path):
    fixture_content("site", tmp_path)
    build(tmp_path)
    site, cache = tmp_path / "output", tmp_path / ".output.cache"
    former = search_stamp(site)
    edit(tmp_path, "Quasimodologie.")
    build(tmp_path, env={"PAGEFIND_BINARY_PATH": "/bin/false"})  # the indexer inherits it, and fails
    until(lambda: (cache / FAILURE).exists())
    assert search_stamp(site) == former and bundle_problems(str(site)) == []
    nothing_new = build(tmp_path)
    assert "Attention : après la construction précédente, l'index de recherche (Pagefind) n'a pas pu" in (
        nothing_new.stderr
    )
    assert "l'index est refait en arrière-plan" in nothing_new.stdout
    wait_for_search(site)
    assert "Quasimodologie" in indexed_text(site) and not (cache / FAILURE).exists()
