"""Tag, category and author pages in linear time.

Pelican builds each such page's ``dates`` with ``[a for a in self.dates if a in articles]``:
every article of the site tested against the listing's list, i.e. a time that grows with the
square of the site (3.5 s of a 10,000-article build). Here each listing becomes a list that
answers ``in`` from a set of identities: the same answer (Pelican's content objects compare by
identity), the same order, the same pages, in constant time per test.
"""

from __future__ import annotations


class Listing(list):
    """A list of articles whose membership test is a set lookup (by identity, as ``list`` does
    for objects without ``__eq__``). Built once the listing is complete: it is not updated."""

    def __init__(self, articles):
        super().__init__(articles)
        self._identities = frozenset(map(id, self))

    def __contains__(self, article) -> bool:
        return id(article) in self._identities


def index_listings(generator) -> None:
    generator.tags = {tag: Listing(articles) for tag, articles in generator.tags.items()}
    generator.categories = [(category, Listing(articles)) for category, articles in generator.categories]
    generator.authors = [(author, Listing(articles)) for author, articles in generator.authors]
    generator._update_context(("tags", "categories", "authors"))
