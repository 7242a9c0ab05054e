"""Open data: one record per distinct decision, as CSV, JSON and a Frictionless Data Package.

The CSV columns are also what the bulk import reads back, so the two stay in step here.
"""

from __future__ import annotations

import csv
import io
import json

from portail.model.decisions import Decision
from portail.model.reference import ReferenceData

# (column, Table Schema type in CSV, type in JSON, description)
FIELDS = [
    ("identity", "string", "string", "Identifiant stable de la décision sur le portail"),
    ("authority", "string", "string", "Identifiant de l'autorité (data/authorities.yaml)"),
    ("authority_name", "string", "string", "Nom de l'autorité"),
    ("country", "string", "string", "Pays de l'autorité, ISO 3166-1 alpha-2"),
    ("organisation", "string", "string", "Organisme sanctionné"),
    ("decision_date", "date", "date", "Date de la décision"),
    ("reference", "string", "string", "Référence de la décision, si publique"),
    ("amount", "integer", "integer", "Montant en unités de la devise ; vide si non communiqué"),
    ("currency", "string", "string", "Devise du montant, ISO 4217"),
    ("breaches", "string", "array", "Types de manquement (identifiants de data/breaches.yaml)"),
    ("articles", "string", "array", "Articles du RGPD cités"),
    ("sector", "string", "string", "Secteur (identifiant de data/sectors.yaml)"),
    ("status", "string", "string", "Statut : final, appealed, reduced ou annulled"),
    ("source", "string", "string", "Adresse du texte de la décision"),
    ("page_url", "string", "string", "Page de la décision sur le portail"),
    ("article_urls", "string", "array", "Articles du portail qui traitent la décision"),
    ("mentions", "integer", "integer", "Mentions de la décision dans les articles, fusionnées en cette ligne"),
]
COLUMNS = [name for name, *_ in FIELDS]
LIST_SEPARATOR = ";"
# Spreadsheets run a cell that starts with one of these as a formula: such text gets a leading
# apostrophe in the CSV (and the import removes it).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def records(decisions: list[Decision], reference: ReferenceData, site_url: str) -> list[dict]:
    def absolute(url: str) -> str:
        return f"{site_url}/{url}"

    rows = []
    for decision in decisions:
        s = decision.sanction
        authority = reference.authorities[s.authority]
        rows.append(
            {
                "identity": decision.identity,
                "authority": s.authority,
                "authority_name": authority.name,
                "country": authority.country,
                "organisation": s.organisation,
                "decision_date": s.decision_date.isoformat(),
                "reference": s.reference or "",
                "amount": s.amount,
                "currency": s.currency,
                "breaches": list(s.breaches),
                "articles": list(s.articles),
                "sector": s.sector,
                "status": s.status,
                "source": s.source or "",
                "page_url": absolute(decision.url),
                "article_urls": [absolute(c.url) for c in decision.coverage],
                "mentions": len(decision.coverage),
            }
        )
    return rows


def to_json(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_cell(row[column]) for column in COLUMNS])
    return buffer.getvalue()


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    text = str(value)
    return "'" + text if _guarded(text) else text


def from_csv_cell(text: str) -> str:
    """The value a CSV cell stood for (inverse of the formula guard)."""
    return text[1:] if text.startswith("'") and _guarded(text[1:]) else text


def _guarded(text: str) -> bool:
    # A value that already starts with apostrophes before a formula sign (« '=1+2 ») gets one
    # more too: reading the cell back removes exactly the one the guard added.
    return text.lstrip("'").startswith(_FORMULA_START)


def datapackage(title: str, site_url: str) -> dict:
    def schema(kind: int) -> dict:
        return {
            "fields": [
                {"name": name, "type": types[kind], "description": description} for name, *types, description in FIELDS
            ],
            "primaryKey": ["identity"],
            "missingValues": [""],
        }

    return {
        "name": "sanctions-rgpd",
        "title": title,
        "description": (
            "Décisions des autorités de protection des données analysées par le portail : "
            "une ligne par décision, même quand plusieurs articles la traitent."
        ),
        "homepage": f"{site_url}/sanctions/" if site_url else "/sanctions/",
        "resources": [
            {
                "name": "sanctions-csv",
                "path": "sanctions.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema(0),
            },
            {
                "name": "sanctions-json",
                "path": "sanctions.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "schema": schema(1),
            },
        ],
    }
