"""« À lire aussi »: scoring on simple records, then real builds of the labelled corpus."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date, timedelta

import pytest
import yaml

from portail.counting.related import (
    DEFAULT_WEIGHTS,
    RelatedConfig,
    article_record,
    explain,
    gdpr_articles_named,
    hit_rate,
    ranking,
    read_config,
    recall,
    related_articles,
)
from portail.model.decisions import organisation_key
from portail.model.schema import Sanction

from sitebuild import FIXTURES, ROOT, fixture_content, run_build, run_script, settings_with

LABELLED = FIXTURES / "related"


def sanction(organisation: str, day: int = 5, authority: str = "cnil", **changes) -> Sanction:
    fields = dict(
        authority=authority,
        organisation=organisation,
        decision_date=date(2023, 3, day),
        amount=100000,
        breaches=["securite"],
        sector="sante",
        currency="EUR",
        articles=[],
        status="final",
        id=None,
        reference=None,
        source=None,
    )
    fields.update(changes)
    return Sanction.model_construct(**fields)


def record(
    slug: str,
    day: int = 1,
    *,
    text: str = "",
    title: str | None = None,
    tags=("sécurité",),
    category: str = "Amendes CNIL",
    lang: str = "fr",
    sanctions=(),
    related=(),
):
    return article_record(
        slug=slug,
        date=date(2024, 1, 1) + timedelta(days=day),
        lang=lang,
        title=title or slug,
        summary="",
        text=text,
        category=category,
        tags=tags,
        sanctions=sanctions,
        related=related,
    )


def lists(records, config: RelatedConfig = RelatedConfig()) -> dict[str, list[str]]:
    return {
        records[i].slug: [records[j].slug for j in found] for i, found in enumerate(related_articles(records, config))
    }


# Vocabulary shared by the noise articles: they look alike, far more than the articles under test.
NOISE_TEXT = "sécurité des données chiffrement mots de passe sauvegardes journalisation prestataire"


def noise(count: int, start: int = 100) -> list:
    return [record(f"bruit-{n}", start + n, text=NOISE_TEXT, tags=("sécurité", "mots de passe")) for n in range(count)]


# --- Scoring on records ---------------------------------------------------------------------


def test_articles_on_one_decision_list_each_other_first():
    decision = sanction("Cegedim Santé", reference="SAN-2024-013")
    same = [
        record(f"cegedim-{n}", n, text=f"texte différent {n}", tags=(f"étiquette {n}",), sanctions=[decision])
        for n in range(3)
    ]
    found = lists(same + noise(8))
    for article in same:
        others = {a.slug for a in same} - {article.slug}
        assert set(found[article.slug][:2]) == others


def test_a_round_up_and_the_news_on_one_of_its_decisions_list_each_other():
    round_up = record("bilan", sanctions=[sanction(f"Organisme {n}", day=n + 1) for n in range(5)], text=NOISE_TEXT)
    news = record("actualite", 3, sanctions=[sanction("Organisme 2", day=3)], tags=("cookies",))
    found = lists([round_up, news, *noise(8)])
    assert found["actualite"][0] == "bilan"
    assert "actualite" in found["bilan"]


def test_decisions_against_one_organisation_come_before_what_only_looks_alike():
    france = record("clearview-france", sanctions=[sanction("Clearview AI Inc.")], tags=("reconnaissance faciale",))
    italy = record(
        "clearview-italie",
        2,
        sanctions=[sanction("Clearview AI", authority="garante", day=9)],
        tags=("information des personnes",),
    )
    alike = [
        record(f"autre-{n}", 3 + n, sanctions=[sanction(f"Autre {n}", day=9)], tags=("reconnaissance faciale",))
        for n in range(6)
    ]
    found = lists([france, italy, *alike])
    assert found["clearview-france"][0] == "clearview-italie"
    assert found["clearview-italie"][0] == "clearview-france"


def test_a_guide_finds_the_sanctions_on_its_subject():
    guide = record(
        "guide-acces",
        40,
        category="Droits des personnes",
        tags=("droit d'accès",),
        title="Droit d'accès : obtenir ses données",
        text="Le droit d'accès : l'article 15 du RGPD, une copie des données en un mois.",
    )
    sanctions = [
        record(
            f"sanction-{n}",
            n,
            tags=("télécoms", "droit d'accès"),
            title=f"L'opérateur {n} sanctionné",
            text="Demandes d'accès sans réponse.",
            sanctions=[sanction(f"Opérateur {n}", articles=["12", "15"], breaches=["droits-des-personnes"])],
        )
        for n in range(2)
    ]
    other_guides = [
        record(
            f"guide-{n}",
            30 + n,
            category="Droits des personnes",
            tags=("droit à l'image",),
            title="Droit à l'image",
            text="Photographies et vidéos de personnes reconnaissables.",
        )
        for n in range(4)
    ]
    found = lists([guide, *sanctions, *other_guides, *noise(5)])
    assert set(found["guide-acces"][:2]) == {"sanction-0", "sanction-1"}


def test_never_itself_never_another_language_never_twice():
    records = [
        record("a", text=NOISE_TEXT),
        record("b", 2, text=NOISE_TEXT),
        record("a", 3, text=NOISE_TEXT, lang="en"),
        record("c", 4, text=NOISE_TEXT, lang="en"),
        record("d", 5, text=NOISE_TEXT, related=("b", "b", "c", "d")),
    ]
    found = related_articles(records)
    for position, related in enumerate(found):
        assert position not in related
        assert len(set(related)) == len(related)
        assert {records[r].lang for r in related} <= {records[position].lang}
    assert [records[r].slug for r in found[4]] == ["b", "a"]  # « c » is English, « d » itself
    assert [records[r].slug for r in found[2]] == ["c"]


def test_the_editors_choice_comes_first_even_without_anything_in_common():
    chosen = record("choisi", tags=("droit à l'image",), category="Droits des personnes")
    reader = record("lecteur", 50, text=NOISE_TEXT, related=("choisi",))
    found = lists([chosen, reader, *noise(10)])
    assert found["lecteur"][0] == "choisi"
    assert len(found["lecteur"]) == 5


def test_the_limit_caps_every_list():
    records = noise(12)
    for limit in (1, 3, 5):
        assert {len(found) for found in lists(records, RelatedConfig(limit=limit)).values()} == {limit}


def test_equal_scores_are_broken_by_date_then_slug():
    reader = record("lecteur", 0, text=NOISE_TEXT)
    twins = [record(slug, day, text=NOISE_TEXT) for slug, day in [("b", 5), ("a", 5), ("c", 9), ("d", 1)]]
    no_recency = RelatedConfig({**DEFAULT_WEIGHTS, "recency": 0.0})
    assert lists([reader, *twins], no_recency)["lecteur"] == ["c", "a", "b", "d"]


def test_recency_halves_every_half_life_before_the_newest_article():
    reader, newest, older = (
        record(slug, day, text=NOISE_TEXT) for slug, day in [("lecteur", 100), ("recent", 730), ("ancien", 0)]
    )
    records = [reader, newest, older]
    freshness = {c.index: c.similarity for c in explain(records, reader, older).contributions}["recency"]
    assert freshness == pytest.approx(0.5)
    assert {c.index: c.similarity for c in explain(records, reader, newest).contributions}["recency"] == 1.0
    assert lists(records)["lecteur"] == ["recent", "ancien"]


def test_lists_do_not_depend_on_the_order_of_the_records():
    records = noise(10) + [record("x", 3, text="données de santé", tags=("données de santé",))]
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    assert lists(records) == lists(shuffled)


def test_an_article_sharing_nothing_gets_no_list():
    lonely = record("seul", tags=("droit à l'image",), category="Droits des personnes", text="Photographies")
    assert lists([lonely, *noise(4)])["seul"] == []


def test_a_signal_weighing_zero_is_ignored():
    decision = sanction("Cegedim Santé")
    records = [record("a", sanctions=[decision], tags=("x",)), record("b", 2, sanctions=[decision], tags=("y",))]
    assert lists(records)["a"] == ["b"]
    off = RelatedConfig(
        {
            **DEFAULT_WEIGHTS,
            "decision": 0.0,
            "organisation": 0.0,
            "authority": 0.0,
            "breach": 0.0,
            "sector": 0.0,
            "category": 0.0,
        }
    )
    assert lists(records, off)["a"] == []


def test_a_large_site_keeps_lists_close_to_the_exact_best():
    """Beyond POSTINGS_PER_VALUE articles per value, candidates come from a bounded index: the
    lists must stay near the exact best scores."""
    rng = random.Random(3)
    words = [f"mot{n}" for n in range(400)]
    tags = [f"étiquette {n}" for n in range(20)]
    records = [
        record(
            f"article-{n:04d}",
            rng.randrange(2000),
            text=" ".join(rng.choices(words, k=60)),
            tags=tuple(rng.sample(tags, 3)),
            category=rng.choice(["A", "B", "C"]),
        )
        for n in range(1500)
    ]
    found = related_articles(records)
    ratios = []
    for position in rng.sample(range(len(records)), 25):
        best = ranking(records, records[position])
        exact = sum(score for _, score in best[:5])
        scores = {r.slug: score for r, score in best}
        ratios.append(sum(scores[records[r].slug] for r in found[position]) / exact)
    assert min(ratios) > 0.9
    assert sum(ratios) / len(ratios) > 0.97


def test_explanation_shows_each_signal_and_what_is_shared():
    decision = sanction("Clearview AI Inc.", articles=["15"])
    a = record("a", tags=("reconnaissance faciale", "droit d'accès"), sanctions=[decision], text="Clearview visages")
    b = record("b", 2, tags=("reconnaissance faciale",), sanctions=[decision], text="Clearview visages")
    why = explain([a, b, *noise(3)], a, b)
    by_index = {c.index: c for c in why.contributions}
    assert list(by_index) == list(DEFAULT_WEIGHTS)
    assert by_index["decision"].score == DEFAULT_WEIGHTS["decision"]
    assert by_index["decision"].shared == ("cnil-2023-03-05-clearview-ai-inc",)
    assert by_index["organisation"].shared == ("clearview ai",)
    assert by_index["tag"].shared == ("reconnaissance faciale",)
    assert by_index["gdpr_article"].shared == ("15",)
    assert "clearview" in by_index["text"].shared
    assert why.position == 1 and why.rank == 1
    assert why.ranking[0] == ("b", pytest.approx(why.score))


def test_french_text_signals():
    assert gdpr_articles_named("L'article 15 du RGPD, art. 32, articles 13 et 14, Article 5(1)(a), article 123") == [
        "15",
        "32",
        "13",
        "14",
        "5",
    ]
    assert organisation_key("Clearview AI Inc.") == organisation_key("Clearview AI") == "clearview ai"
    assert organisation_key("Meta Platforms Ireland Limited") == organisation_key("Meta Platforms Ireland Ltd.")


def test_settings_are_checked_in_french_with_a_suggestion():
    config, problems = read_config({"tags": 2, "text": -1, "decision": "fort"}, 0, 0, "pelicanconf.py")
    messages = [str(p) for p in problems]
    assert any("signal inconnu « tags »" in m and "vouliez-vous dire « tag » ?" in m for m in messages)
    assert any("RELATED_ARTICLES_WEIGHTS['text']" in m and "positif" in m for m in messages)
    assert any("RELATED_ARTICLES_WEIGHTS['decision']" in m for m in messages)
    assert any(m.startswith("pelicanconf.py: RELATED_ARTICLES_LIMIT") for m in messages)
    assert any("RELATED_ARTICLES_HALF_LIFE_DAYS" in m for m in messages)
    assert "attendu : un dictionnaire" in str(read_config(["text"], 5, 730, "pelicanconf.py")[1][0])
    assert read_config({"text": 3}, 4, 365, "pelicanconf.py")[0] == RelatedConfig(
        {**DEFAULT_WEIGHTS, "text": 3.0}, 4, 365.0
    )


def test_quality_measures():
    found = {"a": ["b", "x", "y"], "c": ["z"]}
    expected = {"a": ["b", "c"], "c": ["a"]}
    assert hit_rate(found, expected) == 0.5
    assert recall(found, expected) == pytest.approx(1 / 3)
    assert hit_rate(found, expected, k=0) == 0.0


# --- Real builds -----------------------------------------------------------------------------


def related_lists(build) -> dict[str, list[str]]:
    """Each article page's « À lire aussi », as the hrefs of its links."""
    found = {}
    for page in sorted(build.output.glob("articles/*/index.html")):
        section = build.page(str(page.relative_to(build.output))).select_one(".related-articles")
        found[page.parent.name] = [a["href"] for a in section.select("a")] if section else []
    return found


