"""Pelican adapter: Atom feeds of decisions, for readers who follow sanctions in a feed reader.

- ``SANCTIONS_FEED_ATOM``: every decision, the most recently reported first (« nouvelles décisions »);
- ``AUTHORITY_FEED_ATOM``: the same, one feed per authority that has at least one decision.

Reads ``context["decisions"]``, ``context["reference"]`` and ``context["sanction_taxonomies"]``,
set by sanction_pages (its generate_context runs before any generate_output). An entry links to
the decision's page (else to the first article that reported it) and lists every article that
covers it; an authority's feed links to the authority's page.

Atom says which texts are HTML (an entry's summary and content): every value written there is
escaped first, and every feed goes through ``xml_text`` so that it stays well-formed XML.
``ArticleFeedEntries`` does the same for Pelican's own article feeds, in the build's writer.

Every feed is a ``StyledAtom1Feed``: it says its language (``xml:lang``) and names the theme's
``feeds.xsl``, which a browser applies to show the feed as a page of the site.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from xml.sax.saxutils import quoteattr
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed, get_tag_uri
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from markupsafe import Markup, escape
from pelican.generators import Generator

from portail.counting import statistics
from portail.formats import amount_fr, date_fr
from portail.model.decisions import Decision
from portail.plumbing.output import TextWrittenIfChanged
from portail.plumbing.xml_text import xml_text


class SanctionFeedsGenerator(Generator):
    def generate_context(self):
        """Nothing to add: the decisions are sanction_pages' and only exist once it has run."""

    def generate_output(self, writer):
        if "decisions" not in self.context:
            raise RuntimeError("sanction_feeds a besoin de l'extension sanction_pages (réglage PLUGINS)")
        settings, decisions = self.settings, newest_reported_first(self.context["decisions"])
        reference = self.context["reference"]
        if settings.get("SANCTIONS_FEED_ATOM"):
            self._write(settings["SANCTIONS_FEED_ATOM"], "nouvelles décisions", decisions, writer)
        if settings.get("AUTHORITY_FEED_ATOM"):
            pages = self._authority_pages()
            # The core's grouping keeps the order it is given: newest reported first.
            for group in statistics.group(decisions, "authority", reference):
                authority = reference.authorities[group.key]
                path = settings["AUTHORITY_FEED_ATOM"].format(id=group.key)
                title = f"sanctions de l'autorité {authority.short} ({authority.country_label})"
                self._write(path, title, list(group.decisions), writer, pages.get(group.key))

    def _authority_pages(self) -> dict[str, str]:
        return {
            term.group.key: term.url
            for taxonomy in self.context.get("sanction_taxonomies", [])
            if taxonomy.grouping == "authority"
            for term in taxonomy.terms
        }

    def _write(self, path: str, title: str, decisions: list[Decision], writer, page: str | None = None) -> None:
        site = self.settings["SITEURL"]
        feed_url = f"{self.settings['FEED_DOMAIN']}/{path}"
        feed = StyledAtom1Feed(
            stylesheet=stylesheet_url(self.settings),
            title=f"{self.settings['SITENAME']} — {title}",
            link=f"{site}/{page or self.settings['SANCTIONS_INDEX_URL']}",
            feed_url=feed_url,
            feed_guid=feed_url,  # the index page is shared by several feeds: it cannot be their id
            description=self.settings.get("SITESUBTITLE", ""),
            language=self.settings["DEFAULT_LANG"],
        )

        def text() -> str:
            for decision in decisions[: self.settings.get("FEED_MAX_ITEMS")]:
                feed.add_item(**self._entry(decision))
            return xml_text(feed.writeString("utf-8"))

        target = os.path.join(writer.output_path, path)
        if hasattr(writer, "write_generated"):  # the build's writer: taken from the last site if unchanged
            writer.write_generated(target, self.context, text, f"{title}\0{page}")
            return
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with TextWrittenIfChanged(target) as handle:
            handle.write(text())

    def _entry(self, decision: Decision) -> dict:
        site, sanction = self.settings["SITEURL"], decision.sanction
        reference = self.context["reference"]
        authority = reference.authorities[sanction.authority]
        first, last = decision.coverage[0], decision.coverage[-1]
        link = f"{site}/{decision.url or first.url}"
        breaches = [reference.breaches[b].label for b in sanction.breaches]
        return {
            "title": f"{sanction.organisation} : {amount_fr(sanction.amount, sanction.currency)} "
            f"({authority.short}, {date_fr(sanction.decision_date)})",
            "link": link,
            "unique_id": get_tag_uri(f"{site}/{self.settings['SANCTIONS_INDEX_URL']}{decision.identity}", first.date),
            # Atom's summary is HTML: the authority's name and the labels are text.
            "description": str(
                Markup("Décision du {} de l'autorité {} ({}) : {}.").format(
                    date_fr(sanction.decision_date), authority.name, authority.country_label, "; ".join(breaches)
                )
            ),
            "content": _entry_content(decision, authority, breaches, reference, site),
            "categories": [*breaches, reference.sectors[sanction.sector].label],
            "author_name": self.settings["AUTHOR"],
            "pubdate": self._moment(first.date),
            "updateddate": self._moment(last.date),
        }

    def _moment(self, day: date) -> datetime:
        return datetime.combine(day, time(), ZoneInfo(self.settings["TIMEZONE"]))


