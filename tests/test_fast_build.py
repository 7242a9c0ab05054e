"""Speed changes nothing: the parallel, cached build writes the same bytes as a clean serial one."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from portail.bench.corpus import generate
from portail.plumbing.bulk import MINIMUM_FOR_WORKERS
from portail.site.listings import Listing
from portail.site.unchanged import UnstableError, describe

from sitebuild import ROOT, run_build, settings_with, wait_for_search


def digests(folder) -> dict[str, str]:
    """Every file's hash; Pagefind's bundle by its page count only, since Pagefind itself names
    and orders its files differently from one run to the next on the very same pages."""
    found = {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "pagefind" not in p.parts
    }
    entry = json.loads((folder / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    found["pagefind pages"] = str(entry["languages"]["fr"]["page_count"])
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fast")
    # Enough articles for reading and writing to be shared between processes (see parallel_build).
    generate(tmp / "content", MINIMUM_FOR_WORKERS + 20)
    settings_with(tmp, PARALLEL_BUILD_PROCESSES=1, CACHE_CONTENT=False, LOAD_CONTENT_CACHE=False)
    return tmp


def both(corpus, label):
    serial = run_build(corpus / "content", corpus / f"serial-{label}", corpus / "reglages.py")
    fast = run_build(corpus / "content", corpus / "fast")  # one output, one cache across builds
    assert serial.returncode == 0, serial.stderr
    assert fast.returncode == 0, fast.stderr
    wait_for_search(corpus / "fast")  # the development settings index a rebuild in the background
    both.pages = pages_of(fast)
    return digests(serial.output), digests(fast.output)


def pages_of(build) -> tuple[int, int]:
    """How many queued pages the build rendered, and how many it copied from the last site."""
    found = re.search(r"Pages : (\d+) rendue\(s\), (\d+) reprise\(s\)", build.stdout)
    assert found, build.stdout
    return int(found[1]), int(found[2])


def test_cold_fast_build_equals_clean_serial_build(corpus):
    serial, fast = both(corpus, "cold")
    assert both.pages[1] == 0  # nothing to copy from
    # More pages than the threshold above which parallel_build shares them out to processes.
    assert sum(path.endswith(".html") for path in serial) > MINIMUM_FOR_WORKERS
    assert fast == serial


def test_fast_rebuild_after_an_edit_equals_clean_serial_build(corpus):
    article = sorted((corpus / "content" / "articles").rglob("*.md"))[7]
    article.write_text(article.read_text(encoding="utf-8") + "\nUn paragraphe Modifié après coup.\n", encoding="utf-8")
    serial, fast = both(corpus, "edited")
    assert fast == serial
    # A change of one body: its page and the few whose « À lire aussi » moved are rendered.
    rendered, copied = both.pages
    assert 1 <= rendered <= 20 and copied > 10 * rendered, both.pages
    assert any(
        "Modifié" in (corpus / "fast" / path).read_text(encoding="utf-8") for path in fast if path.endswith(".html")
    )


def test_rebuild_in_the_reused_folder_of_the_site_before_last_equals_clean_serial_build(corpus):
    # The third build into one output rewrites the first one's folder in place: a removed
    # article's pages must go, an edited one's must change, the rest must stay byte for byte.
    articles = sorted((corpus / "content" / "articles").rglob("*.md"))
    texts = "".join(article.read_text(encoding="utf-8") for article in articles)
    removed = next(article for article in articles if f"/{article.name})" not in texts)  # linked from nowhere
    removed.unlink()
    edited = articles[11]
    edited.write_text(edited.read_text(encoding="utf-8").replace("## ", "## Révisé : ", 1), encoding="utf-8")
    assert (corpus / ".fast.previous").is_dir()
    unchanged = ("recherche/index.html", "sanctions/datapackage.json")  # same bytes in every build
    times = {name: (corpus / ".fast.previous" / name).stat().st_mtime_ns for name in unchanged}
    serial, fast = both(corpus, "reused")
    assert fast == serial
    assert both.pages[1] == 0  # an article fewer: every listing changes, every page is rendered
    assert not (corpus / "fast" / "articles" / removed.stem).exists()
    # Files whose bytes did not change were not rewritten.
    assert {name: (corpus / "fast" / name).stat().st_mtime_ns for name in unchanged} == times


def test_a_page_changed_by_hand_in_the_output_is_rendered_again(corpus):
    # The record of the last build says what its pages hold; a page that no longer holds it
    # (edited by hand, or left by a build that failed) is not copied.
    page = next((corpus / "fast" / "articles").glob("*/index.html"))
    page.write_text("<p>modifiée à la main</p>", encoding="utf-8")
    fast = run_build(corpus / "content", corpus / "fast")
    assert fast.returncode == 0, fast.stderr
    assert pages_of(fast)[0] == 1
    assert digests(corpus / "fast") == digests(corpus / "serial-reused")


def test_a_template_change_renders_every_page(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "portail", theme)
    content = tmp_path / "content"
    generate(content, 12)
    settings = settings_with(tmp_path, THEME=str(theme))
    first = run_build(content, tmp_path / "out", settings)
    assert first.returncode == 0, first.stderr
    base = theme / "templates" / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("</footer>", "<p>Pied révisé</p></footer>"), encoding="utf-8"
    )
    second = run_build(content, tmp_path / "out", settings)
    assert second.returncode == 0, second.stderr
    assert pages_of(second)[1] == 0
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.html")]
    with_footer = [page for page in pages if "</footer>" in page]
    assert len(with_footer) > 30 and all("Pied révisé" in page for page in with_footer)


def test_a_listing_answers_membership_as_a_list_does():
    class Article:  # like Pelican's content objects: no __eq__, compared by identity
        def __init__(self, title):
            self.title = title

    first, second, lookalike = Article("a"), Article("b"), Article("a")
    listing = Listing([second, first])
    assert first in listing and second in listing and lookalike not in listing
    assert list(listing) == [second, first] and listing[1:] == [first]


def test_a_feed_shows_the_edited_body_of_its_articles(tmp_path):
    # A feed holds its articles' bodies: it is copied from the last site only when none changed.
    content = tmp_path / "content"
    generate(content, 12)
    assert run_build(content, tmp_path / "out").returncode == 0
    for article in sorted((content / "articles").rglob("*.md")):
        article.write_text(article.read_text(encoding="utf-8") + "\nMotnouveaududernierjet.\n", encoding="utf-8")
    second = run_build(content, tmp_path / "out")
    assert second.returncode == 0, second.stderr
    assert "Motnouveaududernierjet" in (tmp_path / "out" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    untouched = run_build(content, tmp_path / "out")
    assert pages_of(untouched)[0] == 0
    assert "Motnouveaududernierjet" in (tmp_path / "out" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")


def test_a_description_is_the_same_in_every_process_and_refuses_what_it_cannot_name():
    # Sets print in an order that changes with each process's hash seed: they are sorted.
    script = "from portail.site.unchanged import describe; print(describe({'a': {'x', 'y', 'z'}, 'b': object}))"
    runs = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1 and "'x','y','z'" in runs.pop()

    class Opaque:  # known only by its address
        __slots__ = ()

    with pytest.raises(UnstableError):
        describe({"valeur": Opaque()})
