"""Writing the built site: into a folder that already holds an earlier build, every file once,
nothing outside the folder, and the finished folder swapped in for the output folder at once.

On common file systems, rewriting an existing file costs a fraction of creating a new one (and
of deleting the old tree): a build that reuses the folder of the site before last, writes only
the files whose bytes changed and then sweeps what it did not write, is several times cheaper
in writes than a build into an empty folder, and ends with the same files.

"Written by this build" is read from the inode change time, which every write, copy and touch
sets and which nothing can set back: a file whose change time is older than the start of the
build is one the build did not produce.

Every file the build writes through this module (and Pelican's writer, portail.site.parallel)
is claimed in the build's ``OutputFolder`` with what wrote it: a page whose ``save_as`` names a
file the build generates would otherwise replace it silently (Pelican lets it), and a path that
leaves the folder is refused.
"""

from __future__ import annotations

import ctypes
import errno
import io
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from portail.model.problems import Problem

_MARKER = ".construction-en-cours"


class OutputError(Exception):
    """The site could not be written whole; the message is French, and says why."""


def from_here(path: str | Path) -> str:
    """``path`` as the person who ran the command sees it: relative to the current folder when
    it is inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd())) or "."
    except ValueError:
        return str(absolute)


# Why a write failed, in French, for the errors a full or read-only disk gives.
_DISK_ERRORS = {
    errno.ENOSPC: "plus de place sur le disque",
    errno.EDQUOT: "quota de disque dépassé",
    errno.EFBIG: "fichier trop grand pour le système de fichiers",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.EIO: "erreur d'entrée-sortie du disque",
}


def disk_error_text(error: OSError) -> str | None:
    """A French account of a write that the disk refused, or None if ``error`` is not one."""
    reason = _DISK_ERRORS.get(error.errno)
    if reason is None:
        return None
    return f"{from_here(error.filename)} : {reason}" if error.filename else reason


@dataclass(frozen=True)
class Origin:
    """What writes a file of the site: a content file (and the line of the field that chose
    its address), or a part of the build."""

    label: str
    source: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        if self.source is None:
            return self.label
        return f"{self.label} ({self.source if self.line is None else f'{self.source}:{self.line}'})"


GENERATED = Origin("un fichier généré par le portail (données, graphiques, flux)")


class OutputFolder:
    """The files one build writes into its output folder, each with what wrote it.

    ``claims`` keeps every claim in order: forked writers send theirs back to the parent, which
    records them (``record``) to find two writes of one file across processes.
    """

    def __init__(self, root: str | Path):
        self.root = os.path.abspath(root)
        self.claims: list[tuple[str, Origin]] = []
        self.owners: dict[str, Origin] = {}
        self.reserved: dict[str, Origin] = {}
        self.collisions: list[tuple[str, Origin, Origin]] = []

    def relative(self, path: str | Path) -> str:
        """``path`` relative to the folder; OutputError if it is not inside it."""
        absolute = os.path.abspath(path)
        relative = os.path.relpath(absolute, self.root)
        if relative == os.curdir or relative == os.pardir or relative.startswith(os.pardir + os.sep):
            raise OutputError(
                f"écriture refusée hors du dossier de sortie : {from_here(absolute)} "
                f"(attendu : un fichier dans {from_here(self.root)})"
            )
        return relative.replace(os.sep, "/")

    def claim(self, path: str | Path, origin: Origin) -> None:
        relative = self.relative(path)
        self.claims.append((relative, origin))
        self.record(relative, origin)

    def record(self, relative: str, origin: Origin) -> None:
        earlier = self.owners.get(relative) or self._reserved_for(relative)
        if earlier is not None:
            self.collisions.append((relative, earlier, origin))
        else:
            self.owners[relative] = origin

    def reserve(self, relative: str, origin: Origin) -> None:
        """A file (or, ending with /, a folder) that another tool writes after the writers here."""
        self.reserved[relative] = origin

    def _reserved_for(self, relative: str) -> Origin | None:
        for reserved, origin in self.reserved.items():
            if relative == reserved or (reserved.endswith("/") and relative.startswith(reserved)):
                return origin
        return None

    def problems(self) -> list[Problem]:
        return [collision_problem(*collision) for collision in self.collisions]


def collision_problem(relative: str, first: Origin, second: Origin) -> Problem:
    """Two writes of one file: said at the content file that chose the address, if one did."""
    blamed, other = (second, first) if second.source or not first.source else (first, second)
    suggestion = "choisissez une autre adresse : ce fichier remplacerait l'autre sans rien dire"
    if blamed.source is None:
        return Problem(
            "(construction)",
            None,
            None,
            f"fichier de sortie « {relative} » écrit deux fois : par {first}, puis par {second}",
            suggestion,
        )
    return Problem(
        blamed.source,
        blamed.line,
        blamed.field,
        f"attendu : une adresse de sortie libre ; trouvé : « {relative} », adresse déjà prise par {other}",
        f"{suggestion} ({'changez ' + blamed.field if blamed.field else 'donnez-lui un champ slug ou save_as'})",
    )


class _Current:
    """The output folder of the build running in this process (forked writers inherit it)."""

    folder: OutputFolder | None = None


def writing_into(folder: OutputFolder | None) -> None:
    """Make ``folder`` the one every write of this module is claimed in (None: no build)."""
    _Current.folder = folder


def _claim(path: str, origin: Origin | None) -> None:
    if _Current.folder is not None:
        _Current.folder.claim(path, origin or GENERATED)


def build_started(folder: Path) -> int:
    """Mark the start of a build writing into ``folder`` (created if needed), in the clock of
    the file system's change times."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / _MARKER
    marker.touch()
    started = marker.stat().st_ctime_ns
    marker.unlink()
    return started


