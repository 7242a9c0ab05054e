"""YAML reading that remembers the line of every key, for messages that point at it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .problems import Problem


# libyaml's parser when PyYAML was built with it: several times faster on large sites.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """YAML 1.2-like typing: dates stay text (so the schema reports a bad date field by field),
    only true/false are booleans (so Norway's ``NO`` stays a country code)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)

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


def load_yaml(text: str, source: str, first_line: int = 1) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``text`` whose first line is line ``first_line`` of file ``source``."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else None
        return None, [Problem(
            source, line, None,
            f"l'en-tête YAML est illisible ({error.problem or error.context})",
            "vérifiez l'indentation et mettez entre guillemets toute valeur qui contient « : » ou « # »",
        )]
    except yaml.YAMLError as error:
        return None, [Problem(source, None, None, f"l'en-tête YAML est illisible ({error})")]
    finally:
        loader.dispose()
    doc = YamlDocument(data, first_line=first_line)
    problems: list[Problem] = []
    if node is not None:
        _index(node, (), doc, source, problems)
    return doc, problems


def _index(node, path: Path_, doc: YamlDocument, source: str, problems: list[Problem]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = doc.first_line + key_node.start_mark.line
            if key in seen:
                problems.append(Problem(
                    source, line, dotted(path + (key,)),
                    "clé en double : seule la dernière valeur serait gardée",
                    "supprimez l'une des deux lignes",
                ))
            seen.add(key)
            doc.lines[path + (key,)] = line
            _index(value_node, path + (key,), doc, source, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            doc.lines.setdefault(path + (index,), doc.first_line + item.start_mark.line)
            _index(item, path + (index,), doc, source, problems)


def dotted(path: Path_) -> str:
    """("sanctions", 0, "amount") -> "sanctions[0].amount"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


