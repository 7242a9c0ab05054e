"""French typography: the pure function, then a real build (titles, summaries, bodies), where
data (JSON-LD, feeds) keeps the text as written and code, addresses and attributes are untouched."""

from __future__ import annotations

import json
import pickle
import shutil
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from markupsafe import Markup, escape

from portail.typography import NBSP, NNBSP, FrenchText, french, typo

from sitebuild import SEED_CONTENT, run_build


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Amende : 800 000 €", f"Amende{NBSP}: 800{NNBSP}000{NBSP}€"),
        ("800 000 € pour Free", f"800{NNBSP}000{NBSP}€ pour Free"),
        ("20 000 000 £GB", f"20{NNBSP}000{NNBSP}000{NBSP}£GB"),
        ("3 millions d'euros", f"3{NBSP}millions d’euros"),
        ("une hausse de 20 %", f"une hausse de 20{NBSP}%"),
        ("Pourquoi ? Parce que !", f"Pourquoi{NNBSP}? Parce que{NNBSP}!"),
        ("Pourquoi? Vraiment!", f"Pourquoi{NNBSP}? Vraiment{NNBSP}!"),
        ("un ; deux", f"un{NNBSP}; deux"),
        ("Note: voir", f"Note{NBSP}: voir"),
        ("« cité »", f"«{NBSP}cité{NBSP}»"),
        ("«cité»", f"«{NBSP}cité{NBSP}»"),
        ("l'article d'aujourd'hui", "l’article d’aujourd’hui"),
        ("Et ensuite...", "Et ensuite…"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
    ],
)
def test_french_sets_spaces_and_apostrophes(written, expected):
    assert french(written) == expected
    assert french(expected) == expected  # idempotent: applied twice, nothing moves


@pytest.mark.parametrize(
    "kept",
    [
        "https://www.cnil.fr/fr/deliberation?id=12&x=1",
        "à 10:30, le 2024-09-17",
        "R&amp;D; x",  # an entity written as text: no space before its « ; »
        '\'simples’ et "doubles"',  # quotes are the editor's
        "l’article",
        "en 2024 : 12",  # a year is not a thousands group
    ],
)
def test_french_leaves_what_is_not_prose_spacing(kept):
    assert french(kept).replace(NBSP, " ") == kept.replace(NBSP, " ")


def test_year_before_a_number_is_not_grouped():
    assert french("en 2024 123 456 décisions") == f"en 2024 123{NNBSP}456 décisions"


def test_french_text_is_typographic_in_html_and_as_written_as_data():
    title = FrenchText("L'amende : <b>800 000 €</b>")
    assert str(escape(title)) == f"L’amende{NBSP}: &lt;b&gt;800{NNBSP}000{NBSP}€&lt;/b&gt;"
    assert json.dumps(title) == json.dumps("L'amende : <b>800 000 €</b>")
    assert str(title) == "L'amende : <b>800 000 €</b>"
    again = pickle.loads(pickle.dumps(title))
    assert type(again) is FrenchText and again == title


def test_the_filter_leaves_html_alone():
    assert typo(Markup("<a href='x'>l'a : b</a>")) == Markup("<a href='x'>l'a : b</a>")
    assert typo("l'a : b") == f"l’a{NBSP}: b"
    assert typo(None) is None


# --- A built site ----------------------------------------------------------------------------

TITLE = "L'amende : 800 000 € pour «Free» ?"
SUMMARY = "Pourquoi l'autorité a-t-elle sanctionné ? Réponse : 800 000 €."
BODY = """\
Le texte de l'article : une amende de 1 200 000 € ; pourquoi ? Voir « la décision ».

Un lien <https://www.cnil.fr/fr/a?b=1:c> et [l'annonce](https://example.org/l'annonce "titre : x").

Du code `a : b ; l'x` et <span title="l'x : y">du HTML brut : ici</span>.

    bloc : de code ; l'y
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("typo")
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "amende.md").write_text(
        f'---\ntitle: "{TITLE}"\ndate: 2024-03-01\ncategory: Cybersécurité\ntags: [sécurité]\n'
        f'summary: "{SUMMARY}"\n---\n\n{BODY}',
        encoding="utf-8",
    )
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    build = run_build(content, root / "output")
    assert build.returncode == 0, build.stderr + build.stdout
    return build.output


def _page(output) -> BeautifulSoup:
    return BeautifulSoup((output / "articles" / "amende" / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_a_built_page_shows_titles_summaries_and_bodies_in_french_typography(built):
    page = _page(built)
    assert page.h1.get_text() == french(TITLE)
    assert page.title.get_text().startswith(french(TITLE))
    assert page.find("meta", attrs={"name": "description"})["content"] == french(SUMMARY)
    text = page.select_one(".article-body, .content, article").get_text()
    assert f"l’article{NBSP}: une amende de 1{NNBSP}200{NNBSP}000{NBSP}€{NNBSP}; pourquoi{NNBSP}?" in text
    assert f"«{NBSP}la décision{NBSP}»" in text
    assert f"du HTML brut{NBSP}: ici" in text


def test_code_addresses_and_attributes_stay_as_written(built):
    page = _page(built)
    assert [c.get_text() for c in page.find_all("code")][:2] == ["a : b ; l'x", "bloc : de code ; l'y\n"]
    links = {a["href"]: a for a in page.find_all("a")}
    assert links["https://www.cnil.fr/fr/a?b=1:c"].get_text() == "https://www.cnil.fr/fr/a?b=1:c"
    assert links["https://example.org/l'annonce"]["title"] == "titre : x"
    assert links["https://example.org/l'annonce"].get_text() == "l’annonce"
    assert page.find("span", title="l'x : y")


def test_data_keeps_the_text_as_written(built):
    page = _page(built)
    data = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert any(d.get("headline") == TITLE and d.get("description") == SUMMARY for d in data)
    atom = "{http://www.w3.org/2005/Atom}"
    entry = ET.fromstring((built / "feeds" / "all.atom.xml").read_bytes()).find(f"{atom}entry")
    assert entry.find(f"{atom}title").text == TITLE
