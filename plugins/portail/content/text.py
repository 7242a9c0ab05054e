"""Source text as editors' tools save it: bytes to text, and the characters a page cannot carry."""

from __future__ import annotations

import re

from portail.model.problems import Problem

# Characters no page, feed or XML file may carry, or that hide what a text says: C0 controls but
# TAB, LF and CR, DEL and C1 controls; bidirectional embeddings, overrides and isolates (they can
# disguise a name); lone surrogates; Unicode non-characters (U+FDD0–U+FDEF, U+xFFFE and U+xFFFF
# of every plane; U+FFFE breaks XML). The class takes every astral character from U+1FFFE on and
# is narrowed in Python: listing the 32 astral non-characters one by one makes it 12 times slower.
_CANDIDATE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe-\U0010ffff]"
)


def forbidden_characters(text: str):
    """Positions of the characters of ``text`` that no page may carry."""
    for match in _CANDIDATE.finditer(text):
        point = ord(match.group())
        if point < 0x10000 or point & 0xFFFE == 0xFFFE:
            yield match.start()


def has_forbidden_character(text: str) -> bool:
    return _CANDIDATE.search(text) is not None and next(forbidden_characters(text), None) is not None


_NAMES = {
    0x00: "caractère nul",
    0x07: "sonnerie",
    0x08: "retour arrière",
    0x0B: "tabulation verticale",
    0x0C: "saut de page",
    0x1B: "échappement",
    0x7F: "suppression",
    0x85: "passage à la ligne suivante",
    0x202A: "enchâssement gauche à droite",
    0x202B: "enchâssement droite à gauche",
    0x202C: "fin d'enchâssement",
    0x202D: "forçage gauche à droite",
    0x202E: "forçage droite à gauche",
    0x2066: "isolat gauche à droite",
    0x2067: "isolat droite à gauche",
    0x2068: "isolat de direction déterminée",
    0x2069: "fin d'isolat",
}

_ESCAPED = re.compile("[\udc80-\udcff]")

# Lines reported per body: a file full of such characters needs one fix, not a page of problems.
_MAX_REPORTED = 5


