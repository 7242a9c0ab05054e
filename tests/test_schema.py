"""The front matter schema, field by field: what is accepted, and the French message for what is not."""

from __future__ import annotations

import copy

import pytest
import yaml

from portail.content.frontmatter import parse_source
from portail.model.reference import load_reference
from portail.model.schema import ArticleMeta, PageMeta, ValidationContext

from sitebuild import SEED_CONTENT

REFERENCE = load_reference(SEED_CONTENT / "data")
CONTEXT = ValidationContext(REFERENCE, ("Amendes CNIL", "Conformité RGPD"))

ARTICLE = {
    "title": "Données de santé : la CNIL sanctionne Cegedim Santé de 800 000 €",
    "date": "2024-09-17",
    "category": "Amendes CNIL",
    "tags": ["données de santé", "pseudonymisation"],
    "summary": "Traiter des données de santé sans autorisation coûte 800 000 €.",
    "sanctions": [
        {
            "authority": "cnil",
            "organisation": "Cegedim Santé",
            "decision_date": "2024-09-05",
            "reference": "SAN-2024-013",
            "amount": 800000,
            "currency": "EUR",
            "breaches": ["base-legale", "formalites-prealables"],
            "articles": ["5(1)(a)", "9"],
            "sector": "sante",
            "status": "final",
            "source": "https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000050220398",
        }
    ],
}


def parse(meta: dict, kind=ArticleMeta):
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\nCorps.\n"
    return parse_source(text, "articles/test.md", kind, CONTEXT)


def article(**changes) -> dict:
    meta = copy.deepcopy(ARTICLE)
    for key, value in changes.items():
        if value is ...:
            meta.pop(key)
        else:
            meta[key] = value
    return meta


def sanction(**changes) -> dict:
    item = copy.deepcopy(ARTICLE["sanctions"][0])
    for key, value in changes.items():
        if value is ...:
            item.pop(key)
        else:
            item[key] = value
    return article(sanctions=[item])


def only_problem(meta: dict, kind=ArticleMeta):
    parsed = parse(meta, kind)
    assert parsed.meta is None
    assert len(parsed.problems) == 1, parsed.problems
    return parsed.problems[0]


def test_the_content_model_example_is_valid():
    parsed = parse(ARTICLE)
    assert parsed.problems == []
    decision = parsed.meta.sanctions[0]
    assert decision.amount == 800000
    assert decision.decision_date.isoformat() == "2024-09-05"
    assert decision.articles == ["5(1)(a)", "9"]


def test_optional_sanction_fields_have_their_defaults():
    parsed = parse(sanction(currency=..., status=..., articles=..., reference=..., source=...))
    decision = parsed.meta.sanctions[0]
    assert (decision.currency, decision.status, decision.articles) == ("EUR", "final", [])


def test_an_article_without_sanctions_is_valid():
    assert parse(article(sanctions=...)).problems == []


def test_amount_null_means_undisclosed():
    assert parse(sanction(amount=None)).meta.sanctions[0].amount is None


@pytest.mark.parametrize(
    "value, suggestion",
    [
        ("huit cent mille", None),
        ("800 000", "écrivez 800000"),
        ("800000", "écrivez 800000"),
        (800000.5, None),
        (True, None),
    ],
)
def test_amount_must_be_an_integer(value, suggestion):
    problem = only_problem(sanction(amount=value))
    assert problem.field == "sanctions[0].amount"
    assert "nombre entier" in problem.message and "trouvé" in problem.message
    if suggestion:
        assert suggestion in problem.suggestion


def test_amount_cannot_be_negative():
    assert only_problem(sanction(amount=-5)).field == "sanctions[0].amount"


def test_a_missing_amount_asks_for_null():
    problem = only_problem(sanction(amount=...))
    assert "manquant" in problem.message and "null" in problem.message


def test_unknown_authority_suggests_the_closest_id():
    problem = only_problem(sanction(authority="cnill"))
    assert problem.field == "sanctions[0].authority"
    assert problem.message == "autorité inconnue « cnill »"
    assert problem.suggestion == "vouliez-vous dire « cnil » ?"


def test_authority_short_name_suggests_the_id():
    assert only_problem(sanction(authority="Garante")).suggestion == "vouliez-vous dire « garante » ?"


@pytest.mark.parametrize(
    "value, message",
    [
        ("2024-02-30", "date inexistante « 2024-02-30 »"),
        ("05/09/2024", "date au format AAAA-MM-JJ attendue"),
        ("2024-9-5", "date au format AAAA-MM-JJ attendue"),
    ],
)
def test_decision_date_must_be_a_real_iso_date(value, message):
    problem = only_problem(sanction(decision_date=value))
    assert problem.field == "sanctions[0].decision_date"
    assert message in problem.message


def test_unknown_breach_type_suggests_the_closest():
    problem = only_problem(sanction(breaches=["base-legale", "securité"]))
    assert problem.message == "type de manquement inconnu « securité »"
    assert problem.suggestion == "vouliez-vous dire « securite » ?"


def test_breaches_cannot_be_empty():
    assert only_problem(sanction(breaches=[])).field == "sanctions[0].breaches"


def test_breaches_must_be_a_list():
    problem = only_problem(sanction(breaches="securite"))
    assert problem.suggestion == "écrivez [securite]"


def test_sector_label_suggests_its_id():
    problem = only_problem(sanction(sector="Santé"))
    assert problem.message == "secteur inconnu « Santé »"
    assert problem.suggestion == "vouliez-vous dire « sante » ?"


