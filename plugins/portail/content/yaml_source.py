"""YAML reading that remembers the line of every key, for messages that point at it.

Front matters and reference data are read from libyaml's event stream, never composed by PyYAML:
its composer recurses (100,000 nested « [ » crash the process) and expands aliases (a few hundred
bytes become gigabytes). Here anchors, aliases and tags are refused and nesting is bounded before
anything is built, so any input is answered in time linear in its size. Plain scalars are typed
by YAML 1.2's core schema, made stricter where YAML 1.1 habits would publish a wrong value.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from portail.content.text import (
    describe_character,
    excerpt,
    forbidden_characters,
    has_forbidden_character,
    removal_hint,
)
from portail.model.problems import Problem

# libyaml's parser when PyYAML was built with it: several times faster on large sites.
_Parser = getattr(yaml, "CBaseLoader", yaml.BaseLoader)

FRONT_MATTER_LIMIT = 64 * 1024  # characters; an article's fields take a few hundred
MAX_DEPTH = 20  # a sanction inside the list of an article is 3 levels deep

Path_ = tuple  # a field path such as ("sanctions", 0, "amount")


@dataclass
class YamlDocument:
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    first_line: int = 1

    def line_of(self, path: Path_) -> int:
        """Line of the deepest known key on ``path`` (the key itself when it exists)."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return self.first_line


class _RefusedError(Exception):
    """An input read no further: its problem says why."""

    def __init__(self, problem: Problem):
        self.problem = problem


