"""Speed changes nothing: the parallel, cached build writes the same bytes as a clean serial one."""

from __future__ import annotations

import hashlib
import json

import pytest

from portail.bench.corpus import generate
from portail.plumbing.bulk import MINIMUM_FOR_WORKERS
from portail.site.listings import Listing

from sitebuild import run_build, settings_with


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
    return digests(serial.output), digests(fast.output)


def test_cold_fast_build_equals_clean_serial_build(corpus):
    serial, fast = both(corpus, "cold")
    # More pages than the threshold above which parallel_build shares them out to processes.
    assert sum(path.endswith(".html") for path in serial) > MINIMUM_FOR_WORKERS
    assert fast == serial


def test_fast_rebuild_after_an_edit_equals_clean_serial_build(corpus):
    article = sorted((corpus / "content" / "articles").rglob("*.md"))[7]
    article.write_text(article.read_text(encoding="utf-8") + "\nUn paragraphe Modifié après coup.\n", encoding="utf-8")
    serial, fast = both(corpus, "edited")
    assert fast == serial
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
    assert not (corpus / "fast" / "articles" / removed.stem).exists()
    # Files whose bytes did not change were not rewritten.
    assert {name: (corpus / "fast" / name).stat().st_mtime_ns for name in unchanged} == times


def test_a_listing_answers_membership_as_a_list_does():
    class Article:  # like Pelican's content objects: no __eq__, compared by identity
        def __init__(self, title):
            self.title = title

    first, second, lookalike = Article("a"), Article("b"), Article("a")
    listing = Listing([second, first])
    assert first in listing and second in listing and lookalike not in listing
    assert list(listing) == [second, first] and listing[1:] == [first]
