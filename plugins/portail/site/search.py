"""Index the built site for search with Pagefind, as the last step of every build.

Pagefind reads the HTML just written (``data-pagefind-body``, filters and metadata set by the
theme) and writes its bundle into ``OUTPUT_PATH/pagefind/``. scripts/build.py builds into a
staging folder, so a build that fails, indexing included, never touches the output folder; and
every build (make html, make devserver, the tests' builds) has a working search page.

Pagefind may exit 0 with a bundle it could not write whole (a full disk): the bundle is checked
after it ran, and an incomplete one fails the build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from portail.plumbing.output import OutputError, disk_error_text

BUNDLE = "pagefind"


class SearchIndexError(OutputError):
    pass


def index_site(pelican) -> None:
    # Pagefind neither removes the files of an earlier bundle nor rewrites those it would write
    # identically: start from an empty bundle. (scripts/build.py's sweep has already removed it;
    # a plain `pelican` run into a kept output folder has not.)
    shutil.rmtree(os.path.join(pelican.output_path, BUNDLE), ignore_errors=True)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--quiet", "--site", pelican.output_path],
            capture_output=True,
            text=True,
        )
    except OSError as error:
        raise _failed(disk_error_text(error) or str(error)) from None
    if result.returncode != 0:
        details = (result.stderr or result.stdout).strip() or "aucun message"
        raise _failed(f"Pagefind s'est arrêté avec le code {result.returncode} :\n{details}")
    missing = bundle_problems(pelican.output_path)
    if missing:
        raise _failed("l'index est incomplet (disque plein ?) : " + " ; ".join(missing))


def _failed(reason: str) -> SearchIndexError:
    return SearchIndexError(f"l'index de recherche (Pagefind) n'a pas pu être construit : {reason}")


def bundle_problems(site: str) -> list[str]:
    """What is missing or empty in the search bundle of ``site``: [] when it is whole.

    The entry file lists each language's metadata file, WebAssembly file and page count; every
    indexed page has a fragment; the words are in at least one index chunk.
    """
    bundle = os.path.join(site, BUNDLE)
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
