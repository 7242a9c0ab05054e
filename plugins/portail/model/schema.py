"""The front matter schema: one place that says what an article, a page and a sanction are.

Validation needs context (the reference data and the site's categories): pass it as
``model_validate(data, context=ValidationContext(...))``. Errors are pydantic errors whose
``portail_*`` types carry French messages; ``errors.explain`` words the others.

Every value is bounded so that what the schema accepts can be formatted and written: amounts
and years that babel and Pelican handle, texts short enough for a page, names whose address
(the folder of a tag's page, of a decision's page) is neither empty nor longer than a file name.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated

from babel.dates import get_month_names
from babel.numbers import list_currencies
from markupsafe import Markup
from pydantic import (
    AfterValidator,
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
from unidecode import unidecode

from portail.model.addresses import address_problem
from portail.model.errors import EXPECTED, EXPECTED_ITEM, KNOWN_FIELDS, describe
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
_GDPR_ARTICLE = re.compile(r"^(\d{1,2})((?:\(\d{1,2}\))?(?:\([a-z]\))?)$", re.ASCII)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$", re.ASCII)
# Control characters (NUL, escape…) have no place in a title or a name: feeds would not be XML.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_PARAGRAPH = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# The largest GDPR fine so far is 1.2 billion euros (Meta, 2023); 10^12 leaves room in every
# currency (a fine in forints or yens counts more units) and stays far inside babel's formatting.
MAX_AMOUNT = 10**12
# Dates before 1970 or after 2100 are typing mistakes (the CNIL was created in 1978); year 1 even
# overflows when a date of the site's time zone is turned into UTC (feeds, sitemap).
FIRST_YEAR, LAST_YEAR = 1970, 2100
# A slug is a folder name of the output (etiquettes/<slug>/, sanctions/<identity>/): file systems
# refuse names over 255 bytes.
MAX_ADDRESS = 200

# Pelican's SLUG_REGEX_SUBSTITUTIONS in pelicanconf.py: apostrophes become hyphens.
SLUG_SUBSTITUTIONS: tuple[tuple[str, str], ...] = (
    (r"['’]", "-"),
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
)


@dataclass(frozen=True)
class ValidationContext:
    reference: ReferenceData
    categories: tuple[str, ...] = ()
    # How Pelican turns a tag, a category or an author into the folder of its page: give the
    # site's SLUG_REGEX_SUBSTITUTIONS so that the schema refuses what Pelican could not address.
    slug_substitutions: tuple[tuple[str, str], ...] = SLUG_SUBSTITUTIONS

    def __post_init__(self):
        # Settings hold lists; a tuple of pairs keeps the context hashable and the cache usable.
        object.__setattr__(self, "slug_substitutions", tuple(tuple(pair) for pair in self.slug_substitutions))

    @classmethod
    def of_site(cls, reference: ReferenceData, settings: dict) -> ValidationContext:
        """The context of a site: its categories and its slug rule, from its settings."""
        return cls(reference, tuple(settings["PORTAIL_CATEGORIES"]), settings["SLUG_REGEX_SUBSTITUTIONS"])

    def slug(self, text: str) -> str:
        """The slug Pelican gives ``text`` (pelican.utils.slugify without SLUGIFY_USE_UNICODE)."""
        return pelican_slug(text, self.slug_substitutions)


@lru_cache(maxsize=65536)
def pelican_slug(text: str, substitutions: tuple[tuple[str, str], ...] = SLUG_SUBSTITUTIONS) -> str:
    """Pelican's rule, step by step: strip HTML tags, NFKC, ASCII, substitutions, lower case."""
    value = unidecode(unicodedata.normalize("NFKC", Markup(text).striptags()))
    for pattern, replacement in substitutions:
        value = re.sub(
            unicodedata.normalize("NFKC", pattern),
            unicodedata.normalize("NFKC", replacement),
            value,
            flags=re.IGNORECASE,
        )
    return value.lower().strip()


def _address(value: str) -> str:
    """An address that needs no escaping wherever it goes (page, feed, CSV, Markdown)."""
    problem = address_problem(value)
    if problem is not None:
        raise _error(*problem)
    return value


def _error(message: str, suggestion: str | None = None, at: tuple = ()) -> PydanticCustomError:
    """A French error; ``at`` is where it lies below the value validated (an index, a field)."""
    context = {"suggestion": suggestion} if suggestion else {}
    if at:
        context["at"] = at
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
    raise _error(f"{unknown} {describe(value)}{listed}", f"vouliez-vous dire « {guess} » ?" if guess else None)


