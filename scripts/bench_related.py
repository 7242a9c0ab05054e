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
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml
from pelican.plugins.related_posts import related_posts

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import site_settings  # noqa: E402
from portail.command_line import FrenchArgumentParser  # noqa: E402
from portail.related import hit_rate, recall  # noqa: E402
from related_articles import link_related, read_articles  # noqa: E402

LABELLED = ROOT / "tests" / "fixtures" / "related"
K = 5


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = FrenchArgumentParser(description="Mesure la qualité et le temps de « À lire aussi ».")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 5000, 10000],
                        help="nombres d'articles générés (défaut : 1000 5000 10000)")
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
    settings["PLUGINS"] = ["strict_content"]
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
    results = {"articles": len(generator.articles), "queries": len(expected),
               "pairs": sum(len(v) for v in expected.values())}
    for name in PLUGINS:  # each plugin sets the attribute of its name
        lists = {a.slug: [r.slug for r in getattr(a, name, [])] for a in generator.articles}
        results[name] = {"hit_rate": hit_rate(lists, expected, K), "recall": recall(lists, expected, K)}
    return results


def timings(sizes: list[int], seed: int, repeat: int) -> list[dict]:
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            articles = Path(tmp) / "articles"
            write_corpus(articles / "articles", size, random.Random(seed))
            started = time.perf_counter()
            generator = read(articles, Path(tmp))
            reading = time.perf_counter() - started
        times = both_plugins(generator, repeat)
        rows.append({"articles": size, "reading": reading, **times,
                     "ratio": times["related_posts"] / times["related_articles"]})
    return rows


# --- A generated corpus in our content model ------------------------------------------------
# Not scripts/generate_corpus.py: its bodies draw every word from one list, so all its articles
# are about everything. Related articles need subjects: each article here has one, with its own
# words, tags, breach types and sectors; some report the same decision or the same organisation.

# (subject, category of guides, tags, breach types, sectors, words of the subject)
TOPICS = [
    ("reconnaissance faciale", "Conformité RGPD", ["reconnaissance faciale", "transferts hors UE"],
     ["base-legale", "principes"], ["industrie-commerce"],
     "gabarits biométriques visages photographies moteur recherche images aspirées base biométrie identification"),
    ("cookies", "Conformité RGPD", ["cookies", "consentement"], ["cookies"], ["telecoms-medias", "industrie-commerce"],
     "traceurs bandeau refus acceptation navigateur publicité bouton consentement mesure audience"),
    ("prospection", "Droits des personnes", ["prospection", "droit d'opposition"], ["prospection", "droits-des-personnes"],
     ["telecoms-medias", "transport-energie"], "démarchage appels téléphoniques SMS courriels commerciaux opposition liste désinscription"),
    ("données de santé", "Conformité RGPD", ["données de santé", "pseudonymisation"], ["formalites-prealables", "securite"],
     ["sante"], "patients médecins dossiers médicaux hébergement entrepôt pseudonymisées anonymisation laboratoire"),
    ("violation de données", "Cybersécurité", ["violation de données", "sécurité"], ["securite", "notification-violation"],
     ["hotellerie", "finance-assurance", "transport-energie"],
     "piratage fuite attaquants rançongiciel chiffrement notification soixante-douze heures incident journaux"),
    ("surveillance des salariés", "Conformité RGPD", ["salariés", "vidéosurveillance"], ["principes", "base-legale"],
     ["emploi", "industrie-commerce"], "employeur caméras postes travail géolocalisation productivité indicateurs entrepôts représentants personnel"),
    ("transferts", "Conformité RGPD", ["transferts hors UE", "grandes plateformes"], ["transferts"], ["telecoms-medias"],
     "États-Unis clauses contractuelles types surveillance renseignement adéquation garanties serveurs"),
    ("enfants", "Droits des personnes", ["enfants", "consentement"], ["protection-des-la-conception", "information"],
     ["telecoms-medias"], "mineurs parents comptes publics âge vérification réseau social adolescents"),
    ("droit d'accès", "Droits des personnes", ["droit d'accès"], ["droits-des-personnes"], ["telecoms-medias", "finance-assurance"],
     "copie demande délai mois réponse communication informations destinataires"),
    ("droit à l'effacement", "Droits des personnes", ["droit à l'effacement", "droit à l'oubli"], ["droits-des-personnes"],
     ["telecoms-medias"], "suppression déréférencement moteur recherche effacement comptes anciens clients"),
    ("conservation", "Conformité RGPD", ["durée de conservation"], ["conservation", "minimisation"], ["immobilier", "finance-assurance"],
     "archives purge anciens clients durée limitée base active archivage intermédiaire"),
    ("sous-traitance", "Cybersécurité", ["sous-traitance", "sécurité"], ["sous-traitance", "securite"], ["sante", "secteur-public"],
     "prestataire contrat article instructions sous-traitant hébergeur audit clauses"),
    ("mots de passe", "Cybersécurité", ["mots de passe", "sécurité"], ["securite"], ["telecoms-medias", "industrie-commerce"],
     "hachage sel authentification longueur gestionnaire comptes robustesse clair"),
    ("publicité ciblée", "Conformité RGPD", ["publicité ciblée", "consentement"], ["base-legale", "information"],
     ["telecoms-medias"], "profilage annonces enchères courtiers partenaires identifiants publicitaires personnalisation"),
    ("information", "Droits des personnes", ["information des personnes"], ["information"], ["industrie-commerce", "finance-assurance"],
     "politique confidentialité mentions transparence finalités clarté formulaires"),
    ("DPO", "Conformité RGPD", ["information des personnes", "sous-traitance"], ["dpo", "registre"], ["secteur-public"],
     "délégué désignation missions indépendance registre analyse impact conformité"),
]
# The editors' tag vocabulary, most used first; an article has 2 to 5 tags (editorial rule).
TAG_VOCABULARY = ["sécurité", "consentement", "information des personnes", "grandes plateformes", "salariés",
                  "violation de données", "données de santé", "cookies", "prospection", "droit d'accès",
                  "transferts hors UE", "publicité ciblée", "sous-traitance", "durée de conservation",
                  "télécoms", "enfants", "vidéosurveillance", "mots de passe", "reconnaissance faciale",
                  "droit à l'effacement", "droit d'opposition", "pseudonymisation", "anonymisation",
                  "droit de rectification", "droit à la limitation", "droit à l'image", "droit à l'oubli"]
