"""Pages whose inputs are those of the last build are taken from the last site, not rendered.

What a queued page (one ``write_file`` call, see portail.site.parallel) shows is made from
- the site's common inputs: the portal's code and theme, the installed libraries, the settings,
  the day, every file of the content folder that is not an article or a page (data, images),
  and what each article and page shows of itself outside its own page: its metadata (title,
  date, tags, decisions, problems…), address, summary and reading time, but not its body;
- for the page of an article or a page, also its own body, table of contents, « À lire aussi »
  and neighbours.
Listings, decision pages, statistics… are made from the common inputs alone: when none of them
changed, an edit of one article's body renders that article's page (and those whose « À lire
aussi » it changed), and every other page is copied from the last site. A change of anything
shown in listings (a title, a date, a tag, a template) renders every page again.

The choice is conservative: a value this module cannot describe the same way from one build to
the next (an object known only by its address) makes every page be rendered.

Each build records, in its cache folder, every queued page's fingerprint and the digest of each
file it wrote. A page is copied only when its fingerprint is the recorded one and every file of
it in the last site (the output folder, PORTAIL_LAST_SITE) still has the recorded digest: the
record of a build that failed describes pages that never went online, and those differ.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
import pickle
import sys
from importlib import metadata as distributions
from pathlib import Path

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from portail.plumbing.fingerprints import fingerprint, plain_settings

RECORD = "pages-rendues.pickle"
# Metadata made from the body and shown only on the article's own page; and the line of each
# field, which only messages show (a problem of a draft is described as such).
_NOT_LISTED = frozenset({"text_features", "toc", "field_lines"})
_CONTENT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")
_LIBRARIES = ("pelican", "jinja2", "markdown", "pygments", "beautifulsoup4", "pillow")


_PLAIN = frozenset({str, int, float, bool, type(None)})


class UnstableError(Exception):
    """A value whose description would differ from one build to the next."""


def common_digest(context: dict, settings: dict) -> bytes | None:
    """The digest of the inputs every page shares; None if one of them cannot be described."""
    portal = Path(__file__).resolve().parents[1]
    theme = Path(settings["THEME"])
    code = [p for folder in (portal, theme) for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    versions = [sys.version, *(_version(name) for name in _LIBRARIES)]
    contents = sorted(_every_content(context), key=lambda c: c.source_path or c.url or "")
    sources = {os.path.abspath(c.source_path) for c in contents if c.source_path}
    digest = hashlib.blake2b(
        fingerprint(code, plain_settings(settings), versions, datetime.date.today().isoformat()).encode()
    )
    digest.update(_other_files(settings["PATH"], sources).encode())
    try:
        for content in contents:
            digest.update(describe(_listed(content)).encode())
    except UnstableError:
        return None
    return digest.digest()


def _every_content(context: dict):
    seen: set[int] = set()
    stack = [c for name in _CONTENT_LISTS for c in context.get(name, ())]
    while stack:
        content = stack.pop()
        if id(content) not in seen:
            seen.add(id(content))
            stack.extend(content.translations)
            yield content


def _listed(content: Content) -> dict:
    """What a content shows outside its own page."""
    shown = {key: value for key, value in content.metadata.items() if key not in _NOT_LISTED}
    # Its address and file name are made from its metadata, its file's path and the settings.
    return {
        "metadata": shown,
        "status": content.status,
        "summary": str(content.summary),
        "reading_time": getattr(content, "reading_time", None),
        "problems": getattr(content, "problems", None),
        "source": content.source_path,
    }


def _own(content: Content) -> dict:
    """What only its own page shows."""
    return {
        "source": content.source_path,
        "toc": content.metadata.get("toc"),
        "related": [other.source_path for other in getattr(content, "related_articles", None) or ()],
        "older": getattr(getattr(content, "older_article", None), "source_path", None),
        "newer": getattr(getattr(content, "newer_article", None), "source_path", None),
    }


def _other_files(root: str, sources: set[str]) -> str:
    """Name, size and modification time of every file of the content folder but articles and pages."""
    entries = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            if path not in sources:
                status = os.stat(path)
                entries.append(f"{os.path.relpath(path, root)}\0{status.st_size}\0{status.st_mtime_ns}")
    return "\n".join(entries)


def _version(name: str) -> str:
    try:
        return f"{name} {distributions.version(name)}"
    except distributions.PackageNotFoundError:
        return f"{name} absent"


def describe(value) -> str:
    """A text that is the same in every build for the same value. Content objects inside a value
    are named only: what they show is described on its own (``_listed``)."""
    parts: list[str] = []
    _describe(value, parts, set())
    return "".join(parts)


def _describe(value, parts: list[str], path: set[int]) -> None:
    if type(value) in _PLAIN or isinstance(value, (bool, int, float)):  # the plain type first: most values
        parts.append(repr(value))
    elif isinstance(value, str):  # FrenchText and Markup too: what they print is made of the text
        parts.append(f"{type(value).__name__}{value!r}")
    elif isinstance(value, (datetime.date, datetime.time)):
        parts.append(f"{type(value).__name__}({value.isoformat()} {getattr(value, 'tzinfo', None)})")
    elif isinstance(value, Content):  # by its file (its address costs more, and is in _listed)
        parts.append(f"<{type(value).__name__} {value.source_path or value.url}>")
    elif isinstance(value, URLWrapper):
        parts.append(f"<{type(value).__name__} {value.name} {value.url}>")
    elif id(value) in path:
        parts.append("<…>")
    else:
        path.add(id(value))
        _describe_container(value, parts, path)
        path.discard(id(value))


def _describe_container(value, parts: list[str], path: set[int]) -> None:
    if isinstance(value, dict):
        parts.append("{")
        for key in sorted(value, key=repr):
            _describe(key, parts, path)
            parts.append(":")
            _describe(value[key], parts, path)
            parts.append(",")
        parts.append("}")
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        parts.append(f"{type(value).__name__}[")
        for item in items:
            _describe(item, parts, path)
            parts.append(",")
        parts.append("]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts.append(type(value).__qualname__)
        _describe({f.name: getattr(value, f.name) for f in dataclasses.fields(value)}, parts, path)
    elif hasattr(value, "__dict__") and not callable(value):
        parts.append(type(value).__qualname__)
        _describe(vars(value), parts, path)
    else:
        text = repr(value)
        if " at 0x" in text:
            raise UnstableError(text)
        parts.append(text)


class LastPages:
    """What the last build wrote, that this build may copy instead of making it again.

    Keyed by what makes a file: a queued page (template, name) or a feed (its path). A key's
    ``fingerprint`` is the common inputs and the own inputs of the articles it shows; ``files``
    gives the recorded files of an unchanged key, checked against their digests, one key at a
    time; ``keep`` records what this build wrote; ``save`` writes the record for the next build.
    """

    def __init__(self, settings: dict, context: dict):
        self.path = Path(settings["CACHE_PATH"]) / RECORD
        last = settings.get("PORTAIL_LAST_SITE")
        self.last_site = Path(last) if last else None
        self.common = common_digest(context, settings) if self.last_site else None
        self._previous = self._load() if self.common else {}
        self.current: dict[tuple[str, str], tuple[str, tuple[tuple, ...]]] = {}
        self._own: dict[int, bytes] = {}  # by id(): content objects live as long as the build

    def _load(self) -> dict:
        if not self.last_site.is_dir():
            return {}
        try:
            with open(self.path, "rb") as handle:
                return pickle.load(handle)
        except Exception:  # no record, or one a crash cut short: everything is made again
            return {}

    def fingerprint(self, key: tuple[str, str], shown=(), extra: str = "") -> str | None:
        """The common inputs, the key, ``extra`` and the own inputs of the articles and pages
        ``shown`` (their body, table of contents, « À lire aussi », neighbours)."""
        if self.common is None:
            return None
        digest = hashlib.blake2b(self.common)
        digest.update(f"{key[0]}\0{key[1]}\0{extra}\0".encode())
        try:
            for content in shown:
                if isinstance(content, Content):
                    digest.update(self._own_digest(content))
        except UnstableError:
            return None
        return digest.hexdigest()

    def _own_digest(self, content: Content) -> bytes:
        """Once per article in a build: its page and up to two feeds show it."""
        found = self._own.get(id(content))
        if found is None:
            own = hashlib.blake2b(describe(_own(content)).encode())
            own.update((content._content or "").encode())  # unprocessed: links follow addresses
            found = self._own[id(content)] = own.digest()
        return found

    def unchanged(self, key: tuple[str, str], fingerprint: str | None) -> bool:
        return fingerprint is not None and self._previous.get(key, (None,))[0] == fingerprint

    def files(self, key: tuple[str, str]) -> list[tuple[str, str, str]] | None:
        """The files of an unchanged key in the last site, if each still has the recorded bytes:
        (path in the output, digest, path in the last site) of each; else None (made again)."""
        files = []
        for relative, expected, *recorded_status in self._previous[key][1]:
            path = self.last_site / relative
            try:
                # The same file as recorded (inode, size, time): its bytes are those hashed then.
                if _status(path) != tuple(recorded_status) and file_digest(path.read_bytes()) != expected:
                    return None
            except OSError:
                return None
            files.append((relative, expected, str(path)))
        return files

    def keep(self, key: tuple[str, str], fingerprint: str | None, files: list[tuple]) -> None:
        """Record what ``key`` wrote: ``file_entry`` of each file."""
        if fingerprint is not None:
            self.current[key] = (fingerprint, tuple(files))

    def save(self) -> None:
        if self.last_site is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with open(temporary, "wb") as handle:
            pickle.dump(self.current, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def file_entry(root: str, relative: str, digest: str | None = None) -> tuple:
    """What the record keeps of a file written: its path in the output, the digest of its bytes
    (read when not given), and its inode, size and modification time."""
    path = Path(root, relative)
    if digest is None:
        digest = file_digest(path.read_bytes())
    return (relative, digest, *_status(path))


def _status(path: Path) -> tuple[int, int, int]:
    status = os.stat(path)
    return status.st_ino, status.st_size, status.st_mtime_ns


def pages_stamp(cache: Path) -> str | None:
    """A digest of the HTML pages the last build wrote (its record), or None without a record:
    what the search index of that site is made from."""
    try:
        with open(cache / RECORD, "rb") as handle:
            record = pickle.load(handle)
    except Exception:
        return None
    pages = sorted(f[:2] for _fingerprint, files in record.values() for f in files if f[0].endswith(".html"))
    return hashlib.blake2b(repr(pages).encode(), digest_size=20).hexdigest()