def _in_years(year: int, value) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _error(
            f"année hors limites ; attendu : une date entre {FIRST_YEAR} et {LAST_YEAR} ; "
            f"trouvé : {describe(value)} (année {year})",
            "vérifiez l'année : la date s'écrit AAAA-MM-JJ",
        )


def _iso_date(value):
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        _in_years(value.year, value)
        return value
    match = _DATE.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise _error(
            f"date au format AAAA-MM-JJ attendue ; trouvé : {describe(value)}", "par ex. 2024-09-05, l'année d'abord"
        )
    year, month, day = map(int, match.groups())
    _in_years(year, value)
    if not 1 <= month <= 12:
        raise _error(
            f"date inexistante {describe(value)} : le mois doit être compris entre 01 et 12",
            "la date s'écrit AAAA-MM-JJ, l'année d'abord",
        )
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        month_name = get_month_names("wide", locale="fr")[month]
        raise _error(
            f"date inexistante {describe(value)} : {month_name} {year} a {days_in_month} jours",
            "vérifiez le jour et le mois",
        )
    return date(year, month, day)


def _publication_date(value):
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            # Pelican compares the dates of all articles: one with a time zone among the others fails.
            raise _error(
                f"date avec fuseau horaire ; attendu : AAAA-MM-JJ HH:MM, à l'heure du site ; trouvé : {describe(value)}",
                f"écrivez {value.strftime('%Y-%m-%d %H:%M')} sans le fuseau",
            )
        _in_years(value.year, value)
        return value
    if isinstance(value, date):
        return _iso_date(value)
    match = _DATETIME.match(value.strip()) if isinstance(value, str) else None
    if match:
        _in_years(int(match.group(1)[:4]), value)
        day = _iso_date(match.group(1))
        hour, minute, second = (int(g or 0) for g in match.groups()[1:])
        if hour > 23 or minute > 59 or second > 59:
            raise _error(
                f"heure inexistante dans {describe(value)} ; attendu : HH:MM entre 00:00 et 23:59",
                "par ex. 2024-09-17 08:30",
            )
        return datetime(day.year, day.month, day.day, hour, minute, second)
    return _iso_date(value)


def _text_list(value):
    if isinstance(value, list):
        return [str(item) if isinstance(item, (int, float)) and not isinstance(item, bool) else item for item in value]
    return value


def _printable(value: str, control: re.Pattern = _CONTROL) -> str:
    found = control.search(value)
    if found:
        raise _error(
            f"caractère de contrôle U+{ord(found.group()):04X} ; attendu : du texte imprimable ; "
            f"trouvé : {describe(value)}",
            "retapez la valeur : elle contient un caractère invisible",
        )
    return value


def _paragraph(value: str) -> str:
    return _printable(value, _CONTROL_IN_PARAGRAPH)


def _named(value: str) -> str:
    # Organisations are told apart by the letters and digits of their names (organisation_key).
    if not any(character.isalnum() for character in value):
        raise _error(
            f"attendu : le nom de l'organisme, avec au moins une lettre ou un chiffre ; trouvé : {describe(value)}",
            "écrivez le nom tel que la décision le donne",
        )
    return value


def _addressed(kind: str, example: str):
    """A validator refusing a name whose Pelican slug (its page's folder) is empty or too long."""

    def check(value: str, info: ValidationInfo) -> str:
        slug = info.context.slug(value)
        if not slug:
            raise _error(
                f"{kind} sans adresse : balisage HTML et ponctuation retirés, il ne reste rien pour nommer "
                f"sa page ; attendu : au moins une lettre ou un chiffre ; trouvé : {describe(value)}",
                f"écrivez le nom en toutes lettres, sans balise HTML (par ex. « {example} »)",
            )
        if len(slug) > MAX_ADDRESS:
            raise _error(
                f"{kind} à l'adresse trop longue ; attendu : une adresse de page d'au plus {MAX_ADDRESS} "
                f"caractères ; trouvé : {describe(value)}, dont l'adresse en a {len(slug)}",
                "raccourcissez le nom",
            )
        return value

    return AfterValidator(check)


def _slug(value: str, info: ValidationInfo) -> str:
    if ID_PATTERN.match(value):
        return value
    written = info.context.slug(value) if info.context else ""
    raise _error(
        f"attendu : minuscules sans accent, chiffres et tirets ; trouvé : {describe(value)}",
        f"écrivez « {written} »" if ID_PATTERN.match(written) else "par ex. cegedim-sante",
    )


