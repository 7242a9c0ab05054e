"""Checks across files, and of article bodies, that a field-by-field schema cannot make.

Pure functions over small records, called by the build (plugins/strict_content) and by the
content check (scripts/check_content.py), so both say the same thing in the same words.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from unidecode import unidecode

from portail.model.problems import Problem
from portail.model.suggest import did_you_mean

SUMMARY_LIMIT = 160  # characters a search engine shows of a meta description


@dataclass(frozen=True)
class Document:
    """What the cross-file checks need to know of an article or a page."""

    source: str
    slug: str
    lang: str = "fr"
    related: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    lines: dict = field(default_factory=dict, compare=False)


def related_problems(documents: list[Document]) -> list[Problem]:
    """`related:` must name other existing articles."""
    slugs = {d.slug for d in documents}
    problems = []
    for document in documents:
        for index, slug in enumerate(document.related):
            if slug in slugs and slug != document.slug:
                continue
            message = (
                "un article ne peut pas se citer lui-même" if slug == document.slug else f"article inconnu « {slug} »"
            )
            problems.append(
                Problem(
                    document.source,
                    _line(document, ("related", index), ("related",)),
                    f"related[{index}]",
                    message,
                    did_you_mean(slug, slugs - {document.slug}),
                )
            )
    return problems


def duplicate_slug_problems(documents: list[Document]) -> list[Problem]:
    """Two documents with one slug (and language) would overwrite each other's page."""
    by_slug: dict[tuple, list[Document]] = defaultdict(list)
    for document in documents:
        by_slug[(document.slug, document.lang)].append(document)
    problems = []
    for (slug, _lang), same in by_slug.items():
        sources = sorted(d.source for d in same)
        problems += [
            Problem(
                source,
                1,
                "slug",
                f"adresse « {slug} » déjà utilisée par {sources[0]}",
                "renommez l'un des deux fichiers ou donnez-lui un champ slug différent",
            )
            for source in sources[1:]
        ]
    return problems


def tag_problems(documents: list[Document]) -> list[Problem]:
    """« CNIL » and « cnil », « cookie » and « cookies »: one tag page would hide the other."""
    spellings: dict[str, dict[str, list[Document]]] = defaultdict(lambda: defaultdict(list))
    for document in documents:
        for tag in document.tags:
            spellings[_tag_key(tag)][tag].append(document)
    problems = []
    for variants in spellings.values():
        if len(variants) < 2:
            continue
        # The most used spelling (then the first alphabetically) is the one to keep.
        kept = sorted(variants, key=lambda tag: (-len(variants[tag]), tag))[0]
        for tag, users in sorted(variants.items()):
            if tag == kept:
                continue
            for document in users:
                index = document.tags.index(tag)
                problems.append(
                    Problem(
                        document.source,
                        _line(document, ("tags", index), ("tags",)),
                        f"tags[{index}]",
                        f"étiquette « {tag} » presque identique à « {kept} » "
                        f"(utilisée par {len(variants[kept])} article{'s' if len(variants[kept]) > 1 else ''})",
                        f"écrivez « {kept} »",
                    )
                )
    return problems


@functools.cache  # a few hundred distinct tags, asked for every article at every check
def _tag_key(tag: str) -> str:
    folded = unidecode(tag).casefold().strip()
    return re.sub(r"(?<=\w)[sx]\b", "", folded)


def summary_problems(document: Document, summary: str) -> list[Problem]:
    if len(summary) <= SUMMARY_LIMIT:
        return []
    return [
        Problem(
            document.source,
            _line(document, ("summary",)),
            "summary",
            f"résumé de {len(summary)} caractères : les moteurs de recherche n'en montrent que {SUMMARY_LIMIT}",
            "raccourcissez-le",
        )
    ]


def _line(document: Document, *paths) -> int | None:
    return next((document.lines[p] for p in paths if p in document.lines), None)


# {filename}/articles/x.md, {static}/images/a.png, {attach}photo.jpg, and Pelican's |filename| form.
INTERNAL_LINK = re.compile(r"[{|](filename|static|attach)[}|]([^)\"'\s#?]+)")
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def body_problems(source: str, body: str, first_line: int, folder: str, exists: Callable[[str], bool]) -> list[Problem]:
    """Internal links and images of an article body.

    ``folder`` is the file's folder relative to the content root; ``exists`` says whether a
    path relative to the content root exists.
    """
    problems = []
    for match in INTERNAL_LINK.finditer(body):
        target = match.group(2)
        line = first_line + body.count("\n", 0, match.start())
        resolved = join_link(folder, target)
        if resolved is None:
            problems.append(
                Problem(
                    source,
                    line,
                    None,
                    f"attendu : un fichier du dossier de contenu ; trouvé : « {match.group(0)} », qui en sort",
                    "un lien {static}, {filename} ou {attach} ne peut désigner qu'un fichier du contenu : "
                    "copiez le fichier dans le dossier de contenu (images/, fichiers/) et corrigez le chemin",
                )
            )
        elif not exists(resolved):
            problems.append(
                Problem(
                    source,
                    line,
                    None,
                    f"lien interne vers un fichier introuvable : {target}",
                    "vérifiez le chemin (depuis le dossier de contenu s'il commence par /)",
                )
            )
    for match in _MARKDOWN_IMAGE.finditer(body):
        if not match.group(1).strip():
            problems.append(_missing_alt(source, first_line + body.count("\n", 0, match.start())))
    for match in _HTML_IMAGE.finditer(body):
        if not re.search(r"\balt\s*=\s*[\"'][^\"']+", match.group(0)):
            problems.append(_missing_alt(source, first_line + body.count("\n", 0, match.start())))
    return problems


def _missing_alt(source: str, line: int) -> Problem:
    return Problem(
        source,
        line,
        None,
        "image sans texte de remplacement",
        'décrivez l\'image entre les crochets : ![description](…), ou alt="…"',
    )


def join_link(folder: str, target: str) -> str | None:
    """``target`` of a link in a file of ``folder``, relative to the content root, the way Pelican
    resolves it (from the root if it starts with /); None if it leaves the content folder: Pelican
    would copy such a file, from outside the content, to outside the output folder."""
    joined = target[1:] if target.startswith("/") else posixpath.join(folder, target)
    if joined.startswith("/"):  # //etc/passwd: Pelican joins an absolute path as it is
        return None
    normal = posixpath.normpath(joined) if joined else "."
    if normal == ".." or normal.startswith("../"):
        return None
    return "" if normal == "." else normal
