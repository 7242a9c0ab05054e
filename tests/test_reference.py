"""The shipped reference data, and the messages for broken reference files."""

from __future__ import annotations

import pytest

from portail.model.problems import ContentError
from portail.model.reference import load_reference

from sitebuild import SEED_CONTENT

REFERENCE = load_reference(SEED_CONTENT / "data")

EEA = (
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"  # EU 27
    " IS LI NO"
).split()


def test_every_eea_country_has_a_national_authority_plus_uk_and_switzerland():
    countries = {a.country for a in REFERENCE.authorities.values()}
    assert set(EEA) | {"GB", "CH"} <= countries


def test_the_authorities_of_the_seed_decisions_exist():
    for key in ("cnil", "garante", "dpc", "hdpa", "ico", "cnpd-lu", "hmbbfdi", "fdpic"):
        assert key in REFERENCE.authorities


def test_norway_stays_a_country_code():
    # YAML 1.1 reads a bare NO as false; the portal's loader must not.
    assert REFERENCE.authorities["datatilsynet-no"].country == "NO"
    assert REFERENCE.authorities["datatilsynet-no"].country_label == "Norvège"


@pytest.mark.parametrize(
    "breach",
    [
        "base-legale",
        "principes",
        "securite",
        "droits-des-personnes",
        "information",
        "cooperation",
        "notification-violation",
        "dpo",
        "sous-traitance",  # the trackers' violation types
        "cookies",
        "prospection",
        "formalites-prealables",  # French specifics
    ],
)
def test_breach_vocabulary(breach):
    assert REFERENCE.breaches[breach].label


def test_breach_articles_are_gdpr_articles():
    for breach in REFERENCE.breaches.values():
        assert all(1 <= int(article) <= 99 for article in breach.articles)


def test_sectors_have_french_labels():
    assert REFERENCE.sectors["sante"].label == "Santé"
    assert len(REFERENCE.sectors) >= 8


def test_broken_reference_files_are_reported_with_lines(tmp_path):
    (tmp_path / "authorities.yaml").write_text(
        "cnil:\n  name: CNIL\n  short: CNIL\n  country: FRA\nMauvais Id:\n  name: X\n  short: X\n  country: FR\n",
        encoding="utf-8",
    )
    (tmp_path / "breaches.yaml").write_text("securite:\n  lable: Sécurité\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_reference(tmp_path)
    found = {(p.path.split("/")[-1], p.line, p.field) for p in caught.value.problems}
    assert ("authorities.yaml", 4, "cnil.country") in found
    assert ("authorities.yaml", 5, "Mauvais Id") in found
    assert ("breaches.yaml", 2, "securite.lable") in found
    assert ("sectors.yaml", None, None) in found  # missing file