def _distinct(repeated: str, key=None):
    """A validator refusing a list that names one thing twice (« {repeated} deux fois »)."""

    def check(values: list[str], info: ValidationInfo) -> list[str]:
        first: dict = {}
        for index, value in enumerate(values):
            earlier = first.setdefault(key(info.context, value) if key else value, index)
            if earlier != index:
                raise _error(
                    f"{repeated} deux fois : {describe(value)} aux positions {earlier} et {index}",
                    "gardez une seule occurrence",
                )
        return values

    return AfterValidator(check)


def _breach(value: str, info: ValidationInfo) -> str:
    reference = info.context.reference
    return _one_of(value, reference.breaches, "type de manquement inconnu", lambda: reference.label_aliases("breaches"))


def _gdpr_article(value: str) -> str:
    written = value.replace(" ", "")
    if _is_gdpr_article(written):
        return written
    # « Art. 5(1)(A) », « article 32 »: the number is there, only its spelling is wrong.
    fixed = re.sub(r"^(?:article|art\.?)", "", written, flags=re.IGNORECASE).lower()
    raise _error(
        f"article du RGPD invalide {describe(value)}",
        f'écrivez "{fixed}"'
        if _is_gdpr_article(fixed)
        else 'écrivez le numéro (1 à 99), éventuellement suivi du paragraphe : "5(1)(a)"',
    )


def _is_gdpr_article(text: str) -> bool:
    match = _GDPR_ARTICLE.match(text)
    return bool(match) and 1 <= int(match.group(1)) <= 99


def _short_ascii(*parts: str) -> bool:
    # Slugifying ASCII never lengthens it: the identity is at most the parts, the date and hyphens.
    return all(part.isascii() for part in parts) and sum(map(len, parts)) + 12 <= MAX_ADDRESS


def _text(max_length: int, *validators) -> object:
    """A non-empty one-line text of at most ``max_length`` characters."""
    return Annotated[str, Strict(), Field(min_length=1, max_length=max_length), AfterValidator(_printable), *validators]


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
PublicationDate = Annotated[date | datetime, BeforeValidator(_publication_date)]
# Titles show in browser tabs and search results: past 200 characters it is a paste gone wrong.
Title = _text(200)
# Validated by _slug (which suggests the slug to write); the pattern is for the editors' JSON Schema.
Slug = Annotated[
    str,
    Field(max_length=MAX_ADDRESS, json_schema_extra={"pattern": ID_PATTERN.pattern}),
    AfterValidator(_slug),
]
# The identity of a decision (portail.model.decisions.decision_identity) is a slug too.
DecisionIdentity = Slug
Tag = _text(100, _addressed("étiquette", "cookies"))


def _known_author(value: str, info: ValidationInfo) -> str:
    """An id of data/authors.yaml; a name (« Rédaction ») leads to its id, a stranger to where to add it."""
    reference = info.context.reference
    if value in reference.authors:
        return value
    guess = closest(value, reference.authors, reference.author_aliases())
    if guess:
        suggestion = f"vouliez-vous dire « {guess} » ?"
    else:
        suggestion = (
            f"ajoutez l'auteur à content/data/authors.yaml (identifiant « {info.context.slug(value)} », "
            f"avec name, role et bio), ou écrivez l'un de : {', '.join(reference.authors)}"
        )
    raise _error(
        f"auteur inconnu {describe(value)} ; attendu : l'identifiant d'un auteur de data/authors.yaml", suggestion
    )


def _known_sector(value: str, info: ValidationInfo) -> str:
    reference = info.context.reference
    if value in reference.sectors:
        return value
    guess = closest(value, reference.sectors, reference.label_aliases("sectors"))
    raise _error(
        f"secteur inconnu {describe(value)} ; attendu : l'identifiant d'un secteur de data/sectors.yaml",
        f"vouliez-vous dire « {guess} » ?"
        if guess
        else f"écrivez l'un de : {', '.join(reference.sectors)}, ou ajoutez le secteur à content/data/sectors.yaml",
    )


# An id of data/authors.yaml. A name without an address is told so first (« <i></i> »).
Author = _text(100, _addressed("nom d'auteur", "redaction"), AfterValidator(_known_author))
ArticleSector = Annotated[str, Strict(), AfterValidator(_known_sector)]

# The formats the build makes responsive sizes of (Pillow reads them; it cannot read SVG).
IMAGE_FORMATS = (".png", ".jpg", ".jpeg", ".webp")
IMAGE_FOLDER = "images/"
_FILE_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]*"  # needs no escaping in a page, a srcset or a URL
_IMAGE_PATH = re.compile(rf"^images/(?:{_FILE_NAME}/)*{_FILE_NAME}$", re.ASCII)
# What the name of an image file itself may be (the CMS's media library chooses the folder); no
# flag, so that a JavaScript RegExp reads it the same: the extensions in either case, spelt out.
_ANY_CASE_FORMATS = "|".join(r"\." + "".join(f"[{c}{c.upper()}]" for c in f[1:]) for f in IMAGE_FORMATS)
IMAGE_FILE_NAME = re.compile(rf"^{_FILE_NAME}(?:{_ANY_CASE_FORMATS})$", re.ASCII)


