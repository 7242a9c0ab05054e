"""scripts/sanction_stats.py: the statistics contract, its formats and its errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portail.bench.corpus import generate
from portail.plumbing.bulk import MINIMUM_FOR_WORKERS

from sitebuild import ROOT, fixture_content, settings_with

SCRIPT = ROOT / "scripts" / "sanction_stats.py"


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    return fixture_content("sanctions", tmp_path_factory.mktemp("stats"))


def stats(content, *options, cache="--no-cache"):
    cache_options = ["--cache", str(cache)] if cache != "--no-cache" else [cache]
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--content", str(content), *cache_options, *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def as_json(content, *options) -> dict:
    result = stats(content, "--format", "json", *options)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_overall_figures_follow_the_rules(content):
    result = as_json(content)
    # 7 published decisions (the draft is left out); euros only; the undisclosed amount counts once.
    assert result == {
        "by": "none",
        "currency": "EUR",
        "groups": [],
        "overall": {
            "count": 7,
            "count_with_amount": 5,
            "total": 150150000,
            "mean": 30030000,
            "median": 20000000,
            "max": 90000000,
        },
        "mentions": 7,  # reports in articles merged into these decisions (an added key)
    }


def test_by_authority(content):
    groups = {g["key"]: g for g in as_json(content, "--by", "authority")["groups"]}
    assert groups["cnil"] == {
        "key": "cnil",
        "label": "CNIL",
        "count": 4,
        "count_with_amount": 3,
        "total": 110150000,
        "mean": 36716667,
        "median": 20000000,
        "max": 90000000,
    }
    assert groups["ico"]["count"] == 1 and groups["ico"]["total"] == 0


def test_groups_sorted_by_total_then_key(content):
    keys = [g["key"] for g in as_json(content, "--by", "authority")["groups"]]
    assert keys == ["cnil", "garante", "hdpa", "ico"]


@pytest.mark.parametrize("grouping", ["authority", "country", "year", "breach", "sector", "none"])
def test_every_grouping_answers(content, grouping):
    result = as_json(content, "--by", grouping)
    assert result["by"] == grouping


def test_breach_groups_overlap(content):
    groups = {g["key"]: g["count"] for g in as_json(content, "--by", "breach")["groups"]}
    assert groups["base-legale"] == 3 and groups["cookies"] == 2
    assert sum(groups.values()) > 7


def test_other_currency(content):
    assert as_json(content, "--currency", "GBP")["overall"]["total"] == 20000000


def test_filters(content):
    assert as_json(content, "--authority", "cnil")["overall"]["count"] == 4
    assert as_json(content, "--year", "2022")["overall"]["count"] == 3
    assert as_json(content, "--since", "2022-07-01", "--until", "2022-12-31")["overall"]["count"] == 2
    assert as_json(content, "--breach", "cookies", "--sector", "telecoms-medias")["overall"]["count"] == 2


def test_csv_has_the_group_columns(content):
    result = stats(content, "--by", "year", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["key", "label", "count", "count_with_amount", "total", "mean", "median", "max"]
    assert [row["key"] for row in rows] == [g["key"] for g in as_json(content, "--by", "year")["groups"]]


def test_table_is_aligned_with_french_numbers(content):
    lines = stats(content, "--by", "authority").stdout.splitlines()
    assert lines[0].split()[:3] == ["clé", "libellé", "décisions"]
    assert "110 150 000" in lines[2]
    assert len({len(line) for line in lines[:6]}) == 1  # every row as wide as the header


def test_markdown_table(content):
    lines = stats(content, "--by", "sector", "--format", "markdown").stdout.splitlines()
    assert lines[0].startswith("| clé | libellé |") and lines[1].startswith("|---|")


@pytest.mark.parametrize(
    "options, message",
    [
        (["--authority", "cnill"], "--authority : identifiant inconnu « cnill » — vouliez-vous dire « cnil » ?"),
        (["--sector", "Santé"], "vouliez-vous dire « sante » ?"),
        (["--breach", "securiter"], "vouliez-vous dire « securite » ?"),
        (["--since", "2024-02-30"], "--since : date AAAA-MM-JJ attendue"),
        (["--until", "hier"], "--until : date AAAA-MM-JJ attendue"),
        (["--year", "22"], "--year : année AAAA attendue"),
        (["--currency", "EURO"], "--currency : code ISO 4217 attendu"),
    ],
)
def test_bad_options_exit_2_with_a_clear_message(content, options, message):
    result = stats(content, *options)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_cache_gives_the_same_answer_and_follows_edits(tmp_path):
    content = fixture_content("sanctions", tmp_path / "content")
    first = stats(content, "--format", "json", cache=tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir())
    second = stats(content, "--format", "json", cache=tmp_path / "cache")
    assert first.stdout == second.stdout and json.loads(first.stdout)["overall"]["total"] == 150150000
    article = content / "articles" / "cnil-cookies.md"
    article.write_text(article.read_text(encoding="utf-8").replace("90000000", "91000000"), encoding="utf-8")
    third = json.loads(stats(content, "--format", "json", cache=tmp_path / "cache").stdout)
    assert third["overall"]["total"] == 151150000


def test_reading_on_every_core_gives_what_reading_file_by_file_gives(tmp_path):
    # Enough files for the script to split the reading between processes.
    content = tmp_path / "content"
    generate(content, MINIMUM_FOR_WORKERS + 40, sanction_share=1.0)
    serial = settings_with(tmp_path, PARALLEL_BUILD_PROCESSES=1)
    on_every_core = stats(content, "--by", "authority", "--format", "json", cache=tmp_path / "cache")
    from_cache = stats(content, "--by", "authority", "--format", "json", cache=tmp_path / "cache")
    one_by_one = stats(content, "--by", "authority", "--format", "json", "--settings", str(serial))
    assert on_every_core.returncode == 0, on_every_core.stderr
    assert on_every_core.stdout == from_cache.stdout == one_by_one.stdout
    assert json.loads(on_every_core.stdout)["overall"]["count"] > MINIMUM_FOR_WORKERS
    # Problems found in every process are all reported, in the files' order.
    articles = sorted((content / "articles").rglob("*.md"))
    for article in (articles[0], articles[-1]):
        article.write_text(article.read_text(encoding="utf-8").replace("sector: ", "sector: x", 1), encoding="utf-8")
    broken = stats(content, "--format", "json", cache=tmp_path / "cache")
    broken_one_by_one = stats(content, "--format", "json", "--settings", str(serial))
    assert broken.returncode == broken_one_by_one.returncode == 1
    assert broken.stderr == broken_one_by_one.stderr
    named = [line for line in broken.stderr.splitlines() if "secteur inconnu" in line]
    assert len(named) == 2 and articles[0].name in named[0] and articles[-1].name in named[1]


def test_missing_content_folder_exits_2(tmp_path):
    result = stats(tmp_path / "nowhere")
    assert result.returncode == 2 and "introuvable" in result.stderr


def test_broken_content_exits_1_with_the_build_messages(tmp_path):
    result = stats(fixture_content("broken", tmp_path))
    assert result.returncode == 1
    assert "autorité inconnue « cnill » — vouliez-vous dire « cnil » ?" in result.stderr


random_amounts = st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=10**9)), min_size=1, max_size=12)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amounts=random_amounts)
def test_script_totals_equal_an_independent_sum_over_generated_content(tmp_path_factory, amounts):
    content = fixture_content("site", tmp_path_factory.mktemp("random"))
    for path in (content / "articles").glob("*.md"):
        path.unlink()
    for i, amount in enumerate(amounts):
        meta = {
            "title": f"Décision {i}",
            "date": "2024-01-02",
            "category": "Amendes CNIL",
            "tags": ["test"],
            "summary": "Résumé.",
            "sanctions": [
                {
                    "authority": ["cnil", "dpc"][i % 2],
                    "organisation": f"Organisme {i}",
                    "decision_date": f"2023-01-{i + 1:02d}",
                    "amount": amount,
                    "breaches": ["securite"],
                    "sector": "sante",
                }
            ],
        }
        (content / "articles" / f"d{i}.md").write_text(
            f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\nTexte.\n", encoding="utf-8"
        )
    result = as_json(content, "--by", "authority")
    known = [a for a in amounts if a is not None]
    assert result["overall"]["total"] == sum(known)
    assert result["overall"]["count"] == len(amounts)
    assert sum(g["total"] for g in result["groups"]) == sum(known)


def test_unknown_grouping_is_refused_in_french(content):
    result = stats(content, "--by", "organisation")
    assert result.returncode == 2
    assert "--by : valeur inconnue 'organisation' (valeurs possibles : 'authority'" in result.stderr
