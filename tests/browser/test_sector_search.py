"""Search finds a guide by its sector's name, although the guide's text never says it."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from portail.commands import audit

from sitebuild import SEED_CONTENT

GUIDE = """---
title: "Guide pour les officines"
date: 2024-03-05
category: Conformité RGPD
tags: [données de santé]
summary: "Ce que le RGPD demande au comptoir."
authors: [thomas-leroy]
sectors: [pharmacie]
---
Ordonnances, fichiers clients et registre : les règles du comptoir.
"""

OTHER = """---
title: "Mots de passe"
date: 2024-03-06
category: Cybersécurité
tags: [sécurité]
summary: "Des mots de passe longs."
---
Un texte sans rapport.
"""


@pytest.fixture(scope="module")
def sector_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("secteurs")
    content = tmp / "content"
    shutil.copytree(SEED_CONTENT / "data", content / "data")  # its sectors include « pharmacie »
    (content / "articles").mkdir()
    (content / "articles" / "guide.md").write_text(GUIDE, encoding="utf-8")
    (content / "articles" / "autre.md").write_text(OTHER, encoding="utf-8")
    output = tmp / "output"
    server = audit.local_server(output)
    audit.build_site(content, output, f"http://127.0.0.1:{server.server_address[1]}")
    with audit.serving(server) as base:
        yield base


@pytest.mark.parametrize("words", ["pharmacie", "pharmacies", "PHARMACIE"])
def test_the_sector_name_finds_the_guide(sector_site, context, words):
    page = context.new_page()
    page.goto(f"{sector_site}recherche/?q={words}")
    links = page.locator(".pagefind-ui__result-link")
    expect(links.first).to_be_visible()
    assert [link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1] for link in links.all()] == ["guide"]
