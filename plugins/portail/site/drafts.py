"""Drafts and scheduled articles: listed in the preview, never published.

- `status: draft` articles, and articles dated in the future (WITH_FUTURE_DATES = False makes
  Pelican hold them back as drafts), are written only when PORTAIL_PREVIEW is on, with a
  « brouillon » banner, and listed at DRAFTS_INDEX_URL. The publication settings write none.
- Each build says which articles it held back because of their date, and which one comes out
  next: the scheduled publishing (deploy/publication.md) rebuilds daily, and whoever reads its log
  learns when the site will change without opening every file.
"""

from __future__ import annotations

import os

from pelican.generators import Generator

from portail.formats import date_fr


def is_scheduled(article) -> bool:
    """Held back by its date, not by its editor."""
    return article.status == "draft" and article.metadata.get("status", "published") != "draft"


def announce_scheduled(generator) -> None:
    # By date, then by file: two articles of the same day always come out in the same order.
    scheduled = sorted((a for a in generator.drafts if is_scheduled(a)), key=lambda a: (a.date, a.source_path))
    if scheduled:
        root = os.path.dirname(generator.settings["PATH"])
        lines = [f"  {os.path.relpath(a.source_path, root)} (le {date_fr(a.date)})" for a in scheduled]
        plural = "s" if len(scheduled) > 1 else ""
        print(
            f"{len(scheduled)} article{plural} programmé{plural}, non publié{plural} avant sa date :", *lines, sep="\n"
        )
        print(next_scheduled_line(scheduled[0], root))
    for article in generator.drafts:
        article.scheduled = is_scheduled(article)


def next_scheduled_line(article, root: str) -> str:
    """« Prochain article programmé : Titre (content/articles/x.md), le 1er juin 2099 »."""
    path = os.path.relpath(article.source_path, root)
    return f"Prochain article programmé : {article.title} ({path}), le {date_fr(article.date)}"


class DraftsIndexGenerator(Generator):
    def generate_output(self, writer):
        if not self.settings["PORTAIL_PREVIEW"]:
            return
        url = self.settings["DRAFTS_INDEX_URL"]
        drafts = sorted(self.context.get("drafts", []), key=lambda a: (a.date, a.slug), reverse=True)
        writer.write_file(
            os.path.join(url, "index.html"),
            self.get_template("drafts"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            drafts=drafts,
            page_name=url.rstrip("/"),
        )


def get_generators(_pelican):
    return DraftsIndexGenerator
