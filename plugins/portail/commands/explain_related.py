"""Why does article B appear (or not) in the « À lire aussi » of article A? The score of each signal.

    python scripts/explain_related.py A B [--content content] [--settings pelicanconf.py]

A and B are slugs. Reads the content exactly as the build does, with the weights of the settings.
"""

from __future__ import annotations

import argparse
import sys

from portail.commands.settings import ROOT

BEST_SHOWN = 8

from portail.commands import settings as site_settings  # noqa: E402
from portail.commands.options import FrenchArgumentParser  # noqa: E402
from portail.counting.related import Explanation, explain  # noqa: E402
from portail.model.problems import ContentError  # noqa: E402
from portail.model.suggest import did_you_mean  # noqa: E402
from portail.site.related_articles import config_of, published, read_articles, record_of  # noqa: E402


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = FrenchArgumentParser(description="Explique le score d'un article lié (« À lire aussi »).")
    parser.add_argument("source", help="slug de l'article lu")
    parser.add_argument("target", help="slug de l'article proposé (ou non) en lecture")
    parser.add_argument("--content", default=str(ROOT / "content"), help="dossier de contenu (défaut : content)")
    parser.add_argument("--settings", default=str(site_settings.DEFAULT_SETTINGS), help="fichier de réglages")
    return parser.parse_args(argv)


def report(explanation: Explanation) -> str:
    source, target = explanation.source, explanation.target
    lines = [f"« {target.title} » ({target.slug})", f"pour un lecteur de « {source.title} » ({source.slug})", ""]
    lines.append(f"  {'signal':<16}{'similarité':>11}{'poids':>8}{'score':>9}   en commun")
    for c in explanation.contributions:
        shared = ", ".join(c.shared[:6]) + (" …" if len(c.shared) > 6 else "")
        lines.append(f"  {c.label:<16}{c.similarity:>11.3f}{c.weight:>8g}{c.score:>9.3f}   {shared}")
    lines.append(f"  {'total':<16}{'':>19}{explanation.score:>9.3f}")
    lines.append("")
    if explanation.chosen_by_editor:
        lines.append("Choisi par la rédaction (champ related) : proposé en premier, quel que soit son score.")
    if explanation.rank:
        lines.append(
            f"Rang au score : {explanation.rank} sur {len(explanation.ranking)} articles ayant un point commun."
        )
    else:
        lines.append("Aucun point commun : jamais proposé par le calcul.")
    if explanation.position:
        lines.append(f"Proposé en position {explanation.position} sur {len(explanation.listed)}.")
    else:
        lines.append("Non proposé : les places vont aux choix de la rédaction et aux meilleurs scores.")
    lines.append("À lire aussi : " + ", ".join(explanation.listed))
    best = explanation.ranking[:BEST_SHOWN]
    lines.append("Meilleurs scores : " + ", ".join(f"{slug} ({score:.2f})" for slug, score in best))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    settings = site_settings.load(args.settings, args.content)
    settings["PLUGINS"] = ["strict_content"]  # reading and its checks; the scoring is done here
    try:
        generator = read_articles(settings)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    config, problems = config_of(generator.settings)
    if problems:
        print(ContentError(problems), file=sys.stderr)
        return 1
    records = [record_of(article) for article in published(generator)]
    by_slug = {}
    for record in records:
        by_slug.setdefault(record.slug, record)
    for slug in (args.source, args.target):
        if slug not in by_slug:
            hint = did_you_mean(slug, by_slug)
            print(f"Article publié inconnu « {slug} »" + (f" — {hint}" if hint else ""), file=sys.stderr)
            return 2
    source, target = by_slug[args.source], by_slug[args.target]
    if source is target:
        print(
            f"« {source.slug} » n'est jamais proposé sous lui-même : donnez deux articles différents.", file=sys.stderr
        )
        return 2
    if source.lang != target.lang:
        print(
            f"« {target.slug} » est en « {target.lang} », « {source.slug} » en « {source.lang} » : "
            "seuls les articles de la même langue sont proposés.",
            file=sys.stderr,
        )
        return 2
    print(report(explain(records, source, target, config)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
