"""Work over thousands of files: split between forked children, one per core, and without
the cyclic garbage collector's repeated passes.

Forking (rather than spawning) lets children start at once with everything the parent has
already loaded, unpicklable functions included; only results cross the pipe.
"""

from __future__ import annotations

import gc
import os
import pickle
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

# Below this many items, forking costs more than it saves.
MINIMUM_FOR_WORKERS = 200


def worker_count(configured: int | None = None) -> int:
    return configured or os.cpu_count() or 1


def on_every_core(
    work: Callable[[Sequence], list],
    items: Sequence,
    configured: int | None = None,
    minimum: int = MINIMUM_FOR_WORKERS,
) -> list:
    """``work(items)``, the items split in order between this process and forked children.

    For work without side effects in this process: this process does the first share itself.
    ``minimum``: below this many items, all in this process (heavier items pay a fork sooner).
    """
    count = worker_count(configured)
    if count == 1 or len(items) < minimum:
        return work(items)
    first, *rest = contiguous_shares(items, count)
    children = [_fork(work, share) for share in rest]
    try:
        mine = work(first)
    finally:  # even if this share fails: no child left unwaited
        theirs = _gather(children)
    return mine + theirs


def in_children(work: Callable[[Sequence], list], shares: Sequence[Sequence]) -> list:
    """``work(share)`` in one forked child per share; their results concatenated in share order."""
    return _gather([_fork(work, share) for share in shares])


def _fork(work: Callable[[Sequence], list], share: Sequence) -> tuple[int, int]:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do its share, report, leave without running any cleanup
        os.close(reader)
        status = 0
        try:
            payload = ("ok", work(share))
        except BaseException:
            payload, status = ("error", traceback.format_exc()), 1
        with os.fdopen(writer, "wb") as stream:
            pickle.dump(payload, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os._exit(status)
    os.close(writer)
    return pid, reader


def _gather(children: list[tuple[int, int]]) -> list:
    results, errors = [], []
    for pid, reader in children:
        with os.fdopen(reader, "rb") as stream:
            kind, value = pickle.load(stream)
        os.waitpid(pid, 0)
        (results.extend if kind == "ok" else errors.append)(value)
    if errors:
        raise RuntimeError("un processus de travail a échoué :\n" + errors[0])
    return results


def contiguous_shares(items: Sequence, count: int) -> list[Sequence]:
    """``count`` slices in order, so that concatenated results keep the items' order."""
    size = -(-len(items) // count)
    return [items[start : start + size] for start in range(0, len(items), size)]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Reading builds hundreds of thousands of small objects and no reference cycle: the collector
    would walk them again and again (a third of the time) for nothing to free."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
