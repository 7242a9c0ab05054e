"""Writing the built site into a folder that already holds an earlier build.

On common file systems, rewriting an existing file costs a fraction of creating a new one (and
of deleting the old tree): a build that reuses the folder of the site before last, writes only
the files whose bytes changed and then sweeps what it did not write, is several times cheaper
in writes than a build into an empty folder, and ends with the same files.

"Written by this build" is read from the inode change time, which every write, copy and touch
sets and which nothing can set back: a file whose change time is older than the start of the
build is one the build did not produce.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

_MARKER = ".construction-en-cours"


def build_started(folder: Path) -> int:
    """Mark the start of a build writing into ``folder`` (created if needed), in the clock of
    the file system's change times."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / _MARKER
    marker.touch()
    started = marker.stat().st_ctime_ns
    marker.unlink()
    return started


def sweep_unwritten(folder: Path, started: int, keep: tuple[str, ...] = ()) -> int:
    """Delete the files of ``folder`` the build started at ``started`` did not write, and the
    folders left empty, except the top-level entries named in ``keep`` (Pelican's
    OUTPUT_RETENTION). Returns how many files went."""
    removed = 0
    for root, dirs, files in os.walk(folder, topdown=True):
        if root == str(folder):
            dirs[:] = [name for name in dirs if name not in keep]
            files = [name for name in files if name not in keep]
        for name in files:
            path = os.path.join(root, name)
            if os.lstat(path).st_ctime_ns < started:
                os.unlink(path)
                removed += 1
    for root, _dirs, _files in os.walk(folder, topdown=False):
        if root != str(folder) and not os.listdir(root):
            os.rmdir(root)
    return removed


def write_if_changed(path: str, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly these bytes. True if written.

    An unchanged file keeps its modification time (deployment tools see nothing to copy), but
    its change time moves, so that the sweep knows this build produced it.
    """
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            same = status.st_size == len(data) and handle.read() == data
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        same = False
    if same:
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
        return False
    with open(path, "wb") as handle:
        handle.write(data)
    return True


class TextWrittenIfChanged(io.StringIO):
    """A text file that reaches the disk when closed, through ``write_if_changed``."""

    def __init__(self, path: str, encoding: str = "utf-8"):
        super().__init__()
        self.path, self.target_encoding = path, encoding  # StringIO.encoding is read-only

    def close(self) -> None:
        if not self.closed:
            write_if_changed(self.path, self.getvalue().encode(self.target_encoding))
        super().close()
