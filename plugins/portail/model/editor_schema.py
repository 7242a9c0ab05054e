"""The JSON Schema of an article's front matter, for editors' completion and checks (`make schema`).

It is the pydantic model's own schema, plus what the model only knows at validation time:
the ids of the reference data, the site's categories and the statuses, each with a French
description. The build stays the judge; the schema makes mistakes visible while typing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from portail.model.errors import EXPECTED
from portail.model.reference import ReferenceData
from portail.model.schema import ARTICLE_STATUSES, SANCTION_STATUSES, ArticleMeta

ARTICLE_STATUS_LABELS = {
    "published": "publié : en ligne à sa date",
    "draft": "brouillon : jamais mis en ligne, visible seulement dans l'aperçu",
}


def front_matter_schema(reference: ReferenceData, categories: Sequence[str]) -> dict:
    schema = ArticleMeta.model_json_schema()
    sanction = schema["$defs"]["Sanction"]
    article_fields, sanction_fields = schema["properties"], sanction["properties"]
    for fields in (article_fields, sanction_fields):
        for name, field in fields.items():
            field.pop("title", None)  # pydantic's English titles; the description says it in French
            field["description"] = _sentence(EXPECTED[name])
    _choices(article_fields["category"], {category: "" for category in categories})
    _choices(article_fields["status"], {status: ARTICLE_STATUS_LABELS.get(status, "") for status in ARTICLE_STATUSES})
    _choices(
        sanction_fields["authority"],
        {key: f"{a.short} — {a.name} ({a.country})" for key, a in reference.authorities.items()},
    )
    _choices(sanction_fields["breaches"]["items"], {key: b.label for key, b in reference.breaches.items()})
    _choices(sanction_fields["sector"], {key: s.label for key, s in reference.sectors.items()})
    _choices(sanction_fields["status"], SANCTION_STATUSES)
    # The build reads `reference: 2021` and `articles: [32]` as text: the schema must not flag them.
    _also_integer(sanction_fields["reference"]["anyOf"][0])
    _also_integer(sanction_fields["articles"]["items"])
    sanction.update(
        title="Décision",
        description="Une décision d'une autorité de protection des données, telle que l'article la rapporte.",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": "En-tête d'un article du portail RGPD",
        "description": (
            "Généré par « make schema » depuis plugins/portail/schema.py et content/data/ : ne pas modifier à la main."
        ),
    }


def to_json(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _choices(field: dict, labels: dict[str, str]) -> None:
    field["enum"] = list(labels)
    if any(labels.values()):
        # Shown by the YAML extension next to each proposed value.
        field["enumDescriptions"] = list(labels.values())


def _also_integer(field: dict) -> None:
    field["type"] = ["string", "integer"]