def decode_source(raw: bytes, shown: str) -> tuple[str | None, list[Problem]]:
    """The text of a source file: UTF-8 with or without a byte order mark, line ends made LF.

    A file in another encoding gives None and a problem naming the line of the first bad byte
    and the encoding the editor's tool most likely used.
    """
    head = raw[:200]
    if (head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head) and (utf16 := _utf16(raw)):
        # Without a byte order mark, ASCII text in UTF-16 is valid UTF-8 full of U+0000.
        return None, [_problem(None, f"le fichier n'est pas en UTF-8 mais en {utf16}", shown)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return None, [_encoding_problem(raw, error.start, shown)]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, []


def _encoding_problem(raw: bytes, start: int, shown: str) -> Problem:
    encoding, found = _guess_single_byte(raw, start)
    return _problem(
        _line_at(raw, start), f"le fichier n'est pas en UTF-8 (octet 0x{raw[start]:02X}, {encoding}{found})", shown
    )


def _problem(line: int | None, message: str, shown: str) -> Problem:
    return Problem(shown, line, None, message, "enregistrez-le en UTF-8 (« Enregistrer sous », encodage UTF-8)")


def _utf16(raw: bytes) -> str | None:
    """« UTF-16 » when the file is UTF-16 text (with a byte order mark, or ASCII text without one)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
        return "UTF-16"
    sample = raw[:200]
    for start, name in ((1, "UTF-16 (little-endian)"), (0, "UTF-16 (big-endian)")):
        # Latin text saved as UTF-16 without a mark: every other byte is 0.
        if len(sample) >= 4 and sample[start::2].count(0) == len(sample[start::2]) and 0 not in sample[1 - start :: 2]:
            return name
    return None


def _guess_single_byte(raw: bytes, start: int) -> tuple[str, str]:
    """The likely encoding and how the word around the first bad byte reads in it."""
    text = raw.decode("utf-8", "surrogateescape")  # bytes that are not UTF-8 become U+DC80–U+DCFF
    bad = {ord(char) - 0xDC00 for char in _ESCAPED.findall(text)}
    if 0 in raw:
        return "sans doute pas un fichier texte", ""
    if any(0x80 <= byte <= 0x9F for byte in bad):
        # Latin-1 has no printable character there; Windows-1252 has quotes, dashes, « œ », « € ».
        encoding, codec = "sans doute Windows-1252", "cp1252"
    else:
        encoding, codec = "sans doute Latin-1 ou Windows-1252", "latin-1"
    if not _ESCAPED.sub("", text).isascii():  # some accents are UTF-8 already: text pasted from elsewhere
        encoding += ", mêlé à de l'UTF-8"
    word_start = max(raw.rfind(b" ", 0, start), raw.rfind(b"\n", 0, start), start - 30) + 1
    word_end = min(end for end in (raw.find(b" ", start), raw.find(b"\n", start), start + 30, len(raw)) if end >= 0)
    word = _ESCAPED.sub(
        lambda m: bytes([ord(m.group()) - 0xDC00]).decode(codec, "replace"),
        raw[word_start:word_end].decode("utf-8", "surrogateescape"),
    ).strip()
    return encoding, f" : « {word} »" if word else ""


def _line_at(raw: bytes, offset: int) -> int:
    """Line of byte ``offset``, counting LF, CRLF and lone CR line ends."""
    before = raw[:offset]
    return before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1


def body_character_problems(body: str, shown: str, first_line: int) -> list[Problem]:
    """Characters of an article body that no page, feed or XML file can carry: one problem per line."""
    if not has_forbidden_character(body):  # the common case: one scan in C
        return []
    problems, lines, last_line = [], 0, None
    for at in forbidden_characters(body):
        line = first_line + body.count("\n", 0, at)
        if line == last_line:
            continue
        last_line, lines = line, lines + 1
        if lines <= _MAX_REPORTED:
            column = at - body.rfind("\n", 0, at)
            found = f"{describe_character(body[at])} dans le texte, colonne {column}"
            problems.append(
                Problem(shown, line, None, f"{found} ; trouvé : « {excerpt(body, at)} »", removal_hint(body[at]))
            )
    if lines > _MAX_REPORTED:
        problems.append(
            Problem(
                shown,
                None,
                None,
                f"caractères invisibles ou invalides sur {lines - _MAX_REPORTED} autres lignes du texte",
                "le texte a sans doute été collé depuis un autre logiciel : recollez-le en texte brut",
            )
        )
    return problems


def describe_character(char: str) -> str:
    """« caractère invisible U+000B (tabulation verticale) », for a character of forbidden_characters."""
    point = ord(char)
    if point in _NAMES:
        return f"caractère invisible U+{point:04X} ({_NAMES[point]})"
    if point < 0x20 or 0x7F <= point <= 0x9F:
        return f"caractère invisible U+{point:04X} (caractère de contrôle)"
    if 0xD800 <= point <= 0xDFFF:
        return f"caractère invalide U+{point:04X} (demi-paire UTF-16 isolée)"
    return f"caractère invalide U+{point:04X} (non-caractère Unicode)"


def removal_hint(char: str) -> str:
    if 0x202A <= ord(char) <= 0x2069:
        return "supprimez-le : il change l'ordre d'affichage du texte et peut déguiser un nom"
    return "supprimez-le (il ne se voit pas dans la plupart des éditeurs : effacez le mot et retapez-le)"


def excerpt(text: str, at: int, width: int = 20) -> str:
    """The text around position ``at`` on its line, with the forbidden characters made visible."""
    start = max(text.rfind("\n", 0, at) + 1, at - width)
    end = text.find("\n", at)
    end = min(at + width, len(text) if end < 0 else end)
    shown = text[start:end]
    for position in reversed(list(forbidden_characters(shown))):
        shown = f"{shown[:position]}⟨U+{ord(shown[position]):04X}⟩{shown[position + 1 :]}"
    return (
        ("…" if start > 0 and text[start - 1] != "\n" else "")
        + shown
        + ("…" if end < len(text) and text[end] != "\n" else "")
    )
