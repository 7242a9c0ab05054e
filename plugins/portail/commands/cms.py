"""The CMS of the preview (Decap CMS at /admin/): write its files, or serve it with the preview.

    python -m portail.commands.cms --content content -o DOSSIER
    python -m portail.commands.cms serve [--content content] [-o output] [--port 8000]   (make cms)

The first form writes DOSSIER/admin/config.yml (generated from the schema and content/data/,
never edited by hand) and DOSSIER/admin/index.html, which loads decap-cms.js from the same
folder (no CDN). Exit codes: 0 success, 1 the reference data is invalid, 2 bad options.

`serve` runs two things, both bound to 127.0.0.1, and stops both on Ctrl+C:

- the preview (scripts/devserver.py) on --port, which serves /admin/ from a temporary folder
  of its own: the preview's full builds replace output/ whole, so anything copied there would
  vanish at the next build, and the published site never has an admin/ folder;
- the CMS's local backend (decap-server, from node_modules) on --backend-port: it reads and
  writes the files of the project folder, so a save lands in content/ like an editor's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from portail.cms.config import DEFAULT_PROXY_URL, cms_config, to_yaml
from portail.commands import settings as site_settings
from portail.commands.options import FrenchArgumentParser
from portail.commands.settings import ROOT
from portail.model.problems import ContentError
from portail.model.reference import load_reference

PROG = "cms.py"
ADMIN = "admin"
CMS_SCRIPT = "decap-cms.js"
# The portal's own widgets (the featured image), registered once the CMS has loaded.
WIDGETS = Path(__file__).resolve().parents[1] / "cms" / "widgets.js"
# What `npm ci` installs from package.json: the CMS's files and its local backend.
CMS_DIST = ROOT / "node_modules" / "decap-cms" / "dist"
BACKEND = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
# decap-server has no authentication: only this machine may reach it, and the preview with it.
LOCALHOST = "127.0.0.1"
STOP_SECONDS = 10
INDEX_HTML = f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Rédaction — Portail RGPD</title>
<link rel="icon" type="image/svg+xml" href="/theme/favicon.svg">
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script src="{CMS_SCRIPT}"></script>
<script src="{WIDGETS.name}"></script>
</body>
</html>
"""


