"""Safe YAML loading that keeps line numbers, rejects duplicate keys and alias bombs.

PyYAML's constructors forget where values came from and silently keep the last of two
equal keys, and libyaml's composer recurses in C (a file of 100,000 `[` crashes the
interpreter). Here libyaml's C parser (when present) emits events, `_compose` builds the
node graph from them without recursion and at most MAX_DEPTH deep, and a small walker
turns it into plain Python values while recording the line of every path. Only plain
tags are accepted: no Python objects, no `!!binary`, no merge keys.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass, field
from typing import Any

import yaml

from tracker.errors import Problem, TrackerError, clip, problem
from tracker.limits import MAX_ALIAS_TEXT

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

    Same tags as `BaseResolver.resolve` (safe loaders have no path resolvers). It runs for
    every scalar of every plan (a national data root has thousands of plan files), so it is a hot
    path; as an instance attribute the cached function is called without a Python frame.
    """

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        if not self.yaml_path_resolvers:
            self.resolve = _resolve  # type: ignore[method-assign]


Path = tuple[str | int, ...]

# YAML 1.1 reads these words as booleans; a user writing `region: NO` meant text.
BOOLEAN_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}
# Nodes aliases may add in all (a copy of a 5-node mapping adds 5). Absolute, not relative
# to the file: 20 times the file's size let a 1.6 MB file expand to 4.7 million nodes.
MAX_ALIAS_GROWTH = 100_000
MAX_DEPTH = 100

_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_CORE = "tag:yaml.org,2002:"
# The tags a plain document resolves to; explicit others (!!binary, !!set, !!python/...) are refused.
PLAIN_TAGS = frozenset(_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq"))
MERGE_TAG = _CORE + "merge"
STR_TAG = _CORE + "str"
INT_TAG = _CORE + "int"
FLOAT_TAG = _CORE + "float"


@dataclass
class YamlDocument:
    """Plain data from one YAML file, with the line (1-based) of every path in it."""

    file: str
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    boolean_words: dict[Path, str] = field(default_factory=dict)
    # Every number as written (`95`, `10.80`), for messages that quote the file.
    written: dict[Path, str] = field(default_factory=dict)
    # Numbers only YAML 1.1 reads so (070 is 56, 1:30 is 90, 1_000): the text and the number.
    yaml11_numbers: dict[Path, tuple[str, float]] = field(default_factory=dict)

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
        root = _compose(text)
    except _TooManyCopies as exc:
        copied, limit = f"{exc.copied:,}", f"{MAX_ALIAS_GROWTH:,}"
        raise TrackerError([problem("TRK110", file, exc.line, exc.col, copied=copied, limit=limit)]) from None
    except _TooMuchText as exc:
        copied, limit = f"{exc.copied:,}", f"{MAX_ALIAS_TEXT:,}"
        raise TrackerError([problem("TRK118", file, exc.line, exc.col, copied=copied, limit=limit)]) from None
    except yaml.MarkedYAMLError as exc:
        raise TrackerError([_syntax_problem(exc, file, len(text))]) from None
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        # The reader stops at the first such character; libyaml counts its position in bytes.
        line, col = _place(text, max(text.find(chr(code)), 0))
        reason = f"character U+{code:04X} is not allowed: {exc.reason}"
        raise TrackerError([problem("TRK102", file, line, col, reason=reason)]) from None
    except yaml.YAMLError as exc:
        raise TrackerError([problem("TRK102", file, 1, reason=str(exc))]) from None
    except RecursionError:
        raise TrackerError([problem("TRK102", file, 1, reason="nesting is too deep")]) from None
    if root is None:
        raise TrackerError([problem("TRK108", file, 1)])
    document = YamlDocument(file, None)
    problems: list[Problem] = []
    try:
        document.data = _build(root, (), document, problems)
    except RecursionError:
        raise TrackerError([problem("TRK102", file, 1, reason="nesting is too deep")]) from None
    if problems:
        raise TrackerError(problems)
    if document.data is None:  # `---` alone, or `~`
        raise TrackerError([problem("TRK108", file, 1)])
    return document


# Errors whose cause is where something opened, not where the parser gave up: an unclosed
# '[' is found at the end of the file, a key without ':' on the line after it.
_OPENED_AT = {
    "while parsing a flow sequence": ("the '[' opened here is not closed", "close it with ']'"),
    "while parsing a flow mapping": ("the '{' opened here is not closed", "close it with '}'"),
    "while scanning a quoted scalar": ("the quote opened here is not closed", "close it with the same quote"),
    "while scanning a simple key": (
        "this line is neither 'key: value' nor a list item",
        "write ': ' after the key, or quote the text",
    ),
}


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str, length: int) -> Problem:
    """TRK102 at the place to fix: where an unclosed bracket or quote opened, else where parsing stopped."""
    context, found = exc.context_mark, exc.problem_mark
    opened = _OPENED_AT.get(exc.context or "")
    if opened and context is not None and found is not None and found.line > context.line:
        what, fix = opened
        if found.index >= length:  # a character index, in both parsers
            ends = "" if exc.context == "while scanning a simple key" else " (the file ends first)"
            reason = f"{what}{ends}; {fix}"
        else:
            reason = f"{what} ({exc.problem} at line {found.line + 1}, column {found.column + 1}); {fix}"
        return problem("TRK102", file, context.line + 1, context.column + 1, reason=reason)
    mark = found or context
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 0)
    reason = " ".join(part for part in (exc.context, exc.problem) if part) or str(exc)
    return problem("TRK102", file, line, col, reason=reason)


