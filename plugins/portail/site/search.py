"""Index the built site for search with Pagefind, as the last step of every build.

Pagefind reads the HTML just written (``data-pagefind-body``, filters and metadata set by the
theme) and writes its bundle into ``OUTPUT_PATH/pagefind/``. scripts/build.py builds into a
staging folder, so a build that fails, indexing included, never touches the output folder; and
every build (make html, make devserver, the tests' builds) has a working search page.

Off the critical path (PORTAIL_SEARCH_IN_BACKGROUND, the development settings): a rebuild keeps
the whole, checked bundle of the site online (``carry_bundle``, after the swap), and when its
pages changed since that bundle was made, the site is indexed again in the background
(portail.commands.search_index), which replaces the bundle in one step when the new one is
whole. The published and the shared preview builds index inline: their bundle always matches.
Every bundle holds the stamp of the pages it was made from (``STAMP``, portail.site.unchanged).

Pagefind may exit 0 with a bundle it could not write whole (a full disk): the bundle is checked
after it ran, and an incomplete one fails the build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from portail.plumbing.output import OutputError, disk_error_text, exchange, swap_in
from portail.site.unchanged import pages_stamp

BUNDLE = "pagefind"
STAMP = "portail-pages.txt"
# In the cache folder: why the last background indexing failed (portail.commands.search_index).
FAILURE = "recherche-echec.txt"


class SearchIndexError(OutputError):
    pass


class _Later:
    """What this build leaves for after the swap: take the bundle of the site online across
    (``carry``), and index the site once online (``site``)."""

    carry: bool = False
    site: Path | None = None
    pages: str | None = None  # the stamp of this build's pages


def index_site(pelican) -> None:
    settings, output = pelican.settings, pelican.output_path
    _Later.carry, _Later.site = False, None
    stamp = pages_stamp(Path(settings["CACHE_PATH"])) if settings.get("PORTAIL_LAST_SITE") else None
    online = settings.get("PORTAIL_LAST_SITE")
    if settings.get("PORTAIL_SEARCH_IN_BACKGROUND") and stamp and online and not bundle_problems(online):
        _Later.carry = True
        if bundle_stamp(Path(online) / BUNDLE) != stamp:
            _Later.site, _Later.pages = Path(online), stamp
        return
    # Pagefind neither removes the files of an earlier bundle nor rewrites those it would write
    # identically: start from an empty bundle (the sweep of scripts/build.py leaves it alone).
    shutil.rmtree(os.path.join(output, BUNDLE), ignore_errors=True)
    run_pagefind(output, os.path.join(output, BUNDLE))
    if stamp:
        Path(output, BUNDLE, STAMP).write_text(stamp, encoding="utf-8")
    Path(settings["CACHE_PATH"], FAILURE).unlink(missing_ok=True)  # an index made whole since


def run_pagefind(site: str, bundle: str) -> None:
    """Index ``site`` into ``bundle``; SearchIndexError, in French, unless the bundle is whole."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--quiet", "--site", site, "--output-path", bundle],
            capture_output=True,
            text=True,
        )
    except OSError as error:
        raise _failed(disk_error_text(error) or str(error)) from None
    if result.returncode != 0:
        details = (result.stderr or result.stdout).strip() or "aucun message"
        raise _failed(f"Pagefind s'est arrêté avec le code {result.returncode} :\n{details}")
    missing = bundle_problems(site, bundle)
    if missing:
        raise _failed("l'index est incomplet (disque plein ?) : " + " ; ".join(missing))


def bundle_stamp(bundle: Path) -> str | None:
    try:
        return (bundle / STAMP).read_text(encoding="utf-8")
    except OSError:
        return None


def carry_bundle(output: Path, previous: Path) -> None:
    """Right after the swap, the bundle of the site that just went offline (now ``previous``)
    goes back online, in one step: the new pages are searched with the bundle readers had,
    until the background indexing replaces it. (For the instant between the two steps, the
    bundle online is the one the staging folder held, of the site before last.)"""
    if not _Later.carry:
        return
    _Later.carry = False
    carried, online = previous / BUNDLE, output / BUNDLE
    if not online.exists():
        carried.rename(online)
    elif not exchange(carried, online):  # a system without an atomic exchange: two renames
        swap_in(carried, online, previous / f".{BUNDLE}-remplace")


def later(output: Path, cache: Path) -> bool:
    """After the swap: start indexing the site online in the background if this build went
    online with an older bundle. True if started."""
    site, _Later.site = _Later.site, None
    if site is None:
        return False
    log = cache / "recherche.log"
    command = ["portail.commands.search_index", str(output), "--cache", str(cache), "--pages", _Later.pages]
    with open(log, "w", encoding="utf-8") as journal:
        subprocess.Popen(
            [sys.executable, "-m", *command],
            stdin=subprocess.DEVNULL,
            stdout=journal,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # outlives the build; stopped as a group by the next one
        )
    return True


def _failed(reason: str) -> SearchIndexError:
    return SearchIndexError(f"l'index de recherche (Pagefind) n'a pas pu être construit : {reason}")


def bundle_problems(site: str, bundle: str | None = None) -> list[str]:
    """What is missing or empty in the search bundle of ``site`` (by default its ``pagefind``
    folder): [] when it is whole.

    The entry file lists each language's metadata file, WebAssembly file and page count; every
    indexed page has a fragment; the words are in at least one index chunk.
    """
    bundle = bundle or os.path.join(site, BUNDLE)
    problems = [f"{BUNDLE}/{name} manquant ou vide" for name in ("pagefind.js",) if not _filled(bundle, name)]
    try:
        with open(os.path.join(bundle, "pagefind-entry.json"), encoding="utf-8") as handle:
            languages = json.load(handle)["languages"]
        pages = sum(int(language["page_count"]) for language in languages.values())
        expected = [f"pagefind.{language['hash']}.pf_meta" for language in languages.values()]
        expected += [f"wasm.{language['wasm']}.pagefind" for language in languages.values() if "wasm" in language]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return [*problems, f"{BUNDLE}/pagefind-entry.json illisible"]
    problems += [f"{BUNDLE}/{name} manquant ou vide" for name in expected if not _filled(bundle, name)]
    for folder, suffix, least in (("fragment", ".pf_fragment", pages), ("index", ".pf_index", min(pages, 1))):
        names = _listing(os.path.join(bundle, folder), suffix)
        empty = [name for name in names if not _filled(bundle, folder, name)]
        if empty:
            problems.append(f"{len(empty)} fichier(s) vide(s) dans {BUNDLE}/{folder}/")
        if len(names) < least:
            problems.append(f"{BUNDLE}/{folder}/ : {len(names)} fichier(s) {suffix}, attendu : au moins {least}")
    if pages == 0 and _has_pages(site):
        problems.append("aucune page indexée, alors que le site a des pages HTML")
    return problems


def _filled(*parts: str) -> bool:
    try:
        return os.path.getsize(os.path.join(*parts)) > 0
    except OSError:
        return False


def _listing(folder: str, suffix: str) -> list[str]:
    try:
        return [name for name in os.listdir(folder) if name.endswith(suffix)]
    except OSError:
        return []


def _has_pages(site: str) -> bool:
    for root, dirs, files in os.walk(site):
        dirs[:] = [name for name in dirs if not (root == site and name == BUNDLE)]
        if any(name.endswith(".html") for name in files):
            return True
    return False
