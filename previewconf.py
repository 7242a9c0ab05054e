"""Shareable preview settings (make preview-site): the development settings, drafts and
scheduled articles included, at an absolute address, and closed to search engines.

The folder it builds is meant to be served behind access control (deploy/preview.md): the
noindex meta and robots.txt only guard against a link that leaks.
"""

import os
import runpy
from pathlib import Path

# The development settings, read from the file beside this one (no import path needed).
globals().update(
    (name, value)
    for name, value in runpy.run_path(str(Path(__file__).with_name("pelicanconf.py"))).items()
    if name.isupper()
)

# Set PORTAIL_PREVIEW_SITEURL to the address of the preview, without a trailing slash: links
# sent to a colleague or a client must work wherever the folder is deployed.
SITEURL = os.environ.get("PORTAIL_PREVIEW_SITEURL", "https://apercu.portail-rgpd.example").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
# The search index is made by the build itself, never after it.
PORTAIL_SEARCH_IN_BACKGROUND = False

# Drafts and scheduled articles written, with their banner, and listed at DRAFTS_INDEX_URL.
PORTAIL_PREVIEW = True
# Scheduled articles stay held back as drafts: the preview shows them as the readers will not
# see them yet (« programmé pour le … »), never mixed into the listings and feeds.
WITH_FUTURE_DATES = False
# Every page carries <meta name="robots" content="noindex"> and robots.txt disallows everything
# (themes/portail/templates/base.html, robots.html).
PORTAIL_NOINDEX = True
