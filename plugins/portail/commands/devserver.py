"""Live preview: serve the site, rebuild it on every change, show build errors in the browser.

    python scripts/devserver.py CONTENT -o OUTPUT -s SETTINGS [--port 8000] [--bind 127.0.0.1]

Each rebuild is the real build (scripts/build.py) in a fresh interpreter, so changes to the
theme, the plugins and the settings are picked up too; it takes the build's lock
(portail.plumbing.lock), so a `make html` into the same folder meanwhile waits for it, and the
other way round. The output folder is swapped in whole (portail.plumbing.output.swap_in): the
server never finds it missing. While the last build failed, every page
shows its French report instead of stale content. Open pages reload themselves after each
build; nothing of this is written into the built site.
"""

from __future__ import annotations

import functools
import html
import json
import subprocess
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import watch

from portail.commands.options import FrenchArgumentParser
from portail.commands.settings import ROOT

STATE_PATH = "/__apercu/etat"
# Polls the build state and reloads the page when a new build is done.
RELOAD_SCRIPT = """<script>
(function () {
  var seen = null;
  setInterval(function () {
    fetch("%s").then(function (r) { return r.json(); }).then(function (state) {
      if (seen !== null && state.build !== seen) { location.reload(); }
      seen = state.build;
    }).catch(function () {});
  }, 700);
}());
</script>""".replace("%s", STATE_PATH)
ERROR_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Erreur de construction</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}}pre{{white-space:pre-wrap;background:#fff3f0;border-left:4px solid #b00020;padding:1rem}}</style>
</head><body><main><h1>Le site n'a pas pu être reconstruit</h1>
<p>Corrigez le problème et enregistrez : la page se recharge toute seule.</p>
<pre>{report}</pre></main>{reload}</body></html>"""


class Builder:
    """Runs builds one at a time and remembers the outcome of the last one."""

    def __init__(self, command: list[str]):
        self.command = command
        self.lock = threading.Lock()
        self.build = 0
        self.ok = False
        self.report = "Construction en cours…"
        self.seconds = 0.0

    def run(self, reason: str) -> None:
        with self.lock:
            started = time.perf_counter()
            result = subprocess.run(self.command, capture_output=True, text=True)
            self.seconds = time.perf_counter() - started
            self.ok = result.returncode == 0
            self.report = (result.stderr or result.stdout).strip()
            self.build += 1
        if self.ok:
            print(f"[{time.strftime('%H:%M:%S')}] {reason} : site reconstruit en {self.seconds:.1f} s.", flush=True)
        else:
            print(
                f"[{time.strftime('%H:%M:%S')}] {reason} : échec de la construction ({self.seconds:.1f} s)\n"
                f"{self.report}",
                flush=True,
            )

    def state(self) -> dict:
        return {"build": self.build, "ok": self.ok, "seconds": round(self.seconds, 3)}


class PreviewHandler(SimpleHTTPRequestHandler):
    builder: Builder

    def do_GET(self):
        if self.path == STATE_PATH:
            return self._send(HTTPStatus.OK, "application/json", json.dumps(self.builder.state()).encode())
        if not self.builder.ok and self._is_page():
            page = ERROR_PAGE.format(report=html.escape(self.builder.report), reload=RELOAD_SCRIPT)
            return self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html; charset=utf-8", page.encode())
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            page = target.read_text(encoding="utf-8").replace("</body>", RELOAD_SCRIPT + "</body>", 1)
            return self._send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode())
        return super().do_GET()

    def _is_page(self) -> bool:
        path = self.path.split("?")[0]
        return path.endswith("/") or path.endswith(".html")

    def _send(self, status, content_type: str, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 (http.server's signature)
        pass  # the terminal is for build reports


def watch_and_rebuild(builder: Builder, paths: list[Path], output: Path) -> None:
    for changes in watch(*paths, debounce=200, step=50):
        changed = sorted({Path(path) for _kind, path in changes} - {output})
        shown = ", ".join(str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in changed[:3])
        builder.run(f"modification de {shown}")


def main(argv=None) -> int:
    parser = FrenchArgumentParser(description="Aperçu en direct du portail.")
    parser.add_argument("content")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("-s", "--settings", required=True)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(argv)
    content, output, settings = Path(args.content).resolve(), Path(args.output).resolve(), Path(args.settings).resolve()
    builder = Builder(
        [sys.executable, "-m", "portail.commands.build", str(content), "-o", str(output), "-s", str(settings)]
    )
    builder.run("premier aperçu")
    output.mkdir(parents=True, exist_ok=True)
    watched = [content, ROOT / "themes", ROOT / "plugins", settings]
    threading.Thread(target=watch_and_rebuild, args=(builder, watched, output), daemon=True).start()
    handler = functools.partial(type("Handler", (PreviewHandler,), {"builder": builder}), directory=str(output))
    server = ThreadingHTTPServer((args.bind, args.port), handler)
    print(f"Aperçu sur http://{args.bind}:{args.port}/ — Ctrl+C pour arrêter.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