def _image_file(value: str) -> str:
    """A file under content/images/, named so that it needs no escaping in a page or a srcset."""
    name = value.rsplit("/", 1)[-1]
    if not _IMAGE_PATH.match(value) or "/../" in f"/{value}/" or "/./" in f"/{value}/":
        raise _error(
            f"attendu : un fichier du dossier content/images/, écrit « images/nom-du-fichier.png » "
            f"(lettres sans accent, chiffres, « . _ - ») ; trouvé : {describe(value)}",
            f"placez l'image dans content/images/ et écrivez « images/{pelican_slug(name.rsplit('.', 1)[0]) or 'image'}"
            f"{('.' + name.rsplit('.', 1)[1].lower()) if '.' in name else '.png'} »",
        )
    if not name.lower().endswith(IMAGE_FORMATS):
        raise _error(
            f"format d'image non pris en charge ; attendu : {', '.join(IMAGE_FORMATS)} ; trouvé : {describe(value)}",
            "enregistrez l'image en PNG, JPEG ou WebP",
        )
    return value


def _image_block(value):
    # `image: images/x.png` is the common slip: the block needs its alternative text too.
    if isinstance(value, str):
        raise _error(
            f"attendu : un bloc avec file et alt ; trouvé : {describe(value)}",
            f"écrivez « image: » puis, en retrait de deux espaces, « file: {value} » et « alt: » "
            "(ce que montre l'image, pour qui ne la voit pas)",
        )
    return value


# What the fields of the content model's additions expect, in the words of the other fields.
# They belong with them in portail.model.errors (EXPECTED, EXPECTED_ITEM, KNOWN_FIELDS); set here
# until it lists them (`authors` became ids of data/authors.yaml).
EXPECTED.update(
    authors="une liste d'identifiants d'auteurs de data/authors.yaml, par ex. [redaction]",
    sectors="une liste d'identifiants de secteurs de data/sectors.yaml, par ex. [sante]",
    image="un bloc avec file (images/nom.png, sous content/images/) et alt (le texte de remplacement)",
    file="un fichier sous content/images/, par ex. images/cegedim-sante.png",
    alt="un texte de remplacement non vide : ce que montre l'image",
    caption="une légende en texte",
    credit="le crédit de l'image, en texte",
)
EXPECTED_ITEM.update(
    authors="l'identifiant d'un auteur de data/authors.yaml, par ex. redaction",
    sectors="l'identifiant d'un secteur de data/sectors.yaml, par ex. sante",
)
KNOWN_FIELDS[:] = sorted(set(KNOWN_FIELDS) | set(EXPECTED))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Sanction(_Strict):
    """One decision of a data protection authority, as an article reports it."""

    id: Slug | None = None
    authority: str
    organisation: _text(200, AfterValidator(_named))
    decision_date: IsoDate
    reference: (
        Annotated[
            str,
            BeforeValidator(lambda v: str(v) if isinstance(v, int) and not isinstance(v, bool) else v),
            Field(min_length=1, max_length=100),
            AfterValidator(_printable),
        ]
        | None
    ) = None
    # Required without default: an undisclosed amount is written `null`, never left out.
    amount: Annotated[int, Strict(), Field(ge=0, le=MAX_AMOUNT)] | None
    currency: str = "EUR"
    breaches: Annotated[
        list[Annotated[str, AfterValidator(_breach)]],
        BeforeValidator(_text_list),
        Field(min_length=1),
        _distinct("type de manquement cité"),
    ]
    articles: Annotated[list[Annotated[str, AfterValidator(_gdpr_article)]], BeforeValidator(_text_list)] = []
    sector: str
    status: str = "final"
    source: Annotated[str, Strict(), Field(max_length=2000), AfterValidator(_address)] | None = None
    # « These really are two decisions »: identities of decisions that the duplicate check
    # (portail.model.duplicates) would otherwise take for this one. Whether each names a known
    # decision is a check across files (portail.content.review).
    distinct_from: Annotated[list[DecisionIdentity], _distinct("décision citée")] = []

    @field_validator("authority")
    @classmethod
    def _authority(cls, value: str, info: ValidationInfo) -> str:
        reference = info.context.reference
        return _one_of(value, reference.authorities, "autorité inconnue", reference.authority_aliases)

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
                f"code de devise ISO 4217 attendu ; trouvé : {describe(value)}",
                f"vouliez-vous dire « {guess} » ?" if guess else "par ex. EUR, GBP, CHF",
            )
        return value

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _one_of(value, SANCTION_STATUSES, "statut inconnu", list_choices=True)

    @model_validator(mode="after")
    def _addressable(self):
        # The decision's page is sanctions/<identity>/: an identity too long for a folder name
        # would fail when the page is written.
        if self.id or _short_ascii(self.authority, self.reference or self.organisation):
            return self  # the identity is the id (a bounded slug), or cannot grow past the bound
        # Imported here: decisions.py builds on this module.
        from portail.model.decisions import decision_identity

        identity = decision_identity(self)
        if len(identity) > MAX_ADDRESS:
            raise _error(
                f"identité de la décision trop longue pour nommer sa page ; attendu : au plus {MAX_ADDRESS} "
                f"caractères ; trouvé : {len(identity)} caractères (« {identity[:40]}… »)",
                "donnez à la décision un `id` court, par ex. cnil-2024-acme",
                at=("reference" if self.reference else "organisation",),
            )
        return self

    @property
    def status_label(self) -> str:
        return SANCTION_STATUSES[self.status]


