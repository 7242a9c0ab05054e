"""Counting rules, on decisions built in memory: pure functions, no Pelican."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from portail.counting.statistics import Selection, cited_articles, figures, group, largest, report, select
from portail.model.decisions import Coverage, catalogue
from portail.model.reference import load_reference
from portail.model.schema import Sanction

from sitebuild import SEED_CONTENT

REFERENCE = load_reference(SEED_CONTENT / "data")


def sanction(
    organisation="ACME",
    amount=1000,
    currency="EUR",
    authority="cnil",
    day=date(2023, 1, 1),
    breaches=("securite",),
    sector="sante",
    articles=(),
) -> Sanction:
    return Sanction.model_construct(
        id=None,
        authority=authority,
        organisation=organisation,
        decision_date=day,
        reference=None,
        amount=amount,
        currency=currency,
        breaches=list(breaches),
        articles=list(articles),
        sector=sector,
        status="final",
        source=None,
    )


def decisions_of(*sanctions):
    cover = Coverage("Article", "articles/a/", date(2024, 1, 1), "content/a.md")
    decisions, problems = catalogue((s, cover) for s in sanctions)
    assert problems == []
    return decisions


def test_undisclosed_amounts_count_but_are_never_added():
    result = figures(decisions_of(sanction("A", 100), sanction("B", None), sanction("C", 300)))
    assert (result.count, result.count_with_amount, result.total, result.max) == (3, 2, 400, 300)
    assert result.mean == 200 and result.median == 200


def test_other_currencies_are_never_added_to_euros():
    decisions = decisions_of(sanction("A", 100), sanction("B", 5000, "GBP"))
    assert figures(decisions).as_dict() == {
        "count": 2,
        "count_with_amount": 1,
        "total": 100,
        "mean": 100,
        "median": 100,
        "max": 100,
    }
    assert figures(decisions, "GBP").total == 5000


def test_median_and_mean_are_whole_units_rounded_half_up():
    result = figures(decisions_of(sanction("A", 1), sanction("B", 2)))
    assert (result.mean, result.median) == (2, 2)  # 1.5 -> 2
    assert figures(decisions_of(sanction("A", 1), sanction("B", 2), sanction("C", 10))).median == 2


def test_no_amount_at_all_gives_zeros():
    assert figures(decisions_of(sanction("A", None))).as_dict() == {
        "count": 1,
        "count_with_amount": 0,
        "total": 0,
        "mean": 0,
        "median": 0,
        "max": 0,
    }


def test_a_decision_counts_in_each_of_its_breach_groups():
    groups = group(
        decisions_of(sanction("A", 10, breaches=("securite", "cookies")), sanction("B", 5)), "breach", REFERENCE
    )
    assert {(g.key, g.figures.count, g.figures.total) for g in groups} == {("securite", 2, 15), ("cookies", 1, 10)}


def test_groups_are_sorted_by_total_then_key():
    groups = group(
        decisions_of(
            sanction("A", 10, authority="cnil"), sanction("B", 10, authority="aepd"), sanction("C", 50, authority="dpc")
        ),
        "authority",
        REFERENCE,
    )
    assert [g.key for g in groups] == ["dpc", "aepd", "cnil"]


def test_groups_by_country_and_year_have_french_labels():
    decisions = decisions_of(sanction("A", 10, authority="dpc", day=date(2022, 5, 1)))
    assert [(g.key, g.label) for g in group(decisions, "country", REFERENCE)] == [("IE", "Irlande")]
    assert [g.key for g in group(decisions, "year", REFERENCE)] == ["2022"]


def test_selection_filters():
    decisions = decisions_of(
        sanction("A", 10, day=date(2020, 1, 1)),
        sanction("B", 10, authority="dpc", day=date(2022, 6, 1)),
        sanction("C", 10, breaches=("cookies",), sector="telecoms-medias", day=date(2023, 1, 1)),
    )
    names = lambda sel: sorted(d.sanction.organisation for d in select(decisions, sel))  # noqa: E731
    assert names(Selection(authority="dpc")) == ["B"]
    assert names(Selection(breach="cookies")) == ["C"]
    assert names(Selection(sector="telecoms-medias")) == ["C"]
    assert names(Selection(year=2020)) == ["A"]
    assert names(Selection(since=date(2022, 6, 1))) == ["B", "C"]
    assert names(Selection(until=date(2022, 6, 1))) == ["A", "B"]


def test_report_has_the_contract_shape():
    result = report(decisions_of(sanction("A", 10)), "authority", REFERENCE)
    assert list(result) == ["by", "currency", "overall", "groups", "mentions"]  # mentions: an added key
    assert list(result["groups"][0]) == ["key", "label", "count", "count_with_amount", "total", "mean", "median", "max"]
    assert report(decisions_of(sanction("A", 10)), "none", REFERENCE)["groups"] == []


def test_largest_fines_in_euros_only():
    decisions = decisions_of(sanction("A", 10), sanction("B", 99, "GBP"), sanction("C", None), sanction("D", 30))
    assert [d.sanction.organisation for d in largest(decisions, n=2)] == ["D", "A"]


def test_cited_articles_count_decisions_per_article_number():
    decisions = decisions_of(sanction("A", articles=("5(1)(a)", "5(1)(c)", "32")), sanction("B", articles=("32",)))
    assert cited_articles(decisions) == [("32", 2), ("5", 1)]


amounts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**10))
random_sanctions = st.lists(
    st.tuples(
        amounts,
        st.sampled_from(["EUR", "EUR", "GBP"]),
        st.sampled_from(["cnil", "dpc", "garante"]),
        st.lists(st.sampled_from(["securite", "cookies", "principes"]), min_size=1, max_size=3, unique=True),
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(random_sanctions)
def test_totals_equal_an_independent_sum(items):
    decisions = decisions_of(
        *(
            sanction(f"Org {i}", amount, currency, authority, breaches=breaches)
            for i, (amount, currency, authority, breaches) in enumerate(items)
        )
    )
    result = report(decisions, "breach", REFERENCE)
    euros = [amount for amount, currency, _, _ in items if amount is not None and currency == "EUR"]
    assert result["overall"]["count"] == len(items)
    assert result["overall"]["total"] == sum(euros)
    assert result["overall"]["max"] == max(euros, default=0)
    for g in result["groups"]:
        members = [
            amount
            for amount, currency, _, breaches in items
            if g["key"] in breaches and amount is not None and currency == "EUR"
        ]
        assert g["total"] == sum(members) and g["count_with_amount"] == len(members)


def test_mentions_count_every_report_merged_into_a_decision():
    cover = Coverage("Article", "articles/a/", date(2024, 1, 1), "content/a.md")
    again = Coverage("Article", "articles/b/", date(2024, 2, 1), "content/b.md")
    decisions, _ = catalogue([(sanction("A"), cover), (sanction("A"), again), (sanction("B"), cover)])
    assert (figures(decisions).count, report(decisions, "none", REFERENCE)["mentions"]) == (2, 3)
