"""scripts/import_sanctions.py (`make import`): rows checked first, drafts created, nothing overwritten,
and the open-data CSV round trip."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from portail.content.authoring import comment_safe, yaml_value
from portail.counting.opendata import COLUMNS, from_csv_cell
from portail.typography import french

from sitebuild import ROOT, SEED_CONTENT, fixture_content, run_build

SCRIPT = ROOT / "scripts" / "import_sanctions.py"
FACTS = [
    "identity",
    "authority",
    "organisation",
    "decision_date",
    "reference",
    "amount",
    "currency",
    "breaches",
    "articles",
    "sector",
    "status",
    "source",
]
HEADER = "authority,organisation,decision_date,reference,amount,breaches,articles,sector,source"
CEGEDIM = (
    "cnil,Cegedim Santé,2024-09-05,SAN-2024-013,800000,formalites-prealables;principes,5(1)(a),sante,"
    "https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000050220398"
)
DPC = "dpc,Meta Platforms Ireland Limited,2023-05-12,,1200000000,transferts,46(1),telecoms-medias,"


def run(csv_file, content, *options):
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(csv_file), "--content", str(content), *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def empty_content(folder):
    content = folder / "content"
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    return content


def write_csv(folder, *lines, name="decisions.csv", encoding="utf-8"):
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def articles_in(content):
    return sorted(path.relative_to(content / "articles").as_posix() for path in (content / "articles").rglob("*.md"))


def fact_rows(csv_path) -> dict:
    with open(csv_path, encoding="utf-8", newline="") as stream:
        return {row["identity"]: {name: row[name] for name in FACTS} for row in csv.DictReader(stream)}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The fixture site's published sanctions.csv."""
    tmp = tmp_path_factory.mktemp("export")
    build = run_build(fixture_content("sanctions", tmp), tmp / "output")
    assert build.returncode == 0, build.stderr
    return build.output / "sanctions" / "sanctions.csv"


def test_round_trip_gives_back_the_same_decisions(exported, tmp_path):
    content = empty_content(tmp_path)
    result = run(exported, content)
    assert result.returncode == 0, result.stderr
    assert "7 brouillons créés, 0 décision déjà présente." in result.stdout
    for path in (content / "articles").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "\nstatus: draft\n" in text
        path.write_text(text.replace("\nstatus: draft\n", "\nstatus: published\n"), encoding="utf-8")
    rebuilt = run_build(content, tmp_path / "output")
    assert rebuilt.returncode == 0, rebuilt.stderr
    again = fact_rows(rebuilt.output / "sanctions" / "sanctions.csv")
    assert again == fact_rows(exported)
    # The spreadsheet guard round-trips: the name is text again, then guarded again in the export.
    assert again["cnil-2023-02-01-hyperlink-http-example-test"]["organisation"] == '\'=HYPERLINK("http://example.test")'


def test_drafts_land_in_the_authority_s_category(exported, tmp_path):
    content = empty_content(tmp_path)
    run(exported, content)
    assert articles_in(content) == [
        "amendes-cnil/decision-cnil-du-17-octobre-2022-contre-clearview.md",
        "amendes-cnil/decision-cnil-du-1er-fevrier-2023-contre-hyperlink.md",
        "amendes-cnil/decision-cnil-du-1er-juin-2021-contre-exemple.md",
        "amendes-cnil/decision-cnil-du-31-decembre-2021-contre-google.md",
        "sanctions-europe/decision-garante-du-10-fevrier-2022-contre-clearview.md",
        "sanctions-europe/decision-hdpa-du-13-juillet-2022-contre-clearview.md",
        "sanctions-europe/decision-ico-du-16-octobre-2020-contre-british.md",
    ]


def test_a_created_draft_reads_like_an_article_to_finish(tmp_path):
    content = empty_content(tmp_path)
    result = run(write_csv(tmp_path, HEADER, CEGEDIM), content)
    assert result.returncode == 0, result.stderr
    text = (content / "articles" / "amendes-cnil" / "decision-cnil-du-5-septembre-2024-contre-cegedim.md").read_text(
        encoding="utf-8"
    )
    assert text.startswith("---\n# yaml-language-server: $schema=")
    assert 'title: "Décision CNIL du 5 septembre 2024 contre Cegedim Santé"\n' in text
    assert 'category: "Amendes CNIL"\ntags: [import]\n' in text
    assert "summary: \"Amende de 800\u202f000\u00a0€ infligée par l'autorité CNIL à Cegedim Santé : " in text
    assert "\nstatus: draft\n" in text
    assert (
        'sanctions:\n  - authority: cnil\n    organisation: "Cegedim Santé"\n    decision_date: 2024-09-05\n'
        "    reference: SAN-2024-013\n    amount: 800000\n    currency: EUR\n"
        '    breaches: [formalites-prealables, principes]\n    articles: ["5(1)(a)"]\n    sector: sante\n'
        "    status: final\n"
    ) in text
    assert "À COMPLÉTER" in text and "<https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000050220398>" in text