def newest_reported_first(decisions: list[Decision]) -> list[Decision]:
    """What is new to a reader is what the portal reported last, whatever the decision's own date."""
    return sorted(decisions, key=lambda d: (d.coverage[0].date, d.decision_date, d.identity), reverse=True)


def _entry_content(decision: Decision, authority, breaches: list[str], reference, site: str) -> str:
    sanction = decision.sanction
    facts = [
        ("Organisme sanctionné", sanction.organisation),
        ("Autorité", f"{authority.name} ({authority.country_label})"),
        ("Date de la décision", date_fr(sanction.decision_date)),
        ("Montant", amount_fr(sanction.amount, sanction.currency)),
        ("Manquements", " ; ".join(breaches)),
        ("Secteur", reference.sectors[sanction.sector].label),
        ("Statut", sanction.status_label),
    ]
    if sanction.reference:
        facts.insert(3, ("Référence", sanction.reference))
    rows = Markup("").join(Markup("<dt>{}</dt><dd>{}</dd>").format(label, value) for label, value in facts)
    articles = Markup("").join(
        Markup('<li><a href="{}">{}</a></li>').format(f"{site}/{c.url}", c.title) for c in decision.coverage
    )
    return str(Markup("<dl>{}</dl><p>Nos articles sur cette décision :</p><ul>{}</ul>").format(rows, articles))


class StyledAtom1Feed(Atom1Feed):
    """An Atom feed that a browser shows through the theme's XSL stylesheet (same origin: a
    browser applies no other), in the language of the site."""

    def __init__(self, *args, stylesheet: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.stylesheet = stylesheet

    def write(self, outfile, encoding):
        # Atom1Feed.write, with the processing instruction between the declaration and <feed>.
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        handler.processingInstruction("xml-stylesheet", f'type="text/xsl" href={quoteattr(self.stylesheet)}')
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


def stylesheet_url(settings) -> str:
    return f"{settings['SITEURL']}/{settings['THEME_STATIC_DIR']}/feeds.xsl"


class ArticleFeedEntries:
    """For the build's writer (a base before pelican.writers.Writer): article feed entries as
    the editors wrote them.

    Pelican takes a title for HTML and strips its tags (« <b>x</b> » becomes « x », « R&amp;D »
    « R&D ») and writes the summary as HTML. Here titles, summaries, categories and authors are
    plain text (FORMATTED_FIELDS is empty): the title is kept whole, the summary escaped, and
    every text freed of characters XML forbids.
    """

    def _create_new_feed(self, feed_type, feed_title, context):
        feed = super()._create_new_feed(feed_type, feed_title, context)
        if type(feed) is not Atom1Feed:
            return feed
        # Pelican's feed, with the language and the stylesheet of the portal's own.
        styled = StyledAtom1Feed(
            feed.feed["title"], feed.feed["link"], feed.feed["description"], stylesheet=stylesheet_url(context)
        )
        styled.feed.update(feed.feed, language=context["DEFAULT_LANG"])
        return styled

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        entry = feed.items[-1]  # feedgenerator has made every value a str
        entry["title"] = str(item.title)
        if entry["description"] is not None:
            entry["description"] = str(escape(str(item.summary)))
        for key, value in entry.items():
            if isinstance(value, str):
                entry[key] = xml_text(value)
        if entry["categories"]:
            entry["categories"] = [xml_text(category) for category in entry["categories"]]


def get_generators(_pelican):
    return SanctionFeedsGenerator
