"""Build the site strictly, into a staging folder, and replace the output folder only on success.

    python scripts/build.py CONTENT -o OUTPUT -s SETTINGS [-D] [--wait SECONDS]

A failed build prints every problem (in French, file:line: field : message) and exits 1,
leaving OUTPUT exactly as it was: content problems, a search index that could not be built, a
full disk. One build at a time per output folder (the preview's rebuilds too): a second one waits
for the first, and gives up with exit code 2 after --wait seconds. A content cache that cannot be
read is emptied, with a warning, and the build goes on.
"""

from __future__ import annotations

import argparse
import logging
import os
import pickle
import sys
import time
import traceback
from pathlib import Path

import pelican.cache
from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from portail.commands import search_index
from portail.commands.options import FrenchArgumentParser
from portail.model.problems import ContentError
from portail.plumbing.lock import DEFAULT_WAIT, BuildLockedError, one_build_at_a_time
from portail.plumbing.output import OutputError, disk_error_text, from_here, swap_in
from portail.site import search


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = FrenchArgumentParser(description="Construit le site du portail RGPD.")
    parser.add_argument("content", help="dossier de contenu (INPUTDIR)")
    parser.add_argument("-o", "--output", required=True, help="dossier de sortie (OUTPUTDIR)")
    parser.add_argument("-s", "--settings", required=True, help="fichier de réglages Pelican")
    parser.add_argument("-D", "--debug", action="store_true", help="journal détaillé et traces Python")
    parser.add_argument("--relative-urls", action="store_true", help="liens relatifs (aperçu sans serveur)")
    parser.add_argument("--cache", help="dossier du cache de contenu (défaut : .OUTPUT.cache à côté de la sortie)")
    parser.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_WAIT,
        metavar="SECONDES",
        help=f"attente au plus d'une autre construction du même dossier (défaut : {DEFAULT_WAIT:g} s)",
    )
    return parser.parse_args(argv)


def build(
    content: Path, output: Path, settings_file: Path, *, relative_urls: bool = False, cache: Path | None = None
) -> int:
    """Build into a sibling staging folder; swap it in only when the build succeeded.

    The staging folder is the site before last (kept as ``.OUTPUT.previous``), rewritten in
    place: only changed files are written, and files this build did not write are swept before
    the search index reads the pages (PORTAIL_REWRITE_IN_PLACE, portail.site.parallel). The
    result is the same as a build into an empty folder.
    """
    staging = output.with_name(f".{output.name}.staging")
    previous = output.with_name(f".{output.name}.previous")
    if not staging.exists() and previous.exists():
        previous.rename(staging)
    cache = cache or default_cache(output)
    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(staging),
        "CACHE_PATH": str(cache),
        "DELETE_OUTPUT_DIRECTORY": False,
        "PORTAIL_REWRITE_IN_PLACE": True,
        # Pages whose inputs did not change are copied from the site online (portail.site.unchanged).
        "PORTAIL_LAST_SITE": str(output),
    }
    if relative_urls:
        override["RELATIVE_URLS"] = True
    try:
        _run(settings_file, override, cache)
    except ContentError as error:
        return _failed(str(error), output)
    except OutputError as error:
        return _failed(f"La construction a échoué : {error}", output)
    except OSError as error:
        reason = disk_error_text(error)
        if reason is None:
            raise
        return _failed(f"La construction a échoué : écriture impossible, {reason}.", output)
    swap_in(staging, output, previous)
    search.carry_bundle(output, previous)
    if search.later(output, cache):
        print(
            "Recherche : l'index est refait en arrière-plan ; d'ici là, la recherche sert celui de la construction précédente."
        )
    return 0


def default_cache(output: Path) -> Path:
    # One cache per output folder: two content folders never share one.
    return output.with_name(f".{output.name}.cache")


def _say_search_failure(cache: Path) -> None:
    failure = search_index.last_failure(cache)
    if failure:
        print(
            f"Attention : après la construction précédente, {failure.splitlines()[0]} ; la recherche servait "
            "l'index d'avant, cette construction le refait.",
            file=sys.stderr,
        )


def _failed(report: str, output: Path) -> int:
    print(report, file=sys.stderr)
    print(f"Le dossier {from_here(output)} n'a pas été modifié.", file=sys.stderr)
    return 1


def _run(settings_file: Path, override: dict, cache: Path) -> None:
    settings = read_settings(str(settings_file), override=override)
    if not settings["GZIP_CACHE"]:
        _drop_damaged_cache(cache)
    requested = list(settings["PLUGINS"] or ())
    site = Pelican(settings)
    # Pelican logs a plugin it cannot load and builds without it: a site without its checks.
    missing = [name for name in requested if name not in site.settings["PLUGINS"]]
    if missing:
        raise OutputError(
            f"extension Pelican « {missing[0]} » introuvable ou en erreur (message ci-dessus) : "
            "le site serait construit sans elle ; vérifiez PLUGINS dans les réglages et l'installation (make html)"
        )
    pelican.console = _WithoutEnglishSummary(pelican.console)
    try:
        site.run()
    except Exception as error:
        if not _raised_loading_cache(error):
            raise
        # Damage the checks below did not see: the next build starts from an empty cache.
        _empty(cache)
        raise OutputError(
            f"cache de contenu illisible ({from_here(cache)} : {type(error).__name__}: {error}) ; "
            "il a été vidé : relancez la construction"
        ) from None


