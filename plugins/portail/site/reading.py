"""Pelican adapter: read YAML front matter through the portal's schema, and make builds strict.

- Every Markdown file is validated; a file with problems is rejected and its problems recorded.
- Anything Pelican itself logs as a warning or an error during the build is recorded too.
- Before any page is written, and again at the end, recorded problems stop the build with one
  French report (ContentError), so no article is ever silently dropped.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pelican.plugins.yaml_metadata import YAMLMetadataReader
from pelican.utils import pelican_open

from portail.content.checks import Document, body_problems, duplicate_slug_problems, related_problems, tag_problems
from portail.content.frontmatter import parse_source
from portail.counting.related import text_features
from portail.formats import reading_minutes
from portail.model.problems import ContentError, Problem, display_path
from portail.model.reference import load_reference
from portail.model.schema import ArticleMeta, PageMeta, ValidationContext
from portail.plumbing.fingerprints import fingerprint, plain_settings

# Pelican messages that are not content problems.
_HARMLESS = (
    re.compile(r"^Could not process "),  # our own rejection: already reported in French
    re.compile(r"^There are \d+ (original|items)"),  # duplicate slugs: check_articles says it in French
)
_QUIETED = ("pelican.generators", "pelican.utils")
_TAGS = re.compile(r"<[^>]+>")


def _is_harmless(record: logging.LogRecord) -> bool:
    return any(pattern.match(record.getMessage()) for pattern in _HARMLESS)


@dataclass
class BuildState:
    """What one build has learnt: its validation context and the problems found so far."""

    root: str
    context: ValidationContext
    problems: list[Problem] = field(default_factory=list)
    handler: logging.Handler | None = None

    def shown(self, path: str) -> str:
        return display_path(path, self.root)


class _Current:
    """The build running in this process (Pelican runs one at a time; forked workers inherit it).
    Kept out of the settings: they are pickled into Pelican's content cache."""

    state: BuildState | None = None


def state_of(_settings=None) -> BuildState:
    if _Current.state is None:
        raise RuntimeError("aucune construction en cours : portail.site n'a pas reçu get_generators")
    return _Current.state


def report(settings, problems: list[Problem]) -> None:
    """Record problems found by another plugin; the build stops before writing."""
    state_of(settings).problems.extend(problems)


class PortalReader(YAMLMetadataReader):
    """pelican-yaml-metadata's reader, with the portal's schema in front of it."""

    def read(self, source_path):
        state = state_of(self.settings)
        shown = state.shown(source_path)
        kind = PageMeta if _is_page(source_path, self.settings) else ArticleMeta
        with pelican_open(source_path) as text:
            parsed = parse_source(text, shown, kind, state.context)
        folder = os.path.relpath(os.path.dirname(source_path), self.settings["PATH"]).replace(os.sep, "/")
        parsed.problems += body_problems(
            shown,
            parsed.body,
            parsed.body_line,
            folder,
            lambda target: os.path.exists(os.path.join(self.settings["PATH"], target)),
        )
        if parsed.problems:
            state.problems.extend(parsed.problems)
            raise ContentError(parsed.problems)
        metadata = self._parse_yaml_metadata(parsed.document.data, source_path)
        content = self._md.reset().convert(parsed.body)
        metadata["field_lines"] = {key: parsed.document.line_of(key) for key in parsed.document.lines if len(key) <= 2}
        if kind is ArticleMeta:
            metadata["sanctions"] = parsed.meta.sanctions
            metadata["related"] = parsed.meta.related
            # « À lire aussi » reads these words; computed here, they are cached with the file.
            metadata["text_features"] = text_features(parsed.meta.title, parsed.meta.summary, content)
            metadata["toc"] = _long_article_toc(getattr(self._md, "toc_tokens", []))
            metadata["reading_time"] = reading_minutes(len(_TAGS.sub(" ", content).split()))
        return content, metadata


def _is_page(source_path: str, settings) -> bool:
    relative = os.path.relpath(source_path, settings["PATH"])
    return any(relative == p or relative.startswith(p.rstrip("/") + os.sep) for p in settings["PAGE_PATHS"])


def _long_article_toc(tokens: list[dict]) -> list[dict]:
    """Second-level headings, shown as a table of contents when there are enough of them."""
    minimum = 3
    return tokens if len(tokens) >= minimum else []


