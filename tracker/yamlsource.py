"""Safe YAML loading that keeps line numbers, rejects duplicate keys and alias bombs.

PyYAML's constructors forget where values came from and silently keep the last of two
equal keys. Here libyaml's C parser (when present) builds the node graph, and a small
walker turns it into plain Python values while recording the line of every path.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import yaml

from tracker.errors import Problem, TrackerError, problem

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - libyaml is missing on some platforms
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

# The safe loader's implicit resolvers by first character, wildcards appended (what
# BaseResolver.resolve walks for every plain scalar, rebuilt here once).
_WILDCARD_RESOLVERS = tuple(_BaseLoader.yaml_implicit_resolvers.get(None, []))
_RESOLVERS = {
    first: (*resolvers, *_WILDCARD_RESOLVERS)
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    if first is not None
}


@functools.lru_cache(maxsize=4096)
def _resolve(kind: Any, value: Any, implicit: Any) -> Any:
    """`BaseResolver.resolve` for a loader without path resolvers, cached (keys repeat)."""
    if kind is yaml.ScalarNode and implicit[0]:
        for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD_RESOLVERS):
            if regexp.match(value):
                return tag
    if kind is yaml.ScalarNode:
        return _BaseLoader.DEFAULT_SCALAR_TAG
    if kind is yaml.SequenceNode:
        return _BaseLoader.DEFAULT_SEQUENCE_TAG
    return _BaseLoader.DEFAULT_MAPPING_TAG


class _Loader(_BaseLoader):
    """The safe loader, resolving tags through a cached table lookup.

    Same tags as `BaseResolver.resolve` (safe loaders have no path resolvers). The C
    parser calls `resolve` once per scalar, so it is a hot path when reading 2,850 plan
    files; as an instance attribute the cached function is called without a Python frame.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        if not self.yaml_path_resolvers:
            self.resolve = _resolve  # type: ignore[method-assign]


Path = tuple[str | int, ...]

# YAML 1.1 reads these words as booleans; a user writing `region: NO` meant text.
BOOLEAN_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}
MAX_EXPANSION_FACTOR = 20
MIN_EXPANSION_LIMIT = 100_000

_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass
class YamlDocument:
    """Plain data from one YAML file, with the line (1-based) of every path in it."""

    file: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    boolean_words: dict[Path, str] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path, 1)


def load_yaml(text: str, file: str) -> YamlDocument:
    """Parse YAML text safely; raise TrackerError with every problem found."""
    if not text.strip():
        raise TrackerError([problem("TRK108", file, 1)])
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 0)
        reason = exc.problem or str(exc)
        raise TrackerError([problem("TRK102", file, line, col, reason=reason)]) from None
    except yaml.YAMLError as exc:
        raise TrackerError([problem("TRK102", file, 1, reason=str(exc))]) from None
    if root is None:
        raise TrackerError([problem("TRK108", file, 1)])
    if "*" in text:  # without a '*' there is no alias, so nothing can expand
        _refuse_alias_bombs(root, file)
    document = YamlDocument(file, None)
    problems: list[Problem] = []
    try:
        document.data = _build(root, (), document, problems)
    except RecursionError:
        raise TrackerError([problem("TRK102", file, 1, reason="nesting is too deep")]) from None
    if problems:
        raise TrackerError(problems)
    return document


def _build(node: yaml.Node, path: Path, doc: YamlDocument, problems: list[Problem]) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        first_lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            # Plain-text scalars (nearly every key and value) are inlined: same result, no call.
            if key_node.tag == _STR_TAG and type(key_node) is yaml.ScalarNode:
                key = key_node.value
            else:
                key = _build(key_node, path, doc, problems)
            line = key_node.start_mark.line + 1
            if not isinstance(key, (str, int, float, bool)) or key is None:
                key = str(key)
            if key in first_lines:
                problems.append(
                    problem(
                        "TRK103", doc.file, line, key_node.start_mark.column + 1, key=key, first_line=first_lines[key]
                    )
                )
                continue
            first_lines[key] = line
            doc.lines[path + (key,)] = line
            if value_node.tag == _STR_TAG and type(value_node) is yaml.ScalarNode:
                mapping[key] = value_node.value
            else:
                mapping[key] = _build(value_node, path + (key,), doc, problems)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc, problems) for i, item in enumerate(node.value)]
    if node.tag == _STR_TAG:  # most scalars: the text as written, no constructor needed
        return node.value
    value = _SCALAR_CONSTRUCTOR.construct_object(node)
    _SCALAR_CONSTRUCTOR.constructed_objects.clear()  # its memo would keep every node of every file alive
    if isinstance(value, bool) and node.value.lower() in BOOLEAN_WORDS - {"true", "false"}:
        doc.boolean_words[path] = node.value
    if hasattr(value, "isoformat"):  # dates stay text: `issued: 2023-01-10`
        value = node.value
    return value


def _refuse_alias_bombs(root: yaml.Node, file: str) -> None:
    """Refuse graphs whose aliases expand far beyond their size ("billion laughs")."""
    sizes: dict[int, int] = {}
    expanded = _iterative_sizes(root, sizes)
    limit = max(MIN_EXPANSION_LIMIT, MAX_EXPANSION_FACTOR * len(sizes))
    if expanded > limit:
        raise TrackerError([problem("TRK110", file, 1, limit=limit)])


def _iterative_sizes(root: yaml.Node, sizes: dict[int, int]) -> int:
    """Expanded node count of the graph under root, memoised per node, without recursion."""
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes and not children_done:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        if children_done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]
