"""Benchmark of « À lire aussi » (plugins/related_articles) against stock related_posts.

    python scripts/bench_related.py [--sizes 1000 5000 10000] [--repeat 3] [--quality-only] [--json]

1. Quality: on the labelled corpus (tests/fixtures/related/, answers in expected.yaml), the hit
   rate at 5 (share of articles with at least one expected article in their first five) and the
   recall at 5 (share of expected pairs found) of both plugins.
2. Time: generated corpora of each size, written as Markdown in our content model and read by
   the real reader; then the time of each plugin's own code over the same articles.

Both plugins run their real code (their `article_generator_finalized` receiver) on the same
ArticlesGenerator; only reading is shared and left out of the times.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml
from pelican.plugins.related_posts import related_posts

from portail.bench.corpus import generate
from portail.commands import settings as site_settings
from portail.commands.options import FrenchArgumentParser
from portail.commands.settings import ROOT
from portail.counting.related import hit_rate, recall
from portail.site.related_articles import link_related, read_articles

LABELLED = ROOT / "tests" / "fixtures" / "related"
K = 5


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = FrenchArgumentParser(description="Mesure la qualité et le temps de « À lire aussi ».")
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[1000, 5000, 10000],
        help="nombres d'articles générés (défaut : 1000 5000 10000)",
    )
    parser.add_argument("--quality-only", action="store_true", help="seulement la qualité sur le corpus étiqueté")
    parser.add_argument("--json", action="store_true", help="résultats en JSON")
    parser.add_argument("--seed", type=int, default=2024, help="graine du générateur de corpus")
    parser.add_argument("--repeat", type=int, default=3, help="mesures par extension ; la meilleure est gardée")
    return parser.parse_args(argv)


def with_reference_data(articles: Path, destination: Path) -> Path:
    """A content folder: the articles plus the shipped reference data."""
    content = destination / "content"
    shutil.copytree(articles, content)
    if not (content / "data").exists():
        shutil.copytree(ROOT / "content" / "data", content / "data")
    return content


PLUGINS = {"related_articles": link_related, "related_posts": related_posts.add_related_posts}


def read(articles: Path, destination: Path):
    """The articles of a content folder, read by the real reader; no plugin runs but its checks."""
    settings = site_settings.load(site_settings.DEFAULT_SETTINGS, with_reference_data(articles, destination))
    return read_articles(settings)


def both_plugins(generator, repeat: int = 1) -> dict[str, float]:
    """Run each plugin's receiver on the generator; the best time of ``repeat`` runs, in seconds."""
    times = {}
    for name, receiver in PLUGINS.items():
        runs = []
        for _ in range(repeat):
            # related_posts reads an existing `related_posts` attribute as the editor's choice.
            for article in [*generator.articles, *generator.translations, *generator.drafts]:
                vars(article).pop(name, None)
            started = time.perf_counter()
            receiver(generator)
            runs.append(time.perf_counter() - started)
        times[name] = min(runs)
    return times


def quality() -> dict:
    expected = yaml.safe_load((LABELLED / "expected.yaml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        generator = read(LABELLED, Path(tmp))
    both_plugins(generator)
    results = {
        "articles": len(generator.articles),
        "queries": len(expected),
        "pairs": sum(len(v) for v in expected.values()),
    }
    for name in PLUGINS:  # each plugin sets the attribute of its name
        lists = {a.slug: [r.slug for r in getattr(a, name, [])] for a in generator.articles}
        results[name] = {"hit_rate": hit_rate(lists, expected, K), "recall": recall(lists, expected, K)}
    return results


def timings(sizes: list[int], seed: int, repeat: int) -> list[dict]:
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            articles = Path(tmp) / "generated"
            generate(articles, size, seed=seed)
            started = time.perf_counter()
            generator = read(articles, Path(tmp))
            reading = time.perf_counter() - started
        times = both_plugins(generator, repeat)
        rows.append(
            {"articles": size, "reading": reading, **times, "ratio": times["related_posts"] / times["related_articles"]}
        )
    return rows


# --- Report ------------------------------------------------------------------------------------


def percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def print_quality(results: dict) -> None:
    print(
        f"Qualité sur le corpus étiqueté ({results['articles']} articles, {results['queries']} articles "
        f"avec réponses attendues, {results['pairs']} paires attendues)"
    )
    print(f"  {'extension':<20}{'réussite à 5':>14}{'rappel à 5':>12}")
    for name in ("related_articles", "related_posts"):
        print(f"  {name:<20}{percent(results[name]['hit_rate']):>14}{percent(results[name]['recall']):>12}")


def print_timings(rows: list[dict]) -> None:
    print("\nTemps de calcul des listes (articles générés ; lecture non comptée)")
    print(f"  {'articles':>9}{'related_articles':>18}{'related_posts':>15}{'rapport':>9}{'lecture':>10}")
    for row in rows:
        print(
            f"  {row['articles']:>9}{row['related_articles']:>16.2f} s{row['related_posts']:>13.2f} s"
            f"{row['ratio']:>8.1f}×{row['reading']:>8.1f} s"
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    results = {"quality": quality()}
    if not args.quality_only:
        results["timings"] = timings(args.sizes, args.seed, args.repeat)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print_quality(results["quality"])
    if "timings" in results:
        print_timings(results["timings"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
