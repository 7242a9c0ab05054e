"""Closest valid value for a misspelt one: « cnill » -> « cnil »."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from unidecode import unidecode


def _folded(text: str) -> str:
    return unidecode(str(text)).casefold().strip()


def closest(value: object, choices: Iterable[str], aliases: Mapping[str, str] | None = None) -> str | None:
    """The choice an editor most likely meant, or None.

    ``aliases`` maps other spellings (a label, a short name) to a choice, so that
    ``authority: CNIL`` or ``sector: Santé`` suggests the id to write.
    """
    choices = list(choices)
    folded = _folded(value)
    by_fold = {_folded(c): c for c in choices}
    by_fold.update({_folded(alias): choice for alias, choice in (aliases or {}).items()})
    if folded in by_fold:
        return by_fold[folded]
    match = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.6)
    return by_fold[match[0]] if match else None


def did_you_mean(value: object, choices: Iterable[str], aliases: Mapping[str, str] | None = None) -> str | None:
    guess = closest(value, choices, aliases)
    return f"vouliez-vous dire « {guess} » ?" if guess is not None else None
