"""Index the built site for search with Pagefind, as the last step of every build.

Pagefind reads the HTML just written (``data-pagefind-body``, filters and metadata set by the
theme) and writes its bundle into ``OUTPUT_PATH/pagefind/``. scripts/build.py builds into a
staging folder, so a build that fails, indexing included, never touches the output folder; and
every build (make html, make devserver, the tests' builds) has a working search page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


class SearchIndexError(RuntimeError):
    pass


def index_site(pelican) -> None:
    # Pagefind neither removes the files of an earlier bundle nor rewrites those it would write
    # identically: start from an empty bundle. (scripts/build.py's sweep has already removed it;
    # a plain `pelican` run into a kept output folder has not.)
    shutil.rmtree(os.path.join(pelican.output_path, "pagefind"), ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--quiet", "--site", pelican.output_path],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SearchIndexError(f"l'index de recherche (Pagefind) n'a pas pu être construit :\n{result.stderr}")
