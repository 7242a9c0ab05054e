"""Probable duplicates: one decision reported by two articles written differently.

Identity (``decision_identity``) merges the reports that give the same ``id`` or reference. The
others would be two decisions, counted twice: one article gives the authority's reference and a
later one does not, one writes « Meta Platforms Ireland Ltd. » and the other « … Limited ». Two
distinct decisions are probably one when

- their authority is the same, and
- both give a reference and it is the same (then only an ``id`` kept them apart), or at most one
  gives a reference and they agree on the organisation once legal forms, punctuation, accents and
  case are set aside (``organisation_key``), and on the amount and currency, and on the date:
  - with a known amount, within ``WINDOW``: an editor may date a decision by its deliberation,
    its notification or its publication, and one exact amount is already strong evidence;
  - with both amounts undisclosed, on the very same day: the amount then says nothing, and an
    authority may well reprimand one organisation twice in a few weeks; one decision reported
    twice on one day is still far likelier than two.

Two different references are two decisions, always. ``distinct_from`` on either side says that a
pair really is two decisions.

Pure functions over the catalogue; near-linear: decisions are indexed by the facts that must be
equal, and only neighbours in time within one index entry are compared.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from itertools import combinations

from portail.model.decisions import Decision, organisation_key, slugify
from portail.model.problems import Problem
from portail.model.schema import Sanction

WINDOW = timedelta(days=7)


def probably_same(a: Sanction, b: Sanction) -> bool:
    """The rule, for one pair of reports (whatever their identities)."""
    if a.authority != b.authority:
        return False
    if a.reference and b.reference:
        return _reference_key(a) == _reference_key(b)
    return (
        a.amount == b.amount
        and a.currency == b.currency
        and abs(a.decision_date - b.decision_date) <= (WINDOW if a.amount is not None else timedelta(0))
        and organisation_key(a.organisation) == organisation_key(b.organisation)
    )


def said_distinct(a: Decision, b: Decision) -> bool:
    """Either side's ``distinct_from`` names the other."""
    return b.identity in a.sanction.distinct_from or a.identity in b.sanction.distinct_from


def probable_duplicates(decisions: Iterable[Decision]) -> list[tuple[Decision, Decision]]:
    """Pairs of distinct decisions that are probably one and not said distinct, each pair ordered
    by identity, sorted."""
    by_facts: dict[tuple, list[Decision]] = {}
    by_reference: dict[tuple, list[Decision]] = {}
    for decision in decisions:
        s = decision.sanction
        by_facts.setdefault((s.authority, s.currency, s.amount, organisation_key(s.organisation)), []).append(decision)
        if s.reference:
            by_reference.setdefault((s.authority, _reference_key(s)), []).append(decision)
    found: dict[tuple[str, str], tuple[Decision, Decision]] = {}
    for same in by_facts.values():
        for a, b in _close_in_time(same):
            if probably_same(a.sanction, b.sanction):
                found.setdefault(_key(a, b), _ordered(a, b))
    for same in by_reference.values():
        for a, b in combinations(same, 2):
            found.setdefault(_key(a, b), _ordered(a, b))
    return [pair for _, pair in sorted(found.items()) if not said_distinct(*pair)]


def duplicate_problems(decisions: Iterable[Decision]) -> list[Problem]:
    """Each probable duplicate told on both sides, each naming the other's file and line."""
    problems = []
    for a, b in probable_duplicates(decisions):
        problems += [_problem(a, b), _problem(b, a)]
    return problems


def _close_in_time(decisions: list[Decision]):
    """Pairs no more than WINDOW apart, in a list of decisions that agree on everything else."""
    if len(decisions) < 2:
        return
    decisions = sorted(decisions, key=lambda d: (d.decision_date, d.identity))
    for index, decision in enumerate(decisions):
        for later in decisions[index + 1 :]:
            if later.decision_date - decision.decision_date > WINDOW:
                break
            yield decision, later


def _reference_key(sanction: Sanction) -> str:
    # As the identity reads a reference: « SAN-2024-013 » and « san 2024 013 » are one.
    return slugify(sanction.reference)


def _key(a: Decision, b: Decision) -> tuple[str, str]:
    return tuple(sorted((a.identity, b.identity)))


def _ordered(a: Decision, b: Decision) -> tuple[Decision, Decision]:
    return (a, b) if a.identity < b.identity else (b, a)


def _problem(here: Decision, there: Decision) -> Problem:
    mine, theirs = here.coverage[0], there.coverage[0]
    elsewhere = theirs.source if theirs.line is None else f"{theirs.source}:{theirs.line}"
    return Problem(
        mine.source,
        mine.line,
        "sanctions",
        f"décision probablement en double : « {here.identity} » ici et « {there.identity} » dans {elsewhere} "
        f"({_agreement(here.sanction, there.sanction)}) ; elle serait comptée deux fois",
        f"{_fix(here.sanction, there.sanction)} ; si ce sont vraiment deux décisions, "
        f"ajoutez `distinct_from: [{there.identity}]` à l'une d'elles",
    )


def _agreement(a: Sanction, b: Sanction) -> str:
    """What the two reports agree on, as the editor wrote it."""
    if a.reference and b.reference:
        return f"même autorité {a.authority}, même référence « {a.reference} »"
    amount = "montant non communiqué des deux côtés" if a.amount is None else f"même montant {a.amount} {a.currency}"
    names = (
        f"« {a.organisation} »" if a.organisation == b.organisation else f"« {a.organisation} » / « {b.organisation} »"
    )
    dates = (
        f"du {a.decision_date.isoformat()}"
        if a.decision_date == b.decision_date
        else f"du {a.decision_date.isoformat()} / du {b.decision_date.isoformat()}"
    )
    return f"même autorité {a.authority}, même organisme {names}, {amount}, décision {dates}"


def _fix(a: Sanction, b: Sanction) -> str:
    if a.reference and b.reference:
        return "donnez aux deux le même `id:`, ou aucun : la référence suffit"
    known = a.reference or b.reference
    if known:
        return f"donnez aux deux la même référence (`reference: {known}`), ou le même `id:`"
    return "donnez aux deux la même `reference`, ou le même `id:`"
