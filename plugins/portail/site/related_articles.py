"""Pelican adapter: « À lire aussi » under every published article.

Builds one record per published article (translations included) from what strict_content read,
asks the core (``portail.related``) for the lists and sets ``article.related_articles``.
Editors' unknown ``related`` slugs are reported by strict_content (``portail.checks``).

Settings (``pelicanconf.py``): ``RELATED_ARTICLES_WEIGHTS`` (the weight of each signal; the ones
left out keep their default), ``RELATED_ARTICLES_LIMIT``, ``RELATED_ARTICLES_HALF_LIFE_DAYS``.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from pelican import Pelican
from pelican.generators import ArticlesGenerator

from portail.counting.related import (
    DEFAULT_HALF_LIFE_DAYS,
    DEFAULT_LIMIT,
    ArticleRecord,
    RelatedConfig,
    article_record,
    read_config,
    related_articles,
)
from portail.model.problems import ContentError
from portail.site.reading import report, state_of

SETTINGS_SOURCE = "pelicanconf.py"


def config_of(settings) -> tuple[RelatedConfig, list]:
    return read_config(
        settings.get("RELATED_ARTICLES_WEIGHTS"),
        settings.get("RELATED_ARTICLES_LIMIT", DEFAULT_LIMIT),
        settings.get("RELATED_ARTICLES_HALF_LIFE_DAYS", DEFAULT_HALF_LIFE_DAYS),
        SETTINGS_SOURCE,
    )


def record_of(article) -> ArticleRecord:
    return article_record(
        slug=article.slug,
        date=article.date.date(),
        lang=article.lang,
        title=article.title,
        summary=article.summary,
        text=article.metadata.get("text_features") or article.content,
        category=article.category.name,
        tags=[tag.name for tag in getattr(article, "tags", [])],
        sanctions=article.metadata.get("sanctions", ()),
        related=article.metadata.get("related", ()),
    )


def published(generator) -> list:
    """Published articles in every language; drafts and hidden articles are never proposed."""
    return [*generator.articles, *generator.translations]


def link_related(generator) -> None:
    config, problems = config_of(generator.settings)
    if problems:
        report(generator.settings, problems)
        return
    articles = published(generator)
    with _no_cycle_collection():
        lists = related_articles([record_of(article) for article in articles], config)
    for article, related in zip(articles, lists):
        article.related_articles = [articles[i] for i in related]


@contextmanager
def _no_cycle_collection():
    """Pelican holds every article in memory, and the computation allocates many small objects
    (none in a cycle): each automatic collection would walk the whole site again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_articles(settings: dict) -> ArticlesGenerator:
    """Read the articles as the build does (same reader, same checks), writing nothing.

    For scripts, with settings from portail.commands.settings. Content problems raise ContentError.
    """
    from portail.site import register_reading  # the package imports this module

    register_reading()
    # Never through the content cache: it belongs to the site's own builds. No plugin runs.
    settings = {**settings, "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False, "PLUGINS": []}
    pelican = Pelican(settings)
    context = {
        **settings,
        "generated_content": {},
        "static_links": set(),
        "static_content": {},
        "localsiteurl": settings["SITEURL"],
    }
    # As a build does at its start: asking for the generator classes sends get_generators.
    pelican._get_generator_classes()
    generator = ArticlesGenerator(
        context=context, settings=settings, path=pelican.path, theme=pelican.theme, output_path=pelican.output_path
    )
    generator.generate_context()
    problems = state_of(settings).problems
    if problems:
        raise ContentError(problems)
    return generator
