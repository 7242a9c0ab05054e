"""Decisions: the identity of a sanction across articles, and the catalogue of distinct decisions."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from unidecode import unidecode

from portail.model.problems import Problem
from portail.model.schema import Sanction

# Facts on which every article about one decision must agree (content model, "Identity").
IDENTITY_FACTS = {
    "authority": "l'autorité",
    "decision_date": "la date de décision",
    "amount": "le montant",
    "currency": "la devise",
}


_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """« Cegedim Santé » -> cegedim-sante: ASCII, lower case, one hyphen between words."""
    return _NOT_ALPHANUMERIC.sub("-", unidecode(text).lower()).strip("-")


def decision_identity(sanction: Sanction) -> str:
    """``id``; else authority + reference; else authority + date + organisation, slugified."""
    if sanction.id:
        return sanction.id
    if sanction.reference:
        return slugify(f"{sanction.authority}-{sanction.reference}")
    return slugify(f"{sanction.authority}-{sanction.decision_date.isoformat()}-{sanction.organisation}")


@dataclass(frozen=True)
class Coverage:
    """An article that reports a decision: enough to link to it and to name it in a message."""

    title: str
    url: str
    date: date
    source: str
    line: int | None = None


@dataclass
class Decision:
    identity: str
    sanction: Sanction
    coverage: list[Coverage] = field(default_factory=list)
    url: str = ""  # the decision's own page, set by the site adapter
    row: object = ""  # its row in decision tables (HTML), set by the site adapter, rendered when first shown

    @property
    def breaches(self) -> list[str]:
        return self.sanction.breaches

    @property
    def decision_date(self) -> date:
        return self.sanction.decision_date


def catalogue(reports: Iterable[tuple[Sanction, Coverage]]) -> tuple[list[Decision], list[Problem]]:
    """Distinct decisions, newest first, each with the articles that cover it (oldest first).

    Facts come from the most recent article (it knows the latest status); breach types and
    GDPR articles are the union over all articles. Conflicting identity facts are problems
    that name both files.
    """
    by_identity: dict[str, list[tuple[Sanction, Coverage]]] = {}
    for sanction, coverage in reports:
        by_identity.setdefault(decision_identity(sanction), []).append((sanction, coverage))
    decisions, problems = [], []
    for identity, items in by_identity.items():
        items.sort(key=lambda item: (item[1].date, item[1].source))
        problems.extend(_conflicts(identity, items))
        decisions.append(Decision(identity, _merge(items), [coverage for _, coverage in items]))
    decisions.sort(key=lambda d: (d.decision_date, d.identity), reverse=True)
    return decisions, problems


def _conflicts(identity: str, items: list[tuple[Sanction, Coverage]]) -> list[Problem]:
    first, first_coverage = items[0]
    problems = []
    for sanction, coverage in items[1:]:
        for name, label in IDENTITY_FACTS.items():
            mine, theirs = getattr(sanction, name), getattr(first, name)
            if mine != theirs:
                problems.append(
                    Problem(
                        coverage.source,
                        coverage.line,
                        name,
                        f"la décision « {identity} » a {label} « {_shown(mine)} » ici mais "
                        f"« {_shown(theirs)} » dans {first_coverage.source}",
                        "corrigez l'un des deux articles, ou donnez un `id` différent si ce sont deux décisions",
                    )
                )
    return problems


def _shown(value) -> str:
    return "null" if value is None else str(value)


def _merge(items: list[tuple[Sanction, Coverage]]) -> Sanction:
    latest = items[-1][0]
    if len(items) == 1:
        return latest
    return latest.model_copy(update={name: _union(items, name) for name in ("breaches", "articles", "distinct_from")})


def _union(items: list[tuple[Sanction, Coverage]], name: str) -> list[str]:
    """A list field over all articles, in the order first written (either side's
    ``distinct_from`` stands for the whole decision)."""
    return list(dict.fromkeys(value for sanction, _ in items for value in getattr(sanction, name)))


# Legal forms say nothing of who an organisation is: « Meta Platforms Ireland Ltd. » and
# « Meta Platforms Ireland Limited » are one.
_LEGAL_FORMS = frozenset(
    [
        "ab",
        "ag",
        "aps",
        "bv",
        "bvba",
        "co",
        "company",
        "corp",
        "corporation",
        "gmbh",
        "inc",
        "kg",
        "kgaa",
        "lda",
        "limited",
        "llc",
        "llp",
        "ltd",
        "mbh",
        "nv",
        "ohg",
        "oy",
        "oyj",
        "plc",
        "sa",
        "sarl",
        "sas",
        "sasu",
        "se",
        "sl",
        "slu",
        "spa",
        "sprl",
        "srl",
    ]
)
# « S.A. », « S.p.A. », « G.m.b.H. »: a letter alone before a dot is part of an abbreviation
# (« SA », « SpA », « GmbH »), not a word of its own.
_ABBREVIATION_DOT = re.compile(r"(?<![a-z0-9])([a-z])\.")


def organisation_key(name: str) -> str:
    """The one definition of « the same organisation », everywhere in the portal: letters and digits,
    accents and case aside, legal forms dropped (« Clearview AI Inc. » is « Clearview AI »,
    « Exemple S.A. » is « Exemple SA »)."""
    words = re.findall(r"[a-z0-9]+", _ABBREVIATION_DOT.sub(r"\1", unidecode(name).casefold()))
    kept = [w for w in words if w not in _LEGAL_FORMS]
    return " ".join(kept or words)


@dataclass
class Neighbourhood:
    """Decisions indexed once by organisation and by authority (newest first), so that finding
    a decision's neighbours costs its neighbours, not the whole catalogue."""

    by_organisation: dict[str, list[Decision]]
    by_authority: dict[str, list[Decision]]

    @classmethod
    def of(cls, decisions: list[Decision]) -> Neighbourhood:
        by_organisation: dict[str, list[Decision]] = {}
        by_authority: dict[str, list[Decision]] = {}
        for decision in decisions:
            by_organisation.setdefault(organisation_key(decision.sanction.organisation), []).append(decision)
            by_authority.setdefault(decision.sanction.authority, []).append(decision)
        return cls(by_organisation, by_authority)

    def same_organisation(self, decision: Decision) -> list[Decision]:
        """Other decisions against the same organisation, by any authority."""
        same = self.by_organisation[organisation_key(decision.sanction.organisation)]
        return [d for d in same if d is not decision]

    def same_authority_and_breach(self, decision: Decision, limit: int = 10) -> list[Decision]:
        """Other decisions of the same authority sharing a breach type (the ``limit`` newest)."""
        breaches, found = set(decision.breaches), []
        for other in self.by_authority[decision.sanction.authority]:
            if other is not decision and breaches.intersection(other.breaches):
                found.append(other)
                if len(found) == limit:
                    break
        return found
