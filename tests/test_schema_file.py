"""schema/front-matter.schema.json: up to date with the model and the reference data, and it
accepts and refuses what the build accepts and refuses."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator

from portail.content.frontmatter import parse_source
from portail.model.reference import load_reference
from portail.model.schema import ARTICLE_STATUSES, SANCTION_STATUSES, ArticleMeta, Sanction, ValidationContext

from sitebuild import ROOT, SEED_CONTENT

SCRIPT = ROOT / "scripts" / "front_matter_schema.py"
SCHEMA_FILE = ROOT / "schema" / "front-matter.schema.json"
CATEGORIES = ["Amendes CNIL", "Sanctions en Europe", "Droits des personnes", "Cybersécurité", "Conformité RGPD"]


def run(*options):
    return subprocess.run([sys.executable, str(SCRIPT), *options], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def front_matter(path) -> dict:
    reference = load_reference(SEED_CONTENT / "data")
    parsed = parse_source(path.read_text(encoding="utf-8"), str(path), ArticleMeta, ValidationContext(reference))
    return parsed.document.data


def test_committed_file_is_what_make_schema_writes(tmp_path):
    result = run("--content", str(SEED_CONTENT), "--output", str(tmp_path / "schema.json"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "schema.json").read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "schema/front-matter.schema.json est périmé : lancez « make schema »"
    )


def test_check_option_accepts_the_committed_file():
    result = run("--content", str(SEED_CONTENT), "--check")
    assert result.returncode == 0, result.stderr
    assert "est à jour" in result.stdout


def test_check_option_spots_a_new_authority(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    with open(content / "data" / "authorities.yaml", "a", encoding="utf-8") as stream:
        stream.write("\nnouvelle:\n  name: Nouvelle autorité\n  short: NA\n  country: FR\n")
    result = run("--content", str(content), "--check")
    assert result.returncode == 1
    assert "n'est pas à jour" in result.stderr and "make schema" in result.stderr
    assert run("--content", str(content), "--output", str(tmp_path / "s.json")).returncode == 0
    authorities = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert "nouvelle" in authorities["$defs"]["Sanction"]["properties"]["authority"]["enum"]


def test_enums_are_the_reference_data(schema):
    reference = load_reference(SEED_CONTENT / "data")
    article = schema["properties"]
    sanction = schema["$defs"]["Sanction"]["properties"]
    assert sanction["authority"]["enum"] == list(reference.authorities)
    assert sanction["breaches"]["items"]["enum"] == list(reference.breaches)
    assert sanction["sector"]["enum"] == list(reference.sectors)
    assert sanction["status"]["enum"] == list(SANCTION_STATUSES)
    assert article["category"]["enum"] == CATEGORIES
    assert article["status"]["enum"] == list(ARTICLE_STATUSES)
    cnil = sanction["authority"]["enumDescriptions"][sanction["authority"]["enum"].index("cnil")]
    assert cnil == "CNIL — Commission nationale de l'informatique et des libertés (FR)"
    assert sanction["status"]["enumDescriptions"][0] == "définitive"


def test_every_field_is_described_in_french(schema):
    fields = {**schema["properties"], **schema["$defs"]["Sanction"]["properties"]}
    assert set(fields) == set(ArticleMeta.model_fields) | set(Sanction.model_fields)
    for name, field in fields.items():
        assert field["description"][0].isupper(), name
        assert "title" not in field, name  # pydantic's English titles are gone
    assert fields["amount"]["description"].startswith("Un nombre entier en unités de la devise")


SEED_ARTICLES = sorted((SEED_CONTENT / "articles").rglob("*.md"))


@pytest.mark.parametrize("path", SEED_ARTICLES, ids=lambda p: p.stem)
def test_seed_articles_validate(validator, path):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(front_matter(path))]
    assert not errors


CEGEDIM = SEED_CONTENT / "articles" / "amendes-cnil" / "cegedim-sante-donnees-de-sante-800000-euros.md"


@pytest.mark.parametrize(
    "path, value",
    [
        (("sanctions", 0, "authority"), "cnill"),
        (("sanctions", 0, "breaches", 0), "securiter"),
        (("sanctions", 0, "sector"), "Santé"),
        (("sanctions", 0, "status"), "definitive"),
        (("sanctions", 0, "amount"), "800 000"),
        (("category",), "Amendes Cnil"),
        (("status",), "brouillon"),
        (("titre",), "Un champ mal nommé"),
    ],
)
def test_mistakes_the_build_refuses_are_flagged(validator, path, value):
    data = copy.deepcopy(front_matter(CEGEDIM))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert list(validator.iter_errors(data))


def test_numbers_the_build_reads_as_text_are_accepted(validator):
    data = copy.deepcopy(front_matter(CEGEDIM))
    data["sanctions"][0].update(reference=2024013, articles=[5, "32"])
    assert not list(validator.iter_errors(data))


def test_bad_option_is_refused_in_french():
    result = run("--sortie", "x.json")
    assert result.returncode == 2
    assert "option inconnue : --sortie x.json" in result.stderr and "Traceback" not in result.stderr


def test_missing_content_folder_exits_2(tmp_path):
    result = run("--content", str(tmp_path / "absent"))
    assert result.returncode == 2 and "dossier de contenu introuvable" in result.stderr


def test_broken_reference_data_exits_1_and_writes_nothing(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT / "data", content / "data")
    (content / "data" / "sectors.yaml").unlink()
    result = run("--content", str(content), "--output", str(tmp_path / "s.json"))
    assert result.returncode == 1
    assert "sectors.yaml: fichier de référence manquant" in result.stderr
    assert not (tmp_path / "s.json").exists()
