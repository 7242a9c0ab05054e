"""Create a draft article for each new decision of a CSV with the open-data columns (`make import`).

    python scripts/import_sanctions.py FICHIER.csv [--content DOSSIER] [--dry-run]

The CSV is the one the site publishes (/sanctions/sanctions.csv): `breaches` and `articles` are
separated by « ; », an empty `amount` means « not disclosed ». Every row is checked with the
schema first; if one is wrong, all wrong rows are reported and nothing is written. A decision
already reported by an article (drafts included) is left alone; no file is ever overwritten.
Exit codes: 0 done, 1 invalid rows or content, 2 bad options or a file that is not the CSV.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from portail.commands import settings as site_settings
from portail.commands.options import FrenchArgumentParser
from portail.content.authoring import (
    article_slug,
    category_folder,
    comment_safe,
    read_articles,
    sanction_lines,
    schema_comment,
    yaml_value,
)
from portail.content.checks import SUMMARY_LIMIT
from portail.content.sanction_csv import CsvFileError, Row, address_problem, read_sanctions, row_message
from portail.formats import amount_fr, date_fr
from portail.model.decisions import decision_identity
from portail.model.problems import ContentError
from portail.model.reference import load_reference
from portail.model.schema import Sanction, ValidationContext

PROG = "import_sanctions.py"
# The section of an imported decision, by authority; every other authority: OTHER_CATEGORY.
CATEGORY_BY_AUTHORITY = {"cnil": "Amendes CNIL"}
OTHER_CATEGORY = "Sanctions en Europe"
IMPORT_TAG = "import"


class UsageError(Exception):
    """A bad option or a file that is not the sanctions CSV: French message, exit code 2."""


def parse_arguments(argv):
    parser = FrenchArgumentParser(prog=PROG, description="Crée un brouillon d'article par décision nouvelle d'un CSV.")
    parser.add_argument("file", metavar="FICHIER.csv", help="CSV aux colonnes des données ouvertes (sanctions.csv)")
    parser.add_argument("--content", default="content", metavar="DOSSIER", help="dossier de contenu (défaut : content)")
    parser.add_argument("--dry-run", action="store_true", help="affiche ce qui serait créé, sans rien écrire")
    parser.add_argument("--settings", default=str(site_settings.DEFAULT_SETTINGS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"fichier introuvable : {path}") from None
    except IsADirectoryError:
        raise UsageError(f"{path} est un dossier ; attendu : un fichier CSV") from None
    except OSError:
        raise UsageError(f"fichier illisible (droits d'accès ?) : {path}") from None
    try:
        return raw.decode("utf-8-sig")  # a spreadsheet's « CSV UTF-8 » starts with a byte order mark
    except UnicodeDecodeError:
        raise UsageError(
            f"{path} n'est pas un fichier texte UTF-8 (un classeur ?) — enregistrez-le au format « CSV UTF-8 »"
        ) from None


def title_of(sanction: Sanction, reference) -> str:
    short = reference.authorities[sanction.authority].short
    return f"Décision {short} du {date_fr(sanction.decision_date)} contre {sanction.organisation}"


def summary_of(sanction: Sanction, reference) -> str:
    """A factual summary to rewrite, within the length search engines show."""
    short = reference.authorities[sanction.authority].short
    breaches = ", ".join(
        reference.breaches[b].label[:1].lower() + reference.breaches[b].label[1:] for b in sanction.breaches
    )
    if sanction.amount is None:
        facts = f"Sanction de l'autorité {short} contre {sanction.organisation}, montant non communiqué"
    else:
        facts = (
            f"Amende de {amount_fr(sanction.amount, sanction.currency)} infligée par l'autorité {short} "
            f"à {sanction.organisation}"
        )
    for text in (f"{facts} : {breaches}.", f"{facts}."):
        if len(text) <= SUMMARY_LIMIT:
            return text
    return facts[: SUMMARY_LIMIT - 1] + "…"


def article_text(row: Row, reference, target: Path, source_file: str) -> str:
    sanction = row.sanction
    category = CATEGORY_BY_AUTHORITY.get(sanction.authority, OTHER_CATEGORY)
    lines = [
        "---",
        schema_comment(target),
        f"# Importé de {comment_safe(source_file)} (ligne {row.line}) : vérifiez les faits, réécrivez le résumé et le texte,",
        "# puis écrivez « status: published » quand l'article est prêt.",
        f"title: {yaml_value(title_of(sanction, reference))}",
        f"date: {date.today().isoformat()}",
        f"category: {yaml_value(category)}",
        f"tags: [{IMPORT_TAG}]",
        f"summary: {yaml_value(summary_of(sanction, reference))}",
        "status: draft",
        "sanctions:",
        *sanction_lines(sanction),
        "---",
        "",
        "À COMPLÉTER : l'analyse de la décision, en Markdown : ce que l'autorité reproche à l'organisme,",
        "ce qu'il faut en retenir. Les intertitres commencent à « ## ».",
    ]
    return "\n".join(lines + source_link(sanction.source)) + "\n"


def source_link(source: str | None) -> list[str]:
    """The body's link to the decision: fixed words, the address only as a link target.

    A reference definition takes its target literally (an autolink would still read ``[x](y)``
    or `` `code` `` in it). Rows were checked with ``address_problem``; it is checked again here
    because the body becomes HTML.
    """
    if not source or address_problem(source) is not None:
        return []
    return ["", "[Le texte de la décision][decision].", "", f"[decision]: <{source}>"]


def free_slug(base: str, taken: set[str], folder: Path) -> str:
    slug, number = base, 1
    while slug in taken or (folder / f"{slug}.md").exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def differences(existing: Sanction, imported: Sanction) -> list[str]:
    return [
        name
        for name in Sanction.model_fields
        if name not in ("id", "distinct_from") and getattr(existing, name) != getattr(imported, name)
    ]


def main(argv=None) -> int:
    args = parse_arguments(argv)
    content, shown = Path(args.content), args.file
    try:
        if not content.is_dir():
            raise UsageError(f"--content : dossier de contenu introuvable : {content}")
        text = read_text(Path(args.file))
        settings = site_settings.load(args.settings, content)
        reference = load_reference(content / settings["PORTAIL_DATA_PATH"], content)
        context = ValidationContext(reference, tuple(settings["PORTAIL_CATEGORIES"]))
        rows, problems = read_sanctions(text, shown, context)
    except (UsageError, CsvFileError) as error:
        print(f"{PROG} : {error}", file=sys.stderr)
        return 2
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    if problems:
        count = len({p.line for p in problems})
        print(
            f"{count} {plural(count, 'ligne')} {plural(count, 'invalide')} dans {shown} : aucun article n'a été créé.",
            file=sys.stderr,
        )
        print("\n".join(row_message(p) for p in problems), file=sys.stderr)
        return 1
    articles = content / settings["ARTICLE_PATHS"][0]
    existing = read_articles(articles, context, content) if articles.is_dir() else []
    broken = [problem for article in existing for problem in article.parsed.problems]
    if broken:
        print(
            str(ContentError(broken)).replace(
                "le site n'a pas été construit", "réparez le contenu avant l'import ; rien n'a été créé"
            ),
            file=sys.stderr,
        )
        return 1
    return import_rows(rows, existing, articles, reference, settings, args)


def import_rows(rows: list[Row], existing, articles: Path, reference, settings, args) -> int:
    known = {decision_identity(s): (s, article.path) for article in existing for s in article.parsed.meta.sanctions}
    taken = {site_settings.slug_of(article.path, article, settings) for article in existing}
    created, skipped, status = 0, 0, 0
    for row in rows:
        if row.identity in known:
            sanction, path = known[row.identity]
            changed = differences(sanction, row.sanction)
            print(
                f"Déjà présente : {row.identity} ({path})"
                + (f" — le CSV diffère sur : {', '.join(changed)} ; l'article n'est pas modifié" if changed else "")
            )
            skipped += 1
            continue
        folder = articles / category_folder(
            CATEGORY_BY_AUTHORITY.get(row.sanction.authority, OTHER_CATEGORY), settings["PORTAIL_CATEGORY_FOLDERS"]
        )
        slug = free_slug(article_slug(title_of(row.sanction, reference)), taken, folder)
        taken.add(slug)
        target = folder / f"{slug}.md"
        if args.dry_run:
            print(f"Créerait : {target} ({row.identity})")
            created += 1
            continue
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with open(target, "x", encoding="utf-8") as stream:  # "x": never overwrite
                stream.write(article_text(row, reference, target, args.file))
        except OSError as error:
            print(f"{PROG} : impossible d'écrire {target} : {error.strerror}", file=sys.stderr)
            status = 1
            continue
        print(f"Créé : {target} ({row.identity})")
        created += 1
    done = "à créer (essai : rien n'a été écrit)" if args.dry_run else plural(created, "créé")
    print(
        f"{created} {plural(created, 'brouillon')} {done}, {skipped} {plural(skipped, 'décision')} "
        f"déjà {plural(skipped, 'présente')}."
    )
    return status


def plural(count: int, word: str) -> str:
    return word + "s" if count > 1 else word


if __name__ == "__main__":
    sys.exit(main())
