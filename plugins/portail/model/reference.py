"""Reference data editors maintain: authorities, breach types, sectors, authors (``content/data/*.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from portail.content.text import decode_source
from portail.content.yaml_source import load_yaml
from portail.model.errors import EXPECTED, KNOWN_FIELDS, describe, problems_from_validation
from portail.model.problems import ContentError, Problem, display_path
from portail.model.suggest import did_you_mean

FRENCH = Locale("fr")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COUNTRIES = {code for code in FRENCH.territories if len(code) == 2 and code.isalpha()}


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Authority(_Entry):
    name: str = Field(min_length=1)
    short: str = Field(min_length=1)
    country: str
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if value not in _COUNTRIES:
            # Country names (« France », « Irlande ») lead to their code.
            names = {FRENCH.territories[code]: code for code in _COUNTRIES}
            hint = did_you_mean(value, _COUNTRIES, names) or "par ex. FR, IE, DE"
            safe = describe(value).replace("{", "(").replace("}", ")")
            raise PydanticCustomError(
                "portail_invalid", f"code pays ISO 3166-1 alpha-2 inconnu {safe}", {"suggestion": hint}
            )
        return value

    @property
    def country_label(self) -> str:
        return FRENCH.territories[self.country]


class Breach(_Entry):
    label: str = Field(min_length=1)
    articles: tuple[str, ...] = ()


class Sector(_Entry):
    label: str = Field(min_length=1)


class Link(_Entry):
    label: str = Field(min_length=1, max_length=100)
    url: str = Field(max_length=2000, pattern=r"^https?://\S+$")


# What authors.yaml's fields expect, in the words of the other fields (see portail.model.errors).
EXPECTED.update(
    role="le rôle de l'auteur, par ex. Journaliste données",
    bio="une courte biographie en texte",
    photo="une image sous content/images/, par ex. images/auteurs/claire-martin.png",
    links="une liste de liens, chacun avec label et url",
)
KNOWN_FIELDS[:] = sorted(set(KNOWN_FIELDS) | set(EXPECTED))


class Person(_Entry):
    """Who signs articles: a person or the newsroom itself (``authors.yaml``)."""

    name: str = Field(min_length=1, max_length=100)
    role: str = Field(min_length=1, max_length=200)
    bio: str = Field(min_length=1, max_length=2000)
    # A file under content/images/, like an article's image.
    photo: str | None = Field(default=None, max_length=200, pattern=r"^images/[A-Za-z0-9][A-Za-z0-9._/-]*$")
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class ReferenceData:
    authorities: dict[str, Authority]
    breaches: dict[str, Breach]
    sectors: dict[str, Sector]
    authors: dict[str, Person]

    def authority_aliases(self) -> dict[str, str]:
        """Short names and official names an editor might type instead of the id."""
        aliases = {a.short: key for key, a in self.authorities.items()}
        aliases.update({a.name: key for key, a in self.authorities.items()})
        return aliases

    def label_aliases(self, kind: str) -> dict[str, str]:
        return {entry.label: key for key, entry in getattr(self, kind).items()}

    def author_aliases(self) -> dict[str, str]:
        """Authors' names: an editor used to free names writes « Rédaction » for the id."""
        return {person.name: key for key, person in self.authors.items()}


_FILES = {"authorities": Authority, "breaches": Breach, "sectors": Sector, "authors": Person}


def load_reference(data_dir: str | Path, display_root: str | Path | None = None) -> ReferenceData:
    """Read and check the reference files; every problem of every file in one ContentError."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    tables = {}
    for kind, model in _FILES.items():
        path = data_dir / f"{kind}.yaml"
        shown = display_path(path, display_root)
        if not path.is_file():
            problems.append(
                Problem(shown, None, None, "fichier de référence manquant", f"créez {kind}.yaml dans {data_dir}")
            )
            continue
        check = _photo_check(Path(display_root), shown) if kind == "authors" and display_root else None
        tables[kind] = _load_table(path, shown, model, problems, check)
    if problems:
        raise ContentError(problems)
    return ReferenceData(**tables)


# Reference tables are longer than a front matter (every EEA authority): 1 MiB at most.
REFERENCE_LIMIT = 1 << 20


def _photo_check(content: Path, shown: str):
    """An author's photo is a file of the content folder, as an article's image is."""

    def check(key: str, person, doc) -> list[Problem]:
        if person.photo is None or (content / person.photo).is_file():
            return []
        return [
            Problem(
                shown,
                doc.line_of((key, "photo")),
                f"{key}.photo",
                f"fichier introuvable ; attendu : une image de {display_path(content / 'images', content)}/ ; "
                f"trouvé : « {person.photo} »",
                "ajoutez le fichier, corrigez le nom ou supprimez la ligne photo",
            )
        ]

    return check


def _load_table(path: Path, shown: str, model, problems: list[Problem], check=None) -> dict:
    text, found = decode_source(path.read_bytes(), shown)
    if text is None:
        problems.extend(found)
        return {}
    doc, found = load_yaml(text, shown, limit=REFERENCE_LIMIT)
    problems.extend(found)
    if doc is None:
        return {}
    if not isinstance(doc.data, dict) or not doc.data:
        problems.append(Problem(shown, 1, None, "une table « identifiant: {…} » non vide est attendue"))
        return {}
    table = {}
    for key, value in doc.data.items():
        if not isinstance(key, str) or not ID_PATTERN.match(key):
            problems.append(
                Problem(
                    shown,
                    doc.line_of((key,)),
                    str(key),
                    "identifiant invalide : minuscules, chiffres et tirets attendus",
                )
            )
            continue
        try:
            table[key] = model.model_validate(value)
        except ValidationError as error:
            problems.extend(problems_from_validation(error, doc, shown, prefix=(key,)))
            continue
        if check is not None:
            problems.extend(check(key, table[key], doc))
    return table
