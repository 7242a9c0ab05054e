"""Generate a synthetic content folder in the portal's content model, for benchmarks.

    python scripts/generate_corpus.py OUTPUT_DIR [-n 2000] [--sanction-share 0.6] [--seed 1]

Deterministic for a given seed. Articles have 500 to 1,100 words with headings, lists and
links; a share of them report a decision (some decisions are covered by two articles, some
round-ups report several). The shipped reference data is copied so the folder builds as is.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ["Amendes CNIL", "Sanctions en Europe", "Droits des personnes", "Cybersécurité", "Conformité RGPD"]
WORDS = ("données personnelles traitement responsable sous-traitant consentement sécurité violation "
         "notification autorité contrôle sanction amende manquement information transparence droit "
         "accès effacement opposition rectification limitation portabilité cookies traceurs prospection "
         "santé salariés clients fichier registre analyse impact conservation durée minimisation "
         "pseudonymisation anonymisation chiffrement mot passe authentification journalisation "
         "transfert garanties clauses contractuelles délégué protection conformité documentation").split()
TAGS = ["cookies", "sécurité", "prospection", "données de santé", "salariés", "violation de données",
        "transferts hors UE", "consentement", "droit d'accès", "droit à l'effacement", "enfants",
        "sous-traitance", "vidéosurveillance", "publicité ciblée", "mots de passe"]
ORGANISATIONS = [f"Société {name} {suffix}" for name in
                 ("Alpha", "Bêta", "Gamma", "Delta", "Epsilon", "Zêta", "Éta", "Thêta", "Iota", "Kappa",
                  "Lambda", "Mu", "Nu", "Xi", "Omicron", "Pi", "Rhô", "Sigma", "Tau", "Upsilon")
                 for suffix in ("SA", "SAS", "SARL", "Groupe", "Services")]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def body(rng: random.Random, target_words: int, earlier: list[str]) -> str:
    parts, count, section = [], 0, 1
    while count < target_words:
        parts.append(f"## Partie {section} : {sentence(rng, 4)[:-1]}\n")
        for _ in range(rng.randint(2, 3)):
            text = " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 5)))
            if earlier and rng.random() < 0.3:
                text += f" Voir aussi [un article lié]({{filename}}/{rng.choice(earlier)})."
            parts.append(text + "\n")
            count += len(text.split())
        items = [f"- {sentence(rng, rng.randint(4, 9))}" for _ in range(rng.randint(3, 5))]
        parts.append("\n".join(items) + "\n")
        count += sum(len(i.split()) for i in items)
        section += 1
    return "\n".join(parts)


def decision(rng: random.Random, authorities, breaches, sectors, index: int) -> dict:
    day = date(2018, 5, 25) + timedelta(days=rng.randint(0, 2900))
    item = {
        "authority": rng.choice(authorities),
        "organisation": rng.choice(ORGANISATIONS),
        "decision_date": day.isoformat(),
        "reference": f"SAN-{day.year}-{index:05d}",
        "amount": None if rng.random() < 0.08 else rng.choice([10, 20, 50, 75]) * 10 ** rng.randint(3, 7),
        "breaches": rng.sample(breaches, rng.randint(1, 3)),
        "sector": rng.choice(sectors),
    }
    if rng.random() < 0.05:
        item["currency"] = "GBP"
    if rng.random() < 0.5:
        item["articles"] = sorted({str(rng.choice([5, 6, 12, 13, 15, 17, 21, 25, 28, 32, 33])) for _ in range(2)})
    return item


def generate(output: Path, n: int, sanction_share: float = 0.6, seed: int = 1) -> None:
    rng = random.Random(seed)
    reference = {kind: list(yaml.safe_load((ROOT / "content" / "data" / f"{kind}.yaml").read_text(encoding="utf-8")))
                 for kind in ("authorities", "breaches", "sectors")}
    shutil.rmtree(output, ignore_errors=True)
    articles = output / "articles"
    articles.mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "data", output / "data")
    decisions: list[dict] = []
    written: list[str] = []  # paths of earlier articles, relative to the content folder
    for i in range(n):
        slug = f"article-{i:05d}"
        published = date(2019, 1, 1) + timedelta(days=i * 2900 // max(n, 1))
        meta = {
            "title": f"Article {i} : {sentence(rng, 6)[:-1]}",
            "date": published.isoformat(),
            "category": rng.choice(CATEGORIES),
            "tags": rng.sample(TAGS, rng.randint(1, 4)),
            "summary": sentence(rng, 18),
        }
        if rng.random() < sanction_share:
            if decisions and rng.random() < 0.1:  # a second article on an earlier decision
                meta["sanctions"] = [rng.choice(decisions)]
            else:
                items = [decision(rng, reference["authorities"], reference["breaches"], reference["sectors"], len(decisions) + k)
                         for k in range(3 if rng.random() < 0.05 else 1)]
                decisions.extend(items)
                meta["sanctions"] = items
        folder = articles / str(published.year)
        folder.mkdir(exist_ok=True)
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        text = f"---\n{front}---\n\n{body(rng, rng.randint(500, 1100), written)}"
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
        written.append(f"articles/{published.year}/{slug}.md")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--sanction-share", type=float, default=0.6)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    generate(args.output, args.n, args.sanction_share, args.seed)


if __name__ == "__main__":
    main()
