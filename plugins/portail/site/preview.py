"""The preview's warm site: Pelican's context held between saves, for the edited page first.

The devserver (portail.commands.devserver) keeps one ``WarmSite`` in its process: every
generator's context as a build has it (articles, pages, decisions, templates), read with the
portal's reader and its checks, but nothing written. A saved article is read again with the
same reader (so through portail.content.source.read_source, as the build does), its Article
takes the old one's place, the checks across articles and the catalogue of decisions are run
again, and the article's page and its decision pages are rendered with the build's templates
and context into memory. The devserver serves them at once, then runs the real build, which
writes the whole site (listings, statistics, feeds, search).

Only the edited pages are fresh: the listings, « À lire aussi » and the other articles' pages
wait for the full build. Anything that is not a published or draft article in its default
language (a page, a translation, a deleted file) is left to the full build (``update`` returns
None).

The warm site reads through a content cache of its own (``apercu`` inside the build's cache
folder, which the build never empties: it only removes files), so it is read again quickly
after a change of settings, templates or reference data.
"""

from __future__ import annotations

import io
import logging
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pelican import Pelican, signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings
from pelican.utils import order_content
from pelican.writers import Writer

from portail.content.review import READ_EXTENSIONS
from portail.content.source import unreadable
from portail.model.decisions import Neighbourhood
from portail.model.problems import ContentError, Problem
from portail.site import neighbours, reading
from portail.site.sanction_pages import SanctionPagesGenerator

_LISTS = {"published": "articles", "draft": "drafts", "hidden": "hidden_articles"}


@dataclass
class Update:
    """What one save gave: the problems that block the site (none: the pages are good), and
    the pages rendered, by path in the output folder."""

    problems: list[Problem]
    pages: dict[str, bytes] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def report(self) -> str:
        return str(ContentError(self.problems))


