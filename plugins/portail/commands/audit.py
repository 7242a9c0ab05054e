"""Measure the built site with Lighthouse: the home page, an article and the sanction index.

    python scripts/audit.py [CONTENT]        (make audit)

Builds CONTENT (default: content) with the publication settings into a temporary folder, its
address being the local server's (absolute addresses, as in production), serves it on 127.0.0.1 with the HTTP headers of deploy/_headers, and prints the four
Lighthouse scores of each page and the transfer weight of the article. Exits 1 when a score is
below 95. Needs `make node` (lighthouse) and Debian's chromium (CHROME_PATH).

The build and the server are shared with the browser tests (tests/browser/conftest.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from portail.commands.settings import ROOT

HEADERS_FILE = ROOT / "deploy" / "_headers"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
# Without the background-networking flags Chromium calls home at start (no network here).
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
PAGES = [
    ("Accueil", ""),
    ("Article", "articles/cegedim-sante-donnees-de-sante-800000-euros/"),
    ("Index des sanctions", "sanctions/"),
]
CATEGORIES = [
    ("performance", "Performance"),
    ("accessibility", "Accessibilité"),
    ("best-practices", "Bonnes pratiques"),
    ("seo", "SEO"),
]
TARGET = 95


def build_site(content: Path, output: Path, site_url: str) -> None:
    """`make publish` for another address (the build writes the search index too)."""
    environment = {**os.environ, "PORTAIL_SITEURL": site_url}
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "portail.commands.build",
            str(content),
            "-o",
            str(output),
            "-s",
            str(ROOT / "publishconf.py"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=300,
    )
    if build.returncode != 0:
        raise RuntimeError(f"La construction a échoué :\n{build.stderr}")


def header_rules(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a _headers file: a path pattern at the start of a line, then indented headers."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(path: str, rules) -> dict[str, str]:
    headers: dict[str, str] = {}
    for pattern, values in rules:
        if path == pattern or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            headers.update(values)
    return headers


# What deploy/nginx.conf compresses (gzip_types), and text/html, which nginx always compresses.
_COMPRESSED = {
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "image/svg+xml",
    "text/csv",
}


class SiteHandler(SimpleHTTPRequestHandler):
    """A static host like the production one: its headers, its 404 page, quiet."""

    rules: list = []
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".xml": "application/xml",
    }

    def end_headers(self):
        for name, value in headers_for(self.path.split("?")[0], self.rules).items():
            if name.lower() != "content-type":
                self.send_header(name, value)
        super().end_headers()

    def do_GET(self):
        """Text compressed when the browser accepts it, as deploy/nginx.conf has it (gzip)."""
        target = Path(self.translate_path(self.path))
        if target.is_dir() and self.path.split("?")[0].endswith("/"):
            target = target / "index.html"
        accepted = "gzip" in self.headers.get("Accept-Encoding", "")
        kind = self.guess_type(str(target))
        if not (accepted and target.is_file() and kind.split(";")[0] in _COMPRESSED):
            return super().do_GET()
        body = gzip.compress(target.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None

    def guess_type(self, path):
        override = headers_for(self.path.split("?")[0], self.rules).get("Content-Type")
        return override or super().guess_type(path)

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def log_message(self, format, *args):  # noqa: A002 (http.server's signature)
        pass


def local_server(directory: Path) -> ThreadingHTTPServer:
    """Bound at once on a free port of 127.0.0.1, so the site can be built for its address."""
    SiteHandler.rules = header_rules(HEADERS_FILE.read_text(encoding="utf-8"))
    return ThreadingHTTPServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(directory)))


@contextmanager
def serving(server: ThreadingHTTPServer):
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(url: str) -> dict:
    flags = " ".join(["--headless=new", *CHROMIUM_FLAGS])
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            f"--chrome-flags={flags}",
            "--only-categories=" + ",".join(key for key, _ in CATEGORIES),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Lighthouse a échoué sur {url} :\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure le site avec Lighthouse.")
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"), help="dossier de contenu")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        output = Path(temporary) / "output"
        server = local_server(output)
        build_site(Path(args.content).resolve(), output, f"http://127.0.0.1:{server.server_address[1]}")
        with serving(server) as base:
            reports = [(label, lighthouse(base + path)) for label, path in PAGES]
    print(f"{'Page':<22}" + "".join(f"{title:>18}" for _, title in CATEGORIES))
    below = []
    for label, report in reports:
        scores = [round(report["categories"][key]["score"] * 100) for key, _ in CATEGORIES]
        below += [f"{label} : {title} {score}" for (_, title), score in zip(CATEGORIES, scores) if score < TARGET]
        print(f"{label:<22}" + "".join(f"{score:>18}" for score in scores))
    article = dict(reports)["Article"]["audits"]["total-byte-weight"]["numericValue"]
    print(f"\nPoids transféré de la page d'article : {article / 1024:.1f} Kio")
    if below:
        print(f"\nSous {TARGET} (défaut à corriger) : " + " ; ".join(below))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
