"""Production settings: the development settings plus the public address of the site."""

import os
import runpy
from pathlib import Path

# The development settings, read from the file beside this one (no import path needed).
globals().update(
    (name, value)
    for name, value in runpy.run_path(str(Path(__file__).with_name("pelicanconf.py"))).items()
    if name.isupper()
)

# Set PORTAIL_SITEURL to the public address, without a trailing slash.
SITEURL = os.environ.get("PORTAIL_SITEURL", "https://portail-rgpd.example")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
# The search index is made by the build itself, never after it.
PORTAIL_SEARCH_IN_BACKGROUND = False

# The published site has no draft and no article dated in the future, nor their listing.
PORTAIL_PREVIEW = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
