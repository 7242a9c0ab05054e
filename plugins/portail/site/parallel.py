"""Use every core where the work is independent: reading articles, and rendering pages.

Reading. Pelican reads articles one by one. When its content cache is on, the articles it does
not hold yet are first read by forked workers (`PARALLEL_BUILD_PROCESSES`), with the very same
reader, and put in the cache: Pelican's own loop then finds them there. A file the reader
rejects is left out, so that Pelican reads it again and reports its problems itself.

Rendering. Pelican renders and writes pages one by one. Here every `write_file` call (one page, or one
paginated listing) is queued with a snapshot of its context, and when all generators are done
the queue is split between forked children, which run Pelican's own
`write_file`: the same templates on the same objects, so the same bytes as a serial build.
A queued page whose inputs are those of the last build is not rendered: its files are copied
from the last site (portail.site.unchanged), so an edit renders the pages it touches.
Feeds and files written by plugins directly are not queued. Every page and feed reaches the
disk only if its bytes changed (see portail/plumbing/output.py), and is claimed in the build's
OutputFolder with what wrote it: the children send their claims back, and two writes of one
file (a page's `save_as` naming the home page, a feed, a theme file...) stop the build with a
French problem naming both. `content_written` signals the
children send are replayed in this process, in queue order, for the plugins that listen
(sitemap). This plugin must come first in PLUGINS: its `finalized` receiver has to write the
pages before other plugins (search indexing) read them.
"""

from __future__ import annotations

import os
from pathlib import Path

from pelican import signals
from pelican.readers import _filter_discardable_metadata
from pelican.utils import file_suffix
from pelican.writers import Writer

from portail.model.problems import ContentError, display_path
from portail.plumbing.bulk import MINIMUM_FOR_WORKERS, in_children, worker_count
from portail.plumbing.output import (
    GENERATED,
    Origin,
    OutputError,
    OutputFolder,
    TextWrittenIfChanged,
    build_started,
    link_unchanged,
    sweep_unwritten,
    writing_into,
)
from portail.site.feeds import ArticleFeedEntries
from portail.site.unchanged import LastPages, file_entry


class _Run:
    """The build running in this process (Pelican runs one at a time)."""

    writer: QueuingWriter | None = None  # Pelican keeps it in a local variable
    # When it started writing into a reused output folder (PORTAIL_REWRITE_IN_PLACE).
    started: int | None = None


