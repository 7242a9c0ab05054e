"""The site's settings as the scripts need them: read once, the way Pelican reads them."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican.settings import read_settings
from pelican.utils import slugify

ROOT = Path(__file__).resolve().parents[3]  # the project: plugins/portail/<stage>/<module>.py
DEFAULT_SETTINGS = ROOT / "pelicanconf.py"


def load(settings_file: str | Path, content: str | Path) -> dict:
    # Pelican warns about feed addresses when reading settings; they do not concern the scripts.
    logging.getLogger("pelican.settings").setLevel(logging.ERROR)
    return read_settings(str(settings_file), override={"PATH": os.path.abspath(content)})


def slug_of(path: Path, meta, settings: dict) -> str:
    """The slug Pelican gives the file: its `slug` field, else its file name (SLUGIFY_SOURCE)."""
    return getattr(meta, "slug", None) or slugify(path.stem, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])