TAG_POPULARITY = [1 / rank for rank in range(1, len(TAG_VOCABULARY) + 1)]
GENERIC_SENTENCES = [
    "Le règlement général sur la protection des données s'applique depuis mai 2018.",
    "La formation restreinte a tenu compte de la coopération de la société pendant la procédure.",
    "Le montant de l'amende tient compte du chiffre d'affaires et de la gravité des manquements.",
    "La décision peut faire l'objet d'un recours devant la juridiction compétente.",
    "Les responsables de traitement doivent pouvoir démontrer leur conformité à tout moment.",
    "Les contrôles ont été menés sur place et en ligne par les agents de l'autorité.",
    "L'autorité a également prononcé une injonction de mise en conformité sous astreinte.",
    "La sanction est rendue publique afin d'informer les personnes concernées.",
    "Les entreprises du secteur ont intérêt à revoir leurs pratiques à la lumière de cette décision.",
    "Le délégué à la protection des données joue un rôle central dans ces situations.",
    "Les personnes concernées peuvent saisir l'autorité de contrôle d'une plainte.",
    "Plusieurs plaintes étaient à l'origine de la procédure.",
    "La société a indiqué avoir corrigé une partie des manquements relevés.",
    "Une analyse d'impact permet d'anticiper les risques pour les droits et libertés des personnes.",
    "Le principe de minimisation impose de ne collecter que les données nécessaires.",
    "Les autorités européennes coopèrent dans le cadre du guichet unique.",
]
# Words of one or a few articles (names, places, products), as real texts have many.
SYLLABLES = "ba ce di fo gu la me ni po ru sa te vi zo ran tel mor vil gan pel sor dun".split()
ORGANISATION_PARTS = ("Val Mor Lun Ber Cor Dal Fen Gar Hol Jas Kel Lor Mar Nor Pal Quin Ros Sal Tor Ver "
                      "Zan Bel Cam Dor Esc Fal Gri Hel Ilo Jun").split()
ORGANISATION_ENDS = "ia ex on ora is ea um ys ane ette".split()
LEGAL_FORMS = ["SA", "SAS", "Ltd", "GmbH", "S.p.A.", "Inc."]
AUTHORITIES = ["cnil"] * 10 + ["garante", "aepd", "dpc", "ico", "ap-nl", "cnpd-lu", "hdpa", "imy-se", "uodo-pl", "datatilsynet-no"]
FIRST_DAY, LAST_DAY = date(2018, 6, 1), date(2026, 11, 20)


def write_corpus(folder: Path, size: int, rng: random.Random) -> None:
    folder.mkdir(parents=True)
    organisations: list[str] = []
    decisions: list[dict] = []
    for number in range(size):
        # Half the articles on a few frequent subjects (Pareto), half spread over all of them.
        topic = TOPICS[min(int(rng.paretovariate(1.2)) - 1, len(TOPICS) - 1) if rng.random() < 0.5
                       else rng.randrange(len(TOPICS))]
        text = article_text(number, topic, organisations, decisions, rng)
        (folder / f"article-{number:05d}.md").write_text(text, encoding="utf-8")


