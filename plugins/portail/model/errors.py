"""French messages for schema errors: field path, line, what was expected, what was found."""

from __future__ import annotations

import math
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
    "save_as": "un chemin relatif au dossier de sortie, par ex. 404.html (lettres, chiffres, « . _ - » et « / »)",
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
    "distinct_from": "une liste d'identités de décisions, par ex. [cnil-san-2024-013]",
    "name": "un nom non vide",
    "short": "un nom court non vide",
    "country": "un code pays ISO 3166-1 à deux lettres (FR, IE…)",
    "url": "une adresse web commençant par https://",
    "label": "un libellé non vide",
    "template": "le nom d'un gabarit du thème, sans .html (par ex. page)",
}

# What one item of a list field expects, for a problem at ``tags[2]`` or ``sanctions[0]``.
EXPECTED_ITEM = {
    "tags": "une étiquette en texte, par ex. cookies",
    "authors": "un nom en texte, par ex. Rédaction",
    "related": "le slug d'un article : minuscules sans accent, chiffres et tirets",
    "sanctions": "une décision : un bloc de champs commençant par « authority: »",
    "breaches": "l'identifiant d'un type de manquement de data/breaches.yaml",
    "articles": 'un article du RGPD, par ex. "5(1)(a)" ou "32"',
    "distinct_from": "l'identité d'une décision : minuscules sans accent, chiffres et tirets",
}

# A bounded number: what it is, why the bound is where it is, and what to check.
BOUNDED = {
    "amount": (
        "un montant",
        " (la plus forte amende RGPD à ce jour est de 1,2 milliard d'euros)",
        "vérifiez le nombre de zéros ; un montant non communiqué s'écrit null",
    ),
}

# Every field name the schema knows, to suggest the right one for a misspelt key.
KNOWN_FIELDS = sorted(EXPECTED)


def problems_from_validation(
    error: ValidationError, doc: YamlDocument, source: str, prefix: tuple = ()
) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        # A list checked as a whole (or a decision checked as a whole) may name the item at fault.
        below = (detail.get("ctx") or {}).get("at", ())
        loc = prefix + tuple(part for part in detail["loc"] if not _is_internal(part)) + below
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
    expected = EXPECTED_ITEM.get(name) if loc and isinstance(loc[-1], int) else None
    expected = expected or EXPECTED.get(name, "une valeur valide")
    if kind.startswith("portail_"):
        return detail["msg"], context.get("suggestion")
    if kind == "missing":
        return f"champ obligatoire manquant ; attendu : {expected}", None
    if kind == "extra_forbidden":
        return "champ inconnu", did_you_mean(name, KNOWN_FIELDS) or "supprimez ce champ"
    if kind.startswith("int_") or kind == "bool_type" and name == "amount":
        return f"attendu : {expected} ; trouvé : {describe(found)}", _integer_hint(found)
    if kind in _BOUNDS:
        what, why, hint = BOUNDED.get(name, ("un nombre", "", "vérifiez le nombre de chiffres"))
        return f"valeur hors limites ; attendu : {what} {_limits(context)}{why} ; trouvé : {describe(found)}", hint
    if kind in {"string_too_long", "too_long"}:
        return _too_long(found, context.get("max_length"), expected), "raccourcissez"
    if kind == "list_type":
        hint = f"écrivez [{found}]" if isinstance(found, str) or _is_int(found) else None
        return f"attendu : {expected} ; trouvé : {describe(found)}", hint
    if kind in {"too_short", "string_too_short"}:
        return f"ne doit pas être vide ; attendu : {expected}", None
    if kind == "string_type" and (_is_int(found) or isinstance(found, float) and math.isfinite(found)):
        return f"attendu : {expected} ; trouvé : le nombre {describe(found)}", f'écrivez "{found}" entre guillemets'
    # Pydantic's own words are English: say what was expected and found, never its message.
    return f"attendu : {expected} ; trouvé : {describe(found)}", None


_BOUNDS = {"less_than_equal", "greater_than_equal", "less_than", "greater_than"}


def _limits(context: dict) -> str:
    """« d'au plus 1 000 000 000 000 », from the bound pydantic says was crossed."""
    for key, words in (("le", "d'au plus"), ("lt", "inférieur à"), ("ge", "d'au moins"), ("gt", "supérieur à")):
        if key in context:
            return f"{words} {_number(context[key])}"
    return "dans les limites"


def _too_long(found, limit, expected: str) -> str:
    unit = "caractères" if isinstance(found, str) else "éléments"
    size = len(found) if isinstance(found, (str, list, dict)) else "?"
    return f"trop long ; attendu : {expected}, d'au plus {limit} {unit} ; trouvé : {size} {unit}"


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value) -> str:
    """10**12 -> « 1 000 000 000 000 » (thin spaces are not typed by editors: plain ones)."""
    return f"{value:,}".replace(",", " ") if _is_int(value) else str(value)


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
    if isinstance(value, (bytes, bytearray)):
        return "des données binaires"
    if _is_int(value) and value.bit_length() > 200:
        # Python refuses to write out an int of more than 4300 digits; no editor needs them all.
        return f"un nombre d'environ {round(value.bit_length() * math.log10(2))} chiffres"
    text = str(value)
    return f"« {text if len(text) <= 60 else text[:57] + '…'} »"


def _integer_hint(found) -> str | None:
    if isinstance(found, float) and found.is_integer() and abs(found) < 1e15:
        return f"écrivez {int(found)}"
    if isinstance(found, str):
        digits = re.sub(r"[\s\u00a0\u202f€$£.,]|EUR|euros?", "", found, flags=re.IGNORECASE)
        if re.fullmatch(r"[0-9]{1,15}", digits):
            return f"écrivez {int(digits)} (sans espace, symbole ni guillemets)"
    return None
