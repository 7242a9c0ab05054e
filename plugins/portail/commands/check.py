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
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from portail.commands import settings as site_settings
from portail.commands.options import FrenchArgumentParser
from portail.content.checks import Document
from portail.content.review import (
    READ_EXTENSIONS,
    article_problems,
    decision_problems,
    link_problems,
    page_problems,
    reserved_identities,
    source_files,
    unread_problems,
)
from portail.content.source import Source, read_source
from portail.model.decisions import Coverage
from portail.model.problems import ContentError, Problem, display_path, format_draft_report
from portail.model.reference import load_reference
from portail.model.schema import ArticleMeta, PageMeta, ValidationContext


def parse_arguments(argv):
    parser = FrenchArgumentParser(prog="check_content.py", description="Vérifie le contenu sans construire le site.")
    parser.add_argument("--content", default="content", help="dossier de contenu (défaut : content)")
    parser.add_argument("--format", default="text", choices=("text", "json"), help="format du rapport")
    parser.add_argument("--settings", default=str(site_settings.DEFAULT_SETTINGS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


@dataclass
class Report:
    problems: list[Problem]  # they stop the build
    draft_problems: list[Problem] = field(default_factory=list)  # drafts and scheduled articles': told only
    counts: dict = field(default_factory=dict)


def check(content: Path, settings: dict) -> Report:
    """What the build would refuse, found by the build's own reader and checks."""
    try:
        reference = load_reference(content / settings["PORTAIL_DATA_PATH"], content)
    except ContentError as error:
        return Report(error.problems)
    context = ValidationContext.of_site(reference, settings)
    today = None if settings["WITH_FUTURE_DATES"] else date.today()
    problems: list[Problem] = link_problems(content, lambda path: display_path(path, content))
    held_back: set[str] = set()
    documents: dict[str, list[Document]] = {"articles": [], "pages": []}
    reports = []
    for kind, folders, excludes, model in (
        ("articles", "ARTICLE_PATHS", "ARTICLE_EXCLUDES", ArticleMeta),
        ("pages", "PAGE_PATHS", "PAGE_EXCLUDES", PageMeta),
    ):
        files = source_files(content, settings[folders], settings[excludes], settings["IGNORE_FILES"])
        readable = [path for path in files if path.endswith(tuple(f".{e}" for e in READ_EXTENSIONS))]
        problems += unread_problems(files, set(readable), lambda path: display_path(path, content))
        for path in readable:
            source = read_source(path, content, model, context, today=today)
            problems += source.problems
            if source.held_back:
                held_back.add(source.shown)
            elif source.problems:
                continue  # refused: the build leaves it out of the checks across files too
            documents[kind].append(_document(source, settings))
            if kind == "articles" and not source.held_back:
                reports += _reports(source)
    problems += article_problems(documents["articles"]) + page_problems(documents["pages"])
    decisions, decision_issues = decision_problems(reports, reserved_identities(settings))
    problems += decision_issues
    counts = {"articles": len(documents["articles"]), "pages": len(documents["pages"]), "decisions": len(decisions)}
    return Report(
        [p for p in problems if p.path not in held_back], [p for p in problems if p.path in held_back], counts
    )


def _document(source: Source, settings: dict) -> Document:
    """As the build sees the file: a draft with problems keeps only its address (its file name)."""
    meta = source.parsed.meta if not source.problems else None
    if meta is None:
        return Document(source.shown, site_settings.slug_of(source.path, None, settings), settings["DEFAULT_LANG"])
    return Document(
        source.shown,
        site_settings.slug_of(source.path, meta, settings),
        meta.lang or settings["DEFAULT_LANG"],
        tuple(getattr(meta, "related", ())),
        tuple(getattr(meta, "tags", ())),
        source.parsed.document.lines,
    )


def _reports(source: Source) -> list[tuple]:
    meta, lines = source.parsed.meta, source.parsed.document.lines
    day = meta.date.date() if hasattr(meta.date, "hour") else meta.date
    return [
        (sanction, Coverage(meta.title, "", day, source.shown, lines.get(("sanctions", index))))
        for index, sanction in enumerate(getattr(meta, "sanctions", ()))
    ]


def render_text(report: Report) -> str:
    lines = []
    if report.problems:
        lines.append(str(ContentError(report.problems)).replace(" : le site n'a pas été construit.", "."))
    else:
        counts = report.counts
        lines.append(
            f"Contenu valide : {counts['articles']} articles, {counts['pages']} pages, {counts['decisions']} décisions."
        )
    if report.draft_problems:
        lines.append(format_draft_report(report.draft_problems))
    return "\n".join(lines)


def render_json(report: Report) -> str:
    def listed(problems):
        return [asdict(p) for p in sorted(set(problems), key=Problem.sort_key)]

    return json.dumps(
        {
            "valid": not report.problems,
            "counts": report.counts,
            "problems": listed(report.problems),
            "draft_problems": listed(report.draft_problems),
        },
        ensure_ascii=False,
        indent=1,
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
    report = check(content, settings)
    print(render_json(report) if args.format == "json" else render_text(report))
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
