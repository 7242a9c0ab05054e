"""French messages for schema errors: field path, line, what was expected, what was found."""

from __future__ import annotations

import re

from pydantic import ValidationError

from portail.content.yaml_source import YamlDocument, dotted
from portail.model.problems import Problem
from portail.model.suggest import did_you_mean

# What each field expects, in the words an editor uses. Keyed by field name.
EXPECTED = {
    "title": "un titre non vide",
    "date": "une date AAAA-MM-JJ (heure HH:MM facultative)",
    "modified": "une date AAAA-MM-JJ (heure HH:MM facultative)",
    "category": "une des catégories du site",
    "tags": "une liste d'étiquettes, par ex. [cookies, sécurité]",
    "summary": "un résumé en texte simple",
    "authors": "une liste de noms, par ex. [Rédaction]",
    "status": "une valeur de statut",
    "related": "une liste de slugs d'articles",
    "sanctions": "une liste de décisions, chacune commençant par « - authority: »",
    "slug": "minuscules sans accent, chiffres et tirets",
    "lang": "un code de langue (fr)",
    "save_as": "un chemin de fichier de sortie",
    "id": "un identifiant : minuscules sans accent, chiffres et tirets",
    "authority": "l'identifiant d'une autorité de data/authorities.yaml",
    "organisation": "le nom de l'organisme sanctionné",
    "decision_date": "la date de la décision, AAAA-MM-JJ",
    "reference": "la référence de la décision, en texte",
    "amount": (
        "un nombre entier en unités de la devise, sans espace ni symbole (800000), "
        "ou null si le montant n'est pas communiqué"
    ),
    "currency": "un code de devise ISO 4217 (EUR, GBP, CHF…)",
    "breaches": "une liste d'identifiants de data/breaches.yaml",
    "articles": 'une liste d\'articles du RGPD, par ex. ["5(1)(a)", "32"]',
    "sector": "l'identifiant d'un secteur de data/sectors.yaml",
    "source": "une adresse web commençant par https://",
    "name": "un nom non vide",
    "short": "un nom court non vide",
    "country": "un code pays ISO 3166-1 à deux lettres (FR, IE…)",
    "url": "une adresse web commençant par https://",
    "label": "un libellé non vide",
}

# Every field name the schema knows, to suggest the right one for a misspelt key.
KNOWN_FIELDS = sorted(EXPECTED)


def problems_from_validation(
    error: ValidationError, doc: YamlDocument, source: str, prefix: tuple = ()
) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        loc = prefix + tuple(part for part in detail["loc"] if not _is_internal(part))
        message, suggestion = explain(detail, loc)
        problems.append(Problem(source, doc.line_of(loc), dotted(loc), message, suggestion))
    return problems


def _is_internal(part) -> bool:
    # pydantic adds validator names to locations inside unions; editors never see those.
    return isinstance(part, str) and ("[" in part or part in {"int", "str", "none"})


def explain(detail: dict, loc: tuple) -> tuple[str, str | None]:
    kind = detail["type"]
    found = detail.get("input")
    context = detail.get("ctx") or {}
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    expected = EXPECTED.get(name, "une valeur valide")
    if kind.startswith("portail_"):
        return detail["msg"], context.get("suggestion")
    if kind == "missing":
        return f"champ obligatoire manquant ; attendu : {expected}", None
    if kind == "extra_forbidden":
        return "champ inconnu", did_you_mean(name, KNOWN_FIELDS) or "supprimez ce champ"
    if kind.startswith("int_") or kind == "bool_type" and name == "amount":
        return f"attendu : {expected} ; trouvé : {describe(found)}", _integer_hint(found)
    if kind == "list_type":
        hint = f"écrivez [{found}]" if isinstance(found, (str, int)) else None
        return f"attendu : {expected} ; trouvé : {describe(found)}", hint
    if kind in {"too_short", "string_too_short"}:
        return f"ne doit pas être vide ; attendu : {expected}", None
    if kind in {"string_type", "model_type", "dict_type", "string_pattern_mismatch"}:
        return f"attendu : {expected} ; trouvé : {describe(found)}", None
    if kind == "value_error":
        return f"{context.get('error', detail['msg'])} ; trouvé : {describe(found)}", None
    return f"valeur invalide ({detail['msg']}) ; attendu : {expected}", None


def describe(value) -> str:
    """How a found value reads in a message."""
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return f"le booléen {str(value).lower()}"
    if isinstance(value, dict):
        return "un bloc de champs"
    if isinstance(value, list):
        return "une liste"
    text = str(value)
    return f"« {text if len(text) <= 60 else text[:57] + '…'} »"


def _integer_hint(found) -> str | None:
    if isinstance(found, float) and found.is_integer():
        return f"écrivez {int(found)}"
    if isinstance(found, str):
        digits = re.sub(r"[\s\u00a0\u202f€$£.,]|EUR|euros?", "", found, flags=re.IGNORECASE)
        if digits.isdigit():
            return f"écrivez {int(digits)} (sans espace, symbole ni guillemets)"
    return None
