"""Live preview: serve the site, show a saved article at once, then rebuild the whole site.

    python scripts/devserver.py CONTENT -o OUTPUT -s SETTINGS [--port 8000] [--bind 127.0.0.1]
                                [--admin DOSSIER]

Two paths after a save:

- Fast, for a saved article: the process keeps the site it read (portail.site.preview.WarmSite:
  Pelican's context of every generator, read with the portal's reader and checks). It reads the
  saved file again with that reader, runs the checks across articles and decisions, renders the
  article's page and its decision pages with the build's templates, and serves them from memory
  at once; or, when the save broke something, the French error page.
- Full, after every change: the real build (scripts/build.py) in a fresh interpreter, at a
  lower priority, in the background. It takes the build's lock (portail.plumbing.lock), so a
  `make html` into the same folder meanwhile waits for it, and the other way round; the output
  folder is swapped in whole. A change to the settings, the theme, the reference data, a page
  or the plugins' code is left to it alone, and the warm site is read again after it (the
  plugins' code is not reloaded in this process: restart the preview to use the fast path again).

Pages rendered in memory are served until a full build that started after their save ends.
While the latest verdict (a fast check or a full build, whichever saw the latest save) is a
failure, every page shows its French report instead of stale content. Open pages reload
themselves when something new is served; nothing of this is written into the built site.

With --admin (make cms), /admin/ of the preview serves that folder (the CMS: portail.commands.cms),
error page or not: it lives outside the built site, which full builds replace whole.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import html
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
import traceback
import urllib.parse
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pelican.settings import read_settings
from watchfiles import watch

from portail.commands import search_index
from portail.commands.build import default_cache
from portail.commands.options import FrenchArgumentParser
from portail.commands.settings import ROOT
from portail.model.problems import ContentError
from portail.site.preview import Update, WarmSite

STATE_PATH = "/__apercu/etat"
ADMIN_PATH = "/admin/"
# Polls the preview's state and reloads the page when something new is served.
RELOAD_SCRIPT = """<script>
(function () {
  var seen = null;
  setInterval(function () {
    fetch("%s").then(function (r) { return r.json(); }).then(function (state) {
      if (seen !== null && state.version !== seen) { location.reload(); }
      seen = state.version;
    }).catch(function () {});
  }, 300);
}());
</script>""".replace("%s", STATE_PATH)
ERROR_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Erreur de construction</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}}pre{{white-space:pre-wrap;background:#fff3f0;border-left:4px solid #b00020;padding:1rem}}</style>
</head><body><main><h1>Le site n'a pas pu être reconstruit</h1>
<p>Corrigez le problème et enregistrez : la page se recharge toute seule.</p>
<pre>{report}</pre></main>{reload}</body></html>"""
# Lower priority of the full build: the fast page and the server come first.
BUILD_NICENESS = 10
PLUGINS = ROOT / "plugins"


@dataclass
class Verdict:
    """What a check said of the content as of save number ``seen``."""

    seen: int
    ok: bool
    report: str


