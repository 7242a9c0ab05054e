"""French typography for what a reader sees: no-break spaces and typographic apostrophes.

The spaces follow the Lexique des règles typographiques de l'Imprimerie nationale, as French
newspapers set them: a narrow no-break space (U+202F) before « ; ? ! » and between groups of
digits (what babel writes in « 800 000 € »), a word-wide no-break space (U+00A0) before « : »,
inside « » and between a number and its unit (« 800 000 € », « 20 % »). Both keep the sign on
the line of the word it belongs to; the colon and the guillemets get the wider one because the
colon is spaced like a word and a narrow space inside « » reads as glued on a phone.

``french`` is one pure function over plain text, used three ways: the ``typo`` template filter,
``FrenchText`` (a title or summary that shows typographic in HTML and stays as written in JSON-LD,
feeds and open data) and the Markdown treeprocessor for bodies (text nodes only: never code, an
attribute, a tag or an address).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX
from markupsafe import Markup, escape

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACE = "[ \t\n\r\u00a0\u202f]"
_LETTER = r"[^\W\d_]"

# Order matters only between rules that touch the same space; each rule is idempotent.
_RULES = (
    # l'article, aujourd'hui: between two letters only ('simples' quotes stay as written).
    (re.compile(rf"(?<={_LETTER})'(?={_LETTER})"), "’"),
    # 800 000 / 1 200 000: groups of three digits after a first group of one to three.
    (
        re.compile(rf"(?<![\d.,])\d{{1,3}}(?:{_SPACE}\d{{3}})+(?![\d])"),
        lambda match: re.sub(_SPACE, NNBSP, match.group()),
    ),
    # 800 000 €, 20 %, 3 millions d'euros.
    (re.compile(rf"(?<=\d){_SPACE}+(?=(?:€|%|£|\$|M€|k€|euros?\b|millions?\b|milliards?\b))"), NBSP),
    # « ; ? ! »: the space the editor typed becomes a narrow no-break one...
    (re.compile(rf"(?<=\S){_SPACE}+(?=[;?!])"), NNBSP),
    # ...and one is added after a word when there was none (« RGPD? » -> « RGPD ? »). Not before
    # « ; »: « &amp; » written as text must stay as written.
    (re.compile(r"(?:(?<=[^\W_])|(?<=[»)\]]))(?=[?!](?:\s|$))"), NNBSP),
    (re.compile(rf"(?<=\S){_SPACE}+(?=:)"), NBSP),
    # « Note: » -> « Note : » only between a word and a space: never 10:30, https://, {: #id }.
    (re.compile(rf"(?:(?<={_LETTER})|(?<=[»)]))(?=:(?:\s|$))"), NBSP),
    (re.compile(rf"«{_SPACE}*"), "«" + NBSP),
    (re.compile(rf"{_SPACE}*»"), NBSP + "»"),
    (re.compile(r"\.\.\."), "…"),
)


def french(text: str) -> str:
    """``text`` (plain text, not HTML) with French spaces and apostrophes; idempotent."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text


def typo(value):
    """The ``typo`` template filter: plain text made French; HTML (Markup) is left alone."""
    if value is None or isinstance(value, Markup) or hasattr(value, "__html__"):
        return value
    return french(str(value))


class FrenchText(str):
    """A title or summary as the editor wrote it, shown with French typography in HTML.

    Jinja's autoescape asks ``__html__`` of what it prints, so ``{{ article.title }}`` is typographic
    in every template without a filter; JSON (``|tojson``), feeds and open data read the str itself,
    which stays as written. Anything that makes a new string (``~``, ``|truncate``) gives plain text.
    """

    __slots__ = ()

    def __html__(self) -> str:
        return escape(french(str(self)))  # Markup: not escaped again (Markup.format, |e)

    def __reduce__(self):  # pickled into workers and the cache as itself
        return (FrenchText, (str(self),))


def french_text(value):
    return FrenchText(value) if isinstance(value, str) and not isinstance(value, Markup) else value


# --- Markdown bodies ------------------------------------------------------------------------

# Text never set in French: code, and what is not prose.
_LITERAL = frozenset({"code", "pre", "kbd", "samp", "var", "script", "style", "math", "svg"})
# Raw HTML and smarty's entities wait in the stash as STX wzxhzdk:N ETX: kept whole.
_PLACEHOLDER = re.compile(f"{STX}[^{ETX}]*{ETX}")
_HOLD = "\ue000"  # a private-use character: no rule matches or moves it


def _french_around_placeholders(text: str) -> str:
    held = _PLACEHOLDER.findall(text)
    if not held:
        return french(text)
    pieces = french(_PLACEHOLDER.sub(_HOLD, text)).split(_HOLD)
    return "".join(piece + (held[i] if i < len(held) else "") for i, piece in enumerate(pieces))


class FrenchTypography(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        self._walk(root)

    def _walk(self, element: ET.Element) -> None:
        for child in element:
            if child.tag not in _LITERAL:
                # A link that shows its own address is an address, not prose.
                if child.text and child.text != child.get("href"):
                    child.text = _french_around_placeholders(child.text)
                self._walk(child)
            if child.tail:
                child.tail = _french_around_placeholders(child.tail)


class FrenchTypographyExtension(Extension):
    """``MARKDOWN["extension_configs"]["portail.typography:FrenchTypographyExtension"] = {}``."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's name)
        # After inline patterns (20), abbreviations (7) and attribute lists (8): text is final;
        # before the table of contents (5), so that its entries read like the headings.
        md.treeprocessors.register(FrenchTypography(md), "french_typography", 6)


def makeExtension(**kwargs):  # noqa: N802 (Markdown's name)
    return FrenchTypographyExtension(**kwargs)