class _WithoutEnglishSummary:
    """Pelican's console, less its English « Done: Processed … » line: the portal says it in French
    (portail.site.reading)."""

    def __init__(self, console):
        self._console = console

    def print(self, *args, **kwargs):
        if not (args and str(args[0]).startswith("Done: Processed")):
            self._console.print(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._console, name)


def _drop_damaged_cache(cache: Path) -> None:
    """Pelican goes on with an empty cache when a cache file does not unpickle, but stops with an
    error on one that is empty or not a pickle at all: such files (an interrupted write, a full
    disk) are removed first, with a warning. A pickle starts with its protocol and ends with STOP."""
    if not cache.is_dir():
        return
    for path in cache.iterdir():
        if path.suffix or not path.is_file():  # Pelican's cache files have no suffix; the portal's marker has
            continue
        reason = _damage(path)
        if reason is not None:
            _warn_unreadable_cache(path, reason)
            path.unlink()


def _damage(path: Path) -> str | None:
    with open(path, "rb") as handle:
        head = handle.read(2)
        if len(head) < 2:
            return "fichier vide"
        handle.seek(-1, os.SEEK_END)
        last = handle.read(1)
    if head[0] != pickle.PROTO[0] or not 2 <= head[1] <= pickle.HIGHEST_PROTOCOL:
        return "ce n'est pas un cache Pelican"
    return None if last == pickle.STOP else "fichier tronqué"


def _empty(cache: Path) -> None:
    for stale in cache.iterdir():
        if stale.is_file():
            stale.unlink()


def _raised_loading_cache(error: BaseException) -> bool:
    return any(
        frame.f_code.co_filename == pelican.cache.__file__ for frame, _ in traceback.walk_tb(error.__traceback__)
    )


def _warn_unreadable_cache(where: Path, reason: str) -> None:
    print(
        f"Attention : cache de contenu illisible ({from_here(where)} : {reason.splitlines()[0]}) ; "
        "il est ignoré et les fichiers sont relus.",
        file=sys.stderr,
    )


def _unpickle_warning(record: logging.LogRecord) -> bool:
    """Pelican's own warning about a cache it could not unpickle (it goes on with an empty cache)
    would fail a strict build: say it in French instead, as a warning."""
    if not record.msg.startswith("Cannot unpickle cache"):
        return True
    path, error = record.args[0], record.args[1]
    _warn_unreadable_cache(Path(path), str(error))
    return False


def _development_feed_warning(record: logging.LogRecord) -> bool:
    # Development settings have no SITEURL on purpose; publishconf.py sets it.
    return not record.getMessage().startswith("Feeds generated without SITEURL")


def _say_waiting(lock: Path, wait: float) -> None:
    print(
        f"Une autre construction est en cours (verrou {from_here(lock)}) : celle-ci attend qu'elle se termine "
        f"(au plus {wait:g} s).",
        file=sys.stderr,
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    init_logging(level=logging.DEBUG if args.debug else logging.WARNING)
    logging.getLogger("pelican.settings").addFilter(_development_feed_warning)
    logging.getLogger("pelican.cache").addFilter(_unpickle_warning)
    content, output = Path(args.content).resolve(), Path(args.output).resolve()
    if not content.is_dir():
        print(f"Dossier de contenu introuvable : {from_here(content)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    cache = Path(args.cache).resolve() if args.cache else default_cache(output)
    # The search index of the site online being made in the background is out of date now.
    search_index.stop(cache)
    try:
        with one_build_at_a_time(output, args.wait, lambda lock: _say_waiting(lock, args.wait)):
            _say_search_failure(cache)
            status = build(
                content, output, Path(args.settings).resolve(), relative_urls=args.relative_urls, cache=cache
            )
    except BuildLockedError as error:
        print(
            f"Une autre construction de {from_here(output)} est toujours en cours après {args.wait:g} s d'attente "
            f"(verrou {from_here(error.args[0])}) : abandon, rien n'a été modifié. "
            "Relancez quand elle sera terminée, ou avec --wait plus long.",
            file=sys.stderr,
        )
        return 2
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
        print(f"Site construit dans {from_here(output)} en {time.perf_counter() - started:.1f} s.")
    return status


def leave(status: int) -> None:
    """End the process at once: freeing the built site object by object takes seconds at
    thousands of articles, and the system takes the memory back anyway. Everything is written."""
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(status)


if __name__ == "__main__":
    leave(main())
