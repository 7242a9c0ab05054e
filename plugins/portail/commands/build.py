"""Build the site strictly, into a staging folder, and replace the output folder only on success.

    python scripts/build.py CONTENT -o OUTPUT -s SETTINGS [-D]

A failed build prints every problem (in French, file:line: field : message) and exits 1,
leaving OUTPUT exactly as it was.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from pathlib import Path

from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from portail.commands.options import FrenchArgumentParser
from portail.model.problems import ContentError


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = FrenchArgumentParser(description="Construit le site du portail RGPD.")
    parser.add_argument("content", help="dossier de contenu (INPUTDIR)")
    parser.add_argument("-o", "--output", required=True, help="dossier de sortie (OUTPUTDIR)")
    parser.add_argument("-s", "--settings", required=True, help="fichier de réglages Pelican")
    parser.add_argument("-D", "--debug", action="store_true", help="journal détaillé et traces Python")
    parser.add_argument("--relative-urls", action="store_true", help="liens relatifs (aperçu sans serveur)")
    parser.add_argument("--cache", help="dossier du cache de contenu (défaut : .OUTPUT.cache à côté de la sortie)")
    return parser.parse_args(argv)


def build(
    content: Path, output: Path, settings_file: Path, *, relative_urls: bool = False, cache: Path | None = None
) -> int:
    """Build into a sibling staging folder; swap it in only when the build succeeded.

    The staging folder is the site before last (kept as ``.OUTPUT.previous``), rewritten in
    place: only changed files are written, and files this build did not write are swept before
    the search index reads the pages (PORTAIL_REWRITE_IN_PLACE, plugins/parallel_build). The
    result is the same as a build into an empty folder.
    """
    staging = output.with_name(f".{output.name}.staging")
    previous = output.with_name(f".{output.name}.previous")
    if not staging.exists() and previous.exists():
        previous.rename(staging)
    # One cache per output folder: two content folders never share one.
    cache = cache or output.with_name(f".{output.name}.cache")
    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(staging),
        "CACHE_PATH": str(cache),
        "DELETE_OUTPUT_DIRECTORY": False,
        "PORTAIL_REWRITE_IN_PLACE": True,
    }
    if relative_urls:
        override["RELATIVE_URLS"] = True
    try:
        settings = read_settings(str(settings_file), override=override)
        Pelican(settings).run()
    except ContentError as error:
        print(error, file=sys.stderr)
        print(f"Le dossier {output} n'a pas été modifié.", file=sys.stderr)
        return 1
    _swap(staging, output, previous)
    return 0


def _swap(staging: Path, output: Path, previous: Path) -> None:
    if previous.exists():  # left over by an interrupted build
        shutil.rmtree(previous)
    if output.exists():
        output.rename(previous)  # kept: the next build rewrites it in place
    staging.rename(output)


def _development_feed_warning(record: logging.LogRecord) -> bool:
    # Development settings have no SITEURL on purpose; publishconf.py sets it.
    return not record.getMessage().startswith("Feeds generated without SITEURL")


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    init_logging(level=logging.DEBUG if args.debug else logging.WARNING)
    logging.getLogger("pelican.settings").addFilter(_development_feed_warning)
    content, output = Path(args.content).resolve(), Path(args.output).resolve()
    if not content.is_dir():
        print(f"Dossier de contenu introuvable : {content}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        status = build(
            content,
            output,
            Path(args.settings).resolve(),
            relative_urls=args.relative_urls,
            cache=Path(args.cache).resolve() if args.cache else None,
        )
    except Exception as error:  # a bug, not an editor's mistake: say so plainly
        if args.debug:
            raise
        print(
            f"Erreur interne pendant la construction : {type(error).__name__}: {error}\n"
            "Relancez avec DEBUG=1 (make html DEBUG=1) pour la trace complète.",
            file=sys.stderr,
        )
        return 3
    if status == 0:
        print(f"Site construit dans {output} en {time.perf_counter() - started:.1f} s.")
    return status


if __name__ == "__main__":
    sys.exit(main())
