"""scripts/new_article.py (`make new`): the scaffold, its questions, and that it builds once filled in."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys

import pytest

from portail.content.authoring import schema_comment
from portail.model.schema import ArticleMeta, Sanction
from portail.typography import french

from sitebuild import ROOT, SEED_CONTENT, fixture_content, run_build

SCRIPT = ROOT / "scripts" / "new_article.py"
TITLE = "Données de santé : la CNIL sanctionne Cegedim Santé de 800 000 €"
SLUG = "donnees-de-sante-la-cnil-sanctionne-cegedim-sante"


def new(content, *options, answers=None):
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--content", str(content), *options],
        input=answers,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.fixture
def content(tmp_path):
    return fixture_content("site", tmp_path)


def created(content, folder, slug=SLUG) -> str:
    return (content / "articles" / folder / f"{slug}.md").read_text(encoding="utf-8")


def test_options_create_a_draft_in_the_category_folder(content):
    result = new(content, "--title", TITLE, "--category", "Amendes CNIL", "--no-sanction", "--date", "2024-09-17")
    assert result.returncode == 0, result.stderr
    assert f"articles/amendes-cnil/{SLUG}.md" in result.stdout
    assert f"/brouillons/{SLUG}/" in result.stdout
    text = created(content, "amendes-cnil")
    assert f'title: "{TITLE}"' in text
    assert "\ndate: 2024-09-17\n" in text and "\nstatus: draft\n" in text
    assert "sanctions:" not in text


def test_first_yaml_line_points_at_the_schema_from_the_file(content):
    new(content, "--title", TITLE, "--category", "1", "--no-sanction")
    path = content / "articles" / "amendes-cnil" / f"{SLUG}.md"
    first, modeline = path.read_text(encoding="utf-8").splitlines()[:2]
    assert first == "---"
    relative = modeline.removeprefix("# yaml-language-server: $schema=")
    assert (path.parent / relative).resolve() == ROOT / "schema" / "front-matter.schema.json"


def test_in_the_repository_the_schema_is_three_folders_up():
    article = SEED_CONTENT / "articles" / "amendes-cnil" / "nouvel-article.md"
    assert schema_comment(article) == "# yaml-language-server: $schema=../../../schema/front-matter.schema.json"


def test_every_field_of_the_model_is_in_the_scaffold_with_a_comment(content):
    new(content, "--title", TITLE, "--category", "Sanctions en Europe", "--sanction")
    text = created(content, "sanctions-europe")
    for name in [*ArticleMeta.model_fields, *Sanction.model_fields]:
        match = re.search(rf"^(\s*)(?:# |- )?{name}:", text, re.MULTILINE)
        assert match, name
        before = text[: match.start()].rstrip("\n").splitlines()[-1].strip()
        assert before.startswith("#"), f"{name} sans commentaire"
    assert text.count("sanctions:") == 1


def test_slug_is_the_title_in_eight_words(content):
    new(
        content,
        "--title",
        "Une très longue histoire de cookies, de traceurs et de consentement refusé",
        "--category",
        "Cybersécurité",
        "--no-sanction",
    )
    assert (content / "articles" / "cybersecurite" / "une-tres-longue-histoire-de-cookies-de-traceurs.md").is_file()


def fill(text: str) -> str:
    """What an editor writes where the comments ask for it."""
    for empty, value in [
        ("tags: []", "tags: [données de santé]"),
        ('summary: ""', 'summary: "Une amende pour des données de santé mal protégées."'),
        ("  - authority:\n", "  - authority: cnil\n"),
        ("    organisation:\n", '    organisation: "Cegedim Santé"\n'),
        ("decision_date: AAAA-MM-JJ", "decision_date: 2024-09-05"),
        ("reference: null", 'reference: "SAN-2024-013"'),
        ("amount: null", "amount: 800000"),
        ("breaches: []", "breaches: [formalites-prealables, principes]"),
        ("articles: []", 'articles: ["5(1)(a)"]'),
        ("    sector:\n", "    sector: sante\n"),
        ("source: null", 'source: "https://www.legifrance.gouv.fr/cnil/id/CNILTEXT000050220398"'),
    ]:
        assert empty in text, empty
        text = text.replace(empty, value, 1)
    return text


def test_the_scaffold_is_a_draft_that_never_blocks_and_publishes_once_filled_in(content, tmp_path):
    new(content, "--title", TITLE, "--category", "Amendes CNIL", "--sanction", "--date", "2024-09-17")
    path = content / "articles" / "amendes-cnil" / f"{SLUG}.md"

    # Half-finished: the rest of the site is built; the draft is listed with what it lacks.
    unfilled = run_build(content, tmp_path / "output")
    assert unfilled.returncode == 0, unfilled.stderr
    assert "brouillon" in unfilled.stderr and not (unfilled.output / "articles" / SLUG).exists()
    listed = unfilled.page("brouillons").select_one("table.drafts").get_text(" ", strip=True)
    assert french(TITLE) in listed and "sanctions[0].authority" in listed
    for field in (
        "tags",
        "summary",
        "sanctions[0].authority",
        "sanctions[0].organisation",
        "sanctions[0].decision_date",
        "sanctions[0].breaches",
        "sanctions[0].sector",
    ):
        assert f"{SLUG}.md:" in unfilled.stderr and f" {field} : " in unfilled.stderr, field

    path.write_text(fill(path.read_text(encoding="utf-8")), encoding="utf-8")
    draft = run_build(content, tmp_path / "output")
    assert draft.returncode == 0, draft.stderr
    assert draft.page(f"brouillons/{SLUG}/").find("h1").get_text(strip=True) == french(TITLE)
    assert not (draft.output / "articles" / SLUG).exists()  # a draft never goes out

    path.write_text(path.read_text(encoding="utf-8").replace("status: draft", "status: published"), encoding="utf-8")
    published = run_build(content, tmp_path / "output")
    assert published.returncode == 0, published.stderr
    assert published.page(f"articles/{SLUG}/").find("h1").get_text(strip=True) == french(TITLE)
    assert (published.output / "sanctions" / "cnil-san-2024-013" / "index.html").is_file()


def test_questions_in_french_with_number_name_and_typo(content):
    result = new(content, answers=f"{TITLE}\n9\nAmende en Europe\nsanctions en europe\npeut-être\no\n")
    assert result.returncode == 0, result.stderr
    assert "Titre : " in result.stdout and "  2. Sanctions en Europe" in result.stdout
    assert "rubrique inconnue « 9 »" in result.stderr
    assert "rubrique inconnue « Amende en Europe » — vouliez-vous dire « Sanctions en Europe » ?" in result.stderr
    assert "répondez o (oui) ou n (non)" in result.stderr
    assert "sanctions:" in created(content, "sanctions-europe")


def test_questions_only_for_what_options_leave_out(content):
    result = new(content, "--title", TITLE, "--sanction", answers="2\n")
    assert result.returncode == 0, result.stderr
    assert "Titre : " not in result.stdout and "Rubrique (numéro ou nom) : " in result.stdout
    assert created(content, "sanctions-europe")


def test_empty_title_is_asked_again(content):
    result = new(content, answers=f"\n  \n{TITLE}\n1\n\n")
    assert result.returncode == 0, result.stderr
    assert "titre : un titre avec des lettres ou des chiffres est attendu" in result.stderr
    assert "sanctions:" not in created(content, "amendes-cnil")  # « Entrée » is no


def test_no_answer_exits_2_and_names_the_options(content):
    result = new(content, "--title", TITLE, answers="")
    assert result.returncode == 2
    assert "donnez --title, --category et --sanction ou --no-sanction" in result.stderr
    assert not (content / "articles" / "amendes-cnil").exists()


def test_an_existing_file_is_never_overwritten(content):
    options = ("--title", TITLE, "--category", "Amendes CNIL", "--no-sanction")
    assert new(content, *options).returncode == 0
    path = content / "articles" / "amendes-cnil" / f"{SLUG}.md"
    path.write_text("mon texte", encoding="utf-8")
    result = new(content, *options)
    assert result.returncode == 1
    assert f"le fichier {path} existe déjà." in result.stderr and "Aucun fichier n'a été créé" in result.stderr
    assert path.read_text(encoding="utf-8") == "mon texte"


def test_an_address_used_in_another_folder_is_refused(content):
    result = new(content, "--title", "Cegedim", "--category", "Conformité RGPD", "--no-sanction")
    assert result.returncode == 1
    assert "l'adresse « cegedim » est déjà celle de" in result.stderr and "cegedim.md" in result.stderr
    assert not (content / "articles" / "conformite-rgpd").exists()


def test_an_address_given_by_a_slug_field_is_refused(content):
    other = content / "articles" / "autre-nom.md"
    other.write_text(article_with_slug("adresse-prise"), encoding="utf-8")
    result = new(content, "--title", "Un autre titre", "--slug", "adresse-prise", "--category", "1", "--no-sanction")
    assert result.returncode == 1 and "l'adresse « adresse-prise » est déjà celle de" in result.stderr


def article_with_slug(slug: str) -> str:
    return (
        f"---\ntitle: Ailleurs\ndate: 2024-01-01\ncategory: Amendes CNIL\ntags: [x]\nsummary: Résumé.\n"
        f"slug: {slug}\n---\nTexte.\n"
    )


@pytest.mark.parametrize(
    "options, message",
    [
        (
            ["--category", "Amende CNIL"],
            "--category : rubrique inconnue « Amende CNIL » — vouliez-vous dire « Amendes CNIL » ?",
        ),
        (["--category", "6"], "--category : rubrique inconnue « 6 »"),
        (
            ["--date", "2024-02-30"],
            "--date : date inexistante « 2024-02-30 » : février 2024 a 29 jours — vérifiez le jour et le mois",
        ),
        (["--date", "17/09/2024"], "--date : date au format AAAA-MM-JJ attendue ; trouvé : « 17/09/2024 »"),
        (
            ["--slug", "Mon Adresse"],
            "--slug : minuscules sans accent, chiffres et tirets attendus ; trouvé « Mon Adresse » — écrivez « mon-adresse »",
        ),
        (["--title", " ?! "], "--title : un titre avec des lettres ou des chiffres est attendu"),
        (["--titre", "x"], "option inconnue : --titre x"),
        (["--title"], "--title attend une valeur"),
        (["--sanction=oui"], "--sanction/--no-sanction ne prend pas de valeur"),
    ],
)
def test_bad_options_exit_2_in_french(content, options, message):
    # The last occurrence of an option wins: each case overrides one of these.
    result = new(content, "--title", TITLE, "--category", "Amendes CNIL", "--no-sanction", *options)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((content / "articles").rglob(f"{SLUG}.md"))


def test_missing_content_folder_exits_2(tmp_path):
    result = new(tmp_path / "absent", "--title", TITLE, "--category", "1", "--no-sanction")
    assert result.returncode == 2 and "--content : dossier de contenu introuvable" in result.stderr


def test_empty_content_folder_gets_its_articles_folder(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    result = new(content, "--title", TITLE, "--category", "Amendes CNIL", "--no-sanction")
    assert result.returncode == 0, result.stderr
    assert created(content, "amendes-cnil")


def test_broken_reference_data_exits_1(content):
    shutil.rmtree(content / "data")
    result = new(content, "--title", TITLE, "--category", "1", "--no-sanction")
    assert result.returncode == 1
    assert "authorities.yaml: fichier de référence manquant" in result.stderr
    assert not (content / "articles" / "amendes-cnil").exists()


def test_ctrl_c_leaves_nothing_behind(content):
    # Unbuffered, as on an editor's terminal: the signal then comes while the script waits for
    # an answer (block-buffered on a pipe, it may come while the prompt is still being written,
    # and reading the answer sees the end of input instead).
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--content", str(content)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout.readline().startswith("Nouvel article")  # the questions have started
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Abandon : aucun fichier créé." in errors and "Traceback" not in errors
    assert not list((content / "articles").rglob("*/*.md"))
