"""One decision reported by two articles written differently is never counted twice: it is merged
by identity, or reported on both files as a probable duplicate; distinct decisions are never merged.

Content folders are built with the real build and checked with the real `make check`; the rule
itself is tested as a pure function over many pairs.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portail.model.decisions import Coverage, catalogue
from portail.model.duplicates import probable_duplicates, probably_same, said_distinct
from portail.model.schema import Sanction

from sitebuild import SEED_CONTENT, run_build, run_script


def article(title: str, published: str, *sanctions: str, status: str = "published") -> str:
    """An article reporting ``sanctions`` (YAML blocks of fields, one per decision)."""
    blocks = "".join(
        "  - " + "\n    ".join(line.strip() for line in block.strip().splitlines()) + "\n" for block in sanctions
    )
    return (
        f'---\ntitle: "{title}"\ndate: {published}\ncategory: Sanctions en Europe\ntags: [sécurité]\n'
        f'summary: "Résumé de {title}."\nstatus: {status}\nsanctions:\n{blocks}---\nCorps.\n'
    )


def decision(authority: str, organisation: str, day: str, amount: str, *extra: str) -> str:
    lines = [f"authority: {authority}", f'organisation: "{organisation}"', f"decision_date: {day}", f"amount: {amount}"]
    return "\n".join([*lines, *extra, "breaches: [securite]", "sector: telecoms-medias"])


def content_of(tmp, articles: dict[str, str]):
    content = tmp / "content"
    (content / "articles").mkdir(parents=True)
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    for name, text in articles.items():
        (content / "articles" / f"{name}.md").write_text(text, encoding="utf-8")
    return content


def lines_naming(report: str, name: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith(f"content/articles/{name}.md:")]


# Each pair: two articles about one decision, written differently; the line of the decision is 9.
REPORTED = {
    # The reference in the first article only; « Ltd. » and « Limited ».
    "meta-ref": article(
        "Meta, 251 millions",
        "2024-12-18",
        decision("dpc", "Meta Platforms Ireland Ltd.", "2024-12-17", "251000000", "reference: IN-18-10-1"),
    ),
    "meta-noref": article(
        "Meta, trois semaines après",
        "2025-01-06",
        decision("dpc", "Meta Platforms Ireland Limited", "2024-12-17", "251000000"),
    ),
    # « SA » and « S.A. », dated a day apart.
    "sa-1": article("Exemple, premier", "2023-05-10", decision("cnil", "Exemple SA", "2023-05-02", "50000")),
    "sa-2": article("Exemple, second", "2023-05-20", decision("cnil", "Exemple S.A.", "2023-05-03", "50000")),
    # « GmbH » with and without an accent and dots.
    "gmbh-1": article(
        "Müller, premier", "2022-03-10", decision("bfdi", "Müller Datentechnik GmbH", "2022-03-01", "10000")
    ),
    "gmbh-2": article(
        "Müller, second", "2022-03-12", decision("bfdi", "Muller Datentechnik G.m.b.H.", "2022-03-01", "10000")
    ),
    # Accents, case and a legal form (one spelling alone would merge by identity: the slug
    # has no accents nor capitals); both amounts undisclosed, on the same day.
    "dupre-1": article("Dupré, premier", "2021-06-10", decision("cnil", "Établissements Dupré", "2021-06-01", "null")),
    "dupre-2": article(
        "Dupré, second", "2021-06-11", decision("cnil", "ETABLISSEMENTS DUPRE, SARL", "2021-06-01", "null")
    ),
    # `distinct_from` naming no decision: refused with the closest identity.
    "typo": article(
        "Une faute de frappe",
        "2020-01-10",
        decision("cnil", "Autre SAS", "2020-01-02", "1000", "distinct_from: [dpc-in-18-10-11]"),
    ),
}


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("doubles")
    content = content_of(tmp, REPORTED)
    build = run_build(content, tmp / "output")
    check = run_script("check_content.py", "--content", content)
    stats = run_script("sanction_stats.py", "--content", content, "--no-cache", "--format", "json")
    return build, check, stats, tmp


@pytest.mark.parametrize(
    "first, second",
    [("meta-ref", "meta-noref"), ("sa-1", "sa-2"), ("gmbh-1", "gmbh-2"), ("dupre-1", "dupre-2")],
)
def test_a_pair_is_reported_on_both_files_with_the_other_file_and_the_fix(reported, first, second):
    build, check, _stats, _tmp = reported
    for report in (build.stderr, check.stdout):
        for here, there in ((first, second), (second, first)):
            (line,) = lines_naming(report, here)
            assert line.startswith(f"content/articles/{here}.md:9: sanctions : décision probablement en double"), line
            assert f"dans content/articles/{there}.md:9" in line, line
            assert "donnez aux deux la même" in line and "distinct_from: [" in line, line


def test_the_fix_names_the_reference_given_on_one_side(reported):
    _build, check, _stats, _tmp = reported
    for name in ("meta-ref", "meta-noref"):
        (line,) = lines_naming(check.stdout, name)
        assert "donnez aux deux la même référence (`reference: IN-18-10-1`), ou le même `id:`" in line


def test_an_unknown_distinct_from_is_refused_with_the_closest_identity(reported):
    _build, check, _stats, _tmp = reported
    (line,) = lines_naming(check.stdout, "typo")
    assert line.startswith("content/articles/typo.md:9: distinct_from[0] : aucune décision publiée")
    assert "« dpc-in-18-10-11 »" in line and "vouliez-vous dire « dpc-in-18-10-1 » ?" in line


def test_the_build_the_check_and_the_statistics_refuse_them_alike(reported):
    build, check, stats, tmp = reported
    assert build.returncode == check.returncode == stats.returncode == 1
    named = {line for line in check.stdout.splitlines() if line.startswith("content/")}
    assert named == {line for line in build.stderr.splitlines() if line.startswith("content/")}
    assert {line for line in stats.stderr.splitlines() if line.startswith("content/")} == named
    assert len(named) == 9  # four pairs told twice, and the unknown identity
    assert not (tmp / "output").exists()


# Decisions that look alike but are not one, the escape, and reports merged by identity.
DISTINCT = {
    # Two decisions on the same day by one authority against two organisations.
    "same-day": article(
        "Deux décisions le même jour",
        "2024-02-10",
        decision("cnil", "Alpha SAS", "2024-02-01", "20000"),
        decision("cnil", "Beta SAS", "2024-02-01", "20000"),
    ),
    # Two different references: two decisions, whatever else they share.
    "ref-1": article(
        "Gamma, première", "2023-09-10", decision("garante", "Gamma SpA", "2023-09-01", "5000", "reference: 101")
    ),
    "ref-2": article(
        "Gamma, seconde", "2023-09-11", decision("garante", "Gamma S.p.A.", "2023-09-01", "5000", "reference: 102")
    ),
    # Said distinct by one side only: never reported.
    "escape-1": article("Delta, première", "2022-11-10", decision("ico", "Delta Ltd", "2022-11-01", "null")),
    "escape-2": article(
        "Delta, seconde",
        "2022-11-12",
        decision("ico", "Delta Limited", "2022-11-01", "null", "distinct_from: [ico-2022-11-01-delta-ltd]"),
    ),
    # Undisclosed amounts a day apart: the amount says nothing, the date differs: two decisions.
    "undisclosed-1": article("Epsilon, premier", "2021-04-10", decision("aepd", "Epsilon SL", "2021-04-01", "null")),
    "undisclosed-2": article("Epsilon, second", "2021-04-11", decision("aepd", "Epsilon S.L.", "2021-04-02", "null")),
    # One reference, two spellings: merged by identity into one decision, two mentions.
    "merged-1": article(
        "Zeta, première", "2020-03-10", decision("cnil", "Zeta SA", "2020-03-01", "7000", "reference: SAN-2020-001")
    ),
    "merged-2": article(
        "Zeta, seconde", "2020-03-20", decision("cnil", "ZETA", "2020-03-01", "7000", "reference: SAN-2020-001")
    ),
    # A draft reporting a published decision another way: not in the catalogue, never blocking.
    "draft": article(
        "Brouillon sur Alpha", "2024-02-11", decision("cnil", "ALPHA", "2024-02-01", "20000"), status="draft"
    ),
}


@pytest.fixture(scope="module")
def distinct(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("distinctes")
    content = content_of(tmp, DISTINCT)
    build = run_build(content, tmp / "output")
    check = run_script("check_content.py", "--content", content)
    stats = run_script("sanction_stats.py", "--content", content, "--no-cache", "--format", "json")
    return build, check, stats


def test_distinct_decisions_are_never_merged_nor_reported(distinct):
    build, check, stats = distinct
    assert build.returncode == 0, build.stderr
    assert check.returncode == 0, check.stdout
    assert "probablement en double" not in build.stderr + check.stdout
    assert (
        "Contenu valide : 10 articles, 0 pages, 9 décisions." in check.stdout
    )  # the draft is read, its decision not catalogued
    assert json.loads(stats.stdout)["overall"]["count"] == 9


def test_mentions_merged_by_identity_are_told_by_statistics_and_open_data(distinct):
    build, _check, stats = distinct
    assert json.loads(stats.stdout)["mentions"] == 10  # ten reports in published articles, nine decisions
    paragraph = build.page("sanctions/statistiques").select_one("span.mentions").get_text(" ", strip=True)
    assert " ".join(paragraph.split()) == ": 10 mentions dans les articles, 9 décisions distinctes"
    records = json.loads((build.output / "sanctions" / "sanctions.json").read_text(encoding="utf-8"))
    assert {r["identity"]: r["mentions"] for r in records if r["mentions"] > 1} == {"cnil-san-2020-001": 2}


# The rule as a pure function.


def sanction(organisation="Acme SA", day=date(2024, 1, 10), amount=1000, **changes) -> Sanction:
    fields = dict(
        id=None,
        authority="cnil",
        organisation=organisation,
        decision_date=day,
        reference=None,
        amount=amount,
        currency="EUR",
        breaches=["securite"],
        articles=[],
        sector="sante",
        status="final",
        source=None,
        distinct_from=[],
    )
    return Sanction.model_construct(**{**fields, **changes})


JAN = date(2024, 1, 10)


@pytest.mark.parametrize(
    "a, b, same",
    [
        (sanction("Meta Platforms Ireland Ltd."), sanction("Meta Platforms Ireland Limited"), True),
        (sanction("Exemple SA"), sanction("Exemple S.A."), True),
        (sanction("Müller GmbH"), sanction("MULLER G.m.b.H."), True),
        (sanction("Société Générale"), sanction("societe generale"), True),
        (sanction(reference="SAN-1"), sanction(), True),  # the reference on one side only
        (sanction(reference="SAN-1"), sanction(reference="san 1"), True),  # one reference, two spellings
        (sanction(reference="SAN-1"), sanction(reference="SAN-2"), False),  # two references: two decisions
        (sanction(day=JAN), sanction(day=JAN + timedelta(days=1)), True),
        (sanction(day=JAN), sanction(day=JAN + timedelta(days=7)), True),
        (sanction(day=JAN), sanction(day=JAN + timedelta(days=8)), False),
        (sanction(amount=None), sanction(amount=None), True),  # undisclosed, the same day
        (sanction(amount=None), sanction(amount=None, day=JAN + timedelta(days=1)), False),
        (sanction(amount=None), sanction(amount=1000), False),
        (sanction(amount=1000), sanction(amount=1001), False),
        (sanction(), sanction(currency="GBP"), False),
        (sanction(), sanction(authority="ico"), False),
        (sanction("Alpha SAS"), sanction("Beta SAS"), False),
        (sanction("Meta Platforms Inc."), sanction("Meta Platforms Ireland Ltd."), False),
    ],
)
def test_probably_same(a, b, same):
    assert probably_same(a, b) is same
    assert probably_same(b, a) is same


def decisions_of(sanctions: list[Sanction]):
    reports = [
        (s, Coverage("Article", "", date(2024, 2, 1), f"content/articles/{i}.md", 9)) for i, s in enumerate(sanctions)
    ]
    return catalogue(reports)[0]


ORGANISATIONS = ["Acme SA", "ACME S.A.", "Acmé", "Acme Ltd", "Beta", "Beta GmbH", "Gamma SpA"]
random_sanctions = st.lists(
    st.builds(
        sanction,
        organisation=st.sampled_from(ORGANISATIONS),
        day=st.integers(0, 20).map(lambda n: JAN + timedelta(days=n)),
        amount=st.sampled_from([None, 1000, 2000]),
        authority=st.sampled_from(["cnil", "ico"]),
        reference=st.sampled_from([None, None, "SAN-1", "SAN-2"]),
        id=st.sampled_from([None, None, "x", "y"]),
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(random_sanctions, st.data())
def test_the_index_finds_exactly_the_pairs_of_the_rule(sanctions, data):
    decisions = decisions_of(sanctions)
    # Some decisions say they are distinct from others.
    for decision in decisions:
        named = data.draw(st.lists(st.sampled_from([d.identity for d in decisions]), max_size=2, unique=True))
        decision.sanction = decision.sanction.model_copy(update={"distinct_from": named})
    expected = {
        tuple(sorted((a.identity, b.identity)))
        for a, b in combinations(decisions, 2)
        if probably_same(a.sanction, b.sanction) and not said_distinct(a, b)
    }
    found = [(a.identity, b.identity) for a, b in probable_duplicates(decisions)]
    assert found == sorted(expected)


def test_many_decisions_of_one_organisation_are_compared_only_within_the_window():
    # A decision a month against one organisation, same amount, for 40 years: none is a double.
    sanctions = [sanction(day=date(1980, 1, 1) + timedelta(days=30 * n)) for n in range(480)]
    assert probable_duplicates(decisions_of(sanctions)) == []
    assert len(probable_duplicates(decisions_of([*sanctions, sanction(day=date(1980, 1, 3))]))) == 1
