"""The schema's limits: every value it accepts can be formatted and given an address, every item
of a list is checked on its own, and no YAML value makes validation fail other than in French."""

from __future__ import annotations

import copy
import math
import re
import runpy

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pelican.utils import slugify as pelican_slugify
from pydantic import ValidationError

from portail.content.frontmatter import parse_source
from portail.formats import amount_fr, date_fr
from portail.model.reference import load_reference
from portail.model.schema import (
    MAX_AMOUNT,
    SLUG_SUBSTITUTIONS,
    ArticleMeta,
    PageMeta,
    ValidationContext,
    pelican_slug,
)

from sitebuild import ROOT, SEED_CONTENT

REFERENCE = load_reference(SEED_CONTENT / "data")
CONTEXT = ValidationContext(REFERENCE, ("Amendes CNIL", "Conformité RGPD"))
SHOWN = "articles/test.md"

SANCTION = {
    "authority": "cnil",
    "organisation": "ACME",
    "decision_date": "2024-09-05",
    "reference": "SAN-2024-013",
    "amount": 800000,
    "currency": "EUR",
    "breaches": ["base-legale", "securite"],
    "articles": ["5(1)(a)", "32"],
    "sector": "sante",
    "status": "final",
    "source": "https://www.cnil.fr/",
}
ARTICLE = {
    "title": "La CNIL sanctionne ACME",
    "date": "2024-09-17",
    "modified": "2024-09-18",
    "category": "Amendes CNIL",
    "tags": ["sécurité", "droit d'accès"],
    "summary": "Un résumé.",
    "authors": ["redaction"],
    "related": ["un-autre-article"],
    "sanctions": [SANCTION],
}

# What pydantic says when its own English message leaks to an editor.
ENGLISH = re.compile(r"\b(Input|should|Value error|Field required|valid|error|Unable|object)\b")


def parse_text(text: str, context: ValidationContext = CONTEXT, kind=ArticleMeta):
    return parse_source(text, SHOWN, kind, context)


def parse(meta: dict, context: ValidationContext = CONTEXT, kind=ArticleMeta):
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\nCorps.\n"
    return parse_text(text, context, kind)


def article(**changes) -> dict:
    meta = copy.deepcopy(ARTICLE)
    meta.update(changes)
    return meta


def sanction(**changes) -> dict:
    return article(sanctions=[{**copy.deepcopy(SANCTION), **changes}])


def problems_by_field(parsed) -> dict:
    assert parsed.meta is None
    return {p.field: p for p in parsed.problems}


def only_problem(meta: dict, kind=ArticleMeta):
    parsed = parse(meta, kind=kind)
    assert parsed.meta is None
    assert len(parsed.problems) == 1, parsed.problems
    return parsed.problems[0]


def assert_french(problem) -> None:
    assert problem.path == SHOWN
    assert isinstance(problem.line, int) and problem.line >= 1, problem
    assert problem.field, problem
    assert not ENGLISH.search(problem.message), problem
    assert "Erreur interne" not in problem.message


def test_the_example_is_valid():
    assert parse(ARTICLE).problems == []


# Amounts


def test_an_amount_too_large_for_any_fine_is_refused_and_explained():
    problem = only_problem(sanction(amount=10**40))
    assert problem.field == "sanctions[0].amount"
    assert "d'au plus 1 000 000 000 000" in problem.message
    assert "1,2 milliard" in problem.message
    assert "trouvé : « 10000000000000000000000000000000000000000 »" in problem.message
    assert "null" in problem.suggestion
    assert_french(problem)


def test_the_largest_amount_accepted_can_be_formatted():
    meta = parse(sanction(amount=MAX_AMOUNT, currency="HUF")).meta
    assert (
        amount_fr(meta.sanctions[0].amount, meta.sanctions[0].currency)
        == "1\u202f000\u202f000\u202f000\u202f000\u00a0HUF"
    )
    assert only_problem(sanction(amount=MAX_AMOUNT + 1)).field == "sanctions[0].amount"


def test_a_negative_amount_names_the_lower_bound():
    problem = only_problem(sanction(amount=-5))
    assert "d'au moins 0" in problem.message and "trouvé : « -5 »" in problem.message
    assert_french(problem)


@pytest.mark.parametrize("value", ["1.5", ".nan", ".inf", "-.inf", "true", "[1]", "{a: 1}", '""', "1e40"])
def test_an_amount_that_is_no_integer_is_refused_in_french(value):
    text = yaml.safe_dump(sanction(amount=0), allow_unicode=True, sort_keys=False)
    parsed = parse_text("---\n" + text.replace("amount: 0", f"amount: {value}") + "---\n")
    [problem] = parsed.problems
    assert problem.field == "sanctions[0].amount" and "nombre entier" in problem.message
    assert "trouvé" in problem.message
    assert_french(problem)


