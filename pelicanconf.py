"""Pelican settings for the GDPR portal (development build). See publishconf.py for production."""

from portail.formats import amount_fr, date_fr, number_fr
from portail.typography import typo

AUTHOR = "Rédaction"
# Who signs an article without `authors:` (ids of content/data/authors.yaml).
PORTAIL_DEFAULT_AUTHORS = ["redaction"]
SITENAME = "Portail RGPD"
SITESUBTITLE = "Sanctions, droits des personnes et cybersécurité"
SITEURL = ""

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "fichiers"]
# Reference data (authorities, breach types, sectors), relative to PATH.
PORTAIL_DATA_PATH = "data"
IGNORE_FILES = [".#*", "*~", "README*"]

TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
# Dates and amounts are formatted by babel (the date_fr/amount_fr filters), never by the
# system locale: a missing locale would make Pelican drop articles.
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

# The site's sections. An article's `category` must be one of these (checked at build).
PORTAIL_CATEGORIES = [
    "Amendes CNIL",
    "Sanctions en Europe",
    "Droits des personnes",
    "Cybersécurité",
    "Conformité RGPD",
]
# Folder of content/articles/ where `make new` and the import put a category's articles;
# a category left out gets the slug of its name (« Amendes CNIL » -> amendes-cnil).
PORTAIL_CATEGORY_FOLDERS = {"Sanctions en Europe": "sanctions-europe"}
# Main navigation: (label, kind, target, sub-items). kind is "url", "category", "tag" or
# "taxonomy" (target: a sanction grouping, its terms become the submenu); a section's
# sub-items (label, kind, target) form its submenu (folded, on phones and wide screens).
PORTAIL_NAVIGATION = [
    (
        "Sanctions",
        "url",
        "sanctions/",
        [
            ("Par autorité", "url", "sanctions/autorites/"),
            ("Par année", "url", "sanctions/annees/"),
            ("Par manquement", "url", "sanctions/manquements/"),
            ("Statistiques", "url", "sanctions/statistiques/"),
        ],
    ),
    (
        "Droits des personnes",
        "category",
        "Droits des personnes",
        [
            ("Accès", "tag", "droit d'accès"),
            ("Effacement", "tag", "droit à l'effacement"),
            ("Opposition", "tag", "droit d'opposition"),
            ("Rectification", "tag", "droit de rectification"),
            ("Limitation", "tag", "droit à la limitation"),
            ("Image", "tag", "droit à l'image"),
            ("Oubli", "tag", "droit à l'oubli"),
        ],
    ),
    ("Amendes CNIL", "category", "Amendes CNIL", []),
    ("Sanctions en Europe", "category", "Sanctions en Europe", []),
    ("Cybersécurité", "category", "Cybersécurité", []),
    ("Conformité RGPD", "category", "Conformité RGPD", []),
    # A "taxonomy" entry lists every term of a grouping of the sanction pages as its submenu.
    ("Secteurs d’activité", "taxonomy", "sector", []),
]

# The portal's one plugin (plugins/portail/site), then third-party ones.
# Always list plugins: unset, Pelican would enable every installed one.
PLUGINS = ["portail.site", "pelican.plugins.sitemap"]

# « À lire aussi » (portail.site.related_articles): the weight of each signal. Those left out keep
# their default (portail.related.DEFAULT_WEIGHTS); 0 turns a signal off. `decision` stays above
# the sum of the others, so that two articles on one decision always list each other.
# `python scripts/explain_related.py A B` shows the score of each signal between two articles.
RELATED_ARTICLES_WEIGHTS = {
    "decision": 12.0,  # report the same decision
    "organisation": 3.0,  # decisions against the same organisation
    "text": 4.0,  # title, summary and body (TF-IDF)
    "tag": 2.5,
    "gdpr_article": 0.5,  # GDPR articles cited by the decisions or named in the text
    "breach": 0.5,
    "authority": 0.25,
    "sector": 0.25,
    "category": 0.25,
    "recency": 0.25,  # halves every RELATED_ARTICLES_HALF_LIFE_DAYS before the newest article
}
RELATED_ARTICLES_LIMIT = 5
RELATED_ARTICLES_HALF_LIFE_DAYS = 730

THEME = "themes/portail"
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "extensions": []}
# typo: French spaces and apostrophes for a text a template builds itself (titles and summaries
# of articles and pages already show them: portail.site.typography).
JINJA_FILTERS = {"date_fr": date_fr, "amount_fr": amount_fr, "number_fr": number_fr, "typo": typo}

