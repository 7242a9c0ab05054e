"""Split a Markdown file into its YAML front matter and body, and validate the front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError

from portail.content.yaml_source import YamlDocument, load_yaml
from portail.model.errors import problems_from_validation
from portail.model.problems import Problem
from portail.model.schema import ArticleMeta, PageMeta, ValidationContext

# Same shape as pelican-yaml-metadata's header: optional blank lines, ---, YAML, --- or ...
_HEADER = re.compile(r"\s*^---$(?P<metadata>.+?)^(?:---|\.\.\.)$(?P<content>.*)", re.MULTILINE | re.DOTALL)


@dataclass
class ParsedSource:
    meta: ArticleMeta | PageMeta | None
    document: YamlDocument | None
    body: str
    problems: list[Problem]
    body_line: int = 1  # line of the file on which the body starts


def parse_source(
    text: str, shown: str, kind: type[ArticleMeta] | type[PageMeta], context: ValidationContext
) -> ParsedSource:
    """Validate the front matter of ``text`` (file ``shown``) against ``kind``."""
    match = _HEADER.fullmatch(text)
    if not match:
        return ParsedSource(
            None,
            None,
            text,
            [
                Problem(
                    shown,
                    1,
                    None,
                    "en-tête YAML manquant : le fichier doit commencer par une ligne « --- »",
                    "ajoutez l'en-tête (title, date, category, tags, summary) entre deux lignes « --- »",
                )
            ],
        )
    # The YAML text starts right after the opening "---", on that same line.
    first_line = text.count("\n", 0, match.start("metadata")) + 1
    body, body_line = match.group("content"), text.count("\n", 0, match.start("content")) + 1
    document, problems = load_yaml(match.group("metadata"), shown, first_line)
    if document is None:
        return ParsedSource(None, None, body, problems, body_line)
    if not isinstance(document.data, dict):
        problems.append(
            Problem(shown, first_line + 1, None, "l'en-tête YAML doit être une suite de lignes « champ: valeur »")
        )
        return ParsedSource(None, document, body, problems, body_line)
    try:
        meta = kind.model_validate(document.data, context=context)
    except ValidationError as error:
        problems.extend(problems_from_validation(error, document, shown))
        meta = None
    return ParsedSource(meta if not problems else None, document, body, problems, body_line)
