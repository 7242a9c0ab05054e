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
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pelican.plugins.yaml_metadata import YAMLMetadataReader

from portail.content.checks import Document
from portail.content.review import READ_EXTENSIONS, article_problems, link_problems, page_problems, unread_problems
from portail.content.source import Source, read_source, unreadable
from portail.counting.related import text_features
from portail.formats import reading_minutes
from portail.model.problems import ContentError, Problem, display_path, format_draft_report
from portail.model.reference import load_reference
from portail.model.schema import ArticleMeta, PageMeta, ValidationContext
from portail.plumbing.fingerprints import fingerprint, plain_settings

# Pelican messages that are not content problems.
_HARMLESS = (
    re.compile(r"^Could not process "),  # a rejection: recorded by the handler below, by file
    re.compile(r"^There are \d+ (original|items)"),  # duplicate slugs: check_articles says it in French
)
_QUIETED = ("pelican.generators", "pelican.utils")
_TAGS = re.compile(r"<[^>]+>")


def _is_harmless(record: logging.LogRecord) -> bool:
    return any(pattern.match(record.getMessage()) for pattern in _HARMLESS)


@dataclass
class BuildState:
    """What one build has learnt: its validation context, the problems found so far, and the
    outcome of every source file (so that none can leave the build without one)."""

    root: str
    context: ValidationContext
    problems: list[Problem] = field(default_factory=list)
    handler: logging.Handler | None = None
    # Source files Pelican found, by absolute path, and what became of them.
    sources: set[str] = field(default_factory=set)
    outcomes: dict[str, str] = field(default_factory=dict)  # path -> "publié", "brouillon"…
    rejected: set[str] = field(default_factory=set)  # refused by the reader, problems recorded
    # Drafts and scheduled articles, by shown path: their problems are told, never blocking.
    held_back: dict[str, object] = field(default_factory=dict)

    # The shown path of each source file, made once: the checks across files ask it of every
    # article at every save of the preview (a second at 10,000 articles through pathlib).
    _shown: dict = field(default_factory=dict, repr=False, compare=False)

    def shown(self, path: str) -> str:
        try:
            return self._shown[path]
        except KeyError:
            shown = self._shown[path] = display_path(path, self.root)
            return shown

    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.path not in self.held_back]

    def of_drafts(self) -> list[Problem]:
        return [p for p in self.problems if p.path in self.held_back]


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
    """pelican-yaml-metadata's reader, behind the portal's one reader (portail.content.source).

    A file with problems is rejected (its problems recorded), unless it is held back (a draft,
    or dated in the future): then it becomes a draft that carries its problems, so that it never
    blocks the site and the preview lists it with them.
    """

    def read(self, source_path):
        state = state_of(self.settings)
        kind = PageMeta if _is_page(source_path, self.settings) else ArticleMeta
        today = None if self.settings["WITH_FUTURE_DATES"] else date.today()
        source = read_source(source_path, self.settings["PATH"], kind, state.context, today=today)
        try:
            if not source.problems:
                return self._published(source, kind)
            if source.held_back:
                return self._draft_with_problems(source)
        except Exception as error:  # Markdown or Pelican failing on this file: name it
            source.parsed.problems.append(unreadable(source.shown, error))
        state.problems.extend(source.problems)
        state.rejected.add(os.path.abspath(source_path))
        raise ContentError(source.problems)

    def _published(self, source: Source, kind):
        parsed = source.parsed
        metadata = self._parse_yaml_metadata(parsed.document.data, str(source.path))
        content = self._md.reset().convert(parsed.body)
        metadata["field_lines"] = {key: parsed.document.line_of(key) for key in parsed.document.lines if len(key) <= 2}
        metadata["portail_problems"] = ()
        metadata["image"] = parsed.meta.image
        if kind is ArticleMeta:
            # Imported here: portail.site.people builds on this module.
            from portail.site.people import article_metadata

            metadata.update(article_metadata(parsed.meta, state_of(self.settings).context.reference, self.settings))
            metadata["sanctions"] = parsed.meta.sanctions
            metadata["related"] = parsed.meta.related
            # « À lire aussi » reads these words; computed here, they are cached with the file.
            metadata["text_features"] = text_features(parsed.meta.title, parsed.meta.summary, content)
            metadata["toc"] = _long_article_toc(getattr(self._md, "toc_tokens", []))
            metadata["reading_time"] = reading_minutes(len(_TAGS.sub(" ", content).split()))
        return content, metadata

    def _draft_with_problems(self, source: Source):
        """Just enough of the front matter, as written, to list the draft; no body (it may be what is
        broken), no decisions (drafts count in no statistics)."""
        data = source.parsed.document.data
        faulty = {(p.field or "").split(".")[0].split("[")[0] for p in source.problems}
        title, category = data.get("title"), data.get("category")
        fields = {
            "title": title if "title" not in faulty and isinstance(title, str) and title.strip() else source.path.stem,
            "date": _date_or_today(data.get("date")),
            "status": "draft",
            "category": category if category in self.settings["PORTAIL_CATEGORIES"] else _first(self.settings),
            "summary": "",
        }
        metadata = self._parse_yaml_metadata(fields, str(source.path))
        metadata.update(field_lines={}, portail_problems=tuple(source.problems), sanctions=[], related=[])
        return "", metadata


def _first(settings) -> str:
    return settings["PORTAIL_CATEGORIES"][0]