def test_dry_run_writes_nothing(exported, tmp_path):
    content = empty_content(tmp_path)
    result = run(exported, content, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Créerait : ") == 7
    assert "7 brouillons à créer (essai : rien n'a été écrit)" in result.stdout
    assert not (content / "articles").exists()


def test_decisions_already_reported_are_skipped_even_in_drafts(tmp_path):
    content = fixture_content("sanctions", tmp_path)
    before = {path: path.read_bytes() for path in (content / "articles").rglob("*.md")}
    # Secret SA is only in a draft; Google LLC in a published article.
    csv_file = write_csv(
        tmp_path,
        HEADER,
        "cnil,Secret SA,2023-12-01,,1000,securite,,sante,",
        "cnil,Google LLC,2021-12-31,,90000000,base-legale;cookies,,telecoms-medias,",
        CEGEDIM,
    )
    result = run(csv_file, content)
    assert result.returncode == 0, result.stderr
    assert "Déjà présente : cnil-2023-12-01-secret-sa (" in result.stdout and "brouillon.md)" in result.stdout
    assert "Déjà présente : cnil-2021-12-31-google-llc (" in result.stdout
    assert "1 brouillon créé, 2 décisions déjà présentes." in result.stdout
    assert {path: path.read_bytes() for path in before} == before


def test_a_skipped_decision_says_where_the_csv_differs(tmp_path):
    content = fixture_content("sanctions", tmp_path)
    csv_file = write_csv(
        tmp_path,
        HEADER + ",status",
        "cnil,Google LLC,2021-12-31,,90000000,base-legale;cookies,,telecoms-medias,,appealed",
    )
    result = run(csv_file, content)
    assert "le CSV diffère sur : status ; l'article n'est pas modifié" in result.stdout


def test_an_identity_the_facts_do_not_give_becomes_an_id(tmp_path):
    content = empty_content(tmp_path)
    csv_file = write_csv(tmp_path, "identity," + HEADER, "cnil-cegedim-2024," + CEGEDIM, "," + DPC)
    assert run(csv_file, content).returncode == 0
    cegedim, meta = (path.read_text(encoding="utf-8") for path in sorted((content / "articles").rglob("*.md")))
    assert "  - id: cnil-cegedim-2024\n    authority: cnil\n" in cegedim
    assert "id:" not in meta  # no identity given: the facts give it
    again = run(csv_file, content)
    assert "Déjà présente : cnil-cegedim-2024 (" in again.stdout and "0 brouillon créé" in again.stdout


def test_an_existing_file_is_never_overwritten(tmp_path):
    content = empty_content(tmp_path)
    taken = content / "articles" / "amendes-cnil" / "decision-cnil-du-5-septembre-2024-contre-cegedim.md"
    taken.parent.mkdir(parents=True)
    taken.write_text(
        "---\ntitle: Autre\ndate: 2024-09-06\ncategory: Amendes CNIL\ntags: [x]\nsummary: Autre chose.\n---\nTexte.\n",
        encoding="utf-8",
    )
    before = taken.read_bytes()
    result = run(write_csv(tmp_path, HEADER, CEGEDIM), content)
    assert result.returncode == 0, result.stderr
    assert taken.read_bytes() == before
    assert (taken.parent / "decision-cnil-du-5-septembre-2024-contre-cegedim-2.md").is_file()


INVALID = [
    HEADER,
    CEGEDIM,
    "cnill,Exemple,2024-01-10,,1000,securite,,sante,",
    "cnil,Exemple,2024-02-30,,1000,securite,,sante,",
    "cnil,Exemple,2024-01-11,,800 000,securite,,sante,",
    "cnil,Exemple,2024-01-12,,1000,securiter;cookies,,Santé,",
    "cnil,,2024-01-13,,1000,securite,,sante,",
    "cnil,Exemple,2024-01-14,,1000,,,sante,",
    "cnil,Exemple,2024-01-15,,1000,securite,,sante",
    "cnil,Exemple,2024-01-16,,1000,securite,120,sante,pas une adresse",
    CEGEDIM,
]


def test_every_invalid_row_is_reported_and_nothing_is_written(tmp_path):
    content = empty_content(tmp_path)
    result = run(write_csv(tmp_path, *INVALID), content)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "9 lignes invalides dans " + str(tmp_path / "decisions.csv") + " : aucun article n'a été créé."
    shown = str(tmp_path / "decisions.csv")
    assert [line.replace(shown, "decisions.csv") for line in lines[1:]] == [
        "decisions.csv, ligne 3, authority : autorité inconnue « cnill » — vouliez-vous dire « cnil » ?",
        "decisions.csv, ligne 4, decision_date : date inexistante « 2024-02-30 » : février 2024 a 29 jours — "
        "vérifiez le jour et le mois",
        "decisions.csv, ligne 5, amount : attendu : un nombre entier en unités de la devise, sans espace ni symbole "
        "(800000), ou null si le montant n'est pas communiqué ; trouvé : « 800 000 » — écrivez 800000 (sans espace, "
        "symbole ni guillemets)",
        "decisions.csv, ligne 6, breaches : type de manquement inconnu « securiter » — vouliez-vous dire « securite » ?",
        "decisions.csv, ligne 6, sector : secteur inconnu « Santé » — vouliez-vous dire « sante » ?",
        "decisions.csv, ligne 7, organisation : cellule vide ; attendu : le nom de l'organisme sanctionné",
        "decisions.csv, ligne 8, breaches : ne doit pas être vide ; attendu : une liste d'identifiants de "
        "data/breaches.yaml",
        "decisions.csv, ligne 9 : 8 cellules au lieu de 9 — vérifiez les guillemets autour des textes qui contiennent "
        "une virgule",
        "decisions.csv, ligne 10, articles : article du RGPD invalide « 120 » — écrivez le numéro (1 à 99), "
        'éventuellement suivi du paragraphe : "5(1)(a)"',
        "decisions.csv, ligne 10, source : attendu : une adresse web commençant par https:// ; trouvé : "
        "« pas une adresse »",
        "decisions.csv, ligne 11, identity : décision « cnil-san-2024-013 » déjà donnée ligne 2 — gardez une seule "
        "ligne par décision",
    ]
    assert not (content / "articles").exists()


def test_the_readme_example_is_what_editors_see(tmp_path):
    content = empty_content(tmp_path)
    csv_file = write_csv(
        tmp_path,
        HEADER,
        CEGEDIM,
        "cnill,Exemple,2024-01-10,,1000,securite,,sante,",
        DPC,
        DPC.replace("2023-05-12", "2023-05-13"),
        DPC.replace("2023-05-12", "2023-05-14"),
        "cnil,Exemple,2024-01-11,,800 000,securite,,sante,",
    )
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "decisions.csv", "--content", str(content)],
        capture_output=True,
        text=True,
        cwd=csv_file.parent,
    )
    example = (ROOT / "README.md").read_text(encoding="utf-8").split("2 lignes invalides dans decisions.csv")[1]
    readme_lines = example.split("```")[0].strip().splitlines()
    assert result.stderr.splitlines() == [
        "2 lignes invalides dans decisions.csv : aucun article n'a été créé.",
        *readme_lines[1:],
    ]