def slugs(hrefs: list[str]) -> list[str]:
    return [href.strip("/").split("/")[-1] for href in hrefs]


@pytest.fixture(scope="module")
def labelled_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("related")
    build = run_build(fixture_content("related", tmp), tmp / "output")
    assert build.returncode == 0, build.stderr
    return build


def test_every_article_page_shows_a_french_list_of_links(labelled_build):
    page = labelled_build.page("articles/clearview-cnil")
    section = page.select_one("section.related-articles")
    assert section.h2.get_text() == "À lire aussi"
    assert section["aria-labelledby"] == section.h2["id"]
    first = section.select_one("li")
    assert first.a["href"] == "/articles/clearview-astreinte/"
    assert first.time.get_text() == "15 mai 2023"
    for slug, hrefs in related_lists(labelled_build).items():
        assert hrefs, slug
        for href in hrefs:
            assert (labelled_build.output / href.lstrip("/") / "index.html").is_file()


def test_articles_on_one_decision_list_each_other_in_the_build(labelled_build):
    found = {slug: slugs(hrefs) for slug, hrefs in related_lists(labelled_build).items()}
    cegedim = ["cegedim-sanction", "cegedim-pseudonymisation", "bilan-cnil-2024"]
    for slug in cegedim:
        assert set(cegedim) - {slug} <= set(found[slug])
    assert "amazon-france-logistique" in found["bilan-cnil-2024"]
    assert "bilan-cnil-2024" in found["amazon-france-logistique"]


