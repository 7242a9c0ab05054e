"""Check all content without building the site: every problem of every file, in one run.

    python scripts/check_content.py [--content DIR] [--format text|json]

Checks the reference data, every front matter field, and what a schema cannot see: internal
links and images, alternative text, duplicate slugs, near-duplicate tags, `related` slugs,
summaries too long for a meta description, conflicting facts about one decision.
Lines start with `file:line:` so editors' tools can jump to them.
Exit codes: 0 clean, 1 problems found, 2 could not run.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from portail.commands import settings as site_settings
from portail.commands.options import FrenchArgumentParser
from portail.content.authoring import read_articles
from portail.content.checks import (
    Document,
    body_problems,
    duplicate_slug_problems,
    related_problems,
    summary_problems,
    tag_problems,
)
from portail.model.decisions import Coverage, catalogue
from portail.model.problems import ContentError, Problem, display_path
from portail.model.reference import load_reference
from portail.model.schema import ArticleMeta, PageMeta, ValidationContext


def parse_arguments(argv):
    parser = FrenchArgumentParser(prog="check_content.py", description="Vérifie le contenu sans construire le site.")
    parser.add_argument("--content", default="content", help="dossier de contenu (défaut : content)")
    parser.add_argument("--format", default="text", choices=("text", "json"), help="format du rapport")
    parser.add_argument("--settings", default=str(site_settings.DEFAULT_SETTINGS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def check(content: Path, settings: dict) -> tuple[list[Problem], dict]:
    try:
        reference = load_reference(content / settings["PORTAIL_DATA_PATH"], content)
    except ContentError as error:
        return error.problems, {}
    context = ValidationContext(reference, tuple(settings["PORTAIL_CATEGORIES"]))
    problems: list[Problem] = []
    documents: dict[str, list[Document]] = {"articles": [], "pages": []}
    reports = []
    for kind, folders, model in (
        ("articles", settings["ARTICLE_PATHS"], ArticleMeta),
        ("pages", settings["PAGE_PATHS"], PageMeta),
    ):
        for source in (file for folder in folders for file in read_articles(content / folder, context, content, model)):
            path, parsed, shown = source.path, source.parsed, display_path(source.path, content)
            folder = path.parent.relative_to(content).as_posix()
            problems += parsed.problems + body_problems(
                shown, parsed.body, parsed.body_line, folder, lambda target: (content / target).exists()
            )
            if parsed.meta is None:
                continue
            meta, lines = parsed.meta, parsed.document.lines
            document = Document(
                shown,
                site_settings.slug_of(path, meta, settings),
                meta.lang or settings["DEFAULT_LANG"],
                tuple(getattr(meta, "related", ())),
                tuple(getattr(meta, "tags", ())),
                lines,
            )
            documents[kind].append(document)
            problems += summary_problems(document, meta.summary)
            for index, sanction in enumerate(getattr(meta, "sanctions", ())):
                day = meta.date.date() if hasattr(meta.date, "hour") else meta.date
                reports.append((sanction, Coverage(meta.title, "", day, shown, lines.get(("sanctions", index)))))
    articles, pages = documents["articles"], documents["pages"]
    problems += related_problems(articles) + duplicate_slug_problems(articles) + tag_problems(articles)
    problems += duplicate_slug_problems(pages)
    decisions, conflicts = catalogue(reports)
    counts = {"articles": len(articles), "pages": len(pages), "decisions": len(decisions)}
    return problems + conflicts, counts


def render_text(problems: list[Problem], counts: dict) -> str:
    if problems:
        return str(ContentError(problems)).replace(" : le site n'a pas été construit.", ".")
    return f"Contenu valide : {counts['articles']} articles, {counts['pages']} pages, {counts['decisions']} décisions."


def render_json(problems: list[Problem], counts: dict) -> str:
    unique = sorted(set(problems), key=Problem.sort_key)
    return json.dumps(
        {"valid": not unique, "counts": counts, "problems": [asdict(p) for p in unique]}, ensure_ascii=False, indent=1
    )


def main(argv=None) -> int:
    args = parse_arguments(argv)
    content = Path(args.content)
    if not content.is_dir():
        print(f"check_content.py : dossier de contenu introuvable : {content}", file=sys.stderr)
        return 2
    try:
        settings = site_settings.load(args.settings, content)
    except Exception as error:  # the settings file is code: say which and why
        print(f"check_content.py : réglages illisibles ({args.settings}) : {error}", file=sys.stderr)
        return 2
    problems, counts = check(content, settings)
    print(render_json(problems, counts) if args.format == "json" else render_text(problems, counts))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
