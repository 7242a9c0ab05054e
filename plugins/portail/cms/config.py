"""The Decap CMS configuration (admin/config.yml), built from the schema and the reference data.

Nothing here is kept by hand: the fields are the models' fields (portail.model.schema), what is
required and the patterns come from the models' JSON Schema, the choices from the reference
data and the site's settings. A field added to a model without a widget here stops the
generation (``MissingWidgetError``), so the form cannot silently fall behind the schema.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import yaml

from portail.content.authoring import category_folder
from portail.model.addresses import SOURCE_PATTERN
from portail.model.editor_schema import ARTICLE_STATUS_LABELS
from portail.model.errors import EXPECTED
from portail.model.reference import ReferenceData
from portail.model.schema import (
    IMAGE_FILE_NAME,
    PAGE_STATUSES,
    SANCTION_STATUSES,
    ArticleMeta,
    Image,
    PageMeta,
    Sanction,
)

# decap-server's default address; `make cms` starts it there, bound to 127.0.0.1.
DEFAULT_PROXY_URL = "http://127.0.0.1:8081/api/v1"
# Date pickers (dayjs tokens) writing what the schema reads: AAAA-MM-JJ, or AAAA-MM-JJ HH:MM.
DATE_FORMAT = "YYYY-MM-DD"
DATETIME_FORMAT = "YYYY-MM-DD HH:mm"
# The largest GDPR article number the schema accepts (portail.model.schema._is_gdpr_article).
LAST_GDPR_ARTICLE = 99

LABELS = {
    "title": "Titre",
    "summary": "Résumé",
    "date": "Date de publication",
    "modified": "Date de modification",
    "category": "Rubrique",
    "tags": "Étiquettes",
    "authors": "Auteurs",
    "sectors": "Secteurs",
    "status": "Statut",
    "related": "Articles liés",
    "sanctions": "Décisions",
    "lang": "Langue",
    "image": "Image principale",
    "file": "Fichier",
    "alt": "Texte de remplacement",
    "caption": "Légende",
    "credit": "Crédit",
    "save_as": "Chemin du fichier produit",
    "template": "Gabarit",
    "id": "Identifiant de la décision",
    "authority": "Autorité",
    "organisation": "Organisme sanctionné",
    "decision_date": "Date de la décision",
    "reference": "Référence",
    "amount": "Montant",
    "currency": "Devise",
    "breaches": "Manquements",
    "articles": "Articles du RGPD",
    "sector": "Secteur",
    "source": "Source",
    "distinct_from": "Décisions distinctes",
    "body": "Texte",
}
PAGE_STATUS_LABELS = {
    "published": "publiée",
    "hidden": "masquée : en ligne, hors du menu",
    "draft": "brouillon : visible seulement dans l'aperçu",
}
# What a pattern means, in the editor's words, for the fields whose schema has one.
PATTERN_MESSAGES = {
    "id": "minuscules sans accent, chiffres et tirets, par ex. cnil-2024-acme",
    "lang": "deux lettres minuscules, par ex. fr",
    "file": "un nom de fichier PNG, JPEG ou WebP en lettres sans accent, chiffres, « . _ - » (renommez-le avant de le téléverser)",
    "save_as": "un chemin relatif : lettres, chiffres, « . _ - » et « / », par ex. 404.html",
    "template": "minuscules, chiffres, « _ » et « - », par ex. page",
    "source": "une adresse web sans espace ni accent, par ex. https://www.cnil.fr/…",
    "currency": "un code de devise ISO 4217 en trois majuscules, par ex. EUR",
}
# Where the file's wording (portail.model.errors.EXPECTED) does not fit a form.
FORM_HINTS = {
    "tags": "des étiquettes séparées par des virgules, par ex. cookies, sécurité",
    "authors": "vide : la signature par défaut du site",
    "related": "les articles à proposer sous « À lire aussi »",
    "sanctions": "les décisions dont l'article rend compte",
    "amount": (
        "un nombre entier en unités de la devise, sans espace ni symbole (800000) ; un montant non communiqué "
        "s'écrit « amount: null » dans le fichier"
    ),
    "status": "brouillon tant que l'article n'est pas prêt",
    "category": "la rubrique du site",
}
# Fields the form leaves out: the file name is the slug (SLUGIFY_SOURCE = "basename").
LEFT_OUT = frozenset({"slug"})
# Seldom filled in: at the end of the form, after what every article needs.
LAST_IN_FORM = frozenset({"lang", "modified", "save_as", "template", "distinct_from"})
# The widgets whose value is the text a schema pattern applies to.
TEXT_WIDGETS = frozenset({"string", "text", "image"})


class MissingWidgetError(KeyError):
    """A model field that the form does not know how to show."""


def cms_config(
    reference: ReferenceData,
    settings: Mapping,
    *,
    folder_prefix: str = "content",
    proxy_url: str = DEFAULT_PROXY_URL,
    preview_url: str | None = None,
) -> dict:
    """The whole configuration; folders are relative to the repository decap-server serves.

    ``preview_url``: the preview's address, linked from the CMS (« voir le site »).
    """
    articles = f"{folder_prefix}/{settings['ARTICLE_PATHS'][0]}"
    return {
        "backend": {"name": "proxy", "proxy_url": proxy_url, "branch": "main"},
        **({"site_url": preview_url, "display_url": preview_url} if preview_url else {}),
        "locale": "fr",
        "media_folder": f"{folder_prefix}/images",
        "public_folder": "images",
        # File names are slugs: ASCII, no accent, hyphens (Pelican's rule for the address).
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            *(
                _rubrique_collection(reference, settings, category, folder_prefix)
                for category in settings["PORTAIL_CATEGORIES"]
            ),
            _all_articles(articles),
            _pages(folder_prefix, settings["PAGE_PATHS"][0]),
        ],
    }


def to_yaml(config: dict) -> str:
    header = (
        "# Généré par « python -m portail.commands.cms » depuis le schéma et content/data/ :\n"
        "# ne pas modifier à la main.\n"
    )
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120)


def _rubrique_collection(reference: ReferenceData, settings: Mapping, category: str, folder_prefix: str) -> dict:
    folder = category_folder(category, settings["PORTAIL_CATEGORY_FOLDERS"])
    articles = f"{folder_prefix}/{settings['ARTICLE_PATHS'][0]}"
    return {
        "name": folder,
        "label": category,
        "label_singular": "article",
        "folder": f"{articles}/{folder}",
        "create": True,
        "extension": "md",
        "format": "yaml-frontmatter",
        "slug": "{{slug}}",
        "identifier_field": "title",
        "sortable_fields": ["date", "title"],
        "fields": article_fields(reference, settings, category, folder_prefix),
    }


def _all_articles(articles: str) -> dict:
    """Every article of every rubrique, hidden: what the `related` relation chooses from."""
    return {
        "name": "articles",
        "label": "Tous les articles",
        "folder": articles,
        "nested": {"depth": 2},
        "hide": True,
        "create": False,
        "extension": "md",
        "format": "yaml-frontmatter",
        "identifier_field": "title",
        "fields": [{"name": "title", "label": LABELS["title"], "widget": "string"}],
    }


def _pages(folder_prefix: str, pages: str) -> dict:
    return {
        "name": "pages",
        "label": "Pages",
        "label_singular": "page",
        "folder": f"{folder_prefix}/{pages}",
        "create": True,
        "extension": "md",
        "format": "yaml-frontmatter",
        "slug": "{{slug}}",
        "identifier_field": "title",
        "fields": page_fields(folder_prefix),
    }


def article_fields(
    reference: ReferenceData, settings: Mapping, category: str, folder_prefix: str = "content"
) -> list[dict]:
    authors = settings.get("PORTAIL_DEFAULT_AUTHORS") or []
    widgets = {
        **_document_widgets(),
        "date": _date_picker(with_time=True),
        "category": _select(dict.fromkeys(settings["PORTAIL_CATEGORIES"], ""), default=category),
        "tags": {"widget": "list", "allow_add": True},
        "authors": _select({key: p.name for key, p in reference.authors.items()}, multiple=True, default=authors),
        "sectors": _select({key: s.label for key, s in reference.sectors.items()}, multiple=True),
        # A new article is a draft until the editor says otherwise, as with `make new`.
        "status": _select(ARTICLE_STATUS_LABELS, default="draft"),
        "related": {
            "widget": "relation",
            "collection": "articles",
            "value_field": "{{filename}}",
            "search_fields": ["title"],
            "display_fields": ["title"],
            "multiple": True,
        },
        "sanctions": {
            "widget": "list",
            "label_singular": "décision",
            "fields": sanction_fields(reference),
            "summary": "{{fields.organisation}}",
            "default": [],  # otherwise Decap starts every new article with one empty decision
        },
    }
    return [*_fields(ArticleMeta, widgets), _body(folder_prefix)]


def page_fields(folder_prefix: str = "content") -> list[dict]:
    widgets = {
        **_document_widgets(),
        "status": _select(_labels(PAGE_STATUSES, PAGE_STATUS_LABELS), default="draft"),
        "save_as": {},
        "template": {},
    }
    return [*_fields(PageMeta, widgets), _body(folder_prefix)]


def sanction_fields(reference: ReferenceData) -> list[dict]:
    widgets = {
        "id": {},
        "authority": _select(
            {key: f"{a.short} — {a.name} ({a.country_label})" for key, a in reference.authorities.items()}
        ),
        "organisation": {},
        "decision_date": _date_picker(with_time=False),
        "reference": {},
        "amount": {"widget": "number", "value_type": "int", "min": 0},
        "currency": {"default": "EUR", "pattern": ["^[A-Z]{3}$", PATTERN_MESSAGES["currency"]]},
        "breaches": _select({key: b.label for key, b in reference.breaches.items()}, multiple=True),
        "articles": _select(gdpr_articles(reference), multiple=True),
        "sector": _select({key: s.label for key, s in reference.sectors.items()}),
        "status": _select(SANCTION_STATUSES, default="final"),
        "source": {"pattern": [f"^{SOURCE_PATTERN.pattern}$", PATTERN_MESSAGES["source"]]},
        "distinct_from": {"widget": "list"},
    }
    return _fields(Sanction, widgets)


def gdpr_articles(reference: ReferenceData) -> dict[str, str]:
    """Articles 1 to 99, labelled with the breach types that cite them, then the cited paragraphs."""
    cited: dict[str, list[str]] = {}
    for breach in reference.breaches.values():
        for article in breach.articles:
            cited.setdefault(article, []).append(breach.label)
    numbers = [str(number) for number in range(1, LAST_GDPR_ARTICLE + 1)]
    paragraphs = sorted((a for a in cited if a not in numbers), key=lambda a: (int(re.match(r"\d+", a)[0]), a))
    return {
        article: f"article {article}" + (f" : {', '.join(cited[article])}" if article in cited else "")
        for article in [*numbers, *paragraphs]
    }


def _document_widgets() -> dict:
    image = {
        "widget": "image_principale",  # the object widget, validated once filled in: cms/widgets.js
        "collapsed": False,
        "fields": _fields(
            Image,
            {
                # Decap tests a file's pattern on its name alone: the media library sets the folder.
                "file": {
                    "widget": "image",
                    "choose_url": False,
                    "pattern": [IMAGE_FILE_NAME.pattern, PATTERN_MESSAGES["file"]],
                },
                "alt": {},
                "caption": {},
                "credit": {},
            },
        ),
    }
    return {
        "title": {},
        "summary": {"widget": "text"},
        "lang": {},
        "modified": _date_picker(with_time=True),
        "image": image,
    }


def _fields(model, widgets: Mapping[str, dict]) -> list[dict]:
    """One form field per model field, in the model's order, required and patterns from its schema."""
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    fields = []
    names = sorted(schema["properties"], key=lambda name: name in LAST_IN_FORM)  # stable: model order
    for name in names:
        prop = schema["properties"][name]
        if name in LEFT_OUT:
            continue
        if name not in widgets:
            raise MissingWidgetError(f"{model.__name__}.{name} : aucun champ du formulaire ne le représente")
        field = {"name": name, "label": LABELS[name], "widget": "string", "required": name in required}
        field.update(widgets[name])
        if field["widget"] in TEXT_WIDGETS and "pattern" not in field:
            field.update(_constraints(name, prop, one_line=field["widget"] != "text"))
        if "minItems" in prop:
            field["min"] = prop["minItems"]
        hint = FORM_HINTS.get(name) or EXPECTED.get(name)
        if hint:
            field["hint"] = hint[:1].upper() + hint[1:] + "."
        fields.append(field)
    return fields


