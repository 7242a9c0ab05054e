"""Decisions read back from a CSV with the open-data columns (the inverse of ``opendata.to_csv``).

Every row goes through the schema, so a row is accepted exactly when an article with the same
`sanctions:` entry would build; in addition, since the values end up in files an editor opens,
a cell may hold no control or invisible character and `source` must be an address that needs no
escaping anywhere it is written. Columns the portal computes itself (authority name, country,
addresses) are accepted and ignored.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from urllib.parse import quote

from pydantic import ValidationError

from portail.content.text import describe_character, forbidden_characters, removal_hint
from portail.content.yaml_source import YamlDocument
from portail.counting.opendata import COLUMNS, LIST_SEPARATOR, from_csv_cell
from portail.model.decisions import decision_identity
from portail.model.errors import EXPECTED, describe, problems_from_validation
from portail.model.problems import Problem
from portail.model.schema import Sanction, ValidationContext
from portail.model.suggest import did_you_mean

# CSV column -> Sanction field; the other open-data columns are derived by the portal.
FIELD_OF_COLUMN = {("identity" if name == "id" else name): name for name in Sanction.model_fields}
REQUIRED_COLUMNS = [column for column, name in FIELD_OF_COLUMN.items() if Sanction.model_fields[name].is_required()]
_LISTS = {"breaches", "articles"}
_WHOLE_NUMBER = re.compile(r"\d+", re.ASCII)
# Besides what no page may carry (text.forbidden_characters): what a body may hold but a value of
# one line may not, since it would end or hide part of the line.
_LINE_BREAKING = {
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
# The rule for every `source`, wherever it is written; the pattern the schema's field should have.
SOURCE_PATTERN = re.compile(rf"{_SCHEME.pattern}{_HOST.pattern}(?:[/?#]{_PATH_CHARACTER.pattern}*)?", re.ASCII)


class CsvFileError(Exception):
    """The file cannot be read as a sanctions CSV (French message); no row was checked."""


@dataclass(frozen=True)
class Row:
    line: int
    sanction: Sanction

    @property
    def identity(self) -> str:
        return decision_identity(self.sanction)


def read_sanctions(text: str, shown: str, context: ValidationContext) -> tuple[list[Row], list[Problem]]:
    """Every valid row, and a problem for every invalid one (all of them, not the first)."""
    records = _records(text, shown)
    header = [name.strip() for name in records[0][1]]
    _check_header(header, shown)
    rows, problems, first_line = [], [], {}
    for line, cells in records[1:]:
        if len(cells) != len(header):
            count = f"{len(cells)} cellule{'s' if len(cells) > 1 else ''}"
            problems.append(
                Problem(
                    shown,
                    line,
                    None,
                    f"{count} au lieu de {len(header)}",
                    "vérifiez les guillemets autour des textes qui contiennent une virgule",
                )
            )
            continue
        row, found = _row(dict(zip(header, cells)), line, shown, context)
        problems += found
        if row is None:
            continue
        if row.identity in first_line:
            problems.append(
                Problem(
                    shown,
                    line,
                    "identity",
                    f"décision « {row.identity} » déjà donnée ligne {first_line[row.identity]}",
                    "gardez une seule ligne par décision",
                )
            )
            continue
        first_line[row.identity] = line
        rows.append(row)
    return rows, problems


def row_message(problem: Problem) -> str:
    """« sanctions.csv, ligne 7, amount : … — suggestion »."""
    where = f"{problem.path}, ligne {problem.line}" + (f", {problem.field}" if problem.field else "")
    return f"{where} : {problem.message}" + (f" — {problem.suggestion}" if problem.suggestion else "")


def _records(text: str, shown: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) of each non-blank record, header first."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records, end = [], 0
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((end + 1, cells))
            end = reader.line_num
    except csv.Error:
        # The csv module only gives up on a cell longer than its limit: an unclosed quote, usually.
        raise CsvFileError(
            f"{shown}, ligne {end + 1} : fichier CSV mal formé — un guillemet n'est-il pas refermé ?"
        ) from None
    if not records:
        raise CsvFileError(
            f"{shown} : fichier vide ; la première ligne doit nommer les colonnes ({', '.join(COLUMNS)})"
        )
    return records


def _check_header(header: list[str], shown: str) -> None:
    if len(header) == 1 and any(separator in header[0] for separator in ";\t"):
        raise CsvFileError(
            f"{shown} : les colonnes ne sont pas séparées par des virgules — "
            "enregistrez le fichier en CSV séparé par des virgules, encodé en UTF-8"
        )
    messages = []
    for column in sorted({c for c in header if header.count(c) > 1}):
        messages.append(f"colonne « {visible(column)} » en double")
    for column in header:
        if column not in COLUMNS:
            hint = did_you_mean(column, COLUMNS)
            messages.append(f"colonne inconnue « {visible(column)} »" + (f" — {hint}" if hint else ""))
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        messages.append(f"colonnes obligatoires manquantes : {', '.join(missing)}")
    if messages:
        raise CsvFileError(
            f"{shown} n'a pas les colonnes du CSV des sanctions (première ligne : "
            f"{', '.join(COLUMNS)}) :\n" + "\n".join(f"  {m}" for m in messages)
        )


def _row(cells: dict[str, str], line: int, shown: str, context) -> tuple[Row | None, list[Problem]]:
    problems = _cell_problems(cells, line, shown)
    fields = _fields(cells)
    if fields.get("source") and "source" not in {problem.field for problem in problems}:
        problems += _address_problems(fields["source"], line, shown)
    refused = {problem.field for problem in problems}
    try:
        sanction = Sanction.model_validate(fields, context=context)
    except ValidationError as error:
        found = problems_from_validation(error, YamlDocument(fields, first_line=line), shown)
        # One problem per cell: the schema would only repeat what the cell check said.
        problems += [p for p in map(_in_csv_words, found) if p.field not in refused]
    if not problems:  # then the schema accepted the row
        return Row(line, _without_redundant_id(sanction)), []
    columns = list(cells)  # left to right, as the spreadsheet shows them
    return None, sorted(problems, key=lambda p: columns.index(p.field) if p.field in columns else -1)


def _fields(cells: dict[str, str]) -> dict:
    fields = {}
    for column, name in FIELD_OF_COLUMN.items():
        if column not in cells:
            continue
        text = from_csv_cell(cells[column]).strip()
        if name in _LISTS:
            fields[name] = [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
        elif name == "amount":  # an empty amount is a known fact: not disclosed
            fields[name] = int(text) if _WHOLE_NUMBER.fullmatch(text) else text or None
        elif text:  # an empty optional cell takes the model's default; an empty required one is missing
            fields[name] = text
    return fields


def _column_of(problem: Problem) -> str | None:
    """« breaches[1] » -> breaches."""
    return re.split(r"[.\[]", problem.field, maxsplit=1)[0] if problem.field else None


def _cell_problems(cells: dict[str, str], line: int, shown: str) -> list[Problem]:
    """A problem for every cell, of any column, that holds a character no value of one line may carry."""
    problems = []
    for column, text in cells.items():
        at = next(_refused_positions(text), None)
        if at is None:
            continue
        character = text[at]
        line_breaking = character in _LINE_BREAKING
        problems.append(
            Problem(
                shown,
                line,
                column,
                "attendu : du texte sur une ligne, sans caractère de contrôle ni caractère invisible ; trouvé : "
                f"{_LINE_BREAKING[character] if line_breaking else describe_character(character)} "
                f"en position {at + 1} dans « {visible(text, at)} »",
                "écrivez la cellule sur une seule ligne" if line_breaking else removal_hint(character),
            )
        )
    return problems


def _refused_positions(text: str):
    """Positions, in order, of the characters a cell may not hold."""
    refused = set(forbidden_characters(text)) | {i for i, c in enumerate(text) if c in _LINE_BREAKING}
    return iter(sorted(refused))


def visible(text: str, at: int = 0, limit: int = 60) -> str:
    """Up to ``limit`` characters of ``text`` around position ``at``, refused ones shown as codes."""
    start = max(0, min(at - limit // 2, len(text) - limit))
    piece = text[start : start + limit]
    for position in reversed(list(_refused_positions(piece))):
        piece = f"{piece[:position]}⟨U+{ord(piece[position]):04X}⟩{piece[position + 1 :]}"
    return ("…" if start else "") + piece + ("…" if start + limit < len(text) else "")


def address_problem(text: str) -> tuple[str, str | None] | None:
    """(message, suggestion) when ``text`` is not an http(s) address that needs no escaping.

    The rule every `source` must follow, wherever it is written: http or https, a host name, then
    only RFC 3986 characters other than the apostrophe — no space, quote, angle bracket,
    backslash, accent or control character (``SOURCE_PATTERN``). Articles written by hand
    should meet it too: it belongs to the schema's `Sanction.source`, and then here only words
    the CSV problem.
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


def _address_problems(text: str, line: int, shown: str) -> list[Problem]:
    found = address_problem(text)
    return [Problem(shown, line, "source", *found)] if found else []


def _in_csv_words(problem: Problem) -> Problem:
    """Name the column (identity, not the model's id; breaches, not breaches[1]) and the empty cell."""
    column = _column_of(problem)
    field = "identity" if column == "id" else column
    message = problem.message.replace("champ obligatoire manquant", "cellule vide")
    return Problem(problem.path, problem.line, field, message, problem.suggestion)


def _without_redundant_id(sanction: Sanction) -> Sanction:
    """The exported identity becomes `id` only when the decision's facts would not give it back."""
    if sanction.id is None:
        return sanction
    plain = sanction.model_copy(update={"id": None})
    return plain if decision_identity(plain) == sanction.id else sanction
