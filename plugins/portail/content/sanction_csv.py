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

from pydantic import ValidationError

from portail.content.text import describe_character, removal_hint
from portail.content.yaml_source import YamlDocument
from portail.counting.opendata import COLUMNS, LIST_SEPARATOR, from_csv_cell
from portail.model.addresses import LINE_BREAKING, address_problem, refused_positions, visible
from portail.model.decisions import decision_identity
from portail.model.errors import problems_from_validation
from portail.model.problems import Problem
from portail.model.schema import Sanction, ValidationContext
from portail.model.suggest import did_you_mean

# CSV column -> Sanction field; the other open-data columns are derived by the portal.
FIELD_OF_COLUMN = {("identity" if name == "id" else name): name for name in Sanction.model_fields}
REQUIRED_COLUMNS = [column for column, name in FIELD_OF_COLUMN.items() if Sanction.model_fields[name].is_required()]
_LISTS = {"breaches", "articles"}
_WHOLE_NUMBER = re.compile(r"\d+", re.ASCII)


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
        at = next(refused_positions(text), None)
        if at is None:
            continue
        character = text[at]
        line_breaking = character in LINE_BREAKING
        problems.append(
            Problem(
                shown,
                line,
                column,
                "attendu : du texte sur une ligne, sans caractère de contrôle ni caractère invisible ; trouvé : "
                f"{LINE_BREAKING[character] if line_breaking else describe_character(character)} "
                f"en position {at + 1} dans « {visible(text, at)} »",
                "écrivez la cellule sur une seule ligne" if line_breaking else removal_hint(character),
            )
        )
    return problems


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
