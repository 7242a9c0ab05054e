"""Pelican adapter: titles and summaries shown with French typography in every template.

Set once, when the articles (and pages) are read, as ``FrenchText``: typographic wherever a
template prints them, as written wherever they are data (JSON-LD, feeds, open data). Bodies get
theirs from the Markdown extension (``portail.typography.FrenchTypographyExtension``).
"""

from __future__ import annotations

from portail.typography import french_text

_FIELDS = ("title", "summary")


def _set(content) -> None:
    for name in _FIELDS:
        if name in content.metadata:
            content.metadata[name] = french_text(content.metadata[name])
    # Pelican copied each metadata value onto an attribute of the same name when it read the file.
    if "title" in content.metadata:
        content.title = content.metadata["title"]


def _all(contents) -> None:
    for content in contents:
        _set(content)
        for translation in getattr(content, "translations", ()):
            _set(translation)


def set_articles(generator) -> None:
    _all([*generator.articles, *generator.drafts, *getattr(generator, "hidden_articles", ())])


def set_pages(generator) -> None:
    _all([*generator.pages, *generator.hidden_pages, *generator.draft_pages])
