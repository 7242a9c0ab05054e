"""Pelican adapter: who signs an article (data/authors.yaml) and which sectors it concerns.

The reader (``reading.PortalReader._published``) turns an article's validated ``authors`` and
``sectors`` into metadata with ``article_metadata``. Pelican then makes one page per author at
AUTHOR_URL (template ``author.html``): an author's page is named by its id, and carries its role
and biography. The receivers below check the site's default authors and file the articles of
each sector, for the sector pages of the sanction catalogue (``sanction_term.html``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pelican import urlwrappers

from portail.model.problems import Problem
from portail.model.suggest import did_you_mean
from portail.site.reading import report, state_of


class Author(urlwrappers.Author):
    """A Pelican author whose slug is its id of data/authors.yaml (its page: /auteurs/<id>/).
    Named Author: Pelican reads the class name for its settings (AUTHOR_URL, AUTHOR_SAVE_AS)."""

    def __init__(self, key: str, record, settings):
        super().__init__(record.name, settings)
        self.slug = key
        self.role = record.role
        self.bio = record.bio
        self.photo = record.photo
        self.links = record.links


@dataclass(frozen=True)
class ArticleSector:
    key: str
    label: str


def article_metadata(meta, reference, settings) -> dict:
    """The Pelican metadata of an article's byline and sectors: ``authors`` (Pelican's, which
    makes the author pages), ``people`` (the same records, for templates and the JSON-LD) and
    ``sectors``: those the article names, then those of its decisions."""
    keys = meta.authors or [key for key in settings["PORTAIL_DEFAULT_AUTHORS"] if key in reference.authors]
    people = [Author(key, reference.authors[key], settings) for key in keys]
    named = dict.fromkeys([*meta.sectors, *(sanction.sector for sanction in meta.sanctions)])
    sectors = [ArticleSector(key, reference.sectors[key].label) for key in named]
    # Without people (a default naming nobody, told by check_default_authors): Pelican's AUTHOR.
    return {"authors": people, "people": people, "sectors": sectors} if people else {"sectors": sectors}


def check_default_authors(generator) -> None:
    """PORTAIL_DEFAULT_AUTHORS signs every article without `authors`: each must be an author."""
    authors = state_of(generator.settings).context.reference.authors
    defaults = generator.settings["PORTAIL_DEFAULT_AUTHORS"]
    problems = [
        Problem(
            "pelicanconf.py",
            None,
            "PORTAIL_DEFAULT_AUTHORS",
            f"auteur par défaut inconnu « {key} » ; attendu : un identifiant de data/authors.yaml",
            did_you_mean(key, authors) or "ajoutez-le à content/data/authors.yaml (name, role, bio)",
        )
        for key in defaults
        if key not in authors
    ]
    if not defaults:
        problems.append(
            Problem(
                "pelicanconf.py",
                None,
                "PORTAIL_DEFAULT_AUTHORS",
                "aucun auteur par défaut ; attendu : une liste d'identifiants de data/authors.yaml",
                'écrivez PORTAIL_DEFAULT_AUTHORS = ["redaction"]',
            )
        )
    report(generator.settings, problems)


def file_sector_articles(generator) -> None:
    """Every sector's published articles, newest first, for its page (« Guides et actualités »)."""
    by_sector: dict[str, list] = {}
    for article in generator.articles:
        for sector in article.metadata.get("sectors", ()):
            by_sector.setdefault(sector.key, []).append(article)
    generator.context["sector_articles"] = by_sector


def link_sector_pages(generators) -> None:
    """The address of each sector's page, once the catalogue knows which sectors have one."""
    context = generators[0].context
    taxonomies = context.get("sanction_taxonomies", ())
    context["sector_pages"] = {
        term.group.key: term.url for taxonomy in taxonomies if taxonomy.grouping == "sector" for term in taxonomy.terms
    }
