"""French formatting without a system locale: « 17 septembre 2024 », « 800 000 € »."""

from __future__ import annotations

import math
from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALE = "fr_FR"
UNDISCLOSED = "montant non communiqué"
WORDS_PER_MINUTE = 220


# Pages repeat the same dates and amounts thousands of times: babel is asked once for each.
@lru_cache(maxsize=65536)
def date_fr(value: date | datetime | None) -> str:
    """« 1er septembre 2024 », « 17 septembre 2024 »."""
    if value is None:
        return ""
    text = format_date(value, "d MMMM y", locale=LOCALE)
    return "1er" + text[1:] if value.day == 1 else text


@lru_cache(maxsize=65536)
def number_fr(value: int | float) -> str:
    return format_decimal(value, locale=LOCALE)


@lru_cache(maxsize=65536)
def amount_fr(amount: int | None, currency: str = "EUR") -> str:
    """« 800 000 € », « 20 000 000 £GB »; ``None`` is « montant non communiqué »."""
    if amount is None:
        return UNDISCLOSED
    return format_currency(amount, currency, format="#,##0\u00a0¤", locale=LOCALE, currency_digits=False)


def reading_minutes(word_count: int) -> int:
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))
