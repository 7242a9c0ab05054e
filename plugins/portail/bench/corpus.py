"""Generate a synthetic content folder in the portal's content model, for benchmarks.

    python scripts/generate_corpus.py OUTPUT_DIR [-n 2000] [--sanction-share 0.6] [--seed 1]

Deterministic for a given seed. Each article has a subject, with its own words, tags, breach
types and sectors (related articles need subjects to find), 500 to 1,100 words with headings,
lists and links to earlier articles. A share of the articles report decisions: some report
several, some the same decision as another article, some another decision against the same
organisation. The shipped reference data is copied so that the folder builds as it is.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

from portail.commands.settings import ROOT

# (subject, category of guides, tags, breach types, sectors, words of the subject)
TOPICS = [
    (
        "reconnaissance faciale",
        "Conformité RGPD",
        ["reconnaissance faciale", "transferts hors UE"],
        ["base-legale", "principes"],
        ["industrie-commerce"],
        "gabarits biométriques visages photographies moteur recherche images aspirées base biométrie identification",
    ),
    (
        "cookies",
        "Conformité RGPD",
        ["cookies", "consentement"],
        ["cookies"],
        ["telecoms-medias", "industrie-commerce"],
        "traceurs bandeau refus acceptation navigateur publicité bouton consentement mesure audience",
    ),
    (
        "prospection",
        "Droits des personnes",
        ["prospection", "droit d'opposition"],
        ["prospection", "droits-des-personnes"],
        ["telecoms-medias", "transport-energie"],
        "démarchage appels téléphoniques SMS courriels commerciaux opposition liste désinscription",
    ),
    (
        "données de santé",
        "Conformité RGPD",
        ["données de santé", "pseudonymisation"],
        ["formalites-prealables", "securite"],
        ["sante"],
        "patients médecins dossiers médicaux hébergement entrepôt pseudonymisées anonymisation laboratoire",
    ),
    (
        "violation de données",
        "Cybersécurité",
        ["violation de données", "sécurité"],
        ["securite", "notification-violation"],
        ["hotellerie", "finance-assurance", "transport-energie"],
        "piratage fuite attaquants rançongiciel chiffrement notification soixante-douze heures incident journaux",
    ),
    (
        "surveillance des salariés",
        "Conformité RGPD",
        ["salariés", "vidéosurveillance"],
        ["principes", "base-legale"],
        ["emploi", "industrie-commerce"],
        "employeur caméras postes travail géolocalisation productivité indicateurs entrepôts représentants personnel",
    ),
    (
        "transferts",
        "Conformité RGPD",
        ["transferts hors UE", "grandes plateformes"],
        ["transferts"],
        ["telecoms-medias"],
        "États-Unis clauses contractuelles types surveillance renseignement adéquation garanties serveurs",
    ),
    (
        "enfants",
        "Droits des personnes",
        ["enfants", "consentement"],
        ["protection-des-la-conception", "information"],
        ["telecoms-medias"],
        "mineurs parents comptes publics âge vérification réseau social adolescents",
    ),
    (
        "droit d'accès",
        "Droits des personnes",
        ["droit d'accès"],
        ["droits-des-personnes"],
        ["telecoms-medias", "finance-assurance"],
        "copie demande délai mois réponse communication informations destinataires",
    ),
    (
        "droit à l'effacement",
        "Droits des personnes",
        ["droit à l'effacement", "droit à l'oubli"],
        ["droits-des-personnes"],
        ["telecoms-medias"],
        "suppression déréférencement moteur recherche effacement comptes anciens clients",
    ),
    (
        "conservation",
        "Conformité RGPD",
        ["durée de conservation"],
        ["conservation", "minimisation"],
        ["immobilier", "finance-assurance"],
        "archives purge anciens clients durée limitée base active archivage intermédiaire",
    ),
    (
        "sous-traitance",
        "Cybersécurité",
        ["sous-traitance", "sécurité"],
        ["sous-traitance", "securite"],
        ["sante", "secteur-public"],
        "prestataire contrat article instructions sous-traitant hébergeur audit clauses",
    ),
    (
        "mots de passe",
        "Cybersécurité",
        ["mots de passe", "sécurité"],
        ["securite"],
        ["telecoms-medias", "industrie-commerce"],
        "hachage sel authentification longueur gestionnaire comptes robustesse clair",
    ),
    (
        "publicité ciblée",
        "Conformité RGPD",
        ["publicité ciblée", "consentement"],
        ["base-legale", "information"],
        ["telecoms-medias"],
        "profilage annonces enchères courtiers partenaires identifiants publicitaires personnalisation",
    ),
    (
        "information",
        "Droits des personnes",
        ["information des personnes"],
        ["information"],
        ["industrie-commerce", "finance-assurance"],
        "politique confidentialité mentions transparence finalités clarté formulaires",
    ),
    (
        "DPO",
        "Conformité RGPD",
        ["information des personnes", "sous-traitance"],
        ["dpo", "registre"],
        ["secteur-public"],
        "délégué désignation missions indépendance registre analyse impact conformité",
    ),
]
# The editors' tag vocabulary, most used first; an article has 2 to 5 tags (editorial rule).
TAG_VOCABULARY = [
    "sécurité",
    "consentement",
    "information des personnes",
    "grandes plateformes",
    "salariés",
    "violation de données",
    "données de santé",
    "cookies",
    "prospection",
    "droit d'accès",
    "transferts hors UE",
    "publicité ciblée",
    "sous-traitance",
    "durée de conservation",
    "télécoms",
    "enfants",
    "vidéosurveillance",
    "mots de passe",
    "reconnaissance faciale",
    "droit à l'effacement",
    "droit d'opposition",
    "pseudonymisation",
    "anonymisation",
    "droit de rectification",
    "droit à la limitation",
    "droit à l'image",
    "droit à l'oubli",
]
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
SYLLABLES = [
    "ba",
    "ce",
    "di",
    "fo",
    "gu",
    "la",
    "me",
    "ni",
    "po",
    "ru",
    "sa",
    "te",
    "vi",
    "zo",
    "ran",
    "tel",
    "mor",
    "vil",
    "gan",
    "pel",
    "sor",
    "dun",
]
ORGANISATION_PARTS = [
    "Val",
    "Mor",
    "Lun",
    "Ber",
    "Cor",
    "Dal",
    "Fen",
    "Gar",
    "Hol",
    "Jas",
    "Kel",
    "Lor",
    "Mar",
    "Nor",
    "Pal",
    "Quin",
    "Ros",
    "Sal",
    "Tor",
    "Ver",
    "Zan",
    "Bel",
    "Cam",
    "Dor",
    "Esc",
    "Fal",
    "Gri",
    "Hel",
    "Ilo",
    "Jun",
]
ORGANISATION_ENDS = ["ia", "ex", "on", "ora", "is", "ea", "um", "ys", "ane", "ette"]
LEGAL_FORMS = ["SA", "SAS", "Ltd", "GmbH", "S.p.A.", "Inc."]
AUTHORITIES = ["cnil"] * 10 + [
    "garante",
    "aepd",
    "dpc",
    "ico",
    "ap-nl",
    "cnpd-lu",
    "hdpa",
    "imy-se",
    "uodo-pl",
    "datatilsynet-no",
]
FIRST_DAY, LAST_DAY = date(2018, 6, 1), date(2026, 11, 20)


def generate(output: Path, n: int, sanction_share: float = 0.6, seed: int = 1) -> None:
    """Write ``n`` articles (and the reference data) into the content folder ``output``."""
    rng = random.Random(seed)
    shutil.rmtree(output, ignore_errors=True)
    (output / "articles").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "data", output / "data")
    organisations: list[str] = []
    decisions: list[dict] = []
    written: list[str] = []  # earlier articles, relative to the content folder, for links
    for number in range(n):
        # Half the articles on a few frequent subjects (Pareto), half spread over all of them.
        topic = TOPICS[
            min(int(rng.paretovariate(1.2)) - 1, len(TOPICS) - 1) if rng.random() < 0.5 else rng.randrange(len(TOPICS))
        ]
        reports = rng.random() < sanction_share
        published, text = article_text(number, topic, reports, organisations, decisions, written, rng)
        relative = f"articles/{published.year}/article-{number:05d}.md"
        (output / relative).parent.mkdir(exist_ok=True)
        (output / relative).write_text(text, encoding="utf-8")
        written.append(relative)


def article_text(number, topic, reports, organisations, decisions, written, rng) -> tuple[date, str]:
    subject, guide_category, tags, _, _, words = topic
    published = FIRST_DAY + timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days))
    reported = (
        [a_decision(topic, published, organisations, decisions, rng) for _ in range(rng.choice([1, 1, 1, 1, 1, 2, 3]))]
        if reports
        else []
    )
    tags = list(tags[: rng.randint(1, len(tags))])
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
    text = f"---\n{yaml.dump(front, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)}---\n\n"
    return published, text + body(subject, words, reported, written, rng) + "\n"


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
        "breaches": breaches[: rng.randint(1, len(breaches))],
        "sector": rng.choice(sectors),
    }
    if rng.random() < 0.05:
        decision["currency"] = "GBP"
    decisions.append(decision)
    return decision


def body(subject: str, words: str, reported: list[dict], written: list[str], rng: random.Random) -> str:
    """500 to 1,100 words in sections with headings, a list each, and links to earlier articles."""
    vocabulary = words.split()
    rare = ["".join(rng.choices(SYLLABLES, k=3)).capitalize() for _ in range(4)]
    sentences = [f"L'affaire concerne aussi {rare[0]}, {rare[1]} et le service {rare[2]} de {rare[3]}."]
    sentences += [f"La décision vise {d['organisation']}, dont les pratiques ont été examinées." for d in reported]
    target, count = rng.randint(500, 1100), 0
    sections = []
    while count < target:
        paragraph = []
        for _ in range(5):
            if rng.random() < 0.55:
                picked = " ".join(rng.sample(vocabulary, 3))
                paragraph.append(f"Sur la question de {subject}, l'enjeu tient aux {picked} et à leur encadrement.")
            else:
                paragraph.append(rng.choice(GENERIC_SENTENCES))
        if written and rng.random() < 0.3:
            paragraph.append(f"Voir aussi [un article lié]({{filename}}/{rng.choice(written[-500:])}).")
        items = [f"- {rng.choice(GENERIC_SENTENCES)}" for _ in range(rng.randint(2, 4))]
        section = f"## {subject.capitalize()}, point {len(sections) + 1}\n\n" + " ".join(sentences + paragraph)
        sections.append(section + "\n\n" + "\n".join(items))
        count += len(section.split()) + sum(len(item.split()) for item in items)
        sentences = []
    return "\n\n".join(sections)


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


class _NoAliases(yaml.SafeDumper):
    """A decision reported twice in one article is written out twice: front matter has no anchors."""

    def ignore_aliases(self, data):
        return True
