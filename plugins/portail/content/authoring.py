"""Creating articles (`make new`, the bulk import): file names, folders, front matter text.

The file name is the article's address, so it comes from the title, never from a date, and an
existing file or address is never reused.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from portail.content.frontmatter import ParsedSource
from portail.content.source import read_folder
from portail.model.decisions import slugify
from portail.model.schema import ArticleMeta, PageMeta, Sanction, ValidationContext
from portail.model.suggest import did_you_mean

_PLAIN = re.compile(r"[^\W_][\w.-]*")  # a word: no YAML indicator, no space, no quote
# Left as they are by JSON but refused, folded or read as a line break by a YAML reader (DEL, C1
# controls with NEL, line and paragraph separators), or shown in another order or not at all.
_YAML_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufdd0-\ufdef\ufffe\uffff]")
# What may end a comment line early or hide part of it.
_COMMENT_UNSAFE = re.compile("[\x00-\x1f" + _YAML_ESCAPED.pattern[1:])
SLUG_WORDS = 8  # enough to recognise the article, short enough for an address
SCHEMA_FILE = Path(__file__).resolve().parents[3] / "schema" / "front-matter.schema.json"


class AuthoringError(ValueError):
    """An answer or option an editor must correct: the message is French."""


def article_slug(title: str, words: int = SLUG_WORDS) -> str:
    """« Données de santé : la CNIL sanctionne… » -> donnees-de-sante-la-cnil-sanctionne…"""
    return "-".join(slugify(title).split("-")[:words])


def category_folder(category: str, folders: Mapping[str, str]) -> str:
    return folders.get(category) or slugify(category)


def resolve_category(answer: str, categories: Sequence[str]) -> str:
    """A category from its number in the list (from 1) or its name, accents and case aside."""
    text = answer.strip()
    if text.isdecimal() and 1 <= int(text) <= len(categories):
        return categories[int(text) - 1]
    for category in categories:
        if slugify(category) == slugify(text) and text:
            return category
    hint = did_you_mean(text, categories)
    raise AuthoringError(
        f"rubrique inconnue « {text} »"
        + (f" — {hint}" if hint else "")
        + f" ; rubriques : {', '.join(categories)} (ou leur numéro, de 1 à {len(categories)})"
    )


def schema_comment(article: Path) -> str:
    """The modeline that gives editors completion and checks from the JSON Schema."""
    relative = Path(os.path.relpath(SCHEMA_FILE, article.resolve().parent)).as_posix()
    return f"# yaml-language-server: $schema={comment_safe(relative)}"


def comment_safe(text: str) -> str:
    """``text`` for a YAML comment: as it is, or quoted with escapes if it could end the line."""
    return _quoted(text) if _COMMENT_UNSAFE.search(text) else text


def yaml_value(value) -> str:
    """A value as YAML the portal reads back identically: plain when safe, else quoted."""
    if value is None:
        return "null"
    if isinstance(value, (int, date)):
        return str(value) if isinstance(value, int) else value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    if _PLAIN.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return _quoted(value)


def _quoted(text: str) -> str:
    """A double-quoted YAML scalar on one line, read back as ``text`` whatever it holds."""
    # A JSON string is a double-quoted YAML scalar (quotes, backslashes, C0 controls escaped);
    # the \u escapes added for the rest mean the same in both.
    return _YAML_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def sanction_lines(sanction: Sanction) -> list[str]:
    """The `sanctions:` entry of one decision, fields in the model's order (id only when set)."""
    # `id` and `distinct_from` only when set: an import or a new article has neither.
    fields = [
        (name, getattr(sanction, name))
        for name in Sanction.model_fields
        if name not in ("id", "distinct_from") or getattr(sanction, name)
    ]
    return [
        f"{'  - ' if index == 0 else '    '}{name}: {yaml_value(value)}" for index, (name, value) in enumerate(fields)
    ]


@dataclass
class ArticleFile:
    """An existing article, read through the schema (drafts too)."""

    path: Path
    parsed: ParsedSource

    @property
    def slug(self) -> str | None:
        """The `slug` field, also read from a file that does not validate."""
        if self.parsed.meta is not None:
            return self.parsed.meta.slug
        data = self.parsed.document.data if self.parsed.document else None
        slug = data.get("slug") if isinstance(data, dict) else None
        return slug if isinstance(slug, str) else None


def read_articles(
    folder: Path, context: ValidationContext, content: Path, kind: type[ArticleMeta] | type[PageMeta] = ArticleMeta
) -> list[ArticleFile]:
    """Every article (or page) under ``folder``, whatever its status, read by the build's reader;
    problems stay in ``parsed.problems``."""
    return [ArticleFile(source.path, source.parsed) for source in read_folder(folder, content, kind, context)]