class Preview:
    """The served state: full builds, fast pages, and which of them saw the latest save."""

    def __init__(self, command: list[str], settings_file: Path, content: Path, output: Path):
        self.command = command
        self.settings_file, self.content, self.output = settings_file, content, output
        self.lock = threading.Lock()  # guards the served state below
        self.saves = 0  # changes seen so far
        self.version = 0  # bumped whenever what is served changes
        self.builds = 0
        self.build = Verdict(0, False, "Construction en cours…")
        self.build_seconds = 0.0
        self.building = False
        self.fast: Verdict | None = None
        self.fast_renders = 0
        self.fast_seconds = 0.0
        self.pages: dict[str, tuple[int, bytes]] = {}  # output path -> (save, page) from the fast path
        self.wanted = threading.Event()  # a full build is due
        # The warm site, only touched under site_lock; None until read, and after a change it cannot follow.
        self.site_lock = threading.Lock()
        self.site: WarmSite | None = None
        self.code_changed = False
        self.process: subprocess.Popen | None = None  # the full build under way
        self.stopping = False  # the preview is stopping: the build it ends is no news

    # --- full builds -------------------------------------------------------------------------

    def run_build(self, reason: str) -> None:
        with self.lock:
            seen = self.saves
            self.building = True
        started = time.perf_counter()
        # A session of its own: stopping the preview stops the build and its workers (stop()).
        process = subprocess.Popen(
            self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        self.process = process
        # Unless it ended already, or the system refuses: then it runs at normal priority.
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, process.pid, BUILD_NICENESS)
        stdout, stderr = process.communicate()
        if self.stopping:
            return
        seconds = time.perf_counter() - started
        ok = process.returncode == 0
        with self.lock:
            self.builds += 1
            self.build = Verdict(seen, ok, (stderr or stdout).strip())
            self.build_seconds = seconds
            # What the fast path served for saves this build saw is now on disk (or refused).
            self.pages = {path: page for path, page in self.pages.items() if page[0] > seen}
            self.building = self.wanted.is_set()
            self.version += 1
        _say(
            f"{reason} : site reconstruit en {seconds:.1f} s."
            if ok
            else f"{reason} : échec de la construction ({seconds:.1f} s)\n{self.build.report}"
        )

    def stop(self) -> None:
        """End the full build under way, if any, and the search indexing it started (the
        preview is stopping)."""
        self.stopping = True
        process = self.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        search_index.stop(default_cache(self.output))

    def build_in_background(self) -> None:
        """Full builds one after the other, each for every change seen before it started."""
        while True:
            self.wanted.wait()
            self.wanted.clear()
            self.run_build("reconstruction complète")
            if self.build.ok and self.site is None and not self.code_changed:
                self.warm_up()

    def want_build(self) -> None:
        with self.lock:
            self.building = True
        self.wanted.set()

    # --- the warm site -----------------------------------------------------------------------

    def warm_up(self) -> None:
        with self.site_lock:
            started = time.perf_counter()
            cache = self.output.with_name(f".{self.output.name}.cache") / "apercu"
            try:
                self.site = WarmSite.read(self.settings_file, self.content, self.output, cache)
            except ContentError:
                self.site = None  # the full build tells what is wrong
                return
            except Exception:  # a bug: the full builds still serve the site, say it plainly
                self.site = None
                _say("aperçu rapide indisponible (erreur interne) :\n" + traceback.format_exc(limit=3))
                return
            _say(f"aperçu rapide prêt ({time.perf_counter() - started:.1f} s)")
            with self.lock:
                self.version += 1

    def on_changes(self, paths: list[Path]) -> None:
        """A batch of saves: the fast path when it can follow them all, then the full build."""
        with self.lock:
            self.saves += 1
            save = self.saves
        with self.site_lock:
            update = self._fast(paths)
        if update is not None:
            self._serve(save, update)
        self.want_build()

    def _fast(self, paths: list[Path]) -> Update | None:
        if self.site is None:
            return None
        if any(path.suffix == ".py" and path.is_relative_to(PLUGINS) for path in paths):
            self.code_changed = True
            _say("code des extensions modifié : relancez make devserver pour retrouver l'aperçu rapide.")
        follows = {path: self.site.follows(path) for path in paths}
        if self.code_changed or False in follows.values():
            self.site = None  # read again after the next successful full build
            return None
        paths = [path for path, follow in follows.items() if follow]
        if not paths:
            return None
        try:
            update = self.site.update(paths)
        except Exception:
            _say("aperçu rapide impossible (erreur interne) :\n" + traceback.format_exc(limit=3))
            update = None
        if update is None:
            self.site = None
        return update

    def _serve(self, save: int, update: Update) -> None:
        with self.lock:
            self.fast = Verdict(save, not update.problems, update.report if update.problems else "")
            self.fast_renders += 1
            self.fast_seconds = update.seconds
            self.pages.update({path: (save, page) for path, page in update.pages.items()})
            self.version += 1
        if update.problems:
            _say(f"enregistrement refusé ({update.seconds:.2f} s)\n{update.report}")
        else:
            _say(f"aperçu de {', '.join(_url(p) for p in update.pages)} en {update.seconds:.2f} s")

    # --- what is served ----------------------------------------------------------------------

    def failure(self) -> str | None:
        """The report to show instead of pages, from the check that saw the latest save."""
        with self.lock:
            latest = self.build if self.fast is None or self.fast.seen <= self.build.seen else self.fast
        return None if latest.ok else latest.report

    def page(self, relative: str) -> bytes | None:
        with self.lock:
            found = self.pages.get(relative)
        return None if found is None else found[1]

    def state(self) -> dict:
        with self.lock:
            return {
                "version": self.version,
                "build": self.builds,
                "ok": self.build.ok,
                "seconds": round(self.build_seconds, 3),
                "building": self.building,
                "fast": {
                    "ready": self.site is not None,
                    "renders": self.fast_renders,
                    "ok": None if self.fast is None else self.fast.ok,
                    "seconds": round(self.fast_seconds, 3),
                    "pages": sorted(_url(path) for path in self.pages),
                },
            }