class WarmSite:
    def __init__(self, settings: dict, generators: list, scratch: Path):
        self.settings = settings
        self.generators = generators
        self.articles: ArticlesGenerator = _one(generators, ArticlesGenerator)
        self.sanctions: SanctionPagesGenerator = _one(generators, SanctionPagesGenerator)
        self.state = reading.state_of()
        self.scratch = scratch  # where Pelican's writer makes its folders; nothing is kept there
        # Articles the reader refused since the site was read, and why: they block the site.
        self.refused: dict[str, list[Problem]] = {}
        # Where a saved article was in its list, for its new version.
        self.places: dict[Path, tuple[str, int]] = {}
        rejected = {self.state.shown(path) for path in self.state.rejected}
        for problem in self.state.problems:
            if problem.path in rejected:
                self.refused.setdefault(problem.path, []).append(problem)

    @classmethod
    def read(cls, settings_file: Path, content: Path, output: Path, cache: Path) -> WarmSite:
        """Every generator's context, as the build's first half makes it."""
        # Pelican's messages go to the build state's handler only, not to the console.
        logging.getLogger("pelican").propagate = False
        settings = read_settings(
            str(settings_file),
            override={
                "PATH": str(content),
                "OUTPUT_PATH": str(output),
                "CACHE_PATH": str(cache),
                "DELETE_OUTPUT_DIRECTORY": False,
                "PORTAIL_REWRITE_IN_PLACE": False,
                # The devserver's threads are running: no forked reader.
                "PARALLEL_BUILD_PROCESSES": 1,
            },
        )
        site = Pelican(settings)
        context = {
            **settings,
            "generated_content": {},
            "static_links": set(),
            "static_content": {},
            "localsiteurl": settings["SITEURL"],
        }
        generators = [
            generator(
                context=context, settings=settings, path=site.path, theme=site.theme, output_path=site.output_path
            )
            for generator in site._get_generator_classes()
        ]
        for generator in generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        scratch = cache / "pages"
        scratch.mkdir(parents=True, exist_ok=True)
        return cls(settings, generators, scratch)

    def follows(self, path: Path) -> bool | None:
        """True for an article file that ``update`` can read alone; None for a file that changes
        nothing here (an editor's temporary file, gone already); False for anything else."""
        generator = self.articles
        relative = os.path.relpath(path, generator.path)
        if path.is_file():
            return path.suffix.lstrip(".") in READ_EXTENSIONS and relative in generator.get_files(
                self.settings["ARTICLE_PATHS"], exclude=self.settings["ARTICLE_EXCLUDES"]
            )
        data = self.settings["PORTAIL_DATA_PATH"].rstrip("/") + os.sep
        temporary = path.suffix.lstrip(".") not in READ_EXTENSIONS and not relative.startswith((os.pardir, data))
        return None if temporary and not path.is_dir() and self._find(path) is None else False

    def update(self, paths: list[Path]) -> Update | None:
        """Read the saved articles again and render their pages; None when the full build must
        decide alone (the warm site no longer describes the content: drop it)."""
        started = time.perf_counter()
        befores = [self._find(path) for path in paths]
        if any(_translated(article, self.settings) for article in befores):
            return None
        self.state.problems = []
        afters = []
        for path, before in zip(paths, befores):
            after = self._reread(path, before)
            if after is not None and _translated(after, self.settings):
                return None
            afters.append(after)
        self._recheck()
        problems = [p for refused in self.refused.values() for p in refused] + self.state.blocking()
        if problems:
            return Update(problems, seconds=time.perf_counter() - started)
        pages = self._render(befores, afters)
        return Update([], pages, time.perf_counter() - started)

    def _find(self, path: Path):
        location = os.path.relpath(path, self.articles.path)
        found = self.articles.context["generated_content"].get(location)
        return found if isinstance(found, Article) else None

    def _reread(self, path: Path, before):
        """The saved file through the build's reader, in place of its last version."""
        generator = self.articles
        shown = self.state.shown(str(path))
        self.refused.pop(shown, None)
        self._remove(path, before)
        read_problems = len(self.state.problems)
        try:
            article = generator.readers.read_file(
                base_path=generator.path,
                path=os.path.relpath(path, generator.path),
                content_class=Article,
                context=generator.context,
                preread_signal=signals.article_generator_preread,
                preread_sender=generator,
                context_signal=signals.article_generator_context,
                context_sender=generator,
            )
        except ContentError as error:
            del self.state.problems[read_problems:]
            self.refused[shown] = error.problems
            return None
        except Exception as error:  # Markdown or Pelican failing on this file, as the build says it
            self.refused[shown] = [unreadable(shown, error)]
            return None
        if not article.is_valid() or article.status not in _LISTS:
            self.refused[shown] = self.state.problems[read_problems:] or [
                Problem(shown, None, None, "Pelican n'a pas pu traiter ce fichier")
            ]
            return None
        if before is not None:
            # Not recomputed for one save (it reads every article): the full build does it.
            article.related_articles = getattr(before, "related_articles", [])
        name = _LISTS[article.status]
        members = getattr(generator, name)
        # In its old place: the order among articles of one date is the build's (a stable sort).
        was, index = self.places.pop(path, (name, len(members)))
        members.insert(index if was == name else len(members), article)
        generator.add_source_path(article)
        generator.add_static_links(article)
        article.refresh_metadata_intersite_links()
        return article

    def _remove(self, path: Path, article) -> None:
        if article is None:
            return
        for name in _LISTS.values():
            members = getattr(self.articles, name)
            for index, other in enumerate(members):
                if other is article:
                    del members[index]
                    self.places[path] = (name, index)
        self.articles.context["generated_content"].pop(article.get_relative_source_path(), None)

    def _recheck(self) -> None:
        """The build's checks across articles and its catalogue of decisions, on the new set."""
        generator = self.articles
        order = self.settings["ARTICLE_ORDER_BY"]
        generator.articles = order_content(generator.articles, order_by=order)
        generator.drafts = order_content(generator.drafts, order_by=order)
        generator._update_context(("articles", "drafts", "hidden_articles"))
        neighbours.link_neighbours(generator)
        self.state.held_back.clear()
        reading.check_articles(generator)
        self.sanctions.generate_context()

    def _render(self, befores: list, afters: list) -> dict[str, bytes]:
        """The saved articles' pages and the pages of every decision they report or reported."""
        articles = [a for a in afters if a is not None and not a.metadata.get("portail_problems")]
        writer = _PagesInMemory(str(self.scratch), self.settings)
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        generator = self.articles
        # Pelican's own loops, over the saved articles only: the same call, template and context.
        with _only(generator, articles, ("translations", "articles", "hidden_translations", "hidden_articles")):
            generator.generate_articles(write)
        with _only(generator, articles, ("drafts_translations", "drafts")):
            generator.generate_drafts(write)
        by_identity = {decision.identity: decision for decision in self.sanctions.decisions}
        reported = {d.identity for a in [*befores, *articles] if a is not None for d in getattr(a, "decisions", ())}
        decisions = [by_identity[identity] for identity in sorted(reported) if identity in by_identity]
        if decisions:
            self._decision_pages(writer, decisions)
        return writer.pages

    def _decision_pages(self, writer, decisions: list) -> None:
        """As SanctionPagesGenerator.generate_output writes each decision's page, with the table
        rows it shows rendered first by the generator's own _render_rows (so the same bytes)."""
        generator = self.sanctions
        neighbourhood = Neighbourhood.of(generator.decisions)
        neighbours = {
            decision.identity: (
                neighbourhood.same_organisation(decision),
                neighbourhood.same_authority_and_breach(decision),
            )
            for decision in decisions
        }
        shown = {id(d): d for d in decisions}
        shown |= {id(d): d for lists in neighbours.values() for listed in lists for d in listed}
        everything, generator.decisions = generator.decisions, list(shown.values())
        try:
            generator._render_rows()
        finally:
            generator.decisions = everything
        for decision in decisions:
            same_organisation, same_authority = neighbours[decision.identity]
            generator._page(
                writer,
                decision.url,
                "sanction",
                decision=decision,
                same_organisation=same_organisation,
                same_authority=same_authority,
            )


@contextmanager
def _only(generator, articles: list, names: tuple[str, ...]):
    """The generator's lists ``names`` reduced to ``articles`` for the duration of the block."""
    kept = {name: getattr(generator, name) for name in names}
    for name, members in kept.items():
        setattr(generator, name, [a for a in members if any(a is b for b in articles)])
    try:
        yield
    finally:
        for name, members in kept.items():
            setattr(generator, name, members)


class _PagesInMemory(Writer):
    """Pelican's writer, into memory."""

    def __init__(self, output_path: str, settings: dict):
        super().__init__(output_path, settings=settings)
        self.pages: dict[str, bytes] = {}

    def _open_w(self, filename, encoding, override=False):
        return _Page(self.pages, os.path.relpath(filename, self.output_path))


class _Page(io.StringIO):
    def __init__(self, pages: dict[str, bytes], name: str):
        super().__init__()
        self.pages, self.name = pages, name

    def close(self) -> None:
        if not self.closed:
            self.pages[self.name] = self.getvalue().encode("utf-8")
        super().close()


def _one(generators: list, kind: type):
    return next(generator for generator in generators if isinstance(generator, kind))


def _translated(article, settings) -> bool:
    """Pelican pairs translations across the whole site: the full build does it."""
    if article is None:
        return False
    return article.lang != settings["DEFAULT_LANG"] or bool(getattr(article, "translations", None))
