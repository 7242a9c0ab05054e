"""The front matter schema: one place that says what an article, a page and a sanction are.

Validation needs context (the reference data and the site's categories): pass it as
``model_validate(data, context=ValidationContext(...))``. Errors are pydantic errors whose
``portail_*`` types carry French messages; ``errors.explain`` words the others.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from babel.dates import get_month_names
from babel.numbers import list_currencies
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from portail.model.reference import ID_PATTERN, ReferenceData
from portail.model.suggest import closest

SANCTION_STATUSES = {
    "final": "définitive",
    "appealed": "frappée de recours",
    "reduced": "réduite en appel",
    "annulled": "annulée",
}
ARTICLE_STATUSES = ("published", "draft")
PAGE_STATUSES = ("published", "hidden", "draft")
_CURRENCIES = frozenset(list_currencies())
_GDPR_ARTICLE = re.compile(r"^(\d{1,2})((?:\(\d{1,2}\))?(?:\([a-z]\))?)$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True)
class ValidationContext:
    reference: ReferenceData
    categories: tuple[str, ...] = ()


def _error(message: str, suggestion: str | None = None, **values) -> PydanticCustomError:
    context = {"suggestion": suggestion} if suggestion else {}
    # Braces in editor text must not be read as placeholders by pydantic.
    safe = message.replace("{", "(").replace("}", ")")
    return PydanticCustomError("portail_invalid", safe, context)


def _one_of(value, choices, unknown: str, aliases=None, *, list_choices: bool = False):
    """``value`` if it is one of ``choices``; else an error « {unknown} « value » » with the closest.

    ``aliases`` is a function returning other spellings (labels, short names): it is only
    called on error, since validation runs for every sanction of every article.
    """
    if value in choices:
        return value
    guess = closest(value, choices, aliases() if aliases else None)
    listed = f" ; valeurs possibles : {', '.join(choices)}" if list_choices else ""
    raise _error(f"{unknown} « {value} »{listed}", f"vouliez-vous dire « {guess} » ?" if guess else None)


def _iso_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value).strip()) if isinstance(value, str) else None
    if not match:
        raise _error(f"date au format AAAA-MM-JJ attendue ; trouvé : « {value} »")
    year, month, day = map(int, match.groups())
    if not 1 <= month <= 12:
        raise _error(
            f"date inexistante « {value} » : le mois doit être compris entre 01 et 12",
            "la date s'écrit AAAA-MM-JJ, l'année d'abord",
        )
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        month_name = get_month_names("wide", locale="fr")[month]
        raise _error(
            f"date inexistante « {value} » : {month_name} {year} a {days_in_month} jours", "vérifiez le jour et le mois"
        )
    return date(year, month, day)


def _publication_date(value):
    if isinstance(value, (date, datetime)):
        return value
    text = str(value).strip() if isinstance(value, str) else ""
    match = _DATETIME.match(text)
    if match:
        day = _iso_date(match.group(1))
        hour, minute, second = (int(g or 0) for g in match.groups()[1:])
        if hour > 23 or minute > 59 or second > 59:
            raise _error(f"heure inexistante dans « {value} »")
        return datetime(day.year, day.month, day.day, hour, minute, second)
    return _iso_date(value)


def _text_list(value):
    if isinstance(value, list):
        return [str(item) if isinstance(item, (int, float)) and not isinstance(item, bool) else item for item in value]
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
PublicationDate = Annotated[date | datetime, BeforeValidator(_publication_date)]
Text = Annotated[str, Field(min_length=1), Strict()]
Slug = Annotated[str, Field(pattern=ID_PATTERN.pattern)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Sanction(_Strict):
    """One decision of a data protection authority, as an article reports it."""

    id: Slug | None = None
    authority: str
    organisation: Text
    decision_date: IsoDate
    reference: (
        Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v), Field(min_length=1)] | None
    ) = None
    # Required without default: an undisclosed amount is written `null`, never left out.
    amount: Annotated[int, Strict(), Field(ge=0)] | None
    currency: str = "EUR"
    breaches: Annotated[list[str], BeforeValidator(_text_list), Field(min_length=1)]
    articles: Annotated[list[str], BeforeValidator(_text_list)] = []
    sector: str
    status: str = "final"
    source: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None

    @field_validator("authority")
    @classmethod
    def _authority(cls, value: str, info: ValidationInfo) -> str:
        reference = info.context.reference
        return _one_of(value, reference.authorities, "autorité inconnue", reference.authority_aliases)

    @field_validator("breaches")
    @classmethod
    def _breaches(cls, values: list[str], info: ValidationInfo) -> list[str]:
        reference = info.context.reference
        for value in values:
            _one_of(
                value, reference.breaches, "type de manquement inconnu", lambda: reference.label_aliases("breaches")
            )
        if len(set(values)) != len(values):
            raise _error("type de manquement cité deux fois", "gardez une seule occurrence")
        return values

    @field_validator("sector")
    @classmethod
    def _sector(cls, value: str, info: ValidationInfo) -> str:
        reference = info.context.reference
        return _one_of(value, reference.sectors, "secteur inconnu", lambda: reference.label_aliases("sectors"))

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        if value not in _CURRENCIES:
            guess = closest(value, _CURRENCIES)
            raise _error(
                f"code de devise ISO 4217 attendu ; trouvé : « {value} »",
                f"vouliez-vous dire « {guess} » ?" if guess else "par ex. EUR, GBP, CHF",
            )
        return value

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _one_of(value, SANCTION_STATUSES, "statut inconnu", list_choices=True)

    @field_validator("articles")
    @classmethod
    def _articles(cls, values: list[str]) -> list[str]:
        for value in values:
            match = _GDPR_ARTICLE.match(str(value).replace(" ", ""))
            if not match or not 1 <= int(match.group(1)) <= 99:
                raise _error(
                    f"article du RGPD invalide « {value} »",
                    'écrivez le numéro (1 à 99), éventuellement suivi du paragraphe : "5(1)(a)"',
                )
        return [v.replace(" ", "") for v in values]

    @property
    def status_label(self) -> str:
        return SANCTION_STATUSES[self.status]


class _Document(_Strict):
    title: Text
    summary: Text
    slug: Slug | None = None
    lang: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = None
    modified: PublicationDate | None = None


class ArticleMeta(_Document):
    date: PublicationDate
    category: Text
    tags: Annotated[list[Text], Field(min_length=1)]
    authors: list[Text] | None = None
    status: str = "published"
    related: list[Slug] = []
    sanctions: list[Sanction] = []

    @field_validator("category")
    @classmethod
    def _category(cls, value: str, info: ValidationInfo) -> str:
        categories = info.context.categories
        return _one_of(value, categories, "catégorie inconnue", list_choices=True) if categories else value

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _one_of(value, ARTICLE_STATUSES, "statut inconnu", list_choices=True)

    @field_validator("tags")
    @classmethod
    def _tags(cls, values: list[str]) -> list[str]:
        folded = [v.casefold() for v in values]
        if len(set(folded)) != len(folded):
            raise _error("étiquette citée deux fois", "gardez une seule occurrence")
        return values

    @model_validator(mode="after")
    def _modified_after_date(self):
        if self.modified is not None and _as_datetime(self.modified) < _as_datetime(self.date):
            raise PydanticCustomError(
                "portail_invalid",
                "la date de modification (modified) précède la date de publication (date)",
                {},
            )
        return self


class PageMeta(_Document):
    status: str = "published"
    save_as: str | None = None
    template: str | None = None

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _one_of(value, PAGE_STATUSES, "statut inconnu", list_choices=True)


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