def parse_arguments(argv):
    parser = FrenchArgumentParser(prog=PROG, description="Écrit la configuration du CMS de l'aperçu (/admin/).")
    parser.add_argument("--content", default="content", metavar="DOSSIER", help="dossier de contenu (défaut : content)")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DOSSIER",
        help="dossier où écrire admin/config.yml et admin/index.html",
    )
    parser.add_argument(
        "--root",
        metavar="DOSSIER",
        help="dossier que sert le serveur local du CMS (défaut : le dossier parent du contenu)",
    )
    parser.add_argument("--proxy-url", default=DEFAULT_PROXY_URL, help=argparse.SUPPRESS)
    parser.add_argument("--settings", default=str(site_settings.DEFAULT_SETTINGS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def write_admin(
    content: Path,
    output: Path,
    root: Path,
    settings: dict,
    proxy_url: str = DEFAULT_PROXY_URL,
    preview_url: str | None = None,
) -> Path:
    """Write admin/config.yml and admin/index.html under ``output``; raises ContentError."""
    reference = load_reference(content / settings["PORTAIL_DATA_PATH"], content)
    prefix = Path(os.path.relpath(content.resolve(), root.resolve())).as_posix()
    admin = output / ADMIN
    admin.mkdir(parents=True, exist_ok=True)
    (admin / "config.yml").write_text(
        to_yaml(cms_config(reference, settings, folder_prefix=prefix, proxy_url=proxy_url, preview_url=preview_url)),
        encoding="utf-8",
    )
    (admin / "index.html").write_text(INDEX_HTML, encoding="utf-8")
    shutil.copy2(WIDGETS, admin / WIDGETS.name)
    return admin


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["serve"]:
        return serve_main(argv[1:])
    args = parse_arguments(argv)
    content = Path(args.content)
    problem = _folders_problem(content, args.root)
    if problem:
        print(f"{PROG} : {problem}", file=sys.stderr)
        return 2
    settings = site_settings.load(args.settings, content)
    try:
        admin = write_admin(content, Path(args.output), _root(content, args.root), settings, args.proxy_url)
    except ContentError as error:
        print(_not_written(error), file=sys.stderr)
        return 1
    print(f"Configuration du CMS écrite dans {admin / 'config.yml'}.")
    return 0


def _root(content: Path, root: str | None) -> Path:
    return Path(root) if root else content.resolve().parent


def _folders_problem(content: Path, root: str | None) -> str | None:
    if not content.is_dir():
        return f"dossier de contenu introuvable : {content}"
    if not content.resolve().is_relative_to(_root(content, root).resolve()):
        return f"le dossier de contenu {content} n'est pas dans le dossier servi {root}"
    return None


def _not_written(error: ContentError) -> str:
    return str(error).replace(" : le site n'a pas été construit.", " : configuration du CMS non écrite.")


# --- serve: the preview, the local backend and /admin/ together ---------------------------------


def parse_serve_arguments(argv):
    parser = FrenchArgumentParser(
        prog=f"{PROG} serve", description="Lance l'aperçu et le CMS (/admin/), liés à 127.0.0.1 ; Ctrl+C arrête tout."
    )
    parser.add_argument("--content", default="content", metavar="DOSSIER", help="dossier de contenu (défaut : content)")
    parser.add_argument("-o", "--output", default="output", metavar="DOSSIER", help="dossier du site construit")
    parser.add_argument("-s", "--settings", default=str(site_settings.DEFAULT_SETTINGS), metavar="FICHIER")
    parser.add_argument("--port", type=int, default=8000, help="port de l'aperçu (défaut : 8000)")
    parser.add_argument("--backend-port", type=int, default=8081, help="port de decap-server (défaut : 8081)")
    parser.add_argument("--root", metavar="DOSSIER", help="dossier où le CMS écrit (défaut : parent du contenu)")
    return parser.parse_args(argv)


def serve_main(argv) -> int:
    args = parse_serve_arguments(argv)
    content = Path(args.content)
    problem = _folders_problem(content, args.root) or _missing_node_modules()
    if problem:
        print(f"{PROG} serve : {problem}", file=sys.stderr)
        return 2
    root = _root(content, args.root)
    settings = site_settings.load(args.settings, content)
    folder = Path(tempfile.mkdtemp(prefix="portail-cms-"))
    try:
        admin = write_admin(
            content,
            folder,
            root,
            settings,
            proxy_url=f"http://{LOCALHOST}:{args.backend_port}/api/v1",
            preview_url=f"http://{LOCALHOST}:{args.port}/",
        )
        copy_cms_files(admin)
        return run_together(args, content, root, folder)
    except ContentError as error:
        print(_not_written(error), file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _missing_node_modules() -> str | None:
    if (CMS_DIST / CMS_SCRIPT).is_file() and BACKEND.is_file():
        return None
    return "decap-cms ou decap-server introuvable dans node_modules/ : lancez « make node » (npm ci)"


def copy_cms_files(admin: Path) -> None:
    """The CMS's script and the chunks it loads from its own folder; source maps left out."""
    for path in CMS_DIST.iterdir():
        if path.is_file() and not path.name.endswith(".map"):
            shutil.copy2(path, admin / path.name)


def run_together(args, content: Path, root: Path, folder: Path) -> int:
    """The preview (serving /admin/) and the backend as subprocesses; all stop when one stops."""
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    children = {
        "decap-server": _start_backend(root, args.backend_port),
        "aperçu": _start_preview(args, content, folder / ADMIN),
    }
    print(
        f"Aperçu : http://{LOCALHOST}:{args.port}/ ; CMS : http://{LOCALHOST}:{args.port}/admin/ "
        f"(serveur local du CMS sur le port {args.backend_port}). Ctrl+C pour tout arrêter.",
        flush=True,
    )
    ended = None
    try:
        while not stopping.is_set() and ended is None:
            ended = next((name for name, child in children.items() if child.poll() is not None), None)
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        _stop(children.values())
    if ended is not None:
        print(
            f"{PROG} serve : {ended} s'est arrêté (code {children[ended].returncode}) : tout est arrêté.",
            file=sys.stderr,
        )
        return 1
    return 0


def _start_backend(root: Path, port: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": LOCALHOST,
        "GIT_REPO_DIRECTORY": str(root.resolve()),
        "MODE": "fs",
    }
    # Its own session: Ctrl+C reaches this process only, which stops the children in order.
    return subprocess.Popen(["node", str(BACKEND)], env=environment, cwd=root, start_new_session=True)


def _start_preview(args, content: Path, admin: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        str(ROOT / "scripts" / "devserver.py"),
        str(content),
        "-o",
        args.output,
        "-s",
        args.settings,
        "--port",
        str(args.port),
        "--bind",
        LOCALHOST,
        "--admin",
        str(admin),
    ]
    return subprocess.Popen(command, start_new_session=True)


def _stop(children) -> None:
    """SIGTERM (the preview stops its build cleanly, as on Ctrl+C), then kill what lingers.

    Not SIGINT: a shell that starts this in the background makes its children ignore SIGINT."""
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


if __name__ == "__main__":
    sys.exit(main())
