"""Pelican settings for the GDPR portal (development build). See publishconf.py for production."""

from portail.formats import amount_fr, date_fr, number_fr

AUTHOR = "Rédaction"
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
# Main navigation: (label, kind, target). kind is "url", "category" or "tag"; the tag
# sub-items under a section appear in its menu.
PORTAIL_NAVIGATION = [
    ("Sanctions", "url", "sanctions/", []),
    ("Droits des personnes", "category", "Droits des personnes", [
        ("Accès", "tag", "droit d'accès"),
        ("Effacement", "tag", "droit à l'effacement"),
        ("Opposition", "tag", "droit d'opposition"),
        ("Rectification", "tag", "droit de rectification"),
        ("Limitation", "tag", "droit à la limitation"),
        ("Image", "tag", "droit à l'image"),
        ("Oubli", "tag", "droit à l'oubli"),
    ]),
    ("Cybersécurité", "category", "Cybersécurité", []),
    ("Conformité RGPD", "category", "Conformité RGPD", []),
    ("Secteurs", "url", "sanctions/#secteurs", []),
]

PLUGIN_PATHS = ["plugins"]
# Always list plugins: unset, Pelican would enable every installed one.
PLUGINS = ["strict_content", "sanction_pages", "article_neighbours"]

THEME = "themes/portail"
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "extensions": []}
JINJA_FILTERS = {"date_fr": date_fr, "amount_fr": amount_fr, "number_fr": number_fr}

# Summaries are plain text written by editors (used for meta descriptions too): not Markdown.
FORMATTED_FIELDS = []
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"toc_depth": "2", "permalink": False},
        "markdown.extensions.smarty": {"smart_quotes": False},
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
DRAFT_URL = "brouillons/{slug}/"
DRAFT_SAVE_AS = "brouillons/{slug}/index.html"
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
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
SANCTIONS_INDEX_URL = "sanctions/"
SANCTIONS_INDEX_SAVE_AS = "sanctions/index.html"
INDEX_SAVE_AS = "index.html"

DIRECT_TEMPLATES = ["index", "categories", "tags", "archives"]
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

DELETE_OUTPUT_DIRECTORY = True
CACHE_CONTENT = False