def test_multiline_cells_count_lines_as_a_spreadsheet_shows_them(tmp_path):
    content = empty_content(tmp_path)
    result = run(
        write_csv(
            tmp_path,
            HEADER,
            'cnil,"Exemple\nsur deux lignes",2024-01-10,,1000,securite,,sante,',
            "cnill,Exemple,2024-01-10,,1000,securite,,sante,",
        ),
        content,
    )
    assert result.returncode == 1 and ", ligne 4, authority : autorité inconnue" in result.stderr
    assert ", ligne 2, organisation : attendu : du texte sur une ligne" in result.stderr


def test_byte_order_mark_and_formula_guard_are_undone(tmp_path):
    content = empty_content(tmp_path)
    csv_file = write_csv(tmp_path, HEADER, "cnil,'-Moins SA,2024-01-10,,1000,securite,,sante,", encoding="utf-8-sig")
    result = run(csv_file, content)
    assert result.returncode == 0, result.stderr
    text = next((content / "articles").rglob("*.md")).read_text(encoding="utf-8")
    assert 'organisation: "-Moins SA"' in text


def test_header_only_creates_nothing(tmp_path):
    result = run(write_csv(tmp_path, ",".join(COLUMNS)), empty_content(tmp_path))
    assert result.returncode == 0 and "0 brouillon créé, 0 décision déjà présente." in result.stdout


