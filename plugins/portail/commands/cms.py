"""The CMS of the preview (Decap CMS at /admin/): write its files from the schema.

    python -m portail.commands.cms --content content -o DOSSIER

writes DOSSIER/admin/config.yml (generated from the schema and content/data/, never edited by
hand) and DOSSIER/admin/index.html, which loads decap-cms.js from the same folder (no CDN).
Exit codes: 0 success, 1 the reference data is invalid, 2 bad options.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from portail.cms.config import DEFAULT_PROXY_URL, cms_config, to_yaml
from portail.commands import settings as site_settings
from portail.commands.options import FrenchArgumentParser
from portail.model.problems import ContentError
from portail.model.reference import load_reference

PROG = "cms.py"
ADMIN = "admin"
CMS_SCRIPT = "decap-cms.js"
INDEX_HTML = f"""<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Rédaction — Portail RGPD</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script src="{CMS_SCRIPT}"></script>
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


def write_admin(content: Path, output: Path, root: Path, settings: dict, proxy_url: str = DEFAULT_PROXY_URL) -> Path:
    """Write admin/config.yml and admin/index.html under ``output``; raises ContentError."""
    reference = load_reference(content / settings["PORTAIL_DATA_PATH"], content)
    prefix = Path(os.path.relpath(content.resolve(), root.resolve())).as_posix()
    admin = output / ADMIN
    admin.mkdir(parents=True, exist_ok=True)
    (admin / "config.yml").write_text(
        to_yaml(cms_config(reference, settings, folder_prefix=prefix, proxy_url=proxy_url)), encoding="utf-8"
    )
    (admin / "index.html").write_text(INDEX_HTML, encoding="utf-8")
    return admin


def main(argv=None) -> int:
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    content = Path(args.content)
    if not content.is_dir():
        print(f"{PROG} : dossier de contenu introuvable : {content}", file=sys.stderr)
        return 2
    root = Path(args.root) if args.root else content.resolve().parent
    if not content.resolve().is_relative_to(root.resolve()):
        print(f"{PROG} : le dossier de contenu {content} n'est pas dans le dossier servi {root}", file=sys.stderr)
        return 2
    settings = site_settings.load(args.settings, content)
    try:
        admin = write_admin(content, Path(args.output), root, settings, args.proxy_url)
    except ContentError as error:
        print(
            str(error).replace(" : le site n'a pas été construit.", " : configuration du CMS non écrite."),
            file=sys.stderr,
        )
        return 1
    print(f"Configuration du CMS écrite dans {admin / 'config.yml'}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
