"""The Pelican adapter: the portal's one plugin (``PLUGINS = ["portail.site", ...]``).

Every receiver is connected here, in the order the build needs; the modules beside this one hold
no connection of their own. Receivers are module-level functions: Pelican's signals keep weak
references only, and connecting one twice is harmless.
"""

from __future__ import annotations

from pelican import signals

from portail.site import (
    compiled_templates,
    drafts,
    feeds,
    images,
    listings,
    neighbours,
    parallel,
    people,
    reading,
    related_articles,
    sanction_pages,
    search,
    typography,
)

# Reading and checking content, the part scripts that read articles without building need.
READING = (
    # Sent once at the start of every run, before anything is read: the build's state first.
    (signals.get_generators, reading.start_build),
    (signals.readers_init, reading.add_reader),
    (signals.article_generator_finalized, reading.check_articles),
    (signals.page_generator_finalized, reading.check_pages),
    (signals.all_generators_finalized, reading.stop_on_problems),
)

RECEIVERS = (
    (signals.initialized, parallel.note_start),
    *READING[:2],
    (signals.get_generators, sanction_pages.get_generators),
    (signals.get_generators, feeds.get_generators),
    (signals.get_generators, drafts.get_generators),
    # Image sizes and social cards, made after every article and page is read; templates call them.
    (signals.get_generators, images.get_generators),
    (signals.generator_init, images.add_template_functions),
    (signals.generator_init, compiled_templates.use_bytecode_cache),
    (signals.article_generator_init, parallel.read_ahead),
    (signals.get_writer, parallel.get_writer),
    # Listings answer membership in constant time before anything walks them.
    (signals.article_generator_finalized, listings.index_listings),
    *READING[2:],
    # Titles and summaries typographic in HTML, as written in data (after the checks read them).
    (signals.article_generator_finalized, typography.set_articles),
    (signals.page_generator_finalized, typography.set_pages),
    (signals.article_generator_finalized, related_articles.link_related),
    (signals.article_generator_finalized, neighbours.link_neighbours),
    (signals.article_generator_finalized, drafts.announce_scheduled),
    # Bylines and sectors: the site's default authors exist; each sector's articles, and its page.
    (signals.article_generator_finalized, people.check_default_authors),
    (signals.article_generator_finalized, people.file_sector_articles),
    (signals.all_generators_finalized, people.link_sector_pages),
    # The queued pages are written first: the last checks and the search index read them.
    (signals.finalized, parallel.write_queued_pages),
    (signals.finalized, reading.end_build),
    (signals.finalized, search.index_site),
)


def _connect(receivers) -> None:
    for signal, receiver in receivers:
        signal.connect(receiver)


def register() -> None:
    _connect(RECEIVERS)


def register_reading() -> None:
    """For scripts that read articles the way the build does, and run nothing else."""
    _connect(READING)