def test_no_self_no_draft_no_other_language_no_duplicate(labelled_build):
    for slug, hrefs in related_lists(labelled_build).items():
        assert f"/articles/{slug}/" not in hrefs
        assert len(set(hrefs)) == len(hrefs)
        assert not any("brouillon" in href or href.endswith("-en.html") for href in hrefs), slug
    english = labelled_build.page("clearview-cnil-en.html").select(".related-articles a")
    assert [a["href"] for a in english] == ["/clearview-italie-en.html"]


def test_the_editors_choice_comes_first_in_the_build(labelled_build):
    assert related_lists(labelled_build)["guide-notifier-violation"][0] == "/articles/mots-de-passe/"


def test_two_builds_give_the_same_lists(labelled_build, tmp_path):
    again = run_build(fixture_content("related", tmp_path), tmp_path / "output")
    assert again.returncode == 0, again.stderr
    assert related_lists(again) == related_lists(labelled_build)


def test_the_limit_setting_caps_the_lists(labelled_build, tmp_path):
    build = run_build(
        fixture_content("related", tmp_path), tmp_path / "output", settings_with(tmp_path, RELATED_ARTICLES_LIMIT=2)
    )
    assert build.returncode == 0, build.stderr
    default = related_lists(labelled_build)
    assert related_lists(build) == {slug: hrefs[:2] for slug, hrefs in default.items()}


