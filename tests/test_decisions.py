"""Identity of a decision across articles, deduplication and conflicting facts."""

from __future__ import annotations

from datetime import date

from portail.model.decisions import Coverage, catalogue, decision_identity
from portail.model.schema import Sanction


def make(**changes) -> Sanction:
    fields = dict(
        authority="cnil",
        organisation="Cegedim Santé",
        decision_date=date(2024, 9, 5),
        reference="SAN-2024-013",
        amount=800000,
        breaches=["principes"],
        sector="sante",
    )
    fields.update(changes)
    return Sanction.model_construct(
        **{
            "currency": "EUR",
            "articles": [],
            "status": "final",
            "id": None,
            "source": None,
            "distinct_from": [],
            **fields,
        }
    )


def cover(source: str, day: int = 17) -> Coverage:
    return Coverage(f"Article {source}", f"articles/{source}/", date(2024, 9, day), f"content/{source}.md", 8)


def test_identity_prefers_the_editors_id():
    assert decision_identity(make(id="cegedim-2024")) == "cegedim-2024"


def test_identity_uses_the_reference_when_public():
    assert decision_identity(make()) == "cnil-san-2024-013"


def test_identity_without_reference_uses_date_and_organisation():
    assert decision_identity(make(reference=None)) == "cnil-2024-09-05-cegedim-sante"


def test_a_decision_covered_by_two_articles_is_one_decision():
    decisions, problems = catalogue([(make(), cover("a")), (make(), cover("b", 26))])
    assert problems == []
    assert len(decisions) == 1
    assert [c.source for c in decisions[0].coverage] == ["content/a.md", "content/b.md"]


def test_facts_come_from_the_latest_article_and_lists_are_merged():
    decisions, _ = catalogue(
        [
            (make(breaches=["principes"], articles=["5"]), cover("a", 17)),
            (make(breaches=["formalites-prealables"], status="appealed"), cover("b", 26)),
        ]
    )
    merged = decisions[0].sanction
    assert merged.breaches == ["principes", "formalites-prealables"]
    assert merged.status == "appealed"
    assert merged.articles == ["5"]


def test_conflicting_amounts_name_both_files():
    _, problems = catalogue([(make(), cover("a")), (make(amount=900000), cover("b", 26))])
    assert len(problems) == 1
    problem = problems[0]
    assert problem.path == "content/b.md" and problem.field == "amount"
    assert "content/a.md" in problem.message and "900000" in problem.message


def test_conflicting_date_currency_and_authority_are_each_reported():
    # An editor's `id` ties the two together even though their other facts differ.
    other = make(id="cegedim", decision_date=date(2024, 9, 6), currency="GBP", authority="ico")
    _, problems = catalogue([(make(id="cegedim"), cover("a")), (other, cover("b", 26))])
    assert sorted(p.field for p in problems) == ["authority", "currency", "decision_date"]


def test_decisions_are_listed_newest_first():
    older = make(reference="SAN-2019-001", decision_date=date(2019, 1, 21))
    decisions, _ = catalogue([(older, cover("a")), (make(), cover("b"))])
    assert [d.identity for d in decisions] == ["cnil-san-2024-013", "cnil-san-2019-001"]


def test_neighbours_same_organisation_whatever_the_spelling_and_same_authority_and_breach():
    from portail.model.decisions import Neighbourhood

    decisions, _ = catalogue(
        [
            (make(reference="A", organisation="Clearview AI Inc."), cover("a")),
            (make(reference="B", organisation="CLEARVIEW AI INC", authority="garante"), cover("b")),
            (make(reference="C", organisation="Autre", breaches=["principes", "cookies"]), cover("c")),
            (make(reference="D", organisation="Encore", breaches=["securite"]), cover("d")),
        ]
    )
    by_reference = {d.sanction.reference: d for d in decisions}
    neighbours = Neighbourhood.of(decisions)
    assert [d.sanction.reference for d in neighbours.same_organisation(by_reference["A"])] == ["B"]
    assert [d.sanction.reference for d in neighbours.same_authority_and_breach(by_reference["A"])] == ["C"]


def test_distinct_from_said_by_any_article_holds_for_the_decision():
    decisions, _ = catalogue(
        [(make(distinct_from=["cnil-autre"]), cover("a", 17)), (make(distinct_from=["cnil-encore"]), cover("b", 26))]
    )
    assert decisions[0].sanction.distinct_from == ["cnil-autre", "cnil-encore"]


def test_the_same_organisation_whatever_the_legal_form_and_its_dots():
    from portail.model.decisions import organisation_key

    assert organisation_key("Exemple S.A.") == organisation_key("EXEMPLE SA") == "exemple"
    assert organisation_key("Müller Datentechnik G.m.b.H.") == organisation_key("Muller Datentechnik GmbH")
    assert organisation_key("Acme S.p.A.") == organisation_key("Acme SpA")
    assert organisation_key("J.P. Morgan") == organisation_key("JP Morgan") != organisation_key("Morgan")
