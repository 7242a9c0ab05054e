"""Read a content folder outside Pelican (scripts), with the same parsing and validation as the site.

A cache keyed by each file's content hash makes repeated runs fast: a file is parsed and
validated again only when its bytes, the reference data, the site's categories or the
portal's own code changed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .decisions import Coverage, Decision, catalogue
from .fingerprints import fingerprint
from .frontmatter import parse_source
from .problems import Problem
from .reference import ReferenceData, load_reference
from .schema import ArticleMeta, Sanction, ValidationContext

CACHE_FORMAT = 2


@dataclass
class Corpus:
    reference: ReferenceData
    decisions: list[Decision]
    problems: list[Problem]


@dataclass(frozen=True)
class _Reading:
    """What the statistics need from one file; cheap to pickle."""

    problems: tuple[Problem, ...]
    reports: tuple[tuple[dict, Coverage], ...] = ()  # (sanction fields, coverage)
    draft: bool = True
    published: datetime | None = None  # publication date: a later one is held back

    def is_public(self, now: datetime | None) -> bool:
        return not self.draft and (now is None or self.published <= now)


def read_corpus(content: str | Path, categories: tuple[str, ...], url_for: Callable[[Path, ArticleMeta], str],
                article_dir: str = "articles", data_dir: str = "data",
                cache_dir: str | Path | None = None, now: datetime | None = None) -> Corpus:
    """Published articles' decisions, deduplicated. Raises ContentError for broken reference data.

    Drafts are left out, and so are articles dated after ``now`` (unless it is None), as the
    site leaves them out until their date.
    """
    content = Path(content)
    reference = load_reference(content / data_dir, content)
    context = ValidationContext(reference, categories)
    cache = _Cache(cache_dir, content, _fingerprint(content / data_dir, categories))
    reports, problems = [], []
    shown_from = len(str(content.parent).rstrip(os.sep)) + 1 if str(content.parent) != "." else 0
    for name in _markdown_files(content / article_dir):
        with open(name, "rb") as handle:
            raw = handle.read()
        shown = name[shown_from:]  # relative to the content folder's parent, as the build shows it
        digest = hashlib.sha1(raw).hexdigest()
        reading = cache.get(shown, digest)
        if reading is None:
            reading = _read(raw.decode("utf-8"), shown, Path(name), context, url_for)
            cache.put(shown, digest, reading)
        problems.extend(reading.problems)
        if reading.is_public(now):
            reports.extend((Sanction.model_construct(**fields), coverage) for fields, coverage in reading.reports)
    cache.save()
    decisions, conflicts = catalogue(reports)
    return Corpus(reference, decisions, problems + conflicts)


def _markdown_files(folder: Path) -> list[str]:
    # Strings, not Path objects: on large sites, Path parsing and sorting cost more than reading.
    return sorted(os.path.join(root, name) for root, _dirs, files in os.walk(folder)
                  for name in files if name.endswith(".md"))


def _read(text: str, shown: str, path: Path, context: ValidationContext, url_for) -> _Reading:
    parsed = parse_source(text, shown, ArticleMeta, context)
    meta = parsed.meta
    if meta is None:
        return _Reading(tuple(parsed.problems))
    url, published, lines = url_for(path, meta), _as_datetime(meta.date), parsed.document.lines
    reports = tuple((dict(sanction), Coverage(meta.title, url, published.date(), shown, lines.get(("sanctions", index))))
                    for index, sanction in enumerate(meta.sanctions))
    return _Reading((), reports, meta.status == "draft", published)


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def _fingerprint(data_dir: Path, categories: tuple[str, ...]) -> str:
    """Everything besides a file's own bytes that decides how it reads."""
    code = Path(__file__).parent.glob("*.py")
    return fingerprint([*data_dir.glob("*.yaml"), *code], CACHE_FORMAT, list(categories))


class _Cache:
    def __init__(self, folder: str | Path | None, content: Path, fingerprint: str):
        self.path = None
        self.entries: dict[str, tuple[str, _Reading]] = {}
        self.changed = False
        if folder is None:
            return
        name = hashlib.sha1(str(content.resolve()).encode()).hexdigest()[:16]
        self.path = Path(folder) / f"corpus-{name}.pickle"
        self.fingerprint = fingerprint
        try:
            with open(self.path, "rb") as handle:
                stored_fingerprint, entries = pickle.load(handle)
            if stored_fingerprint == fingerprint:
                self.entries = entries
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            pass  # no cache, or one from another version: read everything

    def get(self, key: str, digest: str) -> _Reading | None:
        entry = self.entries.get(key)
        return entry[1] if entry is not None and entry[0] == digest else None

    def put(self, key: str, digest: str, reading: _Reading) -> None:
        self.entries[key] = (digest, reading)
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((self.fingerprint, self.entries), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time
