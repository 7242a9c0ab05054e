"""What editors' tools really save: encodings, line ends, YAML 1.2 values, invisible characters,
and YAML written to hurt (aliases, nesting, size). Every refusal names the file and the line, in French."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from portail.content.text import body_character_problems, decode_source
from portail.content.yaml_source import load_yaml

from sitebuild import ROOT, SEED_CONTENT, run_build

# Words of libyaml's messages: none may reach an editor.
ENGLISH = re.compile(r"\b(found|expected|mapping|scanning|parsing|allowed|token|stream|character)\b")


def only_problem(text: str, first_line: int = 1, **options):
    doc, problems = load_yaml(text, "articles/a.md", first_line, **options)
    assert doc is None, doc.data
    assert len(problems) == 1, problems
    assert not ENGLISH.search(str(problems[0])), problems[0]
    return problems[0]


# --- YAML 1.2 core values, stricter on integers --------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("800000", 800000),
        ("-12", -12),
        ("+7", 7),
        ("0", 0),
        ("050000", "050000"),  # octal in YAML 1.1: 20480
        ("0123", "0123"),  # a reference, not 83
        ("800:00", "800:00"),  # sexagesimal in YAML 1.1: 48000
        ("0x1F", "0x1F"),
        ("0o17", "0o17"),
        ("0b101", "0b101"),
        ("1_000", "1_000"),
        ("1.5", 1.5),
        ("1e6", 1e6),
        ("-.5", -0.5),
        ("01.5", "01.5"),
        (".inf", float("inf")),
        ("true", True),
        ("False", False),
        ("NO", "NO"),  # Norway
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("null", None),
        ("NULL", None),
        ("~", None),
        ("", None),
        ("nil", "nil"),
        ("2024-01-15", "2024-01-15"),  # dates stay text: the schema checks them field by field
        ('"0123"', "0123"),
        ("'true'", "true"),
        ("!!str 050000", "050000"),
    ],
)
def test_plain_values_are_typed_by_yaml_1_2(written, read):
    doc, problems = load_yaml(f"value: {written}\n", "articles/a.md")
    assert problems == []
    assert doc.data["value"] == read and type(doc.data["value"]) is type(read)


def test_keys_lines_and_list_items_are_remembered():
    doc, problems = load_yaml("\ntitle: T\nsanctions:\n  - amount: 1\n    id: a\n  - amount: 2\n", "a.md", 1)
    assert problems == []
    assert doc.lines == {
        ("title",): 2,
        ("sanctions",): 3,
        ("sanctions", 0): 4,
        ("sanctions", 0, "amount"): 4,
        ("sanctions", 0, "id"): 5,
        ("sanctions", 1): 6,
        ("sanctions", 1, "amount"): 6,
    }


# --- YAML written to hurt: refused before anything is built ----------------------------------

BILLION_LAUGHS = "".join(
    f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9 if previous else ['"lol"'] * 9) + "]\n"
    for name, previous in zip("abcdefghi", [None, *"abcdefgh"])
)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (BILLION_LAUGHS, 1, "ancre YAML « &a » refusée"),
        ("title: T\ntags: &t [a, *t]\n", 2, "ancre YAML « &t » refusée"),
        ("title: T\nsummary: *s\n", 2, "alias YAML « *s » refusé"),
        ("title: T\nrelated: " + "[" * 60000 + "\n", 2, "imbrication trop profonde : plus de 20 niveaux"),
        ("a:\n" + "".join(" " * depth + "- \n" for depth in range(1, 40)), 21, "imbrication trop profonde"),
        ("title: !!python/object/apply:os.system [ls]\n", 1, "étiquette YAML « !!python/object/apply:os.system »"),
        ("title: " + "x" * 70000 + "\n", 1, "YAML trop long : 68 Kio, au plus 64 Kio"),
    ],
)
def test_hostile_yaml_is_refused_with_its_line(text, line, message):
    problem = only_problem(text)
    assert (problem.line, problem.path) == (line, "articles/a.md")
    assert message in problem.message


def test_nesting_is_bounded_whatever_the_size_limit():
    # 100,000 « [ » made PyYAML's composer recurse until the process crashed.
    problem = only_problem("related: " + "[" * 100000, limit=1 << 20)
    assert "imbrication trop profonde" in problem.message


# --- YAML syntax in French, on the line to fix -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "message", "suggestion"),
    [
        (
            "\ntitle: Données de santé : la CNIL sanctionne\n",
            2,
            "« : » dans une valeur sans guillemets ; trouvé : « title: Données de santé : la CNIL sanctionne »",
            '« title: "Données de santé : la CNIL sanctionne" »',
        ),
        ("\ntitle: T\n\tdate: 2024-01-01\n", 3, "tabulation dans l'indentation", "espaces"),
        ("\nsanctions:\n\t- amount: 1\n", 3, "tabulation dans l'indentation", "espaces"),
        (
            "\ntitle: T\n  date: 2024-01-01\n",
            3,
            "indentation incorrecte : cette ligne est lue comme la suite de la ligne 2",
            "",
        ),
        ("\ntags:\n  - a\n - b\n", 4, "indentation incorrecte : cette ligne n'est pas alignée", "alignez"),
        ('\ntitle: "Sans fin\ndate: 2024-01-01\n', 2, "guillemet ouvert sur cette ligne et jamais refermé", ""),
        ('\ntitle: "Sans fin\nsummary: "R"\n', 2, "guillemet ouvert sur cette ligne et refermé seulement ligne 3", ""),
        ("\ntitle: 'l'ARCEP'\n", 2, "texte après le guillemet qui ferme la valeur", "'l''autorité'"),
        ("\ntags: [a, b\ndate: 2024-01-01\n", 2, "crochet « [ » ouvert sur cette ligne et jamais refermé", "« ] »"),
        ("\nx: {a: 1\n", 2, "accolade « { » ouverte sur cette ligne et jamais refermée", "« } »"),
        ("\ntitle: T\nsans deux-points\n", 3, "ligne sans « : »", ""),
        ("\ntitle: @cnil\n", 2, "ne peut pas commencer par « @ »", '« title: "@cnil" »'),
        ('\ntitle: "C:\\dossier"\n', 2, "« \\ » commence une séquence inconnue", "apostrophes"),
        ("\ntitle: - T\n", 2, "un tiret de liste « - » ne peut pas suivre « champ: »", ""),
    ],
)
def test_syntax_errors_are_explained_in_french(text, line, message, suggestion):
    problem = only_problem(text)
    assert problem.line == line
    assert problem.message.startswith("l'en-tête YAML est illisible : ")
    assert message in problem.message
    assert suggestion in problem.suggestion


def test_a_reference_file_is_not_called_a_front_matter():
    doc, problems = load_yaml("cnil:\n  name: CNIL : France\n", "content/data/authorities.yaml")
    assert problems[0].message.startswith("le fichier YAML est illisible : « : » dans une valeur")


@pytest.mark.parametrize(("text", "found"), [("- a\n- b\n", "une liste"), ("Juste du texte\n", "« Juste du texte »")])
def test_a_document_must_be_a_mapping(text, found):
    problem = only_problem(text)
    assert problem.message == f"des lignes « champ: valeur » sont attendues ; trouvé : {found}"


def test_duplicate_keys_and_keys_that_are_not_words_are_told():
    doc, problems = load_yaml("title: A\ntitle: B\n? [a, b]\n: c\n", "articles/a.md")
    assert doc.data == {"title": "B"}
    assert [(p.line, p.field, p.message) for p in problems] == [
        (2, "title", "clé en double : seule la dernière valeur serait gardée"),
        (3, None, "une clé doit être un simple mot"),
    ]


# --- Characters no page, feed or XML file can carry ------------------------------------------


@pytest.mark.parametrize(
    ("value", "named"),
    [
        ('"Titre\\0nul"', "U+0000 (caractère nul)"),  # stopped the build with « Erreur interne »
        ("Titre\x0bcaché", "U+000B (tabulation verticale)"),
        ('"Titre\\x1b"', "U+001B (échappement)"),
        ("Titre\x7f", "U+007F (suppression)"),
        ("Titre\x85suite", "U+0085 (passage à la ligne suivante)"),
        ("Titre\x9c", "U+009C (caractère de contrôle)"),
        ("Titre\ufffe", "U+FFFE (non-caractère Unicode)"),  # made the Atom feeds ill-formed XML
        ('"Titre\\uFFFF"', "U+FFFF (non-caractère Unicode)"),
        ("Titre\ufdd0", "U+FDD0 (non-caractère Unicode)"),
        ("Titre\U0001fffe", "U+1FFFE (non-caractère Unicode)"),
        ("Société \u202eAS elpmexE", "U+202E (forçage droite à gauche)"),
        ("Nom \u2067isolé\u2069", "U+2067 (isolat droite à gauche)"),
    ],
)
def test_invisible_characters_in_a_value_are_named_with_field_and_line(value, named):
    problem = only_problem(f"\ndate: 2024-01-01\ntitle: {value}\n")
    assert (problem.line, problem.field) == (3, "title")
    assert named in problem.message
    assert "supprimez-le" in problem.suggestion


def test_invisible_characters_in_lists_keys_and_comments():
    doc, problems = load_yaml('tags: [a, "b\\0"]\nti\x0btle: T\nsummary: R  # note\x01\n', "articles/a.md")
    assert doc is None
    assert [(p.line, p.field) for p in problems] == [(1, "tags[1]"), (2, None), (3, None)]
    assert "dans la clé « ti⟨U+000B⟩tle: T »" in problems[1].message


def test_allowed_characters_are_kept():
    doc, problems = load_yaml('title: "Tab\\tet\u00a0espace\u202finsécable, 𝔘nicode 😀 et 𠀀"\n', "a.md")
    assert problems == []
    assert doc.data["title"] == "Tab\tet\u00a0espace\u202finsécable, 𝔘nicode 😀 et 𠀀"


def test_invisible_characters_in_a_body_have_line_and_column():
    problems = body_character_problems("\nPremier.\n\nUn mot\x0bcaché et\u202e là.\n", "articles/a.md", 7)
    assert [(p.line, p.field) for p in problems] == [(10, None)]
    assert problems[0].message.startswith("caractère invisible U+000B (tabulation verticale) dans le texte, colonne 7")
    assert body_character_problems("Texte ordinaire, « guillemets », tab\tet 😀.\n", "a.md", 1) == []


def test_a_body_full_of_invisible_characters_gives_a_short_report():
    problems = body_character_problems("x\x00\n" * 50, "articles/a.md", 1)
    assert len(problems) == 6
    assert problems[-1].message == "caractères invisibles ou invalides sur 45 autres lignes du texte"


# --- Encodings and line ends -----------------------------------------------------------------

ARTICLE = "---\ntitle: Sécurité des données\ndate: 2024-01-15\n---\nCorps « accentué ».\n"


@pytest.mark.parametrize(
    "raw",
    [
        ARTICLE.encode(),
        b"\xef\xbb\xbf" + ARTICLE.encode(),
        ARTICLE.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r").encode(),
    ],
    ids=["utf-8", "bom", "crlf", "bom-cr"],
)
def test_utf8_with_or_without_bom_and_any_line_end_reads_the_same(raw):
    assert decode_source(raw, "articles/a.md") == (ARTICLE, [])


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (ARTICLE.encode("latin-1"), 2, "(octet 0xE9, sans doute Latin-1 ou Windows-1252 : « Sécurité »)"),
        (ARTICLE.replace("\n", "\r").encode("latin-1"), 2, "(octet 0xE9, sans doute Latin-1"),
        (ARTICLE.replace("Corps", "L’autorité").encode("cp1252"), 2, "(octet 0xE9, sans doute Windows-1252"),
        (("---\ntitle: “Déjà”\n").encode() + "\n\nTexte collé : Données".encode("latin-1"), 5, ", mêlé à de l'UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "(octet 0x89, sans doute pas un fichier texte)"),
    ],
)
def test_another_encoding_names_the_line_of_the_first_bad_byte_and_a_guess(raw, line, message):
    text, problems = decode_source(raw, "articles/a.md")
    assert text is None
    assert [(p.line, p.field) for p in problems] == [(line, None)]
    assert problems[0].message.startswith("le fichier n'est pas en UTF-8 ")
    assert message in problems[0].message
    assert problems[0].suggestion.startswith("enregistrez-le en UTF-8")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_named(codec):
    text, problems = decode_source(ARTICLE.encode(codec), "articles/a.md")
    assert text is None
    assert problems[0].message.startswith("le fichier n'est pas en UTF-8 mais en UTF-16")


# --- The real commands -----------------------------------------------------------------------

VALID = """---
title: "Une sanction au format Windows"
date: 2024-01-15
category: Cybersécurité
tags: [sécurité]
summary: "Un article enregistré avec un BOM et des fins de ligne CRLF."
sanctions:
  - authority: cnil
    organisation: Exemple SA
    decision_date: 2024-01-10
    reference: 0123
    amount: 50000
    breaches: [securite]
    sector: sante
