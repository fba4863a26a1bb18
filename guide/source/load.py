"""Stage 1, load: read YAML safely into plain values, remembering the line of every node.

Every scalar is kept as the text that was typed (`No`, `1.10` and `2002` stay strings):
the model decides what a field means, not YAML 1.1's guesses. Tags, aliases, merge keys
and duplicate keys are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from guide.errors import GuideError, Problem, format_key_path
from guide.source.syntax import syntax_problem

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32

Loc = tuple[str | int, ...]
_STANDARD = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_STANDARD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class Document:
    """A loaded YAML file: its plain data and the 1-based line and column of each node."""

    path: Path
    data: dict[str, Any]
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> tuple[int, int] | None:
        """The mark of `loc`, or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            if (mark := self.marks.get(tuple(loc[:end]))) is not None:
                return mark
        return None

    def problem(self, loc: Loc, message: str, **kwargs: Any) -> Problem:
        mark = self.line_of(loc)
        line, column = mark if mark else (None, None)
        return Problem(self.path, message, line, column, format_key_path(loc), **kwargs)


class _Loader(yaml.SafeLoader):
    """PyYAML's safe composer that refuses aliases instead of sharing nodes."""

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="anchors and aliases (&name, *name) are not supported; "
                "write the value out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def _compose_fast(text: str) -> Node | bool | None:
    """The nodes of `text` composed by libyaml, ten times as fast; False where the pure
    Python composer must: a text with anchors or aliases (libyaml would share the nodes;
    PyYAML's composer refuses them, at their line), one with tabs (libyaml takes them
    where PyYAML refuses them), or one libyaml refuses, so that every message is PyYAML's."""
    if "\t" in text or not yaml.__with_libyaml__:
        return False
    try:
        if ("&" in text or "*" in text) and any(  # in Markdown emphasis, say: look closer
                isinstance(event, AliasEvent) or getattr(event, "anchor", None)
                for event in yaml.parse(text, Loader=yaml.CSafeLoader)):
            return False
        loader = yaml.CSafeLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError):
        return False


def read_bytes(path: Path) -> bytes:
    """A topic, audience or configuration file's bytes, or GuideError saying why not."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise GuideError([Problem(path, f"cannot read the file: {exc.strerror}")]) from None


def decode(raw: bytes, path: Path) -> str:
    """A file's text: UTF-8 (with or without a byte-order mark) and not too large."""
    if len(raw) > MAX_FILE_BYTES:
        raise GuideError([Problem(path, f"file is larger than {MAX_FILE_BYTES:,} bytes")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GuideError(
            [Problem(path, "the file is not UTF-8 text; save it as UTF-8", line)]
        ) from None


def load_document(path: Path) -> Document:
    """Read one YAML file that must hold a mapping; raise GuideError with every problem."""
    return parse_document(read_bytes(path), path)


def parse_document(raw: bytes, path: Path) -> Document:
    """Parse YAML bytes (see `load_document`)."""
    text = decode(raw, path)
    loader = None
    try:
        node = _compose_fast(text)
        if node is False:
            loader = _Loader(text)
            node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise GuideError([syntax_problem(path, text, exc)]) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        message = f"YAML syntax: control character {exc.character:#04x} is not allowed"
        raise GuideError([Problem(path, message, line)]) from None
    except yaml.YAMLError as exc:
        raise GuideError([Problem(path, f"YAML syntax: {exc}")]) from None
    except RecursionError:
        raise GuideError([Problem(path, "the YAML is nested too deeply")]) from None
    finally:
        if loader is not None:
            loader.dispose()

    if node is None:
        raise GuideError([Problem(path, "the file is empty; expected a mapping of keys")])
    doc = Document(path, {})
    problems: list[Problem] = []
    data = _convert(node, (), doc, problems)
    if not isinstance(data, dict):
        problems.append(doc.problem((), "expected a mapping of keys at the top of the file"))
    if problems:
        raise GuideError(problems)
    doc.data = data
    return doc


def _convert(node: Node, loc: Loc, doc: Document, problems: list[Problem]) -> Any:
    doc.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if len(loc) > MAX_DEPTH:
        problems.append(doc.problem(loc, f"nested deeper than {MAX_DEPTH} levels"))
        return None
    if isinstance(node, ScalarNode):
        if node.tag not in _PLAIN_TAGS:
            problems.append(doc.problem(loc, f"YAML tags such as {node.tag!r} are not allowed"))
            return None
        if node.tag == _STANDARD + "null" and not node.style:  # plain: None, or "" (libyaml)
            return None
        return node.value
    if isinstance(node, SequenceNode):
        if node.tag != _STANDARD + "seq":
            problems.append(doc.problem(loc, f"YAML tags such as {node.tag!r} are not allowed"))
        return [_convert(item, (*loc, i), doc, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    if node.tag != _STANDARD + "map":
        problems.append(doc.problem(loc, f"YAML tags such as {node.tag!r} are not allowed"))
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == _STANDARD + "merge":
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            message = "merge keys (<<) are not supported; write the keys out"
            problems.append(Problem(doc.path, message, line, col, format_key_path(loc)))
            continue
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
            problems.append(doc.problem(loc, "keys must be plain words"))
            continue
        key = key_node.value
        key_loc = (*loc, key)
        if key in out:
            first = doc.marks[key_loc][0]
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            problems.append(
                Problem(
                    doc.path,
                    f"duplicate key {key!r} (first given on line {first})",
                    line,
                    col,
                    format_key_path(key_loc),
                )
            )
            continue
        out[key] = _convert(value_node, key_loc, doc, problems)
        # Point key errors at the key itself, which may sit on a line above its value.
        doc.marks[key_loc] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return out