def _constraints(name: str, prop: dict, *, one_line: bool) -> dict:
    """The pattern the schema gives a text field (or its length bound), as Decap's [regex, message]."""
    text = next((p for p in prop.get("anyOf", [prop]) if p.get("type") == "string" and "format" not in p), None)
    if text is None:
        return {}
    if "pattern" in text:
        return {"pattern": [text["pattern"], PATTERN_MESSAGES.get(name, EXPECTED.get(name, "valeur invalide"))]}
    if "maxLength" in text:
        low, high = text.get("minLength", 0), text["maxLength"]
        if one_line:
            return {"pattern": [f"^[^\\n]{{{low},{high}}}$", f"{high} caractères au plus, sur une ligne"]}
        return {"pattern": [f"^[\\s\\S]{{{low},{high}}}$", f"{high} caractères au plus"]}
    return {}


def _select(labels: Mapping[str, str], *, multiple: bool = False, default=None) -> dict:
    field = {
        "widget": "select",
        "options": [{"label": label or value, "value": value} for value, label in labels.items()],
        "multiple": multiple,
    }
    if default is not None:
        field["default"] = list(default) if isinstance(default, (list, tuple)) else default
    return field


def _labels(values: Sequence[str], labels: Mapping[str, str]) -> dict[str, str]:
    return {value: labels.get(value, value) for value in values}


def _date_picker(*, with_time: bool) -> dict:
    return {
        "widget": "datetime",
        "format": DATETIME_FORMAT if with_time else DATE_FORMAT,
        "date_format": DATE_FORMAT,
        "time_format": "HH:mm" if with_time else False,
        "picker_utc": False,
    }


def _body(folder_prefix: str) -> dict:
    # Images of the text go to content/images/ and are linked from the site's root.
    return {
        "name": "body",
        "label": LABELS["body"],
        "widget": "markdown",
        "required": False,
        "media_folder": f"/{folder_prefix}/images",
        "public_folder": "/images",
    }
