"""Create an article ready to fill in (`make new`): a draft whose front matter says what to write.

    python scripts/new_article.py [--title TITRE] [--category RUBRIQUE] [--sanction | --no-sanction]
        [--date AAAA-MM-JJ] [--slug ADRESSE] [--content DOSSIER]

Asks (in French) for what the options leave out. The file goes to
content/articles/<category folder>/<slug>.md; the date stays in the front matter, since the
file name is the article's address. Exit codes: 0 created, 1 the file or its address already
exists (nothing written), 2 bad options or answers.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from portail.commands import settings as site_settings
from portail.commands.options import FrenchArgumentParser
from portail.content.authoring import (
    AuthoringError,
    article_slug,
    category_folder,
    read_articles,
    resolve_category,
    schema_comment,
    yaml_value,
)
from portail.model.decisions import slugify
from portail.model.problems import ContentError
from portail.model.reference import ID_PATTERN, load_reference
from portail.model.schema import SANCTION_STATUSES, PublicationDate, ValidationContext

PROG = "new_article.py"
YES, NO = ("o", "oui", "y", "yes"), ("n", "non", "no", "")


class UsageError(Exception):
    """A bad option or answer: French message, exit code 2."""


def parse_arguments(argv):
    parser = FrenchArgumentParser(prog=PROG, description="Crée un article à compléter (brouillon).")
    parser.add_argument("--title", metavar="TITRE", help="titre de l'article")
    parser.add_argument("--category", metavar="RUBRIQUE", help="rubrique : son nom ou son numéro")
    parser.add_argument(
        "--sanction",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="l'article rapporte une décision (--no-sanction : non)",
    )
    parser.add_argument("--date", metavar="AAAA-MM-JJ", help="date de publication (défaut : aujourd'hui)")
    parser.add_argument("--slug", metavar="ADRESSE", help="nom du fichier et adresse (défaut : tiré du titre)")
    parser.add_argument("--content", default="content", metavar="DOSSIER", help="dossier de contenu (défaut : content)")
    parser.add_argument("--settings", default=str(site_settings.DEFAULT_SETTINGS), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def checked_title(title: str, option: str = "--title") -> str:
    title = title.strip()
    if not slugify(title):
        raise UsageError(f"{option} : un titre avec des lettres ou des chiffres est attendu ; trouvé « {title} »")
    return title


def checked_date(text: str):
    try:
        return TypeAdapter(PublicationDate).validate_python(text.strip())
    except ValidationError as error:
        detail = error.errors(include_url=False)[0]
        hint = (detail.get("ctx") or {}).get("suggestion")
        raise UsageError(f"--date : {detail['msg']}" + (f" — {hint}" if hint else "")) from None


def checked_slug(slug: str) -> str:
    if not ID_PATTERN.match(slug):
        raise UsageError(
            f"--slug : minuscules sans accent, chiffres et tirets attendus ; trouvé « {slug} »"
            + (f" — écrivez « {slugify(slug)} »" if slugify(slug) else "")
        )
    return slug


def ask(question: str, answer):
    """Ask until ``answer`` accepts the reply; it raises UsageError or AuthoringError to ask again."""
    while True:
        try:
            return answer(input(question))
        except (UsageError, AuthoringError) as error:
            print(error, file=sys.stderr)


def yes_or_no(reply: str) -> bool:
    reply = reply.strip().lower()
    if reply in YES + NO:
        return reply in YES
    raise UsageError("répondez o (oui) ou n (non)")


def ask_category(categories) -> str:
    print("Rubriques :")
    for number, category in enumerate(categories, start=1):
        print(f"  {number}. {category}")
    return ask("Rubrique (numéro ou nom) : ", lambda reply: resolve_category(reply, categories))


def scaffold(title: str, day, category: str, categories, slug: str, with_sanction: bool, modeline: str) -> str:
    """The file's text: every field of the front matter, with what to write in French comments."""
    lines = [
        "---",
        modeline,
        "# En-tête de l'article. Complétez les champs vides : tant qu'il en reste, la construction et",
        "# « make check » les signalent un par un. Les lignes qui commencent par # sont des commentaires.",
        "",
        "# Titre, tel qu'il apparaît sur la page et dans les listes.",
        f"title: {yaml_value(title)}",
        "# Date de publication, AAAA-MM-JJ (heure HH:MM facultative). Une date future retient l'article",
        "# jusqu'à ce jour-là.",
        f"date: {yaml_value(day)}",
        "# Date de la dernière mise à jour importante, après la publication : enlevez le # et complétez.",
        "# modified: AAAA-MM-JJ",
        f"# Rubrique, l'une de : {', '.join(categories)}.",
        f"category: {yaml_value(category)}",
        "# Étiquettes : quelques mots-clés en minuscules entre crochets, séparés par des virgules,",
        "# par exemple [données de santé, sécurité]. Reprenez les étiquettes existantes quand elles conviennent.",
        "tags: []",
        "# Résumé : une ou deux phrases en texte simple, 160 caractères au plus, entre guillemets ;",
        "# il est repris dans les listes, les flux et les résultats des moteurs de recherche.",
        'summary: ""',
        "# Auteurs, facultatif (par défaut : la rédaction) : identifiants de content/data/authors.yaml.",
        "# authors: [redaction]",
        "# Secteurs d'activité concernés, facultatif : identifiants de content/data/sectors.yaml.",
        "# sectors: [sante]",
        "# Image principale, facultatif : un fichier de content/images/ et sa description (obligatoire).",
        "# image:",
        "#   file: images/nom-du-fichier.png",
        '#   alt: "Ce que montre l\'image"',
        "# draft : brouillon, jamais mis en ligne (visible seulement dans l'aperçu, sous /brouillons/).",
        "# Écrivez published quand l'article est prêt à paraître.",
        "status: draft",
        "# Articles à proposer en lecture, facultatif : le nom de leur fichier, sans .md.",
        "# related: [nom-d-un-article]",
        f"# Adresse de l'article, facultatif : par défaut le nom du fichier ({slug}).",
        "# Ne la changez plus après la publication : les liens vers l'article seraient cassés.",
        f"# slug: {slug}",
        "# Langue, seulement pour un article qui n'est pas en français (code à deux lettres).",
        "# lang: en",
    ]
    if with_sanction:
        lines += SANCTION_BLOCK
    lines += ["---", "", BODY_WITH_DECISION if with_sanction else BODY, ""]
    return "\n".join(lines)