def _image_schema(schema: dict) -> None:
    """The editors' JSON Schema speaks French: descriptions from EXPECTED, no English titles."""
    schema.update(title="Image", description="L'image principale de la page, sous content/images/.")
    for name, field in schema["properties"].items():
        field.pop("title", None)
        field["description"] = EXPECTED[name][:1].upper() + EXPECTED[name][1:] + "."


class Image(_Strict):
    """The featured image of an article or a page. Whether ``file`` exists is checked by the reader
    (portail.content.source), which knows the content folder."""

    model_config = ConfigDict(json_schema_extra=_image_schema)

    file: Annotated[
        str,
        Strict(),
        Field(min_length=1, max_length=200, json_schema_extra={"pattern": _IMAGE_PATH.pattern}),
        AfterValidator(_image_file),
    ]
    # Required: what the image shows, for whoever cannot see it (screen readers, failed loads).
    alt: _text(300)
    caption: _text(500) | None = None
    credit: _text(200) | None = None


class _Document(_Strict):
    title: Title
    summary: Annotated[str, Strict(), Field(min_length=1, max_length=2000), AfterValidator(_paragraph)]
    slug: Slug | None = None
    lang: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = None
    modified: PublicationDate | None = None
    image: Annotated[Image, BeforeValidator(_image_block)] | None = None


class ArticleMeta(_Document):
    date: PublicationDate
    category: _text(100, _addressed("catégorie", "Amendes CNIL"))
    # Pelican makes one page of two spellings with one slug: « RGPD » and « rgpd ! ».
    tags: Annotated[list[Tag], Field(min_length=1), _distinct("étiquette citée", key=ValidationContext.slug)]
    # Ids of data/authors.yaml; none given: the site's PORTAIL_DEFAULT_AUTHORS.
    authors: Annotated[list[Author], _distinct("auteur cité")] | None = None
    # Ids of data/sectors.yaml, on any article (its decisions' `sector` adds to them on the site).
    sectors: Annotated[list[ArticleSector], BeforeValidator(_text_list), _distinct("secteur cité")] = []
    status: str = "published"
    related: Annotated[list[Slug], _distinct("article lié cité")] = []
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

    @model_validator(mode="after")
    def _modified_after_date(self):
        if self.modified is not None and _as_datetime(self.modified) < _as_datetime(self.date):
            raise _error(
                "la date de modification (modified) précède la date de publication (date) ; "
                f"trouvé : {describe(self.modified)} avant {describe(self.date)}",
                "corrigez modified, ou supprimez-le si l'article n'a pas été modifié",
                at=("modified",),
            )
        return self


class PageMeta(_Document):
    status: str = "published"
    # Relative to the output folder: Pelican refuses to write outside it, with an English error.
    save_as: Annotated[str, Field(pattern=r"^(?:[A-Za-z0-9][A-Za-z0-9._-]*/)*[A-Za-z0-9][A-Za-z0-9._-]*$")] | None = (
        None
    )
    template: Annotated[str, Field(pattern=r"^[a-z0-9_-]+$")] | None = None

    @field_validator("status")
    @classmethod
    def _status(cls, value: str) -> str:
        return _one_of(value, PAGE_STATUSES, "statut inconnu", list_choices=True)


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
