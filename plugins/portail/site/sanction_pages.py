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
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator
from unidecode import unidecode

from portail.content.review import decision_problems, reserved_identities
from portail.counting import opendata, statistics
from portail.counting.charts import NARROW, WIDE, Bar, Year, bar_chart, view_box, year_chart
from portail.counting.map import Country, europe_map, map_file, shapes, use_shapes
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
        if grouping == "sector":  # a sector named only by guides and news still gets its page
            known = {g.key for g in groups}
            groups += [
                statistics.Group(key, statistics.label(grouping, key, self.reference), statistics.figures([], "EUR"))
                for key in self.context.get("sector_articles", {})
                if key not in known
            ]
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
            decision.row = _Row(partial(template.render, {**self.context, "decision": decision}))

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
        # Groups by total, except years: a series is read in the order of time.
        tables = [
            (singular, sorted(groups, key=lambda g: g.key) if grouping == "year" else groups)
            for grouping, singular in groupings
            for groups in [statistics.group(self.decisions, grouping, self.reference)]
        ]
        charts = self._charts(url)
        self._page(
            writer,
            url,
            "sanction_statistics",
            overall=statistics.figures(self.decisions),
            mentions=statistics.mentions(self.decisions),
            tables=tables,
            charts={singular: charts.get(grouping, []) for grouping, singular in groupings},
            other_totals={singular: _other_totals(groups) for singular, groups in tables},
            largest=statistics.largest(self.decisions),
            cited=statistics.cited_articles(self.decisions)[:15],
            other_currencies=statistics.other_currencies(self.decisions),
        )

    def _charts(self, url: str) -> dict[str, list[dict]]:
        """Write the SVG charts, each in its LAYOUTS; return, by grouping, what
        the page needs to show and describe them."""
        _parsed_map(Path(self.settings["CACHE_PATH"]))
        group = {
            g: statistics.group(self.decisions, g, self.reference) for g in ("year", "authority", "country", "breach")
        }
        years = [Year(int(g.key), g.figures.count, g.figures.total) for g in sorted(group["year"], key=lambda g: g.key)]
        with_amount = {g: [x for x in group[g] if x.figures.count_with_amount][:TOP] for g in ("authority", "country")}
        by_breach = sorted(group["breach"], key=lambda g: (-g.figures.count, g.label))
        countries = [
            Country(g.key, g.label, g.figures.count, _decisions(g.figures.count))
            for g in sorted(group["country"], key=lambda g: g.key)
        ]
        log_note = "Échelle logarithmique : chaque graduation vaut dix fois la précédente ; le montant exact suit chaque barre."
        specs = [
            Chart(
                "year",
                "decisions-par-annee",
                "Décisions et montant total des amendes par année",
                lambda title, width: year_chart(title, years, width),
                [
                    f"{g.key}, {_decisions(g.figures.count)}, {_euros(g.figures)}"
                    for g in sorted(group["year"], key=lambda g: g.key)
                ],
                "Montants en euros ; une année sans décision figure à zéro.",
            ),
            _bars(
                "authority",
                "montant-par-autorite",
                _top("Montant total des amendes par autorité", group["authority"]),
                with_amount["authority"],
                log_note,
            ),
            _bars(
                "country",
                "montant-par-pays",
                _top("Montant total des amendes par pays", group["country"]),
                with_amount["country"],
                log_note,
            ),
            Chart(
                "country",
                "carte-decisions-par-pays",
                "Nombre de décisions par pays",
                lambda title, width: europe_map(title, countries, width),
                [f"{c.label}, {c.shown}" for c in countries],
                "Carte de l'Europe : plus la teinte est foncée, plus le pays compte de décisions.",
            ),
            Chart(
                "breach",
                "manquements",
                "Nombre de décisions par type de manquement",
                lambda title, width: bar_chart(
                    title, [Bar(g.label, g.figures.count, _decisions(g.figures.count)) for g in by_breach], width
                ),
                [f"{g.label}, {_decisions(g.figures.count)}" for g in by_breach],
                "Une décision qui relève de plusieurs manquements compte pour chacun.",
            ),
        ]
        charts: dict[str, list[dict]] = {}
        for spec in specs:
            charts.setdefault(spec.grouping, []).append(self._write_chart(url, spec))
        return charts

    def _write_chart(self, url: str, chart: Chart) -> dict:
        shown = {}
        for suffix, width in LAYOUTS:
            svg = chart.draw(chart.title, width)
            path = os.path.join(self.output_path, url, chart.name + suffix + ".svg")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            write_if_changed(path, svg.encode("utf-8"))
            shown[suffix] = (url + chart.name + suffix + ".svg", *view_box(svg))
        return {
            "src": shown[""][0],
            "width": shown[""][1],
            "height": shown[""][2],
            # Smaller screens get a layout drawn for them, so that text stays about 14 px.
            "sources": [(shown["-etroit"], "(max-width: 30em)"), (shown["-moyen"], "(max-width: 48em)")],
            "title": chart.title,
            "alt": f"{chart.title} : {' ; '.join(chart.described)}.",
            "note": chart.note,
        }

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


