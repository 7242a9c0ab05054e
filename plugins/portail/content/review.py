"""The checks across files: one list, for the build (portail.site) and `make check` alike.

Per-file checks are made by the reader (portail.content.source); these need every file at once.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from portail.content.checks import Document, duplicate_slug_problems, related_problems, tag_problems
from portail.model.decisions import Coverage, Decision, catalogue, decision_identity
from portail.model.duplicates import duplicate_problems
from portail.model.problems import Problem
from portail.model.schema import Sanction
from portail.model.suggest import did_you_mean

READ_EXTENSIONS = ("md", "markdown", "mkd", "mdown")  # what the portal's reader reads


def article_problems(articles: list[Document]) -> list[Problem]:
    """`related:` targets, one address per article, one spelling per tag."""
    return related_problems(articles) + duplicate_slug_problems(articles) + tag_problems(articles)


def page_problems(pages: list[Document]) -> list[Problem]:
    return duplicate_slug_problems(pages)


def decision_problems(
    reports: Iterable[tuple[Sanction, Coverage]], reserved: set[str]
) -> tuple[list[Decision], list[Problem]]:
    """Distinct decisions of the published articles; conflicting facts, probable duplicates (one
    decision written two ways), `distinct_from` naming no decision, and reserved identities."""
    reports = list(reports)
    decisions, problems = catalogue(reports)
    problems += duplicate_problems(decisions)
    problems += distinct_from_problems(reports, {decision.identity for decision in decisions})
    problems += [
        Problem(
            coverage.source,
            coverage.line,
            "id",
            f"l'identifiant « {decision.identity} » est réservé à une page du site",
            "choisissez un autre id pour cette décision",
        )
        for decision in decisions
        if decision.identity in reserved
        for coverage in decision.coverage[:1]
    ]
    return decisions, problems


def distinct_from_problems(reports: Iterable[tuple[Sanction, Coverage]], identities: set[str]) -> list[Problem]:
    """Each `distinct_from` item must name another decision of the published articles."""
    problems = []
    for sanction, coverage in reports:
        own = decision_identity(sanction)
        for index, named in enumerate(sanction.distinct_from):
            if named == own:
                message = f"« {named} » est l'identité de cette décision même ; attendu : celle d'une autre décision"
                hint = "retirez-la, ou nommez la décision dont celle-ci est distincte"
            elif named not in identities:
                message = (
                    f"aucune décision publiée n'a l'identité « {named} » ; attendu : l'identité d'une autre "
                    "décision (son id, sinon autorité-référence, sinon autorité-date-organisme)"
                )
                hint = did_you_mean(named, identities) or "recopiez l'identité que donne le message sur le double"
            else:
                continue
            problems.append(Problem(coverage.source, coverage.line, f"distinct_from[{index}]", message, hint))
    return problems


def reserved_identities(settings: dict) -> set[str]:
    """Addresses under the sanction index that belong to listing pages (/sanctions/statistiques/…)."""
    index = settings["SANCTIONS_INDEX_URL"]
    reserved = {folder for _grouping, folder, _title, _singular in settings["SANCTION_TAXONOMIES"]}
    reserved.add(settings["SANCTION_STATISTICS_URL"][len(index) :].strip("/"))
    return reserved


def unread_problems(found: Iterable[str], accounted: set[str], shown: Callable[[str], str]) -> list[Problem]:
    """Files in = outcomes out: a source file that is neither published, held back, hidden nor
    refused with its problems would vanish from the site without a word."""
    problems = []
    for path in sorted(set(found) - accounted):
        if not path.endswith(tuple(f".{extension}" for extension in READ_EXTENSIONS)):
            message = "fichier ignoré : seuls les fichiers Markdown (.md) sont lus"
            hint = "renommez-le en .md, ou rangez-le ailleurs que dans les dossiers d'articles et de pages"
        else:
            message = "fichier lu mais sans issue (ni publié, ni brouillon, ni refusé)"
            hint = "c'est un défaut du portail : signalez-le avec ce fichier"
        problems.append(Problem(shown(path), None, None, message, hint))
    return problems


def link_problems(content: Path, shown: Callable[[str], str]) -> list[Problem]:
    """A link inside the content folder to something outside it would publish that file (an
    article, an image, a whole folder): refused, whatever it points to."""
    root = os.path.realpath(content)
    problems = []
    for folder, dirs, files in os.walk(content):  # links are not followed: each is seen once
        for name in sorted(dirs + files):
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                continue
            target = os.path.realpath(path)
            if os.path.commonpath([root, target]) != root:
                problems.append(
                    Problem(
                        shown(os.path.abspath(path)),
                        None,
                        None,
                        f"lien symbolique vers « {os.readlink(path)} », hors du dossier de contenu : rien n'en est publié",
                        "copiez le fichier dans le dossier de contenu, ou retirez le lien",
                    )
                )
    return problems


def source_files(content: Path, folders: Iterable[str], excludes: Iterable[str], ignores: Iterable[str]) -> list[str]:
    """Every file under ``folders`` of ``content``, by the rules of Pelican's generators
    (IGNORE_FILES for files and folders, the *_EXCLUDES folders, links followed)."""
    excluded = {os.path.normpath(os.path.join(content, folder)) for folder in excludes}
    found = []
    for folder in folders:
        for root, dirs, files in os.walk(os.path.join(content, folder), followlinks=True):
            dirs[:] = [d for d in dirs if os.path.join(root, d) not in excluded and not _ignored(d, ignores)]
            found += [os.path.join(root, name) for name in files if not _ignored(name, ignores)]
    return sorted(os.path.abspath(path) for path in found)


def _ignored(name: str, ignores: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in ignores)