def test_currency_must_be_iso_4217():
    problem = only_problem(sanction(currency="EURO"))
    assert "ISO 4217" in problem.message


def test_other_currencies_are_kept():
    assert parse(sanction(currency="GBP")).meta.sanctions[0].currency == "GBP"


@pytest.mark.parametrize("value", ["final", "appealed", "reduced", "annulled"])
def test_sanction_statuses(value):
    assert parse(sanction(status=value)).problems == []


def test_unknown_sanction_status_lists_the_choices():
    problem = only_problem(sanction(status="appeal"))
    assert "final, appealed, reduced, annulled" in problem.message
    assert problem.suggestion == "vouliez-vous dire « appealed » ?"


@pytest.mark.parametrize("value", ["123", "article 5", "5(1)(A)", "0"])
def test_gdpr_articles_must_exist(value):
    assert only_problem(sanction(articles=[value])).field == "sanctions[0].articles[0]"


def test_gdpr_article_numbers_may_be_written_as_integers():
    assert parse(sanction(articles=[5, 32])).meta.sanctions[0].articles == ["5", "32"]


def test_source_must_be_a_web_address():
    assert only_problem(sanction(source="legifrance")).field == "sanctions[0].source"


def test_unknown_sanction_field_suggests_the_known_one():
    problem = only_problem(sanction(organization="Cegedim"))
    # The misspelt key is unknown, and the real one is then missing: both are said.
    parsed = parse(sanction(organisation=..., organization="Cegedim"))
    fields = {p.field: p for p in parsed.problems}
    assert fields["sanctions[0].organization"].suggestion == "vouliez-vous dire « organisation » ?"
    assert "manquant" in fields["sanctions[0].organisation"].message
    assert problem.field == "sanctions[0].organization"


def test_sanctions_must_be_a_list():
    problem = only_problem(article(sanctions=ARTICLE["sanctions"][0]))
    assert problem.field == "sanctions" and "liste" in problem.message


@pytest.mark.parametrize("field", ["title", "date", "category", "tags", "summary"])
def test_required_article_fields(field):
    problem = only_problem(article(**{field: ...}))
    assert problem.field == field and "manquant" in problem.message


def test_unknown_category_suggests_the_closest():
    problem = only_problem(article(category="Amende CNIL"))
    assert problem.suggestion == "vouliez-vous dire « Amendes CNIL » ?"


def test_article_status_is_published_or_draft():
    assert parse(article(status="draft")).meta.status == "draft"
    assert only_problem(article(status="brouillon")).field == "status"


def test_modified_cannot_precede_date():
    assert "précède" in only_problem(article(modified="2024-01-01")).message


def test_publication_date_may_have_a_time():
    assert parse(article(date="2024-09-17 08:30")).problems == []


def test_tags_must_be_a_list_of_distinct_tags():
    assert only_problem(article(tags="cnil")).field == "tags"
    assert only_problem(article(tags=["CNIL", "cnil"])).field == "tags"


def test_related_must_be_slugs():
    assert only_problem(article(related=["Un Titre"])).field == "related[0]"


def test_a_page_needs_title_and_summary_but_no_date():
    page = {"title": "À propos", "summary": "Qui sommes-nous.", "slug": "a-propos"}
    assert parse(page, PageMeta).problems == []
    assert only_problem({"title": "À propos"}, PageMeta).field == "summary"


def test_every_problem_of_a_file_is_reported_at_once():
    meta = sanction(authority="cnill", amount="huit cent mille", decision_date="2024-02-30")
    fields = sorted(p.field for p in parse(meta).problems)
    assert fields == ["sanctions[0].amount", "sanctions[0].authority", "sanctions[0].decision_date"]


def test_problems_point_at_the_line_of_the_key():
    text = """---
title: "Titre"
date: 2024-09-17
category: Amendes CNIL
tags: [a]
summary: "Résumé."
sanctions:
  - authority: cnil
    organisation: ACME
    decision_date: 2024-09-05
    amount: douze
    breaches: [securite]
    sector: sante
---
Corps.
"""
    parsed = parse_source(text, "articles/x.md", ArticleMeta, CONTEXT)
    assert [(p.line, p.field) for p in parsed.problems] == [(11, "sanctions[0].amount")]
    assert str(parsed.problems[0]).startswith("articles/x.md:11: sanctions[0].amount : ")


def test_missing_front_matter_is_a_problem():
    parsed = parse_source("Du texte sans en-tête.\n", "articles/x.md", ArticleMeta, CONTEXT)
    assert "en-tête YAML manquant" in parsed.problems[0].message


def test_unreadable_yaml_names_the_line():
    text = '---\ntitle: "Titre\ndate: 2024-01-01\ntags: [a\n---\nCorps.\n'
    parsed = parse_source(text, "articles/x.md", ArticleMeta, CONTEXT)
    assert len(parsed.problems) == 1
    assert parsed.problems[0].line is not None and "illisible" in parsed.problems[0].message


def test_duplicate_keys_are_reported():
    text = '---\ntitle: "A"\ntitle: "B"\ndate: 2024-01-01\ncategory: Amendes CNIL\ntags: [a]\nsummary: "r"\n---\n'
    parsed = parse_source(text, "articles/x.md", ArticleMeta, CONTEXT)
    assert [(p.line, p.field) for p in parsed.problems] == [(3, "title")]