def test_a_misspelt_setting_stops_the_build_in_french(tmp_path):
    build = run_build(
        fixture_content("related", tmp_path),
        tmp_path / "output",
        settings_with(tmp_path, RELATED_ARTICLES_WEIGHTS={"decisions": 10}),
    )
    assert build.returncode == 1
    assert (
        "pelicanconf.py: RELATED_ARTICLES_WEIGHTS : signal inconnu « decisions »" in build.stderr
        and "vouliez-vous dire « decision » ?" in build.stderr
    ), build.stderr
    assert "Traceback" not in build.stderr


def test_quality_well_ahead_of_stock_related_posts(labelled_build):
    """Hit rate and recall at 5 on the labelled corpus: ours from the built pages, stock
    related_posts from its own code run by the benchmark on the same articles."""
    expected = yaml.safe_load((LABELLED / "expected.yaml").read_text(encoding="utf-8"))
    ours = {slug: slugs(hrefs) for slug, hrefs in related_lists(labelled_build).items()}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_related.py"), "--quality-only", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    quality = json.loads(result.stdout)["quality"]
    assert quality["related_articles"] == {"hit_rate": hit_rate(ours, expected), "recall": recall(ours, expected)}
    stock = quality["related_posts"]
    assert hit_rate(ours, expected) >= 0.95
    assert recall(ours, expected) >= 0.85
    assert hit_rate(ours, expected) - stock["hit_rate"] >= 0.05
    assert recall(ours, expected) - stock["recall"] >= 0.05


def test_the_explain_script_shows_why(tmp_path):
    content = fixture_content("related", tmp_path)
    result = run_script("explain_related.py", "clearview-cnil", "clearview-grece", "--content", content)
    assert result.returncode == 0, result.stderr
    assert "même organisme" in result.stdout and "clearview ai" in result.stdout
    assert "Proposé en position" in result.stdout
    assert "À lire aussi : clearview-astreinte" in result.stdout
    wrong = run_script("explain_related.py", "clearview-cnl", "clearview-grece", "--content", content)
    assert wrong.returncode == 2
    assert "vouliez-vous dire « clearview-cnil » ?" in wrong.stderr


def test_the_benchmark_reports_both_plugins_at_each_size():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench_related.py"), "--sizes", "40", "80", "--repeat", "1", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["timings"]
    assert [row["articles"] for row in rows] == [40, 80]
    assert all(row["related_articles"] > 0 and row["related_posts"] > 0 for row in rows)


def test_every_article_of_the_seed_site_has_related_articles(seed_build):
    found = related_lists(seed_build)
    assert found and all(len(hrefs) >= 1 for hrefs in found.values()), found
    clearview = slugs(found["clearview-ai-cnil-20-millions"])
    assert {"clearview-ai-astreinte-cnil", "clearview-ai-italie-grece-20-millions"} <= set(clearview[:2])
