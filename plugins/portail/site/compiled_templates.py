"""Templates compiled once, not at every build: Jinja's bytecode cache, in the cache folder.

Every Pelican generator has its own Jinja environment and compiles each template it loads
(a second of every rebuild). Jinja keys a compiled template by the hash of its source; the
files sit directly in CACHE_PATH, which is emptied when the settings or the portal's code change
(portail.site.reading), so a change of Jinja options never meets code compiled under the old.
"""

from __future__ import annotations

from jinja2 import FileSystemBytecodeCache


def use_bytecode_cache(generator) -> None:
    cache = generator.settings.get("CACHE_PATH")
    if cache and generator.settings.get("LOAD_CONTENT_CACHE"):
        generator.env.bytecode_cache = FileSystemBytecodeCache(cache, "modele-%s.cache")