def sweep_unwritten(folder: Path, started: int, keep: tuple[str, ...] = (), claimed=frozenset()) -> int:
    """Delete the files of ``folder`` the build started at ``started`` did not write, and the
    folders left empty, except the top-level entries named in ``keep`` (Pelican's
    OUTPUT_RETENTION). ``claimed``: paths (relative, with /) the build is known to have written,
    whose change time need not be read. Returns how many files went."""
    removed = 0
    for root, dirs, files in os.walk(folder, topdown=True):
        if root == str(folder):
            dirs[:] = [name for name in dirs if name not in keep]
            files = [name for name in files if name not in keep]
        prefix = os.path.relpath(root, folder).replace(os.sep, "/") + "/"
        for name in files:
            if (prefix + name if prefix != "./" else name) in claimed:
                continue
            path = os.path.join(root, name)
            if os.lstat(path).st_ctime_ns < started:
                os.unlink(path)
                removed += 1
    for root, _dirs, _files in os.walk(folder, topdown=False):
        if root != str(folder) and not os.listdir(root):
            os.rmdir(root)
    return removed


def write_if_changed(path: str, data: bytes, origin: Origin | None = None) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly these bytes. True if written.

    The path is claimed first in the running build's output folder, as written by ``origin``.
    An unchanged file keeps its modification time (deployment tools see nothing to copy), but
    its change time moves, so that the sweep knows this build produced it.
    """
    _claim(path, origin)
    return _write_bytes(path, data)


def _write_bytes(path: str, data: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            status = os.fstat(handle.fileno())
            same = status.st_size == len(data) and handle.read() == data
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        status, same = None, False
    if same:
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
        return False
    if status is not None and status.st_nlink > 1:
        os.unlink(path)  # a file shared with the site online (link_unchanged): never changed in place
    try:
        with open(path, "wb") as handle:
            handle.write(data)
    except OSError as error:  # a full disk fails the write, not the open: name the file
        if error.filename is None:
            raise OSError(error.errno, error.strerror, path) from error
        raise
    return True


def _status_or_none(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def link_unchanged(source: str, path: str, origin: Origin | None = None) -> None:
    """Make ``path`` the very file ``source`` of the site online, whose bytes this build would
    write again (portail.site.unchanged): a hard link, claimed as a write is, so that nothing is
    read or copied. Files shared so are never changed in place: a build that writes other bytes
    into one makes a new file (``_write_bytes``). Where links are refused, a copy."""
    _claim(path, origin)
    status, wanted = _status_or_none(path), os.stat(source)
    if status is not None and os.path.samestat(status, wanted):
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))  # the change time says: this build's
        return
    if status is not None:
        os.unlink(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        os.link(source, path)
    except OSError:  # another file system, or one without hard links
        with open(source, "rb") as handle:
            _write_bytes(path, handle.read())


class TextWrittenIfChanged(io.StringIO):
    """A text file, claimed when opened, that reaches the disk when closed, only if its bytes
    changed (``write_if_changed``)."""

    def __init__(self, path: str, encoding: str = "utf-8", origin: Origin | None = None):
        super().__init__()
        _claim(path, origin)
        self.path, self.target_encoding = path, encoding  # StringIO.encoding is read-only

    def close(self) -> None:
        if not self.closed:
            _write_bytes(self.path, self.getvalue().encode(self.target_encoding))
        super().close()


def swap_in(staging: Path, output: Path, previous: Path) -> None:
    """Put the finished ``staging`` folder in the place of ``output``, whose former content is
    kept as ``previous`` (the next build rewrites it in place).

    Where the system can, the two folders are exchanged in one step, so that ``output`` never
    stops existing (a server, or the preview, keeps serving a whole site); elsewhere the window
    without it is two renames long.
    """
    if previous.exists():  # left over by an interrupted build
        shutil.rmtree(previous)
    if not output.exists():  # first build
        staging.rename(output)
    elif exchange(staging, output):
        staging.rename(previous)
    else:
        output.rename(previous)
        staging.rename(output)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2(RENAME_EXCHANGE). False where the
    system or the file system cannot (then nothing happened)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28, or not glibc
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))
