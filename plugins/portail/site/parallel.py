"""Use every core where the work is independent: reading articles, and rendering pages.

Reading. Pelican reads articles one by one. When its content cache is on, the articles it does
not hold yet are first read by forked workers (`PARALLEL_BUILD_PROCESSES`), with the very same
reader, and put in the cache: Pelican's own loop then finds them there. A file the reader
rejects is left out, so that Pelican reads it again and reports its problems itself.

Rendering. Pelican renders and writes pages one by one. Here every `write_file` call (one page, or one
paginated listing) is queued with a snapshot of its context, and when all generators are done
the queue is split between forked children, which run Pelican's own
`write_file`: the same templates on the same objects, so the same bytes as a serial build.
Feeds and files written by plugins directly are not queued. Every page and feed reaches the
disk only if its bytes changed (see portail/output.py). `content_written` signals the
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
from pelican.writers import FileOverwriteFailedError, Writer

from portail.plumbing.bulk import MINIMUM_FOR_WORKERS, in_children, worker_count
from portail.plumbing.output import TextWrittenIfChanged, build_started, sweep_unwritten

# The writer of the running build, by settings object (Pelican keeps it in a local variable).
_WRITERS: dict[int, QueuingWriter] = {}
# When the running build started writing into a reused output folder (PORTAIL_REWRITE_IN_PLACE).
_STARTED: dict[int, int] = {}


class QueuingWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.queue: list[tuple] = []
        _WRITERS[id(settings)] = self

    def _open_w(self, filename, encoding, override=False):
        """Pelican's own checks (Writer._open_w, Pelican 4.12: no file written twice unless one
        write overrides), then a file that reaches the disk only if its bytes changed."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            filename = os.devnull
        elif filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already '
                "written to it previously (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return TextWrittenIfChanged(filename, encoding)

    def write_file(self, name, template, context, *args, **kwargs):
        if not name:
            return
        # A snapshot: generators may add to the shared context after this call.
        self.queue.append((name, template, dict(context), args, kwargs))

    def flush(self, processes: int) -> None:
        queue, self.queue = self.queue, []
        if processes <= 1 or len(queue) < MINIMUM_FOR_WORKERS:
            for name, template, context, args, kwargs in queue:
                super().write_file(name, template, context, *args, **kwargs)
            return
        shares = [list(range(i, len(queue), processes)) for i in range(processes)]
        written = in_children(lambda share: self._write_share(queue, share), shares)
        for index, path in sorted(written):
            name, _template, context, _args, kwargs = queue[index]
            signals.content_written.send(path, context={**context, "output_file": name, **kwargs})

    def _write_share(self, queue, share) -> list[tuple[int, str]]:
        written: list[tuple[int, str]] = []
        current = [None]

        def record(path, context=None):
            written.append((current[0], path))

        signals.content_written.connect(record)
        for index in share:
            current[0] = index
            name, template, context, args, kwargs = queue[index]
            super().write_file(name, template, context, *args, **kwargs)
        return written


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
    if pelican.settings.get("PORTAIL_REWRITE_IN_PLACE"):
        _STARTED[id(pelican.settings)] = build_started(Path(pelican.output_path))


def write_queued_pages(pelican) -> None:
    writer = _WRITERS.pop(id(pelican.settings), None)
    if writer is not None:
        writer.flush(processes(pelican.settings))
    started = _STARTED.pop(id(pelican.settings), None)
    if started is not None:
        # Before the search index reads the pages: a removed article's old page must not be indexed.
        sweep_unwritten(Path(pelican.output_path), started, keep=pelican.settings.get("OUTPUT_RETENTION", ()))