def test_broken_content_is_reported_before_anything_is_written(tmp_path):
    content = fixture_content("broken", tmp_path)
    before = articles_in(content)
    result = run(write_csv(tmp_path, HEADER, CEGEDIM), content)
    assert result.returncode == 1
    assert "réparez le contenu avant l'import ; rien n'a été créé" in result.stderr
    assert "autorité inconnue « cnill »" in result.stderr
    assert articles_in(content) == before


@pytest.mark.parametrize(
    "lines, message",
    [
        ([], "decisions.csv : fichier vide ; la première ligne doit nommer les colonnes"),
        (
            ["authority;organisation;decision_date", "cnil;X;2024-01-01"],
            "les colonnes ne sont pas séparées par des virgules — enregistrez le fichier en CSV séparé par des virgules",
        ),
        (
            ["authority,organization,decision_date,amount,breaches,sector,secteur"],
            "n'a pas les colonnes du CSV des sanctions",
        ),
        (
            ['[{"authority": "cnil"}]'],
            "colonnes obligatoires manquantes : authority, organisation, decision_date, amount, breaches, sector",
        ),
    ],
)
def test_not_the_sanctions_csv_exits_2(tmp_path, lines, message):
    csv_file = tmp_path / "decisions.csv"
    csv_file.write_text("\n".join(lines), encoding="utf-8")
    content = empty_content(tmp_path)
    result = run(csv_file, content)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (content / "articles").exists()


def test_unclosed_quote_is_named(tmp_path):
    content = empty_content(tmp_path)
    # The quote opens a cell that takes the rest of the file.
    short = run(write_csv(tmp_path, HEADER, '"cnil,Exemple,2024-01-10,,1000,securite,,sante,', CEGEDIM), content)
    assert short.returncode == 1
    assert ", ligne 2 : 1 cellule au lieu de 9 — vérifiez les guillemets" in short.stderr
    # The rest of a long file swallowed by one quote: the csv module refuses the cell.
    long = run(write_csv(tmp_path, HEADER, CEGEDIM, 'cnil,"Exemple', *[CEGEDIM] * 1000), content)
    assert long.returncode == 2
    assert ", ligne 3 : fichier CSV mal formé — un guillemet n'est-il pas refermé ?" in long.stderr
    assert not (content / "articles").exists()


def test_misspelt_and_doubled_columns_are_named(tmp_path):
    csv_file = write_csv(tmp_path, HEADER.replace("organisation", "organization") + ",sector")
    result = run(csv_file, empty_content(tmp_path))
    assert result.returncode == 2
    assert "  colonne « sector » en double" in result.stderr
    assert "  colonne inconnue « organization » — vouliez-vous dire « organisation » ?" in result.stderr
    assert "  colonnes obligatoires manquantes : organisation" in result.stderr