def _url(relative: str) -> str:
    return "/" + relative.removesuffix("index.html")


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class PreviewHandler(SimpleHTTPRequestHandler):
    preview: Preview
    admin: Path | None = None
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".yml": "text/yaml", ".js": "text/javascript"}

    def do_GET(self):
        path = urllib.parse.unquote(self.path.split("?")[0])
        if path == STATE_PATH:
            return self._send(HTTPStatus.OK, "application/json", json.dumps(self.preview.state()).encode())
        if self.admin is not None and (path + "/").startswith(ADMIN_PATH):
            return self._admin(path.removeprefix(ADMIN_PATH.rstrip("/")).lstrip("/"))
        failure = self.preview.failure()
        if failure is not None and self._is_page():
            page = ERROR_PAGE.format(report=html.escape(failure), reload=RELOAD_SCRIPT)
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", page.encode())
        relative = path.lstrip("/")
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        fresh = self.preview.page(relative)
        if fresh is not None:
            return self._page(fresh.decode("utf-8"), "rapide")
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            return self._page(target.read_text(encoding="utf-8"), "construit")
        return super().do_GET()

    def handle(self):
        # The browser left (a page reloaded or closed mid-answer): nothing to tell the editor.
        with contextlib.suppress(ConnectionError):
            super().handle()

    def _admin(self, relative: str):
        if relative == "" and not self.path.split("?")[0].endswith("/"):
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", ADMIN_PATH)
            self.end_headers()
            return None
        target = (self.admin / (relative or "index.html")).resolve()
        if not target.is_relative_to(self.admin) or not target.is_file():
            return self.send_error(HTTPStatus.NOT_FOUND, "Fichier introuvable")
        return self._send(HTTPStatus.OK, self.guess_type(str(target)), target.read_bytes())

    def _page(self, page: str, origin: str):
        body = page.replace("</body>", RELOAD_SCRIPT + "</body>", 1).encode()
        return self._send(HTTPStatus.OK, "text/html; charset=utf-8", body, {"X-Apercu": origin})

    def _is_page(self) -> bool:
        path = self.path.split("?")[0]
        return path.endswith("/") or path.endswith(".html")

    def _send(self, status, content_type: str, body: bytes, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 (http.server's signature)
        pass  # the terminal is for build reports


def watch_and_update(preview: Preview, paths: list[Path], output: Path, ignored: list[str]) -> None:
    for changes in watch(*paths, debounce=200, step=20):
        changed = {Path(path) for _kind, path in changes}
        changed = {path for path in changed if not path.is_relative_to(output) and not _ignored(path, ignored)}
        if changed:
            preview.on_changes(sorted(changed))


def _ignored(path: Path, patterns: list[str]) -> bool:
    """Editors' backup and lock files (IGNORE_FILES): Pelican never reads them."""
    return any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns)


def main(argv=None) -> int:
    parser = FrenchArgumentParser(description="Aperçu en direct du portail.")
    parser.add_argument("content")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("-s", "--settings", required=True)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--admin", metavar="DOSSIER", help="dossier servi à /admin/ (le CMS, make cms)")
    args = parser.parse_args(argv)
    # Pelican's messages in this process go to the warm site's checks; the builds print theirs.
    logging.getLogger("pelican").propagate = False
    signal.signal(signal.SIGTERM, _interrupt)
    content, output, settings = Path(args.content).resolve(), Path(args.output).resolve(), Path(args.settings).resolve()
    preview = Preview(
        [sys.executable, "-m", "portail.commands.build", str(content), "-o", str(output), "-s", str(settings)],
        settings,
        content,
        output,
    )
    try:
        return serve(preview, args.bind, args.port, Path(args.admin).resolve() if args.admin else None)
    except KeyboardInterrupt:
        return 0
    finally:
        preview.stop()


def serve(preview: Preview, bind: str, port: int, admin: Path | None = None) -> int:
    """The first build, then the server, the watcher and the background builds."""
    content, output, settings = preview.content, preview.output, preview.settings_file
    handler_class = type("Handler", (PreviewHandler,), {"preview": preview, "admin": admin})
    handler = functools.partial(handler_class, directory=str(output))
    try:  # first: a busy port is said before the first build, not after it
        server = ThreadingHTTPServer((bind, port), handler)
    except OSError as error:
        print(
            f"devserver.py : le port {port} est indisponible ({error.strerror}) ; choisissez-en un autre (PORT=…)",
            file=sys.stderr,
        )
        return 2
    preview.run_build("premier aperçu")
    output.mkdir(parents=True, exist_ok=True)
    options = read_settings(str(settings), override={"PATH": str(content)})
    watched = [content, Path(options["THEME"]).resolve(), PLUGINS, settings]
    if preview.build.ok:
        threading.Thread(target=preview.warm_up, daemon=True).start()
    threading.Thread(target=preview.build_in_background, daemon=True).start()
    threading.Thread(
        target=watch_and_update, args=(preview, watched, output, list(options["IGNORE_FILES"])), daemon=True
    ).start()
    print(f"Aperçu sur http://{bind}:{port}/ — Ctrl+C pour arrêter.", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def _interrupt(_signal, _frame):
    raise KeyboardInterrupt  # stopped like Ctrl+C: the build under way is ended too


if __name__ == "__main__":
    sys.exit(main())