@dataclass(frozen=True)
class Chart:
    grouping: str  # the table the chart goes with
    name: str  # file name, without « .svg »
    title: str
    draw: Callable[[str, int], str]  # (title, width) → SVG
    described: list[str]  # the text alternative, one item per bar or country
    note: str


# File suffix and width of each layout: narrow ones put the labels above the bars.
LAYOUTS = (("", WIDE), ("-moyen", 540), ("-etroit", NARROW))
TOP = 10  # bars in the charts by authority and by country; the tables have every group


def _top(title: str, groups: list[statistics.Group]) -> str:
    shown = sum(1 for g in groups if g.figures.count_with_amount)
    return f"{title} (les {TOP} plus forts)" if shown > TOP else title


def _bars(grouping: str, name: str, title: str, groups: list[statistics.Group], note: str) -> Chart:
    """Totals in euros on a logarithmic scale: Meta's 1.2 billion and a 20,000 € fine on one chart."""
    bars = [Bar(g.label, g.figures.total, amount_fr(g.figures.total)) for g in groups]
    return Chart(
        grouping,
        name,
        title,
        lambda title, width: bar_chart(title, bars, width, log=True),
        [f"{bar.label}, {bar.shown}" for bar in bars],
        note,
    )


def _other_totals(groups: list[statistics.Group]) -> dict[str, list[str]]:
    """Per group key, its totals in each currency other than the euro (« 20 000 000 £GB »):
    shown beside the euro figures, never added to them."""
    totals = {}
    for g in groups:
        currencies = sorted({d.sanction.currency for d in statistics.other_currencies(g.decisions)})
        if currencies:
            totals[g.key] = [amount_fr(statistics.figures(g.decisions, c).total, c) for c in currencies]
    return totals


def _euros(figures: statistics.Figures) -> str:
    return amount_fr(figures.total) if figures.count_with_amount else "aucun montant en euros"


def _decisions(count: int) -> str:
    return f"{number_fr(count)} décision{'s' if count > 1 else ''}"


def _coverage(article, index: int, state) -> Coverage:
    line = article.metadata.get("field_lines", {}).get(("sanctions", index))
    return Coverage(article.title, _url_of(article), article.date.date(), state.shown(article.source_path), line)


def _url_of(article) -> str:
    """Pelican works an article's address out of the settings at each call; it never changes
    for one Article (the preview reads a saved file into a new one): kept on the article."""
    try:
        return article.__dict__["_portail_url"]
    except KeyError:
        url = article.__dict__["_portail_url"] = article.url
        return url


def get_generators(_pelican):
    return SanctionPagesGenerator


def _parsed_map(cache: Path) -> None:
    """The map's countries as the last build parsed them, kept in the cache folder while the
    map file is the same (a change of the portal's code empties the folder)."""
    source = map_file()
    status = source.stat()
    key = (str(source), status.st_size, status.st_mtime_ns)
    kept = cache / "carte-pays.pickle"
    try:
        with open(kept, "rb") as handle:
            stored_key, found = pickle.load(handle)
        if stored_key == key:
            use_shapes(found)
            return
    except Exception:  # none yet, or unreadable: parsed again below
        pass
    found = shapes()
    cache.mkdir(parents=True, exist_ok=True)
    with open(kept.with_suffix(".tmp"), "wb") as handle:
        pickle.dump((key, found), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(kept.with_suffix(".tmp"), kept)


class _Row:
    """A decision's table row, rendered when a page first prints it, then kept: not at all when
    every page that shows it is copied from the last build (portail.site.unchanged)."""

    __slots__ = ("_html", "_render")

    def __init__(self, render):
        self._render, self._html = render, None

    def __html__(self) -> Markup:
        if self._html is None:
            self._html = Markup(self._render().strip())
        return self._html

    def __str__(self) -> str:
        return str(self.__html__())
