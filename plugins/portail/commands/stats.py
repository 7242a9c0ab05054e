"""Statistics of the portal's sanctions, computed by the same code as the site.

    python scripts/sanction_stats.py [--content DIR] [--by FIELD] [--format FORMAT]
        [--authority ID] [--sector ID] [--breach ID] [--year YYYY] [--since DATE] [--until DATE]
        [--currency CODE]

Exit codes: 0 success, 1 content problems (reported in French), 2 bad options.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path

from babel.numbers import list_currencies

from portail.commands import settings as site_settings
from portail.commands.options import FrenchArgumentParser
from portail.content.corpus import read_corpus
from portail.content.review import reserved_identities
from portail.counting.statistics import GROUPINGS, Selection, report, select
from portail.formats import number_fr
from portail.model.problems import ContentError
from portail.model.suggest import did_you_mean

COLUMNS = ("key", "label", "count", "count_with_amount", "total", "mean", "median", "max")
HEADERS_FR = ("clé", "libellé", "décisions", "avec montant", "total", "moyenne", "médiane", "maximum")


class UsageError(Exception):
    """A bad option: message in French, exit code 2."""


def parse_arguments(argv):
    parser = FrenchArgumentParser(
        prog="sanction_stats.py", description="Statistiques des sanctions publiées sur le portail."
    )
    parser.add_argument("--content", default="content", help="dossier de contenu (défaut : content)")
    parser.add_argument("--by", default="none", choices=GROUPINGS, help="regroupement (défaut : none)")
    parser.add_argument("--format", default="table", choices=("table", "csv", "json", "markdown"))
    parser.add_argument("--authority", help="identifiant d'autorité (data/authorities.yaml)")
    parser.add_argument("--sector", help="identifiant de secteur (data/sectors.yaml)")
    parser.add_argument("--breach", help="identifiant de manquement (data/breaches.yaml)")
    parser.add_argument("--year", help="année de décision, AAAA")
    parser.add_argument("--since", help="décisions à partir de cette date, AAAA-MM-JJ")
    parser.add_argument("--until", help="décisions jusqu'à cette date, AAAA-MM-JJ")
    parser.add_argument("--currency", default="EUR", help="devise des montants (défaut : EUR)")
    parser.add_argument("--cache", help="dossier du cache de lecture (défaut : CACHE_PATH des réglages)")
    parser.add_argument("--no-cache", action="store_true", help="relire tous les fichiers (sans le cache)")
    parser.add_argument("--settings", default=str(site_settings.DEFAULT_SETTINGS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _date(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--{option} : date AAAA-MM-JJ attendue, trouvé « {value} »") from None


def _year(value: str | None) -> int | None:
    if value is None:
        return None
    if not (len(value) == 4 and value.isdigit()):
        raise UsageError(f"--year : année AAAA attendue, trouvé « {value} »")
    return int(value)


def _known(option: str, value: str | None, table: dict) -> str | None:
    if value is not None and value not in table:
        hint = did_you_mean(value, table)
        raise UsageError(f"--{option} : identifiant inconnu « {value} »" + (f" — {hint}" if hint else ""))
    return value


def selection_from(args, reference) -> Selection:
    return Selection(
        authority=_known("authority", args.authority, reference.authorities),
        sector=_known("sector", args.sector, reference.sectors),
        breach=_known("breach", args.breach, reference.breaches),
        year=_year(args.year),
        since=_date("since", args.since),
        until=_date("until", args.until),
    )


def render(result: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2)
    rows = result["groups"] or [{"key": "", "label": "ensemble", **result["overall"]}]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: row[c] for c in COLUMNS} for row in rows)
        return buffer.getvalue().rstrip("\n")
    cells = [[_cell(row, c) for c in COLUMNS] for row in rows]
    if fmt == "markdown":
        lines = ["| " + " | ".join(HEADERS_FR) + " |", "|" + "---|" * 2 + "---:|" * 6]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in cells]
        return "\n".join(lines)
    return _table([HEADERS_FR, *cells], result)


def _cell(row: dict, column: str) -> str:
    value = row[column]
    return number_fr(value).replace("\u202f", " ") if isinstance(value, int) else str(value)


def _table(rows, result) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = []
    for index, row in enumerate(rows):
        lines.append(
            "  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
        )
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    overall = result["overall"]
    lines.append("")
    lines.append(
        f"Ensemble : {number_fr(overall['count'])} décisions, dont {number_fr(overall['count_with_amount'])} "
        f"avec un montant en {result['currency']} ; total {_cell(overall, 'total')} {result['currency']}."
    )
    lines.append(
        f"Mentions dans les articles : {number_fr(result['mentions'])}, "
        f"pour {number_fr(overall['count'])} décisions distinctes."
    )
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_arguments(argv)
    try:
        if args.currency not in list_currencies():
            raise UsageError(f"--currency : code ISO 4217 attendu, trouvé « {args.currency} »")
        content = Path(args.content)
        if not (content / "articles").is_dir():
            raise UsageError(f"--content : dossier d'articles introuvable : {content / 'articles'}")
        settings = site_settings.load(args.settings, content)
        corpus = read_corpus(
            content,
            tuple(settings["PORTAIL_CATEGORIES"]),
            cache_dir=None if args.no_cache else (args.cache or settings["CACHE_PATH"]),
            now=None if settings["WITH_FUTURE_DATES"] else datetime.now(),
            processes=settings.get("PARALLEL_BUILD_PROCESSES"),
            ignores=tuple(settings["IGNORE_FILES"]),
            reserved=frozenset(reserved_identities(settings)),
            slug_substitutions=settings["SLUG_REGEX_SUBSTITUTIONS"],
        )
        selection = selection_from(args, corpus.reference)
    except UsageError as error:
        print(f"sanction_stats.py : {error}", file=sys.stderr)
        return 2
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    if corpus.problems:
        print(ContentError(corpus.problems), file=sys.stderr)
        return 1
    result = report(select(corpus.decisions, selection), args.by, corpus.reference, args.currency)
    print(render(result, args.format))
    return 0


def run() -> None:
    """The command's entry point.

    A command that lives for a second: the cycle collector would only walk the corpus again and
    again, and freeing it object by object at exit is time the answer does not need."""
    gc.disable()
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    run()
