"""Pelican adapter: the catalogue of distinct decisions, and the pages that list them.

Reads published articles' ``sanctions``, asks the core for distinct decisions (identity and
conflict rules live there), shares them with every template as ``decisions`` and writes
``/sanctions/``.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from portail.decisions import Coverage, catalogue
from strict_content import report, state_of


class SanctionPagesGenerator(Generator):
    def generate_context(self):
        state = state_of(self.settings)
        decisions, problems = catalogue(
            (sanction, _coverage(article, index, state))
            for article in self.context.get("articles", [])
            for index, sanction in enumerate(article.metadata.get("sanctions", ()))
        )
        report(self.settings, problems)
        self.decisions = decisions
        self.context["decisions"] = decisions
        self.context["reference"] = state.context.reference

    def generate_output(self, writer):
        writer.write_file(
            self.settings["SANCTIONS_INDEX_SAVE_AS"],
            self.get_template("sanctions"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            decisions=self.decisions,
            page_name=self.settings["SANCTIONS_INDEX_URL"],
        )


def _coverage(article, index: int, state) -> Coverage:
    line = article.metadata.get("field_lines", {}).get(("sanctions", index))
    return Coverage(article.title, article.url, article.date.date(), state.shown(article.source_path), line)


def get_generators(_pelican):
    return SanctionPagesGenerator


def register():
    signals.get_generators.connect(get_generators)
