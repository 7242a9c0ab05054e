"""Counting decisions: pure functions over the catalogue, shared by the site and the script.

Rules (content model, "statistics contract"):
- a decision counts once, whatever the number of articles that cover it; ``mentions`` says how
  many reports in articles were merged into these decisions;
- ``count`` counts decisions; amounts (total, mean, median, max) use only decisions whose amount
  is known *and* in the requested currency: an undisclosed amount or a fine in another currency
  is never added to, averaged with or compared to euros;
- money is integer arithmetic; mean and median are rounded half up to the unit;
- a decision with several breach types counts once in each breach group (groups may overlap);
- groups are sorted by total, descending, then key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date

from portail.model.decisions import Decision
from portail.model.reference import FRENCH, ReferenceData

GROUPINGS = ("authority", "country", "year", "breach", "sector", "none")


@dataclass(frozen=True)
class Figures:
    count: int
    count_with_amount: int
    total: int
    mean: int
    median: int
    max: int

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    figures: Figures
    decisions: tuple[Decision, ...] = ()

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, **self.figures.as_dict()}


def amounts_in(decisions: Iterable[Decision], currency: str) -> list[int]:
    return [d.sanction.amount for d in decisions if d.sanction.amount is not None and d.sanction.currency == currency]


def figures(decisions: Iterable[Decision], currency: str = "EUR") -> Figures:
    decisions = list(decisions)
    amounts = sorted(amounts_in(decisions, currency))
    n = len(amounts)
    if n == 0:
        return Figures(len(decisions), 0, 0, 0, 0, 0)
    total = sum(amounts)
    middle = n // 2
    median_twice = amounts[middle] * 2 if n % 2 else amounts[middle - 1] + amounts[middle]
    return Figures(len(decisions), n, total, _half_up(total, n), _half_up(median_twice, 2), amounts[-1])


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def _keys(grouping: str, reference: ReferenceData) -> Callable[[Decision], list[str]]:
    """The group keys of a decision: several for breach types, none for `none`."""
    return {
        "authority": lambda d: [d.sanction.authority],
        "country": lambda d: [reference.authorities[d.sanction.authority].country],
        "year": lambda d: [str(d.decision_date.year)],
        "breach": lambda d: list(d.sanction.breaches),
        "sector": lambda d: [d.sanction.sector],
        "none": lambda d: [],
    }[grouping]


def label(grouping: str, key: str, reference: ReferenceData) -> str:
    if grouping == "authority":
        return reference.authorities[key].short
    if grouping == "country":
        return FRENCH.territories.get(key, key)
    if grouping == "breach":
        return reference.breaches[key].label
    if grouping == "sector":
        return reference.sectors[key].label
    return key


def group(decisions: Iterable[Decision], grouping: str, reference: ReferenceData, currency: str = "EUR") -> list[Group]:
    keys_of = _keys(grouping, reference)
    members: dict[str, list[Decision]] = {}
    for decision in decisions:
        for key in keys_of(decision):
            members.setdefault(key, []).append(decision)
    groups = [
        Group(key, label(grouping, key, reference), figures(items, currency), tuple(items))
        for key, items in members.items()
    ]
    groups.sort(key=lambda g: (-g.figures.total, g.key))
    return groups


@dataclass(frozen=True)
class Selection:
    """Filters of the statistics contract; None means no filter."""

    authority: str | None = None
    sector: str | None = None
    breach: str | None = None
    year: int | None = None
    since: date | None = None
    until: date | None = None

    def keeps(self, decision: Decision) -> bool:
        s = decision.sanction
        return (
            (self.authority is None or s.authority == self.authority)
            and (self.sector is None or s.sector == self.sector)
            and (self.breach is None or self.breach in s.breaches)
            and (self.year is None or s.decision_date.year == self.year)
            and (self.since is None or s.decision_date >= self.since)
            and (self.until is None or s.decision_date <= self.until)
        )


def select(decisions: Iterable[Decision], selection: Selection) -> list[Decision]:
    return [d for d in decisions if selection.keeps(d)]


def mentions(decisions: Iterable[Decision]) -> int:
    """Reports of these decisions in articles: as many as the decisions, or more when several
    reports were merged into one decision by its identity."""
    return sum(len(decision.coverage) for decision in decisions)


def report(decisions: Iterable[Decision], grouping: str, reference: ReferenceData, currency: str = "EUR") -> dict:
    """The JSON object of the statistics contract, extended with ``mentions`` (the reports in
    articles that the ``overall.count`` decisions were merged from)."""
    decisions = list(decisions)
    groups = [] if grouping == "none" else group(decisions, grouping, reference, currency)
    return {
        "by": grouping,
        "currency": currency,
        "overall": figures(decisions, currency).as_dict(),
        "groups": [g.as_dict() for g in groups],
        "mentions": mentions(decisions),
    }


def largest(decisions: Iterable[Decision], currency: str = "EUR", n: int = 10) -> list[Decision]:
    """The n largest fines in ``currency``; ties broken by date (newest first) then identity."""
    known = [d for d in decisions if d.sanction.amount is not None and d.sanction.currency == currency]
    known.sort(key=lambda d: (-d.sanction.amount, -d.decision_date.toordinal(), d.identity))
    return known[:n]


def cited_articles(decisions: Iterable[Decision]) -> list[tuple[str, int]]:
    """GDPR articles by number of decisions citing them (« 5(1)(a) » counts for article 5)."""
    counts = Counter()
    for decision in decisions:
        counts.update({_article_number(a) for a in decision.sanction.articles})
    return sorted(counts.items(), key=lambda item: (-item[1], int(item[0])))


def _article_number(cited: str) -> str:
    return cited.split("(")[0]


def other_currencies(decisions: Iterable[Decision], currency: str = "EUR") -> list[Decision]:
    """Decisions whose amount is known but in another currency: shown, never added."""
    return [d for d in decisions if d.sanction.amount is not None and d.sanction.currency != currency]