def test_a_huge_hexadecimal_amount_is_described_without_its_digits():
    text = yaml.safe_dump(sanction(amount=0), allow_unicode=True, sort_keys=False)
    parsed = parse_text("---\n" + text.replace("amount: 0", "amount: 0x" + "f" * 5000) + "---\n")
    assert parsed.meta is None and parsed.problems
    for problem in parsed.problems:
        assert_french(problem)
        assert len(problem.message) < 400


# Dates


@pytest.mark.parametrize("value", ["1970-01-01", "2100-12-31", "2024-09-17 08:30"])
def test_dates_between_1970_and_2100_are_accepted(value):
    meta = parse(article(date=value, modified=None)).meta
    assert date_fr(meta.date)


@pytest.mark.parametrize("field", ["date", "modified", "decision_date"])
@pytest.mark.parametrize("value", ["1969-12-31", "2101-01-01", "0001-01-01", "0000-01-01", "9999-12-31"])
def test_years_outside_1970_2100_are_refused(field, value):
    meta = sanction(decision_date=value) if field == "decision_date" else article(**{field: value})
    if field == "date":
        meta["modified"] = None
    parsed = parse(meta)
    fields = problems_by_field(parsed)
    name = "sanctions[0].decision_date" if field == "decision_date" else field
    problem = fields[name]
    assert "entre 1970 et 2100" in problem.message and f"trouvé : « {value} »" in problem.message
    assert_french(problem)


def test_a_publication_time_does_not_hide_the_year():
    problem = only_problem(article(date="9999-12-31 23:59", modified=None))
    assert "entre 1970 et 2100" in problem.message and "trouvé : « 9999-12-31 23:59 »" in problem.message


def test_a_modification_before_publication_points_at_modified():
    problem = only_problem(article(modified="2024-01-01"))
    assert problem.field == "modified" and "précède" in problem.message
    assert "trouvé : « 2024-01-01 » avant « 2024-09-17 »" in problem.message


# Every item of every list


def test_every_unknown_breach_gets_its_own_problem_on_its_own_line():
    text = """---
title: "Titre"
date: 2024-09-17
category: Amendes CNIL
tags: [sécurité]
summary: "Résumé."
sanctions:
  - authority: cnil
    organisation: ACME
    decision_date: 2024-09-05
    amount: 1000
    breaches:
      - cookie
      - securite
      - base-légale
    articles: ["article 32", "5(1)(a)", 123]
    sector: sante
related: [Un Titre, bon-slug, Autre titre]
---
Corps.
"""
    fields = problems_by_field(parse_text(text))
    assert set(fields) == {
        "sanctions[0].breaches[0]",
        "sanctions[0].breaches[2]",
        "sanctions[0].articles[0]",
        "sanctions[0].articles[2]",
        "related[0]",
        "related[2]",
    }
    cookie, legal = fields["sanctions[0].breaches[0]"], fields["sanctions[0].breaches[2]"]
    assert (cookie.line, legal.line) == (13, 15)
    assert cookie.message == "type de manquement inconnu « cookie »"
    assert cookie.suggestion == "vouliez-vous dire « cookies » ?"
    assert legal.suggestion == "vouliez-vous dire « base-legale » ?"
    assert fields["sanctions[0].articles[0]"].suggestion == 'écrivez "32"'
    assert fields["sanctions[0].articles[2]"].message == "article du RGPD invalide « 123 »"
    assert fields["related[0]"].suggestion == "écrivez « un-titre »"
    assert fields["related[2]"].suggestion == "écrivez « autre-titre »"
    assert {p.line for p in fields.values() if p.field.startswith("related")} == {18}
    for problem in fields.values():
        assert_french(problem)


def test_a_repeated_item_names_both_positions():
    problem = only_problem(sanction(breaches=["securite", "base-legale", "securite"]))
    assert problem.field == "sanctions[0].breaches"
    assert problem.message == "type de manquement cité deux fois : « securite » aux positions 0 et 2"


# Tags, categories and authors need an address


@pytest.mark.parametrize("tag", ["<b></b>", "!!!", "« »", "&amp;", "🎉"])
def test_a_tag_without_letters_has_no_address(tag):
    text = yaml.safe_dump(article(tags=[]), allow_unicode=True, sort_keys=False)
    written = yaml.safe_dump([tag], allow_unicode=True, default_flow_style=True).strip()
    parsed = parse_text("---\n" + text.replace("tags: []", f"tags: [sécurité, {written[1:-1]}]") + "---\n")
    [problem] = parsed.problems
    assert problem.field == "tags[1]" and problem.line == 6
    assert problem.message.startswith("étiquette sans adresse")
    assert f"trouvé : « {tag} »" in problem.message
    assert "sans balise HTML" in problem.suggestion
    assert_french(problem)