# Summaries are plain text written by editors (used for meta descriptions too): not Markdown.
FORMATTED_FIELDS = []
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"toc_depth": "2", "permalink": False},
        "markdown.extensions.smarty": {"smart_quotes": False},
        # French spaces before « : ; ? ! », inside « », in amounts, and typographic apostrophes.
        "portail.typography:FrenchTypographyExtension": {},
    },
    "output_format": "html5",
}

# Apostrophes become hyphens in slugs: « droit d'accès » -> droit-d-acces.
SLUG_REGEX_SUBSTITUTIONS = [
    (r"['’]", "-"),
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]
SLUGIFY_SOURCE = "basename"

ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
# Preview: drafts and scheduled articles are written, with a banner, and listed at
# DRAFTS_INDEX_URL. publishconf.py turns this off: the published site has none of them.
PORTAIL_PREVIEW = True
DRAFTS_INDEX_URL = "brouillons/"
DRAFT_URL = "brouillons/{slug}/"
DRAFT_SAVE_AS = "brouillons/{slug}/index.html"
DRAFT_PAGE_URL = "brouillons/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "brouillons/pages/{slug}/index.html"
# A rebuild goes online with the search index of the site before it and indexes its changed
# pages in the background (portail.site.search). publishconf.py and previewconf.py index inline.
PORTAIL_SEARCH_IN_BACKGROUND = True
# An article dated in the future is held back (as a draft) until that date.
WITH_FUTURE_DATES = False
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "categories/{slug}/"
CATEGORY_SAVE_AS = "categories/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "etiquettes/{slug}/"
TAG_SAVE_AS = "etiquettes/{slug}/index.html"
TAGS_URL = "etiquettes/"
TAGS_SAVE_AS = "etiquettes/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
# One page per author of content/data/authors.yaml who signs an article, named by its id
# (portail.site.people); AUTHORS_URL lists them all.
AUTHOR_URL = "auteurs/{slug}/"
AUTHOR_SAVE_AS = "auteurs/{slug}/index.html"
AUTHORS_URL = "auteurs/"
AUTHORS_SAVE_AS = "auteurs/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
# Sanction pages (portail.site.sanction_pages). Each URL is written as URL + index.html.
SANCTIONS_INDEX_URL = "sanctions/"
SANCTION_URL = "sanctions/{identity}/"
SANCTION_STATISTICS_URL = "sanctions/statistiques/"
# (statistics grouping, folder under SANCTIONS_INDEX_URL, title, singular)
SANCTION_TAXONOMIES = [
    ("authority", "autorites", "Autorités", "autorité"),
    ("year", "annees", "Années", "année"),
    ("breach", "manquements", "Types de manquement", "type de manquement"),
    ("sector", "secteurs", "Secteurs", "secteur"),
]
INDEX_SAVE_AS = "index.html"

# recherche: the search page (Pagefind, indexed after the build); robots: robots.txt;
# abonnement: « S'abonner », every feed of the site; authors: every author (AUTHORS_SAVE_AS).
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "recherche", "robots", "abonnement", "authors"]
RECHERCHE_URL = "recherche/"
RECHERCHE_SAVE_AS = "recherche/index.html"
ROBOTS_SAVE_AS = "robots.txt"
ABONNEMENT_URL = "abonnement/"
ABONNEMENT_SAVE_AS = "abonnement/index.html"
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Written by portail.site.feeds: new decisions, and the decisions of each authority.
SANCTIONS_FEED_ATOM = "feeds/sanctions.atom.xml"
AUTHORITY_FEED_ATOM = "feeds/autorites/{id}.atom.xml"

# Articles only: each carries its own dates (modified, else date), so every `lastmod` is true.
# Listings and fixed pages have none: the plugin would stamp the build time on them.
SITEMAP = {"format": "xml", "exclude": [r"^(?!articles/)"]}

DELETE_OUTPUT_DIRECTORY = True
# scripts/build.py (make html, make devserver) turns this on, and DELETE_OUTPUT_DIRECTORY off: it
# builds into the folder of the site before last, rewriting only changed files and sweeping the
# others (portail.site.parallel, portail.plumbing.output), many times cheaper than an empty folder.
PORTAIL_REWRITE_IN_PLACE = False
# Pelican's content cache, by content hash: an unchanged file is not read again. The portal
# empties it when reference data, settings or its own code change (portail.site.reading).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "sha1"
GZIP_CACHE = False  # the cache is read and written on every build: no time spent compressing it
# Articles are read and pages rendered by this many processes (portail.site.parallel);
# None: one per core; 1: serially, in this process.
PARALLEL_BUILD_PROCESSES = None
