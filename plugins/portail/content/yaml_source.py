"""YAML reading that remembers the line of every key, for messages that point at it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from portail.model.problems import Problem

# libyaml's parser when PyYAML was built with it: several times faster on large sites.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """YAML 1.2-like typing: dates stay text (so the schema reports a bad date field by field),
    only true/false are booleans (so Norway's ``NO`` stays a country code)."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
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
        doc = YamlDocument(None, first_line=first_line)
        problems: list[Problem] = []
        if node is not None:
            doc.data = _construct(loader, node, (), doc, source, problems)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else None
        return None, [
            Problem(
                source,
                line,
                None,
                f"l'en-tête YAML est illisible ({error.problem or error.context})",
                "vérifiez l'indentation et mettez entre guillemets toute valeur qui contient « : » ou « # »",
            )
        ]
    except yaml.YAMLError as error:
        return None, [Problem(source, None, None, f"l'en-tête YAML est illisible ({error})")]
    finally:
        loader.dispose()
    return doc, problems


# Plain scalars are built directly (the tag was resolved when the node was composed); this is
# what keeps reading thousands of front matters fast. Anything else goes to PyYAML's constructor.
_SCALARS = {
    "tag:yaml.org,2002:str": lambda loader, node: node.value,
    "tag:yaml.org,2002:null": lambda loader, node: None,
    "tag:yaml.org,2002:int": lambda loader, node: loader.construct_yaml_int(node),
    "tag:yaml.org,2002:float": lambda loader, node: loader.construct_yaml_float(node),
    "tag:yaml.org,2002:bool": lambda loader, node: loader.construct_yaml_bool(node),
}


def _construct(loader, node, path: Path_, doc: YamlDocument, source: str, problems: list[Problem]):
    """Python data for ``node``, recording the line of every key and list item on the way."""
    if isinstance(node, yaml.ScalarNode) and node.tag in _SCALARS:
        return _SCALARS[node.tag](loader, node)
    if isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
        data = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node, path, doc, source, [])
            line = doc.first_line + key_node.start_mark.line
            if not isinstance(key, (str, int, float, bool)):
                problems.append(
                    Problem(source, line, dotted(path), "une clé doit être un simple mot", "écrivez « champ: valeur »")
                )
                continue
            if key in data:
                problems.append(
                    Problem(
                        source,
                        line,
                        dotted(path + (key,)),
                        "clé en double : seule la dernière valeur serait gardée",
                        "supprimez l'une des deux lignes",
                    )
                )
            doc.lines[path + (key,)] = line
            data[key] = _construct(loader, value_node, path + (key,), doc, source, problems)
        return data
    if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
        items = []
        for index, item in enumerate(node.value):
            doc.lines.setdefault(path + (index,), doc.first_line + item.start_mark.line)
            items.append(_construct(loader, item, path + (index,), doc, source, problems))
        return items
    return loader.construct_object(node, deep=True)


def dotted(path: Path_) -> str:
    """("sanctions", 0, "amount") -> "sanctions[0].amount"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
