"""Pelican adapter: the catalogue of distinct decisions and every page built from it.

Reads published articles' ``sanctions``, asks the core for distinct decisions (identity and
conflict rules), groups and counts them with ``portail.statistics`` and writes:
the index ``/sanctions/``, a page per decision, the taxonomy pages (authority, year, breach
type, sector), the statistics page with its SVG charts, and the open data files.
Templates see ``decisions`` and ``reference`` everywhere (the home page lists the latest).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from markupsafe import Markup
from pelican.generators import Generator
from unidecode import unidecode

from portail.content.review import decision_problems, reserved_identities
from portail.counting import opendata, statistics
from portail.counting.charts import Bar, bar_chart
from portail.formats import amount_fr, number_fr
from portail.model.decisions import Coverage, Neighbourhood, decision_identity
from portail.plumbing.output import write_if_changed
from portail.site.reading import report, state_of


@dataclass
class Term:
    group: statistics.Group
    url: str
    previous: Term | None = None
    next: Term | None = None


@dataclass
class Taxonomy:
    grouping: str  # a statistics grouping: authority, year, breach, sector
    url: str
    title: str  # « Autorités »
    singular: str  # « autorité »
    terms: list[Term] = field(default_factory=list)


class SanctionPagesGenerator(Generator):
    def generate_context(self):
        state = state_of(self.settings)
        self.reference = state.context.reference
        decisions, problems = decision_problems(
            (
                (sanction, _coverage(article, index, state))
                for article in self.context.get("articles", [])
                for index, sanction in enumerate(article.metadata.get("sanctions", ()))
            ),
            reserved_identities(self.settings),
        )
        report(self.settings, problems)
        for decision in decisions:
            decision.url = self.settings["SANCTION_URL"].format(identity=decision.identity)
        by_identity = {decision.identity: decision for decision in decisions}
        for article in self.context.get("articles", []):
            # In the order of the article's `sanctions`, so each fact box links to its decision page.
            article.decisions = [by_identity[decision_identity(s)] for s in article.metadata.get("sanctions", ())]
        self.decisions = decisions
        self.taxonomies = [self._taxonomy(*spec) for spec in self.settings["SANCTION_TAXONOMIES"]]
        self.context.update(decisions=decisions, reference=self.reference, sanction_taxonomies=self.taxonomies)

    def _taxonomy(self, grouping, folder, title, singular) -> Taxonomy:
        base = self.settings["SANCTIONS_INDEX_URL"] + folder + "/"
        groups = statistics.group(self.decisions, grouping, self.reference)
        # Neighbours in reading order: years chronologically, the others alphabetically.
        order = (lambda g: g.key) if grouping == "year" else (lambda g: unidecode(g.label).casefold())
        terms = [Term(g, f"{base}{g.key}/") for g in sorted(groups, key=order)]
        for before, after in zip(terms, terms[1:]):
            before.next, after.previous = after, before
        return Taxonomy(grouping, base, title, singular, terms)

    def generate_output(self, writer):
        self._render_rows()
        index = self.settings["SANCTIONS_INDEX_URL"]
        self._page(writer, index, "sanctions", page_title="Index des sanctions")
        neighbours = Neighbourhood.of(self.decisions)
        for decision in self.decisions:
            self._page(
                writer,
                decision.url,
                "sanction",
                decision=decision,
                same_organisation=neighbours.same_organisation(decision),
                same_authority=neighbours.same_authority_and_breach(decision),
            )
        for taxonomy in self.taxonomies:
            self._page(writer, taxonomy.url, "sanction_taxonomy", taxonomy=taxonomy)
            for term in taxonomy.terms:
                self._page(
                    writer,
                    term.url,
                    "sanction_term",
                    taxonomy=taxonomy,
                    term=term,
                    figures=term.group.figures,
                    other_currencies=statistics.other_currencies(term.group.decisions),
                )
        self._statistics(writer)
        self._open_data()

    def _render_rows(self):
        """Each decision's table row, once: it is the same on every page when URLs are absolute."""
        if self.settings["RELATIVE_URLS"]:
            return
        template = self.get_template("_decision_row")
        for decision in self.decisions:
            decision.row = Markup(template.render({**self.context, "decision": decision}).strip())

    def _page(self, writer, url: str, template: str, **values):
        writer.write_file(
            os.path.join(url, "index.html"),
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            page_name=url.rstrip("/"),
            **values,
        )

    def _statistics(self, writer):
        url = self.settings["SANCTION_STATISTICS_URL"]
        groupings = [(g, singular) for g, _folder, _title, singular in self.settings["SANCTION_TAXONOMIES"]]
        groupings.insert(2, ("country", "pays"))
        tables = [(singular, statistics.group(self.decisions, g, self.reference)) for g, singular in groupings]
        charts = self._charts(url)
        self._page(
            writer,
            url,
            "sanction_statistics",
            overall=statistics.figures(self.decisions),
            mentions=statistics.mentions(self.decisions),
            tables=tables,
            charts=charts,
            largest=statistics.largest(self.decisions),
            cited=statistics.cited_articles(self.decisions)[:15],
            other_currencies=statistics.other_currencies(self.decisions),
        )

    def _charts(self, url: str) -> list[dict]:
        """Write the SVG charts; return what the page needs to show and describe them."""
        by_year = sorted(statistics.group(self.decisions, "year", self.reference), key=lambda g: g.key)
        by_authority = [
            g for g in statistics.group(self.decisions, "authority", self.reference) if g.figures.count_with_amount
        ][:10]
        by_breach = sorted(
            statistics.group(self.decisions, "breach", self.reference), key=lambda g: (-g.figures.count, g.label)
        )
        specs = [
            (
                "decisions-par-annee.svg",
                "Nombre de décisions par année",
                [Bar(g.label, g.figures.count, _decisions(g.figures.count)) for g in by_year],
            ),
            (
                "montant-par-autorite.svg",
                "Montant total des amendes par autorité (en euros)",
                [Bar(g.label, g.figures.total, amount_fr(g.figures.total)) for g in by_authority],
            ),
            (
                "manquements.svg",
                "Nombre de décisions par type de manquement",
                [Bar(g.label, g.figures.count, _decisions(g.figures.count)) for g in by_breach],
            ),
        ]
        charts = []
        for filename, title, bars in specs:
            path = os.path.join(self.output_path, url, filename)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            write_if_changed(path, bar_chart(title, bars).encode("utf-8"))
            charts.append({"src": url + filename, "title": title, "bars": bars})
        return charts

    def _open_data(self):
        folder = os.path.join(self.output_path, self.settings["SANCTIONS_INDEX_URL"])
        os.makedirs(folder, exist_ok=True)
        site_url = self.settings["SITEURL"]
        rows = opendata.records(self.decisions, self.reference, site_url)
        files = {
            "sanctions.csv": opendata.to_csv(rows),
            "sanctions.json": opendata.to_json(rows),
            "datapackage.json": json.dumps(
                opendata.datapackage(f"Sanctions RGPD — {self.settings['SITENAME']}", site_url),
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
        }
        for name, text in files.items():
            write_if_changed(os.path.join(folder, name), text.encode("utf-8"))


def _decisions(count: int) -> str:
    return f"{number_fr(count)} décision{'s' if count > 1 else ''}"


def _coverage(article, index: int, state) -> Coverage:
    line = article.metadata.get("field_lines", {}).get(("sanctions", index))
    return Coverage(article.title, article.url, article.date.date(), state.shown(article.source_path), line)


def get_generators(_pelican):
    return SanctionPagesGenerator