def _compose(text: str) -> yaml.Node | None:
    """The node graph of a single-document stream, built from parser events without recursion.

    libyaml's own composer recurses in C and crashes the interpreter on a file of a
    hundred thousand `[`; this one refuses anything nested deeper than MAX_DEPTH. The C
    composer is still used where it cannot crash (`_compose_in_c`): it is three times as
    fast, which counts when a national data root has 2,850 plan files.
    """
    if _c_composer_is_safe(text):
        root = _compose_in_c(text)
        if root is not None and _within_depth(root):
            return root
    loader: Any = _Loader(text)
    try:
        loader.get_event()  # StreamStart
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # DocumentStart
        root = _compose_document(loader)
        loader.get_event()  # DocumentEnd
        if not loader.check_event(yaml.StreamEndEvent):
            event: Any = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream", None, "but found another document", event.start_mark
            )
        return root
    finally:
        loader.dispose()


# Every collection starts with an indicator of its own ('[', '{', '-', '?' or the ':' of its
# first key), so their count bounds the nesting depth. libyaml's composer recurses about
# 300 bytes of C stack per level: a thousand levels fit any main thread's stack.
C_COMPOSER_DEPTH = 1000
_INDICATORS = "[{-?:"


def _c_composer_is_safe(text: str) -> bool:
    """Whether libyaml's recursive composer can take this text: shallow, main thread, no aliases."""
    if "*" in text or "&" in text or threading.current_thread() is not threading.main_thread():
        return False
    bound = 0
    for indicator in _INDICATORS:
        bound += text.count(indicator)
        if bound > C_COMPOSER_DEPTH:
            return False
    return True