def test_unreadable_files_exit_2(tmp_path):
    content = empty_content(tmp_path)
    binary = tmp_path / "classeur.xlsx"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa8\xff\xfe")
    cases = [
        (tmp_path / "absent.csv", "fichier introuvable : "),
        (tmp_path, "est un dossier ; attendu : un fichier CSV"),
        (binary, "n'est pas un fichier texte UTF-8 (un classeur ?) — enregistrez-le au format « CSV UTF-8 »"),
    ]
    for path, message in cases:
        result = run(path, content)
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "arguments, message",
    [
        ([], "à indiquer : FICHIER.csv"),
        (["x.csv", "--dryrun"], "option inconnue : --dryrun"),
        (["x.csv", "--content"], "--content attend une valeur"),
    ],
)
def test_bad_options_exit_2_in_french(arguments, message):
    result = subprocess.run([sys.executable, str(SCRIPT), *arguments], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_missing_content_folder_exits_2(tmp_path):
    result = run(write_csv(tmp_path, HEADER, CEGEDIM), tmp_path / "absent")
    assert result.returncode == 2 and "--content : dossier de contenu introuvable" in result.stderr


def test_missing_reference_data_exits_1(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    result = run(write_csv(tmp_path, HEADER, CEGEDIM), content)
    assert result.returncode == 1
    assert "fichier de référence manquant" in result.stderr and not (content / "articles").exists()


def csv_text(*rows) -> str:
    """Rows written by the csv module, so that any cell (quote, comma, line break) stays one cell."""
    with io.StringIO(newline="") as buffer:
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        return buffer.getvalue()


def write_rows(folder, *rows, name="decisions.csv"):
    path = folder / name
    path.write_text(csv_text(*rows), encoding="utf-8")
    return path


COLUMNS_OF_ROW = ["authority", "organisation", "decision_date", "reference", "amount", "breaches", "sector", "source"]


def row(organisation="Exemple", decision_date="2024-01-10", reference="", source="", **cells):
    values = {"authority": "cnil", "amount": "1000", "breaches": "securite", "sector": "sante", **cells}
    values.update(organisation=organisation, decision_date=decision_date, reference=reference, source=source)
    return [values[column] for column in COLUMNS_OF_ROW]


def refused(result, shown) -> list[str]:
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    return [line.replace(str(shown), "decisions.csv") for line in result.stderr.splitlines()[1:]]


SCRIPT_IN_SOURCE = 'https://example.org/"><script>alert(1)</script>'


def test_an_address_that_would_need_escaping_is_refused(tmp_path):
    content = empty_content(tmp_path)
    sources = [
        SCRIPT_IN_SOURCE,
        "https://example.org/la décision",
        "https://example.org/d\u00e9cision",
        "https://example.org/a\\b",
        "https://example.org/<b>",
        "https://example.org/l'avis",
        "javascript:alert(1)",
        "https://utilisateur@example.org/",
    ]
    rows = [row(decision_date=f"2024-01-{day:02d}", source=source) for day, source in enumerate(sources, 10)]
    shown = write_rows(tmp_path, COLUMNS_OF_ROW, *rows)
    lines = refused(run(shown, content), shown)
    plain = (
        "source : attendu : une adresse web sans espace, guillemet, apostrophe, chevron, barre oblique inverse, "
        "accent ni caractère de contrôle ; trouvé : "
    )
    browser = "copiez l'adresse depuis la barre d'adresse du navigateur"
    assert lines == [
        f'decisions.csv, ligne 2, {plain}« " » en position 21 dans « {SCRIPT_IN_SOURCE} » — {browser}, '
        "où « \" » s'écrit %22",
        f"decisions.csv, ligne 3, {plain}une espace en position 23 dans « https://example.org/la décision » — "
        f"{browser}, où une espace s'écrit %20",
        f"decisions.csv, ligne 4, {plain}« é » en position 22 dans « https://example.org/décision » — {browser}, "
        "où les accents sont codés (é s'écrit %C3%A9)",
        f"decisions.csv, ligne 5, {plain}« \\ » en position 22 dans « https://example.org/a\\b » — {browser}, "
        "où « \\ » s'écrit %5C",
        f"decisions.csv, ligne 6, {plain}« < » en position 21 dans « https://example.org/<b> » — {browser}, "
        "où « < » s'écrit %3C",
        f"decisions.csv, ligne 7, {plain}« ' » en position 22 dans « https://example.org/l'avis » — {browser}, "
        "où « ' » s'écrit %27",
        "decisions.csv, ligne 8, source : attendu : une adresse web commençant par https:// ; "
        "trouvé : « javascript:alert(1) »",
        "decisions.csv, ligne 9, source : attendu : une adresse web de la forme https://nom.de.domaine/chemin ; "
        f"trouvé : « https://utilisateur@example.org/ » — {browser}",
    ]
    assert not (content / "articles").exists()


BIDI_HINT = "supprimez-le : il change l'ordre d'affichage du texte et peut déguiser un nom"
INVISIBLE_HINT = "supprimez-le (il ne se voit pas dans la plupart des éditeurs : effacez le mot et retapez-le)"
ONE_LINE_HINT = "écrivez la cellule sur une seule ligne"


@pytest.mark.parametrize(
    "character, name, hint",
    [
        ("\x00", "caractère invisible U+0000 (caractère nul)", INVISIBLE_HINT),
        ("\x1b", "caractère invisible U+001B (échappement)", INVISIBLE_HINT),
        ("\x7f", "caractère invisible U+007F (suppression)", INVISIBLE_HINT),
        ("\x85", "caractère invisible U+0085 (passage à la ligne suivante)", INVISIBLE_HINT),
        ("\u202e", "caractère invisible U+202E (forçage droite à gauche)", BIDI_HINT),
        ("\u2066", "caractère invisible U+2066 (isolat gauche à droite)", BIDI_HINT),
        ("\ufffe", "caractère invalide U+FFFE (non-caractère Unicode)", INVISIBLE_HINT),
        ("\ufdd0", "caractère invalide U+FDD0 (non-caractère Unicode)", INVISIBLE_HINT),
        ("\n", "saut de ligne U+000A", ONE_LINE_HINT),
        ("\t", "tabulation U+0009", ONE_LINE_HINT),
        ("\u2028", "séparateur de ligne U+2028", ONE_LINE_HINT),
        ("\ufeff", "caractère invisible U+FEFF (indicateur d'ordre des octets)", ONE_LINE_HINT),
    ],
)
def test_control_and_invisible_characters_are_refused_in_any_cell(tmp_path, character, name, hint):
    content = empty_content(tmp_path)
    header = [*COLUMNS_OF_ROW, "country"]  # a column the import ignores is checked too
    rows = [
        [*row(organisation=f"Nul{character}SA"), "FR"],
        [*row(decision_date="2024-01-11", reference=f"SAN{character}1"), "FR"],
        [*row(decision_date="2024-01-12", source=f"https://example.org/{character}"), "FR"],
        [*row(decision_date="2024-01-13"), f"F{character}R"],
        row(decision_date="2024-01-14") + ["FR"],  # a valid row: still nothing is written
    ]
    shown = write_rows(tmp_path, header, *rows)
    lines = refused(run(shown, content), shown)
    code = f"⟨U+{ord(character):04X}⟩"
    expected = "attendu : du texte sur une ligne, sans caractère de contrôle ni caractère invisible ; trouvé : "
    # A line break inside a cell moves the next rows one line down, as in a spreadsheet.
    down = 1 if character == "\n" else 0
    assert [line.split(" — ")[0] for line in lines] == [
        f"decisions.csv, ligne 2, organisation : {expected}{name} en position 4 dans « Nul{code}SA »",
        f"decisions.csv, ligne {3 + down}, reference : {expected}{name} en position 4 dans « SAN{code}1 »",
        f"decisions.csv, ligne {4 + 2 * down}, source : {expected}{name} en position 21 dans "
        f"« https://example.org/{code} »",
        f"decisions.csv, ligne {5 + 3 * down}, country : {expected}{name} en position 2 dans « F{code}R »",
    ]
    assert all(line.split(" — ")[1] == hint for line in lines)
    assert not any(character in line for line in lines)
    assert not (content / "articles").exists()


def test_a_control_character_in_the_header_is_shown_as_its_code(tmp_path):
    csv_file = write_rows(tmp_path, [*COLUMNS_OF_ROW, "note\x1b[2J"])
    result = run(csv_file, empty_content(tmp_path))
    assert result.returncode == 2
    assert "colonne inconnue « note⟨U+001B⟩[2J »" in result.stderr and "\x1b" not in result.stderr


# Valid names that mean something in YAML, Markdown or HTML: they must come back as they are.
HOSTILE_NAMES = [
    ('O\'Brien & Fils : « Données » #1 "Le Club"', 'n° 2024-1 : "X" # y'),
    ("--- Société ---", "--- title: pirate"),
    ("- item: [liste], {objet}", "[SAN-1]"),
    ("&ancre *alias !tag | > %YAML @ `code`", "> plié"),
    ("null", "true"),
    ("2024-01-01", "0x10"),
    ("<script>alert(1)</script> *gras* _souligné_ [lien](https://example.org)", "<b>gras</b>"),
    ("../../../etc/passwd", "/etc/passwd"),
    ("Société Générale: #1 ?", "'=1+1"),
]
TRICKY_SOURCE = "https://example.org/Fichier_(v2)*x*~y?a=1&b=2;c=%41#fin"


def hostile_rows():
    rows = [
        row(organisation=name, decision_date=f"2024-02-{day:02d}", reference=reference)
        for day, (name, reference) in enumerate(HOSTILE_NAMES, 1)
    ]
    rows[0][COLUMNS_OF_ROW.index("source")] = TRICKY_SOURCE
    return [COLUMNS_OF_ROW, *rows]


def publish_all(content):
    for path in (content / "articles").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "\nstatus: draft\n" in text
        path.write_text(text.replace("\nstatus: draft\n", "\nstatus: published\n"), encoding="utf-8")


def test_hostile_but_valid_names_come_back_unchanged(tmp_path):
    content = empty_content(tmp_path)
    # A file name that would end the comment it is quoted in and add fields.
    csv_file = write_rows(tmp_path, *hostile_rows(), name="décisions\ntitle: pirate\n---\n.csv")
    result = run(csv_file, content)
    assert result.returncode == 0, result.stderr
    written = sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.md"))
    assert len(written) == len(HOSTILE_NAMES)
    assert all(re.fullmatch(r"content/articles/amendes-cnil/[a-z0-9-]+\.md", path) for path in written), written
    publish_all(content)
    build = run_build(content, tmp_path / "output")
    assert build.returncode == 0, build.stderr + build.stdout
    with open(build.output / "sanctions" / "sanctions.csv", encoding="utf-8", newline="") as stream:
        exported = {
            (from_csv_cell(r["organisation"]), from_csv_cell(r["reference"])): r for r in csv.DictReader(stream)
        }
    # What each cell stood for (the import takes off the guard before a formula, the export puts it back).
    assert set(exported) == {(from_csv_cell(name), from_csv_cell(ref)) for name, ref in HOSTILE_NAMES}
    assert exported[HOSTILE_NAMES[0]]["source"] == TRICKY_SOURCE
    names = set()
    for path in (content / "articles").rglob("*.md"):
        page = build.page(f"articles/{path.stem}")
        title = page.find("h1").get_text().strip()
        assert title.startswith("Décision CNIL du ") and page.title.get_text().startswith(title)
        names.add(title.split(" contre ", 1)[1])
        html = (build.output / "articles" / path.stem / "index.html").read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<b>" not in html
    # Titles are shown in French typography (non-breaking spaces): the names as written, so set.
    assert names == {french(name) for name, _ in HOSTILE_NAMES}
    # The only address in a body is the checked source, as the target of a link with fixed words.
    links = build.page(f"articles/{article_with(content, TRICKY_SOURCE).stem}").find_all(
        "a", string="Le texte de la décision"
    )
    assert [link["href"] for link in links] == [TRICKY_SOURCE]


def article_with(content, text):
    return next(path for path in (content / "articles").rglob("*.md") if text in path.read_text(encoding="utf-8"))


def test_the_body_links_the_source_with_fixed_words(tmp_path):
    content = empty_content(tmp_path)
    assert run(write_rows(tmp_path, *hostile_rows()), content).returncode == 0
    text = article_with(content, TRICKY_SOURCE).read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    assert body.endswith(f"\n\n[Le texte de la décision][decision].\n\n[decision]: <{TRICKY_SOURCE}>\n")
    for path in (content / "articles").rglob("*.md"):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        assert not any(name in body for name, _ in HOSTILE_NAMES), path


def test_exported_hostile_names_import_again_unchanged(tmp_path):
    first = empty_content(tmp_path / "premier")
    assert run(write_rows(tmp_path, *hostile_rows()), first).returncode == 0
    publish_all(first)
    built = run_build(first, tmp_path / "premier" / "output")
    assert built.returncode == 0, built.stderr
    exported = built.output / "sanctions" / "sanctions.csv"
    again = empty_content(tmp_path / "second")
    result = run(exported, again)
    assert result.returncode == 0, result.stderr
    publish_all(again)
    rebuilt = run_build(again, tmp_path / "second" / "output")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert fact_rows(rebuilt.output / "sanctions" / "sanctions.csv") == fact_rows(exported)


@pytest.mark.parametrize(
    "text",
    [
        "Nul\x00SA",
        "deux\nlignes\n---\ntitle: pirate",
        "retour\r",
        "DEL\x7f",
        "NEL\x85 C1\x9b",
        "séparateurs\u2028\u2029",
        "bidi\u202e\u2066",
        "BOM\ufeff",
        "non-caractères\ufffe\ufdd0",
        'guillemets " et \\ : # ---',
    ],
)
def test_any_text_is_written_as_one_yaml_line_that_reads_back_the_same(text):
    # The rows are checked before, but what writes front matter must not depend on it.
    # Printable: no line break, control, format (bidi, BOM) or unassigned character left as it is.
    assert yaml_value(text).isprintable() and comment_safe(text).isprintable()
    assert yaml.safe_load(f"v: {yaml_value(text)}\n") == {"v": text}
