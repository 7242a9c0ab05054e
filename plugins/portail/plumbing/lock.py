"""One build at a time per output folder: `make html`, `make publish` and every rebuild of the
preview take the same lock, a file beside the output folder (never inside it, nor inside the
content folder: neither a deployment nor a content watcher should see it).

Two builds at once would rewrite one staging folder together and swap in a mixture of both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

# How long a build waits for another one to finish before giving up (seconds).
DEFAULT_WAIT = 600.0


class BuildLockedError(Exception):
    """Another build held the lock for longer than this one would wait."""


def lock_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.lock")


@contextmanager
def one_build_at_a_time(output: Path, wait: float, waiting: Callable[[Path], None]) -> Iterator[None]:
    """Hold the lock of ``output`` for the duration of the block.

    When another build holds it, ``waiting(lock file)`` is called once, then the lock is waited
    for up to ``wait`` seconds; past that, BuildLockedError.
    """
    path = lock_path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        waiting(path)
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise BuildLockedError(path) from None
    try:
        yield
    finally:
        lock.release()