def _date_or_today(value) -> str:
    try:
        return datetime.fromisoformat(str(value).strip()).date().isoformat()
    except ValueError:
        return date.today().isoformat()


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
        if record.msg == "Could not process %s" and record.args:
            path = os.path.abspath(str(record.args[0]))
            if path not in self.state.rejected:  # not ours: Pelican failed on the file after reading
                self.state.rejected.add(path)
                self.state.problems.append(
                    Problem(
                        self.state.shown(path),
                        None,
                        None,
                        "Pelican n'a pas pu traiter ce fichier",
                        "relancez avec DEBUG=1 (make html DEBUG=1) pour le détail, et signalez-le",
                    )
                )
        elif record.msg.startswith("Could not save cache") and len(record.args) == 2:
            path, error = record.args
            self.state.problems.append(
                Problem(
                    self.state.shown(str(path)),
                    None,
                    None,
                    f"cache de contenu impossible à enregistrer ({error})",
                    "vérifiez la place libre sur le disque et les droits d'écriture",
                )
            )
        elif not _is_harmless(record):
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
    state = BuildState(settings["PATH"], ValidationContext.of_site(reference, settings))
    state.problems.extend(link_problems(Path(settings["PATH"]), state.shown))
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
    """The portal's reader, and no other: a .html or .rst file would be published unchecked."""
    static = {"static": readers.reader_classes["static"]}  # Pelican's reader of static files
    readers.reader_classes = static | {extension: PortalReader for extension in READ_EXTENSIONS}


def check_articles(generator) -> None:
    """Across articles: `related:` targets, one page per slug, one spelling per tag."""
    state = state_of(generator.settings)
    _record_outcomes(state, generator, _ARTICLE_LISTS, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")
    articles = [_document(state, a) for name in _ARTICLE_LISTS for a in getattr(generator, name, [])]
    state.problems.extend(article_problems(articles))


def check_pages(generator) -> None:
    state = state_of(generator.settings)
    _record_outcomes(state, generator, _PAGE_LISTS, "PAGE_PATHS", "PAGE_EXCLUDES")
    pages = [_document(state, p) for name in _PAGE_LISTS for p in getattr(generator, name, [])]
    state.problems.extend(page_problems(pages))


def _record_outcomes(state: BuildState, generator, lists: dict[str, str], paths: str, excludes: str) -> None:
    """What Pelican found (every file, whatever its extension) and where each read file went.
    A held-back file's own problems travel in its metadata: a cached draft is not read again."""
    settings = generator.settings
    found = generator.get_files(settings[paths], exclude=settings[excludes], extensions=False)
    state.sources.update(os.path.abspath(os.path.join(generator.path, name)) for name in found)
    for name, outcome in lists.items():
        for content in getattr(generator, name, []):
            state.outcomes[os.path.abspath(content.source_path)] = outcome
            if outcome in _HELD_BACK:
                state.held_back[state.shown(content.source_path)] = content
                state.problems.extend(content.metadata.get("portail_problems", ()))


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


_HELD_BACK = ("brouillon", "page en brouillon")
_ARTICLE_LISTS = {
    "articles": "publié",
    "translations": "publié",
    "drafts": "brouillon",
    "drafts_translations": "brouillon",
    "hidden_articles": "caché",
    "hidden_translations": "caché",
}
_PAGE_LISTS = {
    "pages": "page",
    "translations": "page",
    "hidden_pages": "page cachée",
    "hidden_translations": "page cachée",
    "draft_pages": "page en brouillon",
    "draft_translations": "page en brouillon",
}


def stop_on_problems(_generators) -> None:
    """Before anything is written: every problem of every file, or none. Drafts get theirs."""
    state = state_of()
    state.problems.extend(unread_problems(state.sources, state.outcomes.keys() | state.rejected, state.shown))
    for shown, content in state.held_back.items():
        content.problems = [p for p in state.problems if p.path == shown]
    if state.blocking():
        _detach(state)
        _tell_draft_problems(state)
        raise ContentError(state.blocking())


def end_build(pelican) -> None:
    state = _Current.state
    if state is None:
        return
    _detach(state)
    if state.blocking():  # found after the pages were written (Pelican's own warnings)
        raise ContentError(state.blocking())
    print(summary(state))
    _tell_draft_problems(state)


def summary(state: BuildState) -> str:
    """« 34 articles publiés, 1 brouillon, 5 pages. »: every source file and what became of it."""
    counts = Counter(state.outcomes.values())
    words = {
        "publié": ("article publié", "articles publiés"),
        "brouillon": ("brouillon", "brouillons"),
        "caché": ("article caché", "articles cachés"),
        "page": ("page", "pages"),
        "page cachée": ("page cachée", "pages cachées"),
        "page en brouillon": ("page en brouillon", "pages en brouillon"),
    }
    parts = [
        f"{counts[outcome]} {plural if counts[outcome] > 1 else singular}"
        for outcome, (singular, plural) in words.items()
        if counts[outcome] or outcome in ("publié", "page")
    ]
    return f"Contenu lu : {', '.join(parts)}."


def _tell_draft_problems(state: BuildState) -> None:
    if state.of_drafts():
        print(format_draft_report(state.of_drafts()), file=sys.stderr)


def _detach(state: BuildState) -> None:
    if state.handler is not None:
        logging.getLogger("pelican").removeHandler(state.handler)
        state.handler = None
    for name in _QUIETED:
        logging.getLogger(name).removeFilter(_quiet)