class _PelicanProblems(logging.Handler):
    def __init__(self, state: BuildState):
        super().__init__(logging.WARNING)
        self.state = state

    def emit(self, record: logging.LogRecord) -> None:
        if not _is_harmless(record):
            message = record.getMessage()
            self.state.problems.append(Problem("(construction)", None, None, f"Pelican signale : {message}"))


def _quiet(record: logging.LogRecord) -> bool:
    """Keep the console for the French report: Pelican's English echo of it is dropped."""
    return not _is_harmless(record)


def start_build(pelican) -> None:
    """A fresh state for every run: `pelican -r` runs many builds with one Pelican object."""
    settings = pelican.settings
    if _Current.state is not None:
        _detach(_Current.state)
    _drop_stale_cache(settings)
    reference = load_reference(os.path.join(settings["PATH"], settings["PORTAIL_DATA_PATH"]), settings["PATH"])
    state = BuildState(settings["PATH"], ValidationContext(reference, tuple(settings["PORTAIL_CATEGORIES"])))
    state.handler = _PelicanProblems(state)
    logging.getLogger("pelican").addHandler(state.handler)
    for name in _QUIETED:
        logging.getLogger(name).addFilter(_quiet)
    _Current.state = state


def _drop_stale_cache(settings) -> None:
    """Pelican's content cache skips reading (so validating) unchanged files. It is emptied when
    anything else that decides how a file reads changed: reference data, settings, the portal's
    code, or the day (an article held back by its date may be due)."""
    if not settings["LOAD_CONTENT_CACHE"]:
        return
    cache = Path(settings["CACHE_PATH"])
    plugins = list(Path(__file__).resolve().parents[1].rglob("*.py"))  # the portail package
    data = Path(settings["PATH"], settings["PORTAIL_DATA_PATH"]).glob("*.yaml")
    current = fingerprint([*plugins, *data], plain_settings(settings), date.today().isoformat())
    marker = cache / "portail-empreinte.txt"
    if marker.is_file() and marker.read_text(encoding="utf-8") == current:
        return
    if cache.is_dir():
        for stale in cache.iterdir():
            if stale.is_file():
                stale.unlink()
    cache.mkdir(parents=True, exist_ok=True)
    marker.write_text(current, encoding="utf-8")


def add_reader(readers) -> None:
    for extension in PortalReader.file_extensions:
        readers.reader_classes[extension] = PortalReader


def check_articles(generator) -> None:
    """Across articles: `related:` targets, one page per slug, one spelling per tag."""
    state = state_of(generator.settings)
    articles = [_document(state, a) for name in _ARTICLE_LISTS for a in getattr(generator, name, [])]
    state.problems.extend(related_problems(articles) + duplicate_slug_problems(articles) + tag_problems(articles))


def check_pages(generator) -> None:
    state = state_of(generator.settings)
    pages = [_document(state, p) for name in _PAGE_LISTS for p in getattr(generator, name, [])]
    state.problems.extend(duplicate_slug_problems(pages))


def _document(state: BuildState, content) -> Document:
    metadata = content.metadata
    return Document(
        state.shown(content.source_path),
        content.slug,
        content.lang,
        tuple(metadata.get("related", ())),
        tuple(tag.name for tag in metadata.get("tags", ())),
        metadata.get("field_lines", {}),
    )


_ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")
_PAGE_LISTS = ("pages", "translations", "hidden_pages", "hidden_translations", "draft_pages", "draft_translations")


def stop_on_problems(_sender) -> None:
    # Called with the generators list (all_generators_finalized) or the Pelican object (finalized).
    for state in _states(_sender):
        if state.problems:
            _detach(state)
            raise ContentError(state.problems)


def end_build(pelican) -> None:
    state = _Current.state
    if state is not None:
        stop_on_problems(pelican)
        _detach(state)


def _states(_sender):
    return [_Current.state] if _Current.state is not None else []


def _detach(state: BuildState) -> None:
    if state.handler is not None:
        logging.getLogger("pelican").removeHandler(state.handler)
        state.handler = None
    for name in _QUIETED:
        logging.getLogger(name).removeFilter(_quiet)
