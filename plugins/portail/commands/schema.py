"""Write the JSON Schema of the article front matter (`make schema`), or check it is up to date.

    python scripts/front_matter_schema.py [--content DIR] [--output FILE] [--check]

Run it again after changing the model or the reference data (content/data/*.yaml).
Exit codes: 0 success, 1 the file is out of date (--check) or the reference data is invalid,
2 bad options.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portail.commands import settings as site_settings
from portail.commands.options import FrenchArgumentParser
from portail.content.authoring import SCHEMA_FILE
from portail.model.editor_schema import front_matter_schema, to_json
from portail.model.problems import ContentError
from portail.model.reference import load_reference

PROG = "front_matter_schema.py"


def parse_arguments(argv):
    parser = FrenchArgumentParser(prog=PROG, description="Écrit le schéma JSON de l'en-tête des articles.")
    parser.add_argument("--content", default="content", metavar="DOSSIER", help="dossier de contenu (défaut : content)")
    parser.add_argument(
        "--output",
        default=str(SCHEMA_FILE),
        metavar="FICHIER",
        help="fichier à écrire (défaut : schema/front-matter.schema.json)",
    )
    parser.add_argument("--check", action="store_true", help="vérifie que le fichier est à jour, sans l'écrire")
    parser.add_argument("--settings", default=str(site_settings.DEFAULT_SETTINGS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_arguments(argv)
    content, output = Path(args.content), Path(args.output)
    if not content.is_dir():
        print(f"{PROG} : dossier de contenu introuvable : {content}", file=sys.stderr)
        return 2
    settings = site_settings.load(args.settings, content)
    try:
        reference = load_reference(content / settings["PORTAIL_DATA_PATH"], content)
    except ContentError as error:
        print(str(error).replace(" : le site n'a pas été construit.", " : schéma non écrit."), file=sys.stderr)
        return 1
    text = to_json(front_matter_schema(reference, settings["PORTAIL_CATEGORIES"]))
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != text:
            print(
                f"{output} n'est pas à jour avec le modèle et les données de référence : lancez « make schema ».",
                file=sys.stderr,
            )
            return 1
        print(f"{output} est à jour.")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"Schéma écrit dans {output}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