SANCTION_BLOCK = [
    "# La décision rapportée. Pour plusieurs décisions, répétez le bloc à partir de « - authority: ».",
    "sanctions:",
    "    # Autorité : identifiant de content/data/authorities.yaml (cnil, dpc, garante, ico…).",
    "  - authority:",
    "    # Organisme sanctionné, entre guillemets, tel que la décision le nomme.",
    "    organisation:",
    "    # Date de la décision (pas celle de sa publication), AAAA-MM-JJ.",
    "    decision_date: AAAA-MM-JJ",
    '    # Référence de la décision si elle est publique, entre guillemets ("SAN-2024-013"), sinon null.',
    "    reference: null",
    "    # Montant en unités de la devise, nombre entier sans espace ni symbole (800000) ;",
    "    # null si le montant n'est pas communiqué.",
    "    amount: null",
    "    # Devise, code ISO 4217 : EUR, GBP, CHF…",
    "    currency: EUR",
    "    # Manquements retenus : identifiants de content/data/breaches.yaml, par ex. [securite, base-legale].",
    "    breaches: []",
    '    # Articles du RGPD cités, facultatif, entre guillemets : ["5(1)(a)", "32"].',
    "    articles: []",
    "    # Secteur de l'organisme : identifiant de content/data/sectors.yaml (sante, telecoms-medias…).",
    "    sector:",
    "    # Statut : " + ", ".join(f"{status} ({label})" for status, label in SANCTION_STATUSES.items()) + ".",
    "    status: final",
    "    # Adresse du texte de la décision (Légifrance, site de l'autorité), entre guillemets, sinon null.",
    "    source: null",
    "    # Identifiant de la décision, facultatif : seulement pour distinguer deux décisions de la même",
    "    # autorité, du même jour, contre le même organisme (minuscules, chiffres et tirets).",
    "    # id: autorite-aaaa-mm-jj-organisme-2",
    "    # Décisions distinctes de celle-ci, facultatif : seulement si `make check` la prend à tort pour",
    "    # une autre (même autorité, même organisme, même montant, dates proches) ; l'identité est dans son message.",
    "    # distinct_from: [autorite-aaaa-mm-jj-organisme]",
]
HEADINGS = "Les intertitres commencent à « ## » (le titre de l'article est déjà le « # »)."
BODY = (
    "À COMPLÉTER : le texte de l'article, en Markdown. Commencez par l'essentiel en une ou deux phrases.\n" + HEADINGS
)
BODY_WITH_DECISION = (
    "À COMPLÉTER : le texte de l'article, en Markdown. Commencez par les faits : l'autorité,\n"
    "la date, l'organisme, le montant et les manquements retenus, avec un lien vers la décision.\n" + HEADINGS
)


