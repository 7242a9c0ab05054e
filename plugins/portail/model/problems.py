"""Problems found in content, reported to editors in French, all at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing an editor must fix: where it is, what was expected, what was found."""

    path: str
    line: int | None
    field: str | None
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field} : {self.message}" if self.field else self.message
        text = f"{where}: {what}"
        if self.suggestion:
            text += f" — {self.suggestion}"
        return text

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.field or "", self.message)


def format_report(problems: list[Problem]) -> str:
    """A report an editor can read top to bottom: one line per problem, grouped by file."""
    unique = sorted(set(problems), key=Problem.sort_key)
    files = {p.path for p in unique}
    plural = "s" if len(unique) > 1 else ""
    header = (
        f"{len(unique)} problème{plural} dans {len(files)} fichier"
        f"{'s' if len(files) > 1 else ''} : le site n'a pas été construit."
    )
    return "\n".join([header, *(str(p) for p in unique)])


def format_draft_report(problems: list[Problem]) -> str:
    """Problems of drafts and scheduled articles: told, never blocking the rest of the site."""
    unique = sorted(set(problems), key=Problem.sort_key)
    files = len({p.path for p in unique})
    plural = "s" if files > 1 else ""
    header = (
        f"{len(unique)} problème{'s' if len(unique) > 1 else ''} dans {files} fichier{plural} non publié{plural} "
        "(brouillon ou article programmé) : le reste du site est construit sans en tenir compte."
    )
    return "\n".join([header, *(str(p) for p in unique)])


class ContentError(Exception):
    """Raised when content cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(format_report(self.problems))


def display_path(path: str | Path, root: str | Path | None = None) -> str:
    """The path an editor recognises: relative to the content folder's parent when possible."""
    path = Path(path)
    if root is None:
        return str(path)
    root = Path(root)
    try:
        return str(path.relative_to(root.parent))
    except ValueError:  # one of the two went through a link or is relative: compare real paths
        try:
            return str(path.resolve().relative_to(root.resolve().parent))
        except ValueError:
            return str(path)
