"""What a web address may be, wherever a `source` is written: an article's front matter (the
schema), a CSV row (the import), a page (attribute, link), a feed, the open data.

Also how a value is shown in a message: refused characters as their code, never raw.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from portail.content.text import forbidden_characters
from portail.model.errors import EXPECTED, describe

# Besides what no page may carry (text.forbidden_characters): what a body may hold but a value of
# one line may not, since it would end or hide part of the line.
LINE_BREAKING = {
    "\t": "tabulation U+0009",
    "\n": "saut de ligne U+000A",
    "\r": "retour chariot U+000D",
    "\u2028": "séparateur de ligne U+2028",
    "\u2029": "séparateur de paragraphe U+2029",
    "\ufeff": "caractère invisible U+FEFF (indicateur d'ordre des octets)",
}
_SCHEME = re.compile(r"https?://")
_HOST = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?")
# RFC 3986 path, query and fragment characters, apostrophe aside: nothing to escape in Markdown
# link targets, YAML, HTML attributes or JSON.
_PATH_CHARACTER = re.compile(r"[A-Za-z0-9._~!$&()*+,;=:@/?#%-]")
# The rule for every `source`, wherever it is written (the schema's `Sanction.source` applies it).
SOURCE_PATTERN = re.compile(rf"{_SCHEME.pattern}{_HOST.pattern}(?:[/?#]{_PATH_CHARACTER.pattern}*)?", re.ASCII)


def refused_positions(text: str):
    """Positions, in order, of the characters a cell may not hold."""
    refused = set(forbidden_characters(text)) | {i for i, c in enumerate(text) if c in LINE_BREAKING}
    return iter(sorted(refused))


def visible(text: str, at: int = 0, limit: int = 60) -> str:
    """Up to ``limit`` characters of ``text`` around position ``at``, refused ones shown as codes."""
    start = max(0, min(at - limit // 2, len(text) - limit))
    piece = text[start : start + limit]
    for position in reversed(list(refused_positions(piece))):
        piece = f"{piece[:position]}⟨U+{ord(piece[position]):04X}⟩{piece[position + 1 :]}"
    return ("…" if start else "") + piece + ("…" if start + limit < len(text) else "")


def address_problem(text: str) -> tuple[str, str | None] | None:
    """(message, suggestion) when ``text`` is not an http(s) address that needs no escaping.

    The rule every `source` must follow, wherever it is written: http or https, a host name, then
    only RFC 3986 characters other than the apostrophe — no space, quote, angle bracket,
    backslash, accent or control character (``SOURCE_PATTERN``).
    """
    if SOURCE_PATTERN.fullmatch(text):
        return None
    scheme = _SCHEME.match(text)
    if scheme is None:
        return f"attendu : {EXPECTED['source']} ; trouvé : {describe(visible(text))}", None
    host = _HOST.match(text, scheme.end())
    rest = host.end() if host else scheme.end()
    bad = next((i for i in range(rest, len(text)) if not _PATH_CHARACTER.fullmatch(text[i])), None)
    if bad is not None:
        return (
            "attendu : une adresse web sans espace, guillemet, apostrophe, chevron, barre oblique inverse, accent "
            f"ni caractère de contrôle ; trouvé : {_character_in_address(text[bad])} en position {bad + 1} "
            f"dans « {visible(text, bad)} »",
            _address_hint(text[bad]),
        )
    return (
        f"attendu : une adresse web de la forme https://nom.de.domaine/chemin ; trouvé : {describe(visible(text))}",
        "copiez l'adresse depuis la barre d'adresse du navigateur",
    )


def _character_in_address(character: str) -> str:
    return "une espace" if character == " " else f"« {visible(character)} »"


def _address_hint(character: str) -> str:
    if character.isascii():
        where = _character_in_address(character)
        return (
            f"copiez l'adresse depuis la barre d'adresse du navigateur, où {where} s'écrit {quote(character, safe='')}"
        )
    return "copiez l'adresse depuis la barre d'adresse du navigateur, où les accents sont codés (é s'écrit %C3%A9)"