def answers(args, categories):
    """Title, category and whether a decision is reported: from the options, else asked."""
    title = checked_title(args.title) if args.title is not None else None
    category = resolve_category(args.category, categories) if args.category is not None else None
    if title is None or category is None or args.sanction is None:
        print("Nouvel article (Ctrl+C pour abandonner).")
    if title is None:
        title = ask("Titre : ", lambda reply: checked_title(reply, "titre"))
    if category is None:
        category = ask_category(categories)
    with_sanction = args.sanction
    if with_sanction is None:
        with_sanction = ask("L'article rapporte-t-il une décision d'une autorité (sanction) ? [o/N] : ", yes_or_no)
    return title, category, with_sanction


def main(argv=None) -> int:
    args = parse_arguments(argv)
    content = Path(args.content)
    try:
        if not content.is_dir():
            raise UsageError(f"--content : dossier de contenu introuvable : {content}")
        day = checked_date(args.date) if args.date is not None else date.today()
        slug = checked_slug(args.slug) if args.slug is not None else None
        settings = site_settings.load(args.settings, content)
        categories = settings["PORTAIL_CATEGORIES"]
        title, category, with_sanction = answers(args, categories)
    except AuthoringError as error:
        print(f"{PROG} : --category : {error}", file=sys.stderr)
        return 2
    except UsageError as error:
        print(f"{PROG} : {error}", file=sys.stderr)
        return 2
    except EOFError:
        print(
            f"\n{PROG} : pas de réponse ; sans questions, donnez --title, --category et --sanction ou --no-sanction.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("\nAbandon : aucun fichier créé.", file=sys.stderr)
        return 130
    slug = slug or article_slug(title)
    articles = content / settings["ARTICLE_PATHS"][0]
    target = articles / category_folder(category, settings["PORTAIL_CATEGORY_FOLDERS"]) / f"{slug}.md"
    try:
        problem = address_taken(target, slug, articles, content, settings)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    if problem:
        print(
            f"{PROG} : {problem} Aucun fichier n'a été créé ; choisissez un autre titre ou une autre adresse (--slug).",
            file=sys.stderr,
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as stream:  # "x": never overwrite, even in a race
        stream.write(scaffold(title, day, category, categories, slug, with_sanction, schema_comment(target)))
    preview, published = (settings[name].format(slug=slug) for name in ("DRAFT_URL", "ARTICLE_URL"))
    print(
        f"Article créé : {target}\n"
        f"Aperçu : /{preview} ; une fois publié : /{published}\n"
        "Complétez l'en-tête (les commentaires disent quoi écrire), puis prévisualisez avec « make devserver »."
    )
    return 0


def address_taken(target: Path, slug: str, articles: Path, content: Path, settings) -> str | None:
    """Why ``target`` cannot be created: the file exists, or another article has its address."""
    if target.exists():
        return f"le fichier {target} existe déjà."
    if not articles.is_dir():
        return None
    reference = load_reference(content / settings["PORTAIL_DATA_PATH"], content)
    context = ValidationContext.of_site(reference, settings)
    for article in read_articles(articles, context, content):
        if site_settings.slug_of(article.path, article, settings) == slug:
            return f"l'adresse « {slug} » est déjà celle de {article.path}."
    return None


if __name__ == "__main__":
    sys.exit(main())
