"""Fingerprints that say when a cache no longer describes what it was made from."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path


def fingerprint(files: Iterable[Path], *values) -> str:
    """A hash of the files' names and bytes, and of plain values (unserialisable ones are skipped)."""
    digest = hashlib.sha1()
    for path in sorted(Path(f) for f in files):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(json.dumps(values, sort_keys=True, default=lambda _value: None).encode())
    return digest.hexdigest()


def plain_settings(settings: dict) -> dict:
    """The settings that are plain data: enough to tell that pelicanconf.py changed."""
    return {key: value for key, value in settings.items() if _is_plain(value)}


def _is_plain(value) -> bool:
    if isinstance(value, (str, int, float, bool, type(None))):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _is_plain(item) for key, item in value.items())
    return False