def test_every_tag_and_author_without_address_is_reported():
    fields = problems_by_field(parse(article(tags=["<b></b>", "ok", "!!!"], authors=["<i></i>"])))
    assert set(fields) == {"tags[0]", "tags[2]", "authors[0]"}
    assert fields["authors[0]"].message.startswith("nom d'auteur sans adresse")


def test_a_category_without_address_is_refused_when_the_site_lists_none():
    parsed = parse(article(category="<em>?</em>"), ValidationContext(REFERENCE))
    [problem] = parsed.problems
    assert problem.field == "category" and problem.message.startswith("catégorie sans adresse")


def test_two_spellings_of_one_tag_page_are_one_tag():
    problem = only_problem(article(tags=["RGPD", "rgpd !"]))
    assert problem.field == "tags" and "aux positions 0 et 1" in problem.message


def test_a_tag_whose_address_is_too_long_for_a_folder_name():
    # Each of these characters becomes a 13-letter word in an address.
    problem = only_problem(article(tags=["\u722b" * 40]))
    assert problem.field == "tags[0]" and "d'au plus 200" in problem.message
    assert_french(problem)


def test_the_default_slug_rule_is_the_sites():
    settings = runpy.run_path(str(ROOT / "pelicanconf.py"))
    assert tuple(map(tuple, settings["SLUG_REGEX_SUBSTITUTIONS"])) == SLUG_SUBSTITUTIONS


@pytest.mark.parametrize(
    "text",
    [
        "droit d'accès",
        "Droit d’accès",
        "<b>RGPD</b>",
        "C++",
        "日本",
        "ﬁchiers",
        "&amp; co",
        "a_b",
        " --a-- ",
        "🎉",
        "<b></b>",
    ],
)
def test_slugs_are_computed_as_pelican_does(text):
    assert pelican_slug(text) == pelican_slugify(text, regex_subs=SLUG_SUBSTITUTIONS)


def test_the_slug_rule_comes_from_the_context():
    # A site whose addresses keep only digits: a tag in words has none.
    digits_only = ValidationContext(REFERENCE, CONTEXT.categories, [(r"[^0-9]", "")])
    parsed = parse(article(tags=["sécurité", "2024"]), digits_only)
    assert [p.field for p in parsed.problems] == ["category", "tags[0]", "authors[0]"]
    assert parse(article(tags=["sécurité"])).problems == []


# Lengths and characters


@pytest.mark.parametrize(
    "field, limit, meta",
    [
        ("title", 200, lambda text: article(title=text)),
        ("sanctions[0].organisation", 200, lambda text: sanction(organisation=text)),
        ("sanctions[0].reference", 100, lambda text: sanction(reference=text)),
        ("tags[0]", 100, lambda text: article(tags=[text])),
        ("summary", 2000, lambda text: article(summary=text)),
    ],
)
def test_texts_are_bounded(field, limit, meta):
    assert parse(meta("a" * limit)).problems == []
    problem = only_problem(meta("a" * (limit + 1)))
    assert problem.field == field
    assert f"d'au plus {limit} caractères ; trouvé : {limit + 1} caractères" in problem.message
    assert_french(problem)


def test_a_decision_identity_too_long_for_a_folder_name_points_at_the_organisation():
    problem = only_problem(sanction(reference=None, organisation="\u722b" * 40))
    assert problem.field == "sanctions[0].organisation"
    assert "identité de la décision trop longue" in problem.message and "`id`" in problem.suggestion


def test_an_organisation_needs_a_letter_or_a_digit():
    problem = only_problem(sanction(organisation="!!!"))
    assert problem.field == "sanctions[0].organisation" and "trouvé : « !!! »" in problem.message


@pytest.mark.parametrize("field", ["title", "summary", "organisation"])
def test_control_characters_are_refused(field):
    # Given to the model directly: the YAML reader refuses most of them before.
    meta = sanction(organisation="AC\x1bME") if field == "organisation" else article(**{field: "Ti\x00tre"})
    with pytest.raises(ValidationError, match="caractère de contrôle"):
        ArticleMeta.model_validate(meta, context=CONTEXT)


def test_a_summary_may_have_several_lines():
    assert parse(article(summary="Première ligne.\nSeconde ligne.")).problems == []


@pytest.mark.parametrize("value", ["../../etc/passwd.html", "/tmp/x.html", "a//b.html", ".cache.html"])
def test_a_page_is_written_inside_the_site(value):
    page = {"title": "Page", "summary": "Résumé.", "save_as": value}
    assert only_problem(page, PageMeta).field == "save_as"
    assert parse({**page, "save_as": "404.html"}, kind=PageMeta).problems == []