def _compose_in_c(text: str) -> yaml.Node | None:
    """libyaml's composer; None when it finds a problem (`_compose` then says which, in its words)."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None
    return node


def _within_depth(root: yaml.Node) -> bool:
    """Whether no collection is nested MAX_DEPTH deep (the event composer refuses those)."""
    scalar, sequence = yaml.ScalarNode, yaml.SequenceNode
    level: list[Any] = [] if type(root) is scalar else [root]
    depth = 0
    while level:
        if depth >= MAX_DEPTH:
            return False
        below: list[Any] = []
        for node in level:
            if type(node) is sequence:
                below += [child for child in node.value if type(child) is not scalar]
            else:
                below += [child for pair in node.value for child in pair if type(child) is not scalar]
        level, depth = below, depth + 1
    return True


def _compose_document(loader: Any) -> yaml.Node:
    # The loop runs once per event of every plan file: event classes are compared with `is`
    # (the parsers build exactly these classes), and attributes are looked up once.
    anchors: dict[str, yaml.Node] = {}
    sizes: dict[int, tuple[int, int]] = {}  # expanded nodes and characters of what aliases name, by id
    copied = copied_text = 0
    stack: list[yaml.Node] = []
    root: yaml.Node | None = None
    get_event, resolve = loader.get_event, loader.resolve
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    sequence_start, mapping_start = yaml.SequenceStartEvent, yaml.MappingStartEvent
    scalar_node, mapping_node, sequence_node = yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode
    while root is None:
        event: Any = get_event()
        kind = type(event)
        start: Any = event.start_mark  # typed apart: the C loader's Mark is another class
        node: yaml.Node
        if kind is scalar_event:
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(scalar_node, event.value, event.implicit)
            node = scalar_node(tag, event.value, start, event.end_mark, style=event.style)
            if event.anchor is not None:
                anchors[event.anchor] = node
        elif kind is mapping_start or kind is sequence_start:
            node_kind = mapping_node if kind is mapping_start else sequence_node
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(node_kind, None, event.implicit)
            node = node_kind(tag, [], start, None, flow_style=event.flow_style)
            if event.anchor is not None:
                anchors[event.anchor] = node
            if len(stack) >= MAX_DEPTH:
                raise yaml.composer.ComposerError(None, None, f"nesting deeper than {MAX_DEPTH} levels", start)
            stack.append(node)
            continue
        elif kind is alias_event:
            if event.anchor not in anchors:
                raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", start)
            node = anchors[event.anchor]
            if any(open_node is node for open_node in stack):
                raise yaml.composer.ComposerError(
                    None, None, f"alias {event.anchor!r} refers to a value that contains it", start
                )
            # Each alias adds a copy of what it names ("billion laughs"); refuse before building it.
            # Counted in nodes and in characters of text: 2,000 aliases of one long quote are
            # few nodes, but every renderer copies the text of each.
            nodes, chars = _expanded_size(node, sizes)
            copied += nodes
            copied_text += chars
            if copied > MAX_ALIAS_GROWTH:
                raise _TooManyCopies(copied, start.line + 1, start.column + 1)
            if copied_text > MAX_ALIAS_TEXT:
                raise _TooMuchText(copied_text, start.line + 1, start.column + 1)
        else:  # SequenceEnd or MappingEnd
            node = stack.pop()
            node.end_mark = event.end_mark
        if not stack:
            root = node
            continue
        parent = stack[-1]
        if type(parent) is mapping_node:
            pairs = parent.value
            if pairs and len(pairs[-1]) == 1:
                pairs[-1] = (pairs[-1][0], node)
            else:
                pairs.append((node,))
        else:
            parent.value.append(node)
    return root


def _place(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _where(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, path: Path, doc: YamlDocument, problems: list[Problem]) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if node.tag not in PLAIN_TAGS:
        tag = node.tag.replace(_CORE, "!!", 1)
        problems.append(problem("TRK112", doc.file, *_where(node), feature=f"the tag '{clip(tag)}'"))
        return None
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        first_lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line, col = _where(key_node)
            if key_node.tag == MERGE_TAG:
                problems.append(problem("TRK112", doc.file, line, col, feature="the merge key '<<'"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
                problems.append(problem("TRK112", doc.file, line, col, feature=f"a {kind} as a key"))
                continue
            key = key_node.value  # keys are names: `no:` or `2021:` stay text
            if key in first_lines:
                problems.append(problem("TRK103", doc.file, line, col, key=clip(key), first_line=first_lines[key]))
                continue
            first_lines[key] = line
            doc.lines[path + (key,)] = line
            if value_node.tag == STR_TAG and type(value_node) is yaml.ScalarNode:
                mapping[key] = value_node.value  # what _build gives, without the call (most values)
            else:
                mapping[key] = _build(value_node, path + (key,), doc, problems)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), doc, problems) for i, item in enumerate(node.value)]
    if node.tag == STR_TAG:  # the text as written: no constructor needed
        return node.value
    try:
        value = _SCALAR_CONSTRUCTOR.construct_object(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        reason = getattr(exc, "problem", None) or str(exc)
        reason = f"cannot read {clip(repr(node.value))}: {clip(str(reason))}"
        problems.append(problem("TRK102", doc.file, *_where(node), reason=reason))
        return None
    finally:  # its memo would keep every node of every file alive
        _SCALAR_CONSTRUCTOR.constructed_objects.clear()
        _SCALAR_CONSTRUCTOR.recursive_objects.clear()
    if isinstance(value, bool) and node.value.lower() in BOOLEAN_WORDS - {"true", "false"}:
        doc.boolean_words[path] = node.value
    elif (tag := node.tag) == INT_TAG or tag == FLOAT_TAG:  # every number of every plan: kept cheap
        text = doc.written[path] = node.value
        if (text[0] in "0+-" or "_" in text or ":" in text) and _yaml11_only(text, tag == INT_TAG):
            doc.yaml11_numbers[path] = (text, value)
    if hasattr(value, "isoformat"):  # dates stay text: `issued: 2023-01-10`
        value = node.value
    return value


def _yaml11_only(text: str, integer: bool) -> bool:
    """Whether only YAML 1.1 reads this as that number: 070 (octal 56), 0x1F, 0b11, 1:30 (90), 1_000.

    YAML 1.2 and people read them otherwise (070 is 70, 1:30 a time, 0123 a code).
    """
    if "_" in text or ":" in text:
        return True
    digits = text.lstrip("+-")
    return integer and len(digits) > 1 and digits[0] == "0"


class _TooMuchText(Exception):
    """Aliases would add more than MAX_ALIAS_TEXT characters; `line` and `col` of the alias that crossed it."""

    def __init__(self, copied: int, line: int, col: int) -> None:
        super().__init__(copied, line, col)
        self.copied, self.line, self.col = copied, line, col


class _TooManyCopies(Exception):
    """Aliases would add more than MAX_ALIAS_GROWTH nodes; `line` and `col` of the alias that crossed it."""

    def __init__(self, copied: int, line: int, col: int) -> None:
        super().__init__(copied, line, col)
        self.copied, self.line, self.col = copied, line, col


def _expanded_size(root: yaml.Node, sizes: dict[int, tuple[int, int]]) -> tuple[int, int]:
    """Nodes and characters of text under root with every alias expanded, memoised by id, without recursion."""
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    if type(root) is scalar:
        return 1, len(root.value)
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = [n for pair in node.value for n in pair] if type(node) is mapping else node.value
        if children_done:
            nodes, chars = 1, 0
            for child in children:
                if type(child) is scalar:
                    nodes, chars = nodes + 1, chars + len(child.value)
                else:
                    below = sizes[id(child)]
                    nodes, chars = nodes + below[0], chars + below[1]
            sizes[key] = (nodes, chars)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children if type(child) is not scalar and id(child) not in sizes)
    return sizes[id(root)]