def article_text(number, topic, organisations, decisions, rng) -> str:
    subject, guide_category, tags, _, _, words = topic
    published = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    reported = [a_decision(topic, published, organisations, decisions, rng)
                for _ in range(rng.choice([1, 1, 1, 1, 1, 2, 3]))] if rng.random() < 0.6 else []
    tags = list(tags[:rng.randint(1, len(tags))])
    wanted = rng.randint(2, 5)
    while len(tags) < wanted:
        extra = rng.choices(TAG_VOCABULARY, TAG_POPULARITY)[0]
        if extra not in tags:
            tags.append(extra)
    if reported:
        who = reported[0]["organisation"]
        category = "Amendes CNIL" if reported[0]["authority"] == "cnil" else "Sanctions en Europe"
        title = f"{subject.capitalize()} : {who} sanctionnée (article {number})"
        summary = f"L'autorité sanctionne {who} pour des manquements liés à {subject}."
    else:
        category = guide_category
        title = f"{subject.capitalize()} : ce qu'il faut savoir, épisode {number}"
        summary = f"Les règles du RGPD sur {subject}, expliquées pour les responsables de traitement."
    front = {"title": title, "date": published.isoformat(), "category": category, "tags": tags, "summary": summary}
    if reported:
        front["sanctions"] = reported
    return f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n\n{body(subject, words, reported, rng)}\n"


def a_decision(topic, published, organisations, decisions, rng) -> dict:
    """A decision: a new one, or one already reported by another article (same facts)."""
    if decisions and rng.random() < 0.15:
        return dict(rng.choice(decisions[-200:]))
    if organisations and rng.random() < 0.3:
        organisation = rng.choice(organisations)
    else:
        name = rng.choice(ORGANISATION_PARTS) + rng.choice(ORGANISATION_PARTS).lower() + rng.choice(ORGANISATION_ENDS)
        organisation = f"{name} {rng.choice(LEGAL_FORMS)}"
        organisations.append(organisation)
    _, _, _, breaches, sectors, _ = topic
    decision = {
        "id": f"d{len(decisions):06d}",
        "authority": rng.choice(AUTHORITIES),
        "organisation": organisation,
        "decision_date": (published - timedelta(days=rng.randint(1, 10))).isoformat(),
        "amount": rng.choice([None, rng.randrange(10, 50000) * 1000]),
        "breaches": breaches[:rng.randint(1, len(breaches))],
        "sector": rng.choice(sectors),
    }
    decisions.append(decision)
    return decision


def body(subject: str, words: str, reported: list[dict], rng: random.Random) -> str:
    vocabulary = words.split()
    rare = ["".join(rng.choices(SYLLABLES, k=3)).capitalize() for _ in range(4)]
    sentences = [f"L'affaire concerne aussi {rare[0]}, {rare[1]} et le service {rare[2]} de {rare[3]}."]
    for _ in range(rng.randint(30, 60)):  # 450 to 900 words, as the seed articles
        if rng.random() < 0.55:
            picked = " ".join(rng.sample(vocabulary, 3))
            sentences.append(f"Sur la question de {subject}, l'enjeu tient aux {picked} et à leur encadrement.")
        else:
            sentences.append(rng.choice(GENERIC_SENTENCES))
    for decision in reported:
        sentences.insert(0, f"La décision vise {decision['organisation']}, dont les pratiques ont été examinées.")
    paragraphs = [" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)]
    return "## L'essentiel\n\n" + "\n\n".join(paragraphs)


# --- Report ------------------------------------------------------------------------------------

def percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def print_quality(results: dict) -> None:
    print(f"Qualité sur le corpus étiqueté ({results['articles']} articles, {results['queries']} articles "
          f"avec réponses attendues, {results['pairs']} paires attendues)")
    print(f"  {'extension':<20}{'réussite à 5':>14}{'rappel à 5':>12}")
    for name in ("related_articles", "related_posts"):
        print(f"  {name:<20}{percent(results[name]['hit_rate']):>14}{percent(results[name]['recall']):>12}")


def print_timings(rows: list[dict]) -> None:
    print("\nTemps de calcul des listes (articles générés ; lecture non comptée)")
    print(f"  {'articles':>9}{'related_articles':>18}{'related_posts':>15}{'rapport':>9}{'lecture':>10}")
    for row in rows:
        print(f"  {row['articles']:>9}{row['related_articles']:>16.2f} s{row['related_posts']:>13.2f} s"
              f"{row['ratio']:>8.1f}×{row['reading']:>8.1f} s")


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