# Any value at all


@pytest.mark.parametrize(
    "path, value",
    [
        (("organisation",), {"a": 1}),
        (("organisation",), ["a"]),
        (("organisation",), 12),
        (("reference",), True),
        (("reference",), [1]),
        (("id",), "a b"),
        (("id",), "Cnil-2024"),
        (("id",), 12),
        (("breaches",), [["securite"]]),
        (("breaches",), [None]),
        (("breaches",), {"a": 1}),
        (("articles",), [{"a": 1}]),
        (("currency",), ["EUR"]),
        (("status",), None),
        (("decision_date",), 20240905),
        (("decision_date",), "99999999999999999999-01-01"),
        (("source",), "https://" + "a" * 3000),
        ((), "une décision"),
        ((), ["cnil"]),
    ],
)
def test_any_value_in_a_decision_gets_a_french_message(path, value):
    meta = sanction()
    if path:
        meta["sanctions"][0][path[0]] = value
    else:
        meta["sanctions"][0] = value
    parsed = parse(meta)
    assert parsed.problems
    for problem in parsed.problems:
        assert problem.field.startswith("sanctions[0]")
        assert "trouvé" in problem.message
        assert_french(problem)


@pytest.mark.parametrize(
    "field, value",
    [
        ("title", {"a": 1}),
        ("title", ["a"]),
        ("date", [2024]),
        ("date", {"y": 2024}),
        ("tags", [["a"]]),
        ("tags", [{"a": 1}]),
        ("tags", [None]),
        ("tags", [2024]),
        ("tags", {}),
        ("authors", "Rédaction"),
        ("related", [["a"]]),
        ("sanctions", [[]]),
        ("sanctions", "cnil"),
        ("sanctions", None),
        ("slug", "Mon Article"),
        ("lang", "français"),
    ],
)
def test_any_value_in_an_article_gets_a_french_message(field, value):
    parsed = parse(article(**{field: value}))
    assert parsed.problems
    for problem in parsed.problems:
        assert problem.field.startswith(field)
        assert "trouvé" in problem.message
        assert_french(problem)


def test_an_empty_list_of_sanctions_is_an_article_without_decisions():
    assert parse(article(sanctions=[])).meta.sanctions == []


# Random front matters: whatever the YAML says, validation answers in French.

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**60), max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    # Line breaks belong to the YAML reader's tests: here the value is what is tried.
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x85\u2028\u2029"), max_size=30),
    st.sampled_from(["", " ", "<b></b>", "!!!", "2024-02-30", "0001-01-01", "cnil", "securite", "5(1)(a)", "a b"]),
    st.sampled_from([-1, MAX_AMOUNT, MAX_AMOUNT + 1, 2**64, 10**40, -(10**40), 1e40]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["a", "authority", "1"]), inner),
    max_leaves=8,
)
_ARTICLE_FIELDS = [*ARTICLE, "slug", "lang", "status", "unknown"]
_SANCTION_FIELDS = [*SANCTION, "id", "organization"]


@st.composite
def front_matters(draw) -> dict:
    """The example article with one to four changes: a field of the article or of its decision
    set to any value, or a required field removed."""
    meta = copy.deepcopy(ARTICLE)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        where = draw(st.sampled_from(["article", "decision", "removed"]))
        decisions = meta.get("sanctions")
        if where == "decision" and isinstance(decisions, list) and decisions and isinstance(decisions[0], dict):
            decisions[0][draw(st.sampled_from(_SANCTION_FIELDS))] = draw(_VALUES)
        elif where == "removed":
            meta.pop(draw(st.sampled_from(list(ARTICLE))), None)
        else:
            meta[draw(st.sampled_from(_ARTICLE_FIELDS))] = draw(_VALUES)
    return meta


def _dump(meta: dict) -> str:
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=math.inf)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matters())
@example(sanction(amount=10**40))
@example(sanction(decision_date="0001-01-01"))
@example(article(tags=["<b></b>"]))
def test_random_front_matters_are_answered_in_french(meta):
    parsed = parse_text("---\n" + _dump(meta) + "---\nCorps.\n")
    for problem in parsed.problems:
        assert_french(problem)
    if parsed.meta is not None:
        # What is accepted can be formatted and addressed.
        date_fr(parsed.meta.date)
        assert all(CONTEXT.slug(tag) for tag in parsed.meta.tags)
        for decision in parsed.meta.sanctions:
            amount_fr(decision.amount, decision.currency)
            date_fr(decision.decision_date)
