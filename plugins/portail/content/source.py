"""The one reader: a source file's bytes to a validated document, or to problems naming the file.

The build (portail.site.reading), `make check`, the statistics script, `make new` and the import
all read content through ``read_source``, so they accept and refuse exactly the same files. A
source file always ends as a ``Source``: valid, or with problems (a bug of ours included: any
exception while reading becomes a problem naming the file, never a file that silently vanishes).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from portail.content.checks import INTERNAL_LINK, Document, body_problems, join_link, summary_problems
from portail.content.frontmatter import ParsedSource, parse_source
from portail.content.text import body_character_problems, decode_source
from portail.media.renditions import EXPECTED as IMAGE_EXPECTED
from portail.media.renditions import problem_of
from portail.model.problems import Problem, display_path
from portail.model.schema import ArticleMeta, PageMeta, ValidationContext
from portail.model.suggest import closest


@dataclass
class Source:
    path: Path
    shown: str  # as editors see it: relative to the content folder's parent
    parsed: ParsedSource
    # A draft, or an article dated in the future: its problems are told but never block the site.
    held_back: bool = False

    @property
    def problems(self) -> list[Problem]:
        return self.parsed.problems


def read_source(
    path: str | Path,
    content: str | Path,
    kind: type[ArticleMeta] | type[PageMeta],
    context: ValidationContext,
    *,
    raw: bytes | None = None,
    shown: str | None = None,
    today: date | None = None,
) -> Source:
    """Read and check ``path`` of the content folder ``content`` (``raw``: its bytes, if already read;
    ``shown``: its name for editors, if already known).

    ``today``: articles dated after it are held back (None: no article is held back by its date).
    """
    path, content = Path(path), Path(content)
    shown = shown or display_path(path, content)
    try:
        parsed = _parse(path, content, shown, kind, context, raw)
    except Exception as error:  # a bug of ours too: the file must still be named
        parsed = ParsedSource(None, None, "", [unreadable(shown, error)])
    return Source(path, shown, parsed, _held_back(parsed, today))


def read_folder(
    folder: Path, content: Path, kind: type[ArticleMeta] | type[PageMeta], context: ValidationContext, **options
) -> list[Source]:
    """Every Markdown file under ``folder``, whatever its status, in path order."""
    names = sorted(os.path.join(root, name) for root, _dirs, files in os.walk(folder) for name in files)
    return [read_source(name, content, kind, context, **options) for name in names if name.endswith(".md")]


def _parse(path: Path, content: Path, shown: str, kind, context, raw: bytes | None) -> ParsedSource:
    text, problems = decode_source(path.read_bytes() if raw is None else raw, shown)
    if text is None:
        return ParsedSource(None, None, "", problems)
    parsed = parse_source(text, shown, kind, context)
    folder = path.parent.relative_to(content).as_posix() if path.is_relative_to(content) else ""
    parsed.problems += problems + body_character_problems(parsed.body, shown, parsed.body_line)
    parsed.problems += body_problems(
        shown, parsed.body, parsed.body_line, folder, lambda target: (content / target).exists()
    )
    if parsed.meta is not None:
        parsed.problems += summary_problems(Document(shown, "", lines=parsed.document.lines), parsed.meta.summary)
        parsed.problems += _image_problems(parsed, content, shown)
    parsed.problems += _undecodable_images(parsed, content, shown, folder)
    return parsed


_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")


def _undecodable_images(parsed: ParsedSource, content: Path, shown: str, folder: str) -> list[Problem]:
    """Images the build would have to resize but cannot read: refused here, as in the build
    (portail.site.images), so that `make check` says it too. Missing files are told above."""
    wanted = []  # (file relative to the content folder, line, field)
    image = parsed.meta.image if parsed.meta is not None else None
    if image is not None:
        wanted.append((image.file, parsed.document.line_of(("image", "file")), "image.file"))
    for match in INTERNAL_LINK.finditer(parsed.body):
        target = join_link(folder, match.group(2))
        if target and target.lower().endswith(_IMAGE_SUFFIXES):
            wanted.append((target, parsed.body_line + parsed.body.count("\n", 0, match.start()), "corps"))
    problems = []
    for file, line, field in wanted:
        path = content / file
        error = problem_of(path.read_bytes()) if path.is_file() else None
        if error is not None:
            message = f"attendu : {IMAGE_EXPECTED} ; trouvé : « {file} », {error.found}"
            problems.append(Problem(shown, line, field, message, error.suggestion))
    return problems


def _image_problems(parsed: ParsedSource, content: Path, shown: str) -> list[Problem]:
    """The featured image must be a file of the content folder, like the files a body links to."""
    image = parsed.meta.image
    if image is None or (content / image.file).is_file():
        return []
    folder = content / "images"
    present = [p.relative_to(content).as_posix() for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    guess = closest(image.file, present)
    return [
        Problem(
            shown,
            parsed.document.line_of(("image", "file")),
            "image.file",
            f"fichier d'image introuvable ; attendu : un fichier de {display_path(folder, content)}/ ; "
            f"trouvé : « {image.file} »",
            f"vouliez-vous dire « {guess} » ?" if guess else "ajoutez le fichier dans ce dossier, ou corrigez le nom",
        )
    ]


def unreadable(shown: str, error: Exception) -> Problem:
    return Problem(
        shown,
        None,
        None,
        f"fichier illisible : erreur interne du portail en le lisant ({type(error).__name__} : {error})",
        "signalez-la aux développeurs avec ce fichier ; les autres fichiers ont été vérifiés",
    )


def _held_back(parsed: ParsedSource, today: date | None) -> bool:
    draft, day = written_status(parsed)
    return draft or (today is not None and day is not None and day > today)


def written_status(parsed: ParsedSource) -> tuple[bool, date | None]:
    """Whether the file says `status: draft`, and its date: read from the front matter as
    written, so that a draft with errors is still a draft."""
    data = parsed.document.data if parsed.document is not None else None
    if not isinstance(data, dict):
        return False, None
    try:
        day = datetime.fromisoformat(str(data.get("date")).strip()).date()
    except ValueError:
        day = None
    return data.get("status") == "draft", day
