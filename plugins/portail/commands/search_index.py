"""Index the site online for search in the background, after a build that went online with the
search bundle of its former pages (portail.site.search, PORTAIL_SEARCH_IN_BACKGROUND).

    python -m portail.commands.search_index OUTPUT --cache CACHE --pages STAMP

Started by scripts/build.py, never by hand. It takes the build's lock, indexes OUTPUT with
Pagefind into a folder beside it, checks the bundle, and puts it in the place of
OUTPUT/pagefind in one step: a reader searches the former bundle until then, never half of one.
The next build stops it (``stop``) and starts another if its pages still need one. A failure
leaves the former bundle online and is said by the next build.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from portail.plumbing.lock import DEFAULT_WAIT, BuildLockedError, one_build_at_a_time
from portail.plumbing.output import disk_error_text, from_here, swap_in
from portail.site.search import BUNDLE, FAILURE, STAMP, SearchIndexError, bundle_stamp, run_pagefind
from portail.site.unchanged import pages_stamp

PID = "recherche.pid"


def index_online(output: Path, cache: Path, stamp: str) -> int:
    """Index the site online, whose pages have the stamp ``stamp``, unless its bundle already
    matches them, or another build came since (it indexes its own pages, if they go online)."""
    with one_build_at_a_time(output, DEFAULT_WAIT, lambda _lock: None):
        if pages_stamp(cache) != stamp or bundle_stamp(output / BUNDLE) == stamp:
            return 0
        fresh, former = (
            output.with_name(f".{output.name}.recherche"),
            output.with_name(f".{output.name}.recherche-ancienne"),
        )
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            run_pagefind(str(output), str(fresh))
            (fresh / STAMP).write_text(stamp, encoding="utf-8")
            swap_in(fresh, output / BUNDLE, former)
            shutil.rmtree(former, ignore_errors=True)
        except SearchIndexError as error:
            (cache / FAILURE).write_text(str(error), encoding="utf-8")
            return 1
        except OSError as error:
            reason = disk_error_text(error) or f"{type(error).__name__}: {error}"
            (cache / FAILURE).write_text(
                f"l'index de recherche n'a pas pu être mis en place : {reason}", encoding="utf-8"
            )
            return 1
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
        (cache / FAILURE).unlink(missing_ok=True)
        return 0


def stop(cache: Path) -> None:
    """Stop the background indexing of this output folder if it runs (the build about to start
    makes it out of date), and wait until it has let go of the lock."""
    try:
        pid = int((cache / PID).read_text(encoding="utf-8"))
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            if b"portail.commands.search_index" not in handle.read():
                return  # the number went to another process
        os.killpg(pid, signal.SIGTERM)
    except (OSError, ValueError):
        return
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(pid):
        time.sleep(0.02)


def _running(pid: int) -> bool:
    """True while ``pid`` runs; a zombie (its parent left, nothing reaps it yet) does not."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def last_failure(cache: Path) -> str | None:
    """What the last background indexing of this output folder could not do, if it failed."""
    try:
        return (cache / FAILURE).read_text(encoding="utf-8")
    except OSError:
        return None


def _stopped(_signal, _frame):
    raise SystemExit(143)  # through the finally clauses: no half bundle left beside the site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--cache", required=True)
    parser.add_argument("--pages", required=True, help="the stamp of the pages online (portail.site.unchanged)")
    args = parser.parse_args(argv)
    output, cache = Path(args.output).resolve(), Path(args.cache).resolve()
    signal.signal(signal.SIGTERM, _stopped)
    (cache / PID).write_text(str(os.getpid()), encoding="utf-8")
    try:
        return index_online(output, cache, args.pages)
    except BuildLockedError:
        print(f"Index de recherche : {from_here(output)} reste verrouillé, rien n'a été fait.", file=sys.stderr)
        return 2
    finally:
        with contextlib.suppress(OSError, ValueError):
            if int((cache / PID).read_text(encoding="utf-8")) == os.getpid():
                (cache / PID).unlink()


if __name__ == "__main__":
    sys.exit(main())
