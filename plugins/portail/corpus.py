"""Read a content folder outside Pelican (scripts), with the same parsing and validation as the site."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .decisions import Coverage, Decision, catalogue
from .frontmatter import parse_source
from .problems import Problem, display_path
from .reference import ReferenceData, load_reference
from .schema import ArticleMeta, ValidationContext


@dataclass
class Corpus:
    reference: ReferenceData
    decisions: list[Decision]
    problems: list[Problem]


def read_corpus(content: str | Path, categories: tuple[str, ...], url_for: Callable[[Path, ArticleMeta], str],
                article_dir: str = "articles", data_dir: str = "data") -> Corpus:
    """Published articles' decisions, deduplicated. Raises ContentError for broken reference data."""
    content = Path(content)
    reference = load_reference(content / data_dir, content)
    context = ValidationContext(reference, categories)
    reports, problems = [], []
    for path in sorted((content / article_dir).rglob("*.md")):
        shown = display_path(path, content)
        parsed = parse_source(path.read_text(encoding="utf-8"), shown, ArticleMeta, context)
        problems.extend(parsed.problems)
        if parsed.meta is None or parsed.meta.status == "draft":
            continue
        meta, lines = parsed.meta, parsed.document.lines
        for index, sanction in enumerate(meta.sanctions):
            reports.append((sanction, Coverage(meta.title, url_for(path, meta), _day(meta.date), shown,
                                               lines.get(("sanctions", index)))))
    decisions, conflicts = catalogue(reports)
    return Corpus(reference, decisions, problems + conflicts)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