class QueuingWriter(ArticleFeedEntries, Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.queue: list[tuple] = []
        self.folder = OutputFolder(output_path)
        writing_into(self.folder)
        # What the file being written is; outside flush, only Pelican's write_feed writes.
        self.origin = Origin("un flux de Pelican")
        self.last: LastPages | None = None
        _Run.writer = self

    def _open_w(self, filename, encoding, override=False):
        """Every file once, claimed in the build's output folder (Pelican's own check lets a
        page's `save_as` override any generated file, silently); a file that reaches the disk
        only if its bytes changed."""
        return TextWrittenIfChanged(filename, encoding, self.origin)

    def write_file(self, name, template, context, *args, **kwargs):
        if not name:
            return
        # A snapshot: generators may add to the shared context after this call.
        self.queue.append((name, template, dict(context), args, kwargs))

    def write_feed(
        self, elements, context, path=None, url=None, feed_type="atom", override_output=False, feed_title=None
    ):
        """Pelican's feed of these articles, copied from the last site when its inputs did not
        change (portail.site.unchanged)."""
        last = self._last(context)
        key = ("flux", path or "")
        # What Pelican puts in it: the first FEED_MAX_ITEMS articles (all of them when None).
        shown = elements[: self.settings["FEED_MAX_ITEMS"]]
        fingerprint = last.fingerprint(key, shown, f"{feed_type}\0{url}\0{feed_title}")
        if path and self._copy(key, fingerprint, last, self.origin):
            return None
        before = len(self.folder.claims)
        feed = super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        last.keep(key, fingerprint, self._entries_since(before))
        return feed

    def write_generated(self, path: str, context, make, inputs: str = "") -> None:
        """A file made from the common inputs alone (a feed of decisions): ``make()`` gives its
        text, unless the last site's copy can be taken (portail.site.unchanged)."""
        last = self._last(context)
        key = ("généré", self.folder.relative(path))
        fingerprint = last.fingerprint(key, extra=inputs)
        if self._copy(key, fingerprint, last, GENERATED):
            return
        before = len(self.folder.claims)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with TextWrittenIfChanged(path, "utf-8", GENERATED) as handle:
            handle.write(make())
        last.keep(key, fingerprint, self._entries_since(before))

    def _last(self, context) -> LastPages:
        """What the last build wrote: read once, when every generator's context is complete."""
        if self.last is None:
            self.last = LastPages(self.settings, context)
        return self.last

    def _entries_since(self, before: int) -> list[tuple]:
        return [file_entry(self.output_path, relative) for relative, _origin in self.folder.claims[before:]]

    def flush(self, processes: int) -> None:
        queue, self.queue = self.queue, []
        if queue:
            self._claim_the_others(queue[0][2])
        last = self._last(queue[0][2] if queue else {})
        keys = [(template.name, name) for name, template, _context, _args, _kwargs in queue]
        fingerprints = [
            last.fingerprint(key, [kwargs.get("article"), kwargs.get("page")])
            for key, (_name, _template, _context, _args, kwargs) in zip(keys, queue)
        ]
        plan = _Plan(keys, fingerprints, last)
        if not queue:
            rendered = []
        elif processes <= 1 or len(queue) - len(plan.candidates) < MINIMUM_FOR_WORKERS:
            rendered = self._write_here(queue, plan)
        else:
            copied = {index: self._copy_page(queue[index], index, plan) for index in plan.candidates}
            copied = {index: paths for index, paths in copied.items() if paths}
            rendered = [index for index in range(len(queue)) if index not in copied]
            written = self._write_in_children(queue, rendered, processes, plan)
            # Pelican's content_written, for the plugins that listen (sitemap), in queue order.
            copies = [(index, path) for index, paths in copied.items() for path in paths]
            for index, path in sorted(copies + written):
                self._announce(queue[index], path)
        if self.folder.collisions:
            raise ContentError(self.folder.problems())
        last.save()
        print(
            f"Pages : {len(rendered)} rendue(s), {len(queue) - len(rendered)} reprise(s) de la construction précédente."
        )

    def _write_here(self, queue, plan: _Plan) -> list[int]:
        """Copy or render every queued page in this process, in queue order; the indices rendered."""
        rendered, candidates = [], set(plan.candidates)
        for index, item in enumerate(queue):
            paths = self._copy_page(item, index, plan) if index in candidates else None
            if not paths:
                plan.keep(index, self._write(item))  # Pelican sends content_written itself
                rendered.append(index)
            else:
                for path in paths:
                    self._announce(item, path)
        return rendered

    def _copy_page(self, item, index: int, plan: _Plan) -> list[str] | None:
        origin = _origin_of(item[1], item[4], self.settings)
        return self._copy(plan.keys[index], plan.fingerprints[index], plan.last, origin)

    def _copy(self, key, fingerprint, last: LastPages, origin: Origin) -> list[str] | None:
        """Take the files of ``key`` from the last site if its inputs did not change and the
        last site still holds them as recorded: the paths written, else None."""
        files = last.files(key) if last.unchanged(key, fingerprint) else None
        if files is None:
            return None
        paths, entries = [], []
        for relative, digest, online in files:
            path = os.path.join(self.output_path, relative)
            link_unchanged(online, path, origin)
            paths.append(path)
            entries.append(file_entry(self.output_path, relative, digest))
        last.keep(key, fingerprint, entries)
        return paths

    @staticmethod
    def _announce(item, path: str) -> None:
        name, _template, context, _args, kwargs = item
        signals.content_written.send(path, context={**context, "output_file": name, **kwargs})

    def _write(self, item) -> list[tuple]:
        """Render and write one queued page; what the record keeps of each file it wrote."""
        name, template, context, args, kwargs = item
        self.origin = _origin_of(template, kwargs, self.settings)
        before = len(self.folder.claims)
        super().write_file(name, template, context, *args, **kwargs)
        return [file_entry(self.output_path, relative) for relative, _origin in self.folder.claims[before:]]

    def _write_in_children(self, queue, rendered: list[int], processes: int, plan: _Plan) -> list:
        shares = [rendered[i::processes] for i in range(processes)]
        results = in_children(lambda share: [self._write_share(queue, share)], shares)
        for _written, _claims, _files, failure in results:
            if failure is not None:
                raise failure
        claims = sorted((claim for result in results for claim in result[1]), key=lambda c: c[0])
        for _index, relative, origin in claims:
            self.folder.record(relative, origin)
        for index, files in (pair for result in results for pair in result[2]):
            plan.keep(index, files)
        return [written for result in results for written in result[0]]

    def _write_share(self, queue, share) -> tuple[list, list, list, Exception | None]:
        """In a child: write a share of the queue; say what was written, the claims made, the
        digests of the files, and the disk's refusal if there was one (the parent reports it)."""
        written: list[tuple[int, str]] = []
        claims: list[tuple[int, str, Origin]] = []
        files: list[tuple[int, list]] = []
        current = [None]

        def record(path, context=None):
            written.append((current[0], path))

        signals.content_written.connect(record)
        try:
            for index in share:
                current[0] = index
                before = len(self.folder.claims)
                files.append((index, self._write(queue[index])))
                claims += [(index, relative, origin) for relative, origin in self.folder.claims[before:]]
        except (OSError, OutputError) as failure:
            return written, claims, files, failure
        return written, claims, files, None

    def _claim_the_others(self, context) -> None:
        """Files written without this writer: the static files and the theme, copied before,
        and the sitemap and the search index, written after the pages."""
        settings = self.settings
        for static in context.get("staticfiles", ()):
            source = display_path(os.path.join(settings["PATH"], static.source_path), settings["PATH"])
            self.folder.claim(os.path.join(self.output_path, static.save_as), Origin("le fichier statique", source))
        for relative in _theme_files(settings):
            self.folder.claim(os.path.join(self.output_path, relative), Origin("un fichier du thème"))
        if settings.get("SITEMAP") is not None:
            sitemap = f"sitemap.{settings['SITEMAP'].get('format', 'xml')}"
            self.folder.reserve(sitemap, Origin("le plan du site (pelican-sitemap)"))
        self.folder.reserve("pagefind/", Origin("l'index de recherche (Pagefind)"))


class _Plan:
    """The queue's keys and fingerprints; ``candidates``: the indices of the unchanged pages."""

    def __init__(self, keys: list, fingerprints: list, last: LastPages):
        self.keys, self.fingerprints, self.last = keys, fingerprints, last
        self.candidates = [i for i, (k, f) in enumerate(zip(keys, fingerprints)) if last.unchanged(k, f)]

    def keep(self, index: int, files: list[tuple]) -> None:
        self.last.keep(self.keys[index], self.fingerprints[index], files)


def _origin_of(template, kwargs, settings) -> Origin:
    """What a queued page is: an article or a page (and the line of the field that chose its
    address), or a page of the theme's templates."""
    for key, kind in (("article", "l'article"), ("page", "la page")):
        content = kwargs.get(key)
        if content is None or not getattr(content, "source_path", None):
            continue
        lines = content.metadata.get("field_lines", {})
        chosen = next((name for name in ("save_as", "slug") if (name,) in lines), None)
        return Origin(
            f"{kind} « {content.metadata.get('title', content.slug)} »",
            display_path(content.source_path, settings["PATH"]),
            lines.get((chosen,)) if chosen else None,
            chosen,
        )
    return Origin(f"la page du modèle {template.name}")


def _theme_files(settings) -> list[str]:
    """Where Pelican's StaticGenerator copies the theme's static files, relative to the output."""
    found = []
    for path in settings["THEME_STATIC_PATHS"]:
        source = os.path.join(settings["THEME"], path)
        if os.path.isfile(source):
            found.append(os.path.join(settings["THEME_STATIC_DIR"], os.path.basename(path)))
        for root, _dirs, files in os.walk(source):
            relative = os.path.relpath(root, source)
            found += [os.path.normpath(os.path.join(settings["THEME_STATIC_DIR"], relative, name)) for name in files]
    return found


def processes(settings) -> int:
    return worker_count(settings.get("PARALLEL_BUILD_PROCESSES"))


def read_ahead(generator) -> None:
    """Read the articles the content cache lacks in forked workers, and cache what they read."""
    readers = generator.readers
    if not readers._cache_data_policy or processes(generator.settings) <= 1:
        return
    paths = [
        os.path.abspath(os.path.join(generator.path, name))
        for name in generator.get_files(
            generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"]
        )
    ]
    missing = [
        path for path in paths if readers.get_cached_data(path, None) is None and file_suffix(path) in readers.readers
    ]
    if len(missing) < MINIMUM_FOR_WORKERS:
        return
    count = processes(generator.settings)
    shares = [missing[i::count] for i in range(count)]
    for path, result in in_children(lambda share: [(p, _read(readers, p)) for p in share], shares):
        if result is not None:
            readers.cache_data(path, result)


def _read(readers, path: str):
    """What Pelican's Readers would cache for ``path``, or None when the reader rejects it."""
    try:
        content, metadata = readers.readers[file_suffix(path)].read(path)
    except Exception:
        return None
    return content, _filter_discardable_metadata(metadata)


def get_writer(_pelican):
    return QueuingWriter


def note_start(pelican) -> None:
    _Run.writer = None
    _Run.started = (
        build_started(Path(pelican.output_path)) if pelican.settings.get("PORTAIL_REWRITE_IN_PLACE") else None
    )


def write_queued_pages(pelican) -> None:
    writer, _Run.writer = _Run.writer, None
    if writer is not None:
        try:
            writer.flush(processes(pelican.settings))
        finally:
            writing_into(None)
    started, _Run.started = _Run.started, None
    if started is not None:
        # Before the search index reads the pages: a removed article's old page must not be indexed.
        sweep_unwritten(
            Path(pelican.output_path),
            started,
            # The search bundle is portail.site.search's: made again whole, or kept whole.
            keep=(*pelican.settings.get("OUTPUT_RETENTION", ()), "pagefind"),
            claimed=writer.folder.owners.keys() if writer is not None else frozenset(),
        )