---
Corps de l'article.
"""


def check(content):
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_content.py"), "--content", str(content)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def content_with(tmp_path, articles: dict[str, bytes]):
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    for name, raw in articles.items():
        (content / "articles" / name).write_bytes(raw)
    return content


def test_a_bom_and_crlf_article_is_published_with_its_reference_as_written(tmp_path):
    content = content_with(tmp_path, {"windows.md": b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode()})
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 0, build.stderr
    pages = [path for path in (tmp_path / "output").rglob("*.html") if "Exemple SA" in path.read_text("utf-8")]
    assert pages
    assert any(">0123<" in page.read_text("utf-8") for page in pages)


def test_a_latin1_article_is_refused_by_check_and_build(tmp_path):
    content = content_with(
        tmp_path,
        {"bon.md": VALID.encode(), "latin.md": VALID.replace("Corps", "Données").encode("latin-1")},
    )
    expected = "content/articles/latin.md:4: le fichier n'est pas en UTF-8 (octet 0xE9, sans doute Latin-1"
    result = check(content)
    assert result.returncode == 1
    assert expected in result.stdout
    build = run_build(content, tmp_path / "output")
    assert build.returncode != 0
    assert expected in build.stderr
    assert "Traceback" not in build.stderr + result.stderr


def test_reference_data_with_a_non_character_or_an_alias_is_refused(tmp_path):
    content = content_with(tmp_path, {"bon.md": VALID.encode()})
    authorities = content / "data" / "authorities.yaml"
    text = authorities.read_text("utf-8")
    line = text.splitlines().index('  short: "CNIL"') + 1
    authorities.write_text(text.replace('  short: "CNIL"', "  short: CNIL\ufffe"), "utf-8")
    sectors = content / "data" / "sectors.yaml"
    sectors.write_text("sante: &s\n  label: Santé\nautre: *s\n", "utf-8")
    result = check(content)
    assert result.returncode != 0
    assert f"content/data/authorities.yaml:{line}: cnil.short : caractère invalide U+FFFE" in result.stdout
    assert "content/data/sectors.yaml:1: ancre YAML « &s » refusée" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