def load_yaml(
    text: str, source: str, first_line: int = 1, limit: int = FRONT_MATTER_LIMIT
) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``text`` whose first line is line ``first_line`` of file ``source``: a mapping.

    None and the problems when it cannot be read, is not a mapping or has a value with a
    character no page may carry; otherwise the document and the problems that leave it
    readable (a duplicate key, a key that is not a word, such a character in a comment).
    """
    if len(text) > limit:
        return None, [_too_long(text, source, first_line, limit)]
    doc = YamlDocument(None, first_line=first_line)
    reader = _Reader(text, source, doc)
    refusal = None
    try:
        doc.data = reader.read()
    except _RefusedError as refused:
        refusal = refused.problem
    except yaml.MarkedYAMLError as error:
        refusal = syntax_problem(error, text, source, first_line, reader.last_scalar)
    except yaml.YAMLError:  # libyaml's reader: every character it refuses was made a space
        refusal = Problem(source, first_line, None, "YAML illisible", _QUOTE_HINT)
    finally:
        reader.parser.dispose()
    problems = reader.problems + reader.outside_values()
    if refusal is None and doc.data is not None and not isinstance(doc.data, dict):
        refusal = _not_a_mapping(doc.data, source, reader.root_line)
    if refusal is not None:
        return None, [*problems, refusal]
    if reader.characters_found:  # values read with a character changed: nothing to validate
        return None, problems
    return doc, problems


# Plain scalars as YAML 1.2's core schema types them, except that an integer is decimal without
# leading zero: `050000`, `0x1F`, `0o17`, `1_000`, `800:00` stay the text the editor wrote (so
# `reference: 0123` stays "0123" and the schema reports `amount: 050000` as not a number).
_NUMBER = re.compile(
    r"(?P<int>[-+]?(?:0|[1-9][0-9]*))|[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
)
_NUMBER_START = frozenset("0123456789+-.")
_NAMED = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), float("inf")),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), float("-inf")),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), float("nan")),
}
_NOT_NAMED = object()


def _number(value: str):
    """A plain scalar that starts like a number: the number, or the text."""
    match = _NUMBER.fullmatch(value)
    if match is None:
        return value
    return int(value) if match.lastgroup == "int" else float(value)


_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    ScalarEvent: (None, "!", _STR),
    SequenceStartEvent: (None, "tag:yaml.org,2002:seq"),
    MappingStartEvent: (None, "tag:yaml.org,2002:map"),
}


class _Reader:
    """Python data from the event stream, with the line of every key and list item."""

    def __init__(self, text: str, source: str, doc: YamlDocument):
        self.source, self.doc, self.problems = source, doc, []
        self.last_scalar = None  # for syntax messages: the last value libyaml read
        self.root_line = doc.first_line
        # Raw invisible characters are rare; libyaml refuses most of them with an English
        # message and no field. They are reported here with the field they are in, and read as
        # U+FFFD: one character for one, so every mark stays where it was, and not a space, so
        # a character ending a value stays in it.
        self.original, self.raw_bad, self.claimed, self.characters_found = text, [], set(), False
        if has_forbidden_character(text):
            self.raw_bad = list(forbidden_characters(text))
            chars = list(text)
            for at in self.raw_bad:
                chars[at] = "\ufffd"
            text = "".join(chars)
        self.parser = _Parser(text)

    def read(self):
        """The document's data. One loop with the current container in locals: this runs for
        every scalar of thousands of files, so it avoids calls and attribute lookups."""
        first_line, lines, problems, check_all = self.doc.first_line, self.doc.lines, self.problems, bool(self.raw_bad)
        get_event = self.parser.get_event
        # The container being filled, and for a mapping whether a key is awaited, the current
        # key and whether its value is dropped (a key that is not a word). Enclosing ones on stack.
        container, is_map, wants_key, key, skip, path = None, False, True, None, False, ()
        stack, root, documents, last = [], None, 0, None
        try:
            while True:
                event = get_event()
                kind = event.__class__
                if kind is ScalarEvent:
                    last = event
                    text, style = event.value, event.style
                    if event.anchor is not None or event.tag is not None:
                        self._check_node(event, kind)
                        value = text
                    elif style:
                        value = text
                    else:
                        value = _NAMED.get(text, _NOT_NAMED)
                        if value is _NOT_NAMED:
                            value = _number(text) if text[0] in _NUMBER_START else text
                    if check_all or style == '"':
                        self._check_characters(event, container, is_map and wants_key, path, key)
                    if container is None:
                        self.root_line = first_line + event.start_mark.line
                    elif not is_map:
                        lines.setdefault(path + (len(container),), first_line + event.start_mark.line)
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    if len(stack) >= MAX_DEPTH:
                        raise _RefusedError(self._too_deep(event))
                    if event.anchor is not None or event.tag is not None:
                        self._check_node(event, kind)
                    stack.append((container, is_map, wants_key, key, skip, path))
                    if container is None:
                        self.root_line = first_line + event.start_mark.line
                    elif not is_map:
                        path += (len(container),)
                        lines.setdefault(path, first_line + event.start_mark.line)
                    elif not wants_key:
                        path += (key,)
                    is_map = kind is MappingStartEvent
                    container, wants_key, key, skip = {} if is_map else [], True, None, False
                    continue
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    value = container
                    container, is_map, wants_key, key, skip, path = stack.pop()
                elif kind is AliasEvent:
                    raise _RefusedError(self._alias(event))
                elif kind is DocumentStartEvent:
                    documents += 1
                    if documents > 1:
                        raise _RefusedError(self._second_document(event))
                    continue
                elif kind is StreamEndEvent:
                    return root
                else:
                    continue
                if container is None:
                    root = value
                elif not is_map:
                    container.append(value)
                elif not wants_key:
                    if not skip:
                        container[key] = value
                    wants_key = True
                else:  # a key
                    wants_key = False
                    line = first_line + event.start_mark.line
                    skip = not isinstance(value, (str, int, float, bool))
                    if skip:
                        problems.append(
                            Problem(
                                self.source,
                                line,
                                dotted(path) or None,
                                "une clé doit être un simple mot",
                                "écrivez « champ: valeur »",
                            )
                        )
                        continue
                    key = value
                    if key in container:
                        problems.append(
                            Problem(
                                self.source,
                                line,
                                dotted(path + (key,)),
                                "clé en double : seule la dernière valeur serait gardée",
                                "supprimez l'une des deux lignes",
                            )
                        )
                    lines[path + (key,)] = line
        except yaml.YAMLError:
            self.last_scalar = last
            raise

    def _check_node(self, event, kind) -> None:
        line = self.doc.first_line + event.start_mark.line
        if event.anchor is not None:
            raise _RefusedError(
                Problem(
                    self.source,
                    line,
                    None,
                    f"ancre YAML « &{event.anchor} » refusée : un en-tête ou une table de référence n'en a pas besoin",
                    "recopiez la valeur là où elle sert ; si « & » fait partie du texte, mettez la valeur entre guillemets",
                )
            )
        if event.tag not in _ALLOWED_TAGS[kind]:
            raise _RefusedError(
                Problem(
                    self.source,
                    line,
                    None,
                    f"étiquette YAML « {_short_tag(event.tag)} » refusée",
                    "supprimez-la ; si « ! » fait partie du texte, mettez la valeur entre guillemets",
                )
            )

    def _check_characters(self, event, container, is_key: bool, path: Path_, key) -> None:
        """Invisible characters in a scalar: written raw, or as escapes in double quotes."""
        if container is not None and not is_key:
            path += (key,) if isinstance(container, dict) else (len(container),)
        first = bisect_left(self.raw_bad, event.start_mark.index)
        after = bisect_left(self.raw_bad, event.end_mark.index, first)
        if first < after:  # one problem per value, however many characters it has
            at = self.raw_bad[first]
            self.claimed.update(range(first, after))
            char, line, found = self.original[at], self._line(at), excerpt(self.original, at)
        else:
            at = next(forbidden_characters(event.value), None)
            if at is None:
                return
            char, line = event.value[at], self.doc.first_line + event.start_mark.line
            found = excerpt(event.value, at)
        where = f" dans la clé « {found} »" if is_key else f" ; trouvé : « {found} »"
        self.characters_found = True
        self.problems.append(
            Problem(self.source, line, dotted(path) or None, describe_character(char) + where, removal_hint(char))
        )

    def outside_values(self) -> list[Problem]:
        """Invisible characters in no key or value (a comment, the indentation): by line."""
        problems = []
        for index, at in enumerate(self.raw_bad):
            if index not in self.claimed and (not problems or problems[-1].line != self._line(at)):
                char = self.original[at]
                problems.append(
                    Problem(
                        self.source,
                        self._line(at),
                        None,
                        f"{describe_character(char)} ; trouvé : « {excerpt(self.original, at)} »",
                        removal_hint(char),
                    )
                )
        return problems

    def _line(self, at: int) -> int:
        return self.doc.first_line + self.original.count("\n", 0, at)

    def _too_deep(self, event) -> Problem:
        return Problem(
            self.source,
            self.doc.first_line + event.start_mark.line,
            None,
            f"imbrication trop profonde : plus de {MAX_DEPTH} niveaux de listes ou de blocs",
            "vérifiez les crochets « [ » et accolades « { » : chacun doit être refermé",
        )

    def _alias(self, event) -> Problem:
        return Problem(
            self.source,
            self.doc.first_line + event.start_mark.line,
            None,
            f"alias YAML « *{event.anchor} » refusé : un en-tête ou une table de référence n'en a pas besoin",
            "recopiez la valeur ; si « * » fait partie du texte, mettez la valeur entre guillemets",
        )

    def _second_document(self, event) -> Problem:
        return Problem(
            self.source,
            self.doc.first_line + event.start_mark.line,
            None,
            "un seul document YAML est attendu ; trouvé : une deuxième ligne « --- »",
            "supprimez cette ligne « --- »",
        )


_QUOTE_HINT = "vérifiez l'indentation et mettez entre guillemets toute valeur qui contient « : » ou « # »"


_UNCLOSED = {
    "]": (
        "crochet « [ » ouvert sur cette ligne et jamais refermé",
        "refermez la liste par « ] » sur la même ligne, par ex. [cookies, sécurité]",
    ),
    "}": (
        "accolade « { » ouverte sur cette ligne et jamais refermée",
        "refermez le bloc par « } » sur la même ligne, par ex. {name: CNIL}",
    ),
}


def syntax_problem(error: yaml.MarkedYAMLError, text: str, source: str, first_line: int, last_scalar) -> Problem:
    """libyaml's complaint in an editor's words, on the line to fix (never its English)."""
    line, message, suggestion = _explain(error, text, first_line, last_scalar)
    subject = "le fichier YAML" if source.endswith((".yaml", ".yml")) else "l'en-tête YAML"
    return Problem(source, line, None, f"{subject} est illisible : {message}", suggestion)


def _explain(error: yaml.MarkedYAMLError, text: str, first_line: int, last_scalar) -> tuple[int, str, str]:
    problem, context = error.problem or "", error.context or ""
    mark = error.problem_mark or error.context_mark
    lines = text.split("\n")
    found = _found(lines, mark.line)
    char = lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""
    opened = error.context_mark or mark
    if "mapping values" in problem:
        if last_scalar is not None and not last_scalar.style and last_scalar.start_mark.line == mark.line:
            return (
                first_line + mark.line,
                f"« : » dans une valeur sans guillemets ; trouvé : {found}",
                f"mettez la valeur entre guillemets : {_quoted(lines[mark.line])}",
            )
        start = first_line + (last_scalar.start_mark.line if last_scalar is not None else mark.line)
        return (
            first_line + mark.line,
            f"indentation incorrecte : cette ligne est lue comme la suite de la ligne {start} ; trouvé : {found}",
            f"alignez le champ sur les autres champs du bloc, ou ajoutez « : » au champ de la ligne {start}",
        )
    if "tab" in problem or char == "\t":
        return (
            first_line + mark.line,
            "tabulation dans l'indentation ; attendu : des espaces",
            "remplacez les tabulations par des espaces (deux par niveau)",
        )
    if "end of stream" in problem and "quoted" in context:
        return (
            first_line + opened.line,
            f"guillemet ouvert sur cette ligne et jamais refermé ; trouvé : {_found(lines, opened.line)}",
            "refermez-le à la fin de la valeur ; entre apostrophes, une apostrophe s'écrit deux fois ('l''autorité')",
        )
    if "expected ',' or" in problem:
        what, hint = _UNCLOSED[problem[-2]]
        return first_line + opened.line, f"{what}, ou virgule manquante ; trouvé : {_found(lines, opened.line)}", hint
    if "expected key" in problem or "'-' indicator" in problem:
        quoted = last_scalar is not None and last_scalar.style in ("'", '"') and last_scalar.end_mark.line == mark.line
        if quoted and last_scalar.start_mark.line < mark.line:
            return (
                first_line + last_scalar.start_mark.line,
                f"guillemet ouvert sur cette ligne et refermé seulement ligne {first_line + mark.line} ; "
                f"trouvé : {_found(lines, last_scalar.start_mark.line)}",
                "refermez-le à la fin de la valeur",
            )
        if quoted:
            return (
                first_line + mark.line,
                f"texte après le guillemet qui ferme la valeur ; trouvé : {found}",
                "entre apostrophes, une apostrophe s'écrit deux fois ('l''autorité') ; "
                'ou mettez toute la valeur entre guillemets doubles ("l\'autorité")',
            )
        what = "les champs du bloc" if "key" in problem else "les éléments de la liste"
        return (
            first_line + mark.line,
            f"indentation incorrecte : cette ligne n'est pas alignée sur {what} de la ligne "
            f"{first_line + opened.line} ; trouvé : {found}",
            "alignez-la (même nombre d'espaces en début de ligne)",
        )
    if "sequence entries" in problem:
        return (
            first_line + mark.line,
            f"un tiret de liste « - » ne peut pas suivre « champ: » sur la même ligne ; trouvé : {found}",
            "écrivez la liste entre crochets, [a, b], ou un élément par ligne en retrait ; "
            "un texte qui commence par « - » se met entre guillemets",
        )
    if "expected ':'" in problem:
        return (
            first_line + opened.line,
            f"ligne sans « : » ; attendu : « champ: valeur » ; trouvé : {_found(lines, opened.line)}",
            "ajoutez « : » après le nom du champ, ou rattachez cette ligne à la valeur précédente",
        )
    if "escape" in problem:
        return (
            first_line + mark.line,
            f"entre guillemets doubles, « \\ » commence une séquence inconnue ou invalide ; trouvé : {found}",
            "pour une barre oblique inverse, écrivez « \\\\ » ; ou mettez la valeur entre apostrophes",
        )
    if "document start" in problem:
        return (
            first_line + mark.line,
            f"texte après la fin du document YAML ; trouvé : {found}",
            "supprimez la ligne « ... » ou ce qui la suit",
        )
    if char and char in "@`%&*!|>{}[],?#":
        return (
            first_line + mark.line,
            f"une valeur sans guillemets ne peut pas commencer par « {char} » ; trouvé : {found}",
            f"mettez la valeur entre guillemets : {_quoted(lines[mark.line])}",
        )
    return first_line + mark.line, f"cette ligne ; trouvé : {found}", _QUOTE_HINT


def _found(lines: list[str], index: int) -> str:
    text = lines[index].strip() if index < len(lines) else ""
    if not text:
        return "la fin de l'en-tête"
    return f"« {text if len(text) <= 60 else text[:57] + '…'} »"


def _quoted(line: str) -> str:
    """« title: "Données : la CNIL" » for the line « title: Données : la CNIL »."""
    key, colon, value = line.strip().partition(": ")
    if not colon:
        key, value = "", line.strip()
    value = value.strip().replace("\\", "\\\\").replace('"', '\\"')
    quoted = f'{key}: "{value}"' if key else f'"{value}"'
    return f"« {quoted} »"


def _too_long(text: str, source: str, first_line: int, limit: int) -> Problem:
    return Problem(
        source,
        first_line,
        None,
        f"YAML trop long : {len(text) // 1024} Kio, au plus {limit // 1024} Kio",
        "dans un article, vérifiez la ligne « --- » qui ferme l'en-tête : sans elle, le texte est lu comme en-tête",
    )


def _not_a_mapping(data, source: str, line: int) -> Problem:
    found = "une liste" if isinstance(data, list) else f"« {str(data)[:60]} »"
    return Problem(
        source,
        line,
        None,
        f"des lignes « champ: valeur » sont attendues ; trouvé : {found}",
        "écrivez un champ par ligne, par ex. « title: Mon titre »",
    )


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def dotted(path: Path_) -> str:
    """("sanctions", 0, "amount") -> "sanctions[0].amount"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
