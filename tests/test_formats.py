"""French formatting, independent of the machine's locale."""

from datetime import date

from portail.formats import amount_fr, date_fr, reading_minutes

NNBSP, NBSP = "\u202f", "\u00a0"


def test_dates_in_french():
    assert date_fr(date(2024, 9, 17)) == "17 septembre 2024"


def test_first_of_the_month_is_1er():
    assert date_fr(date(2024, 9, 1)) == "1er septembre 2024"


def test_amounts_in_euros_with_french_spacing():
    assert amount_fr(800000) == f"800{NNBSP}000{NBSP}€"


def test_amounts_keep_their_currency():
    assert amount_fr(20000000, "GBP").replace(NNBSP, " ").startswith("20 000 000")
    assert "€" not in amount_fr(20000000, "GBP")


def test_undisclosed_amount():
    assert amount_fr(None) == "montant non communiqué"


def test_reading_time_is_at_least_a_minute():
    assert reading_minutes(10) == 1
    assert reading_minutes(661) == 4
