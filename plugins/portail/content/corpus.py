"""Read a content folder outside Pelican (scripts), with the same parsing and validation as the site.

A cache keyed by each file's content hash makes repeated runs fast: a file is parsed and
validated again only when its bytes, the reference data, the site's categories or the
portal's own code changed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from portail.content.review import READ_EXTENSIONS, decision_problems, source_files, unread_problems
from portail.content.source import read_source, written_status
from portail.model.decisions import Coverage, Decision
from portail.model.problems import Problem
from portail.model.reference import ReferenceData, load_reference
from portail.model.schema import ArticleMeta, Sanction, ValidationContext
from portail.plumbing.bulk import on_every_core, paused_gc
from portail.plumbing.fingerprints import fingerprint

CACHE_FORMAT = 4
_READ = tuple(f".{extension}" for extension in READ_EXTENSIONS)


@dataclass
class Corpus:
    reference: ReferenceData
    decisions: list[Decision]
    problems: list[Problem]


# What the statistics need from one file, as plain tuples, strings and integers: three times
# cheaper to pass between processes and to cache than objects.
#   (problems, draft, publication date ISO, ((sanction field values, coverage values), ...))
Record = tuple[tuple[Problem, ...], bool, str, tuple[tuple[tuple, tuple], ...]]
_SANCTION_FIELDS = tuple(Sanction.model_fields)
_DECISION_DATE = _SANCTION_FIELDS.index("decision_date")


def read_corpus(
    content: str | Path,
    categories: tuple[str, ...],
    article_dir: str = "articles",
    data_dir: str = "data",
    cache_dir: str | Path | None = None,
    now: datetime | None = None,
    processes: int | None = None,
    ignores: tuple[str, ...] = (),
    reserved: frozenset[str] = frozenset(),
    slug_substitutions: tuple | None = None,
) -> Corpus:
    """Published articles' decisions, deduplicated. Raises ContentError for broken reference data.

    Drafts are left out, and so are articles dated after ``now`` (unless it is None), as the
    site leaves them out until their date. Coverage carries no page address (the statistics
    link nowhere; computing Pelican's slug of every file would cost a tenth of the run). Files
    are read by ``processes`` processes (default: one per core). ``ignores``: the site's
    IGNORE_FILES; ``reserved``: identities that belong to listing pages (as the build checks).
    """
    content = Path(content).absolute()
    reference = load_reference(content / data_dir, content)
    context = ValidationContext(reference, categories, *([slug_substitutions] if slug_substitutions else []))
    cache = _Cache(cache_dir, content, _fingerprint(content / data_dir, categories))
    shown_from = len(str(content.parent).rstrip(os.sep)) + 1

    def read_share(share: list[str]) -> list[tuple[str, str, Record | None]]:
        """(shown name, digest, record) per file; record None when the cache already holds it."""
        found = []
        for name in share:
            with open(name, "rb") as handle:
                raw = handle.read()
            shown = name[shown_from:]  # relative to the content folder's parent, as the build shows it
            digest = hashlib.sha1(raw).hexdigest()
            cached = cache.get(shown, digest) is not None
            found.append((shown, digest, None if cached else _read(name, raw, shown, content, context)))
        return found

    with paused_gc():
        # Hashing, parsing and validating files are independent work: on every core (in order,
        # so problems are listed the same way).
        files = source_files(content, [article_dir], (), ignores)
        readable = [name for name in files if name.endswith(_READ)]
        unread = unread_problems(files, set(readable), lambda name: name[shown_from:])
        read = on_every_core(read_share, readable, processes)
        corpus = _gather(read, cache, reference, now, reserved)
        corpus.problems[:0] = unread
        return corpus


def _gather(
    read: list[tuple[str, str, Record | None]],
    cache: _Cache,
    reference: ReferenceData,
    now: datetime | None,
    reserved: frozenset[str],
) -> Corpus:
    reports, problems = [], []
    for shown, digest, record in read:
        if record is None:
            record = cache.get(shown, digest)
        else:
            cache.put(shown, digest, record)
        file_problems, draft, published, file_reports = record
        held_back = draft or (now is not None and bool(published) and datetime.fromisoformat(published) > now)
        if not held_back:  # as in the build: a draft's problems never block
            problems.extend(file_problems)
            reports.extend(_report(*report) for report in file_reports)
    cache.save()
    decisions, conflicts = decision_problems(reports, reserved)
    return Corpus(reference, decisions, problems + conflicts)


def _read(name: str, raw: bytes, shown: str, content: Path, context: ValidationContext) -> Record:
    source = read_source(name, content, ArticleMeta, context, raw=raw, shown=shown)
    if source.problems:
        draft, day = written_status(source.parsed)
        return tuple(source.problems), draft, _as_datetime(day).isoformat() if day else "", ()
    meta = source.parsed.meta
    published, lines = _as_datetime(meta.date), source.parsed.document.lines
    reports = tuple(
        (_sanction_values(sanction), (meta.title, published.date().toordinal(), shown, lines.get(("sanctions", index))))
        for index, sanction in enumerate(meta.sanctions)
    )
    return (), meta.status == "draft", published.isoformat(), reports


def _sanction_values(sanction: Sanction) -> tuple:
    values = [getattr(sanction, name) for name in _SANCTION_FIELDS]
    values[_DECISION_DATE] = values[_DECISION_DATE].toordinal()
    return tuple(values)


def _report(values: tuple, coverage: tuple) -> tuple[Sanction, Coverage]:
    fields = dict(zip(_SANCTION_FIELDS, values))
    fields["decision_date"] = date.fromordinal(fields["decision_date"])
    title, published, source, line = coverage
    return Sanction.model_construct(**fields), Coverage(title, "", date.fromordinal(published), source, line)


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def _fingerprint(data_dir: Path, categories: tuple[str, ...]) -> str:
    """Everything besides a file's own bytes that decides how it reads."""
    code = Path(__file__).resolve().parents[1].rglob("*.py")  # the whole portail package
    return fingerprint([*data_dir.glob("*.yaml"), *code], CACHE_FORMAT, list(categories))


class _Cache:
    def __init__(self, folder: str | Path | None, content: Path, fingerprint: str):
        self.path = None
        self.entries: dict[str, tuple[str, Record]] = {}
        self.changed = False
        if folder is None:
            return
        name = hashlib.sha1(str(content.resolve()).encode()).hexdigest()[:16]
        self.path = Path(folder) / f"corpus-{name}.pickle"
        self.fingerprint = fingerprint
        try:
            with open(self.path, "rb") as handle:
                stored_fingerprint, entries = pickle.load(handle)
        except FileNotFoundError:
            return  # a first run: read everything
        except Exception:
            print(f"Cache illisible, ignoré (tout est relu) : {self.path}", file=sys.stderr)
            return
        if stored_fingerprint == fingerprint and isinstance(entries, dict):
            self.entries = entries  # else from another version of the portal: read everything

    def get(self, key: str, digest: str) -> Record | None:
        entry = self.entries.get(key)
        return entry[1] if entry is not None and entry[0] == digest else None

    def put(self, key: str, digest: str, record: Record) -> None:
        self.entries[key] = (digest, record)
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
