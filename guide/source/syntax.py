"""YAML syntax errors in plain words, at the line where the fix goes.

PyYAML says what its parser expected ("expected <block end>, but found '<block mapping
start>'") where it noticed, which may be a line after the mistake. Here each kind of
mistake an author makes (a line indented wrongly, a tab, a colon without a space, a text
that needs quotes, a bracket never closed) is said in the author's terms, at the line and
column to fix, with that line shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.tokens import (
    FlowMappingEndToken,
    FlowSequenceEndToken,
    ScalarToken,
    Token,
    ValueToken,
)

from guide.errors import Problem

_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks
# A key, a colon and no space, as in `label:Motto` (not `https://`: `//` follows it).
_NO_SPACE = re.compile(r"(?<![\w.-])([A-Za-z_][\w-]*):(?=[^\s:/])")


@dataclass
class _Mistake:
    """What is wrong and where, 0-based (PyYAML's marks are)."""

    message: str
    line: int
    column: int


def syntax_problem(path: Path, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """The syntax error `exc`, raised on `text`, as a located problem in plain words."""
    lines = [line.rstrip("\r") for line in _LINE_BREAK.split(text)]
    mark = exc.problem_mark or exc.context_mark
    found = _explain(exc, text, lines) if mark else None
    if found is None:
        message = exc.problem or "invalid YAML"
        if exc.context and exc.problem:
            message = f"{exc.context}, {exc.problem}"
        if mark is None:
            return Problem(path, f"YAML syntax: {message}")
        found = _Mistake(message, mark.line, mark.column)
    source = lines[found.line] if found.line < len(lines) else None
    return Problem(path, f"YAML syntax: {found.message}", found.line + 1, found.column + 1,
                   source=source)


def _explain(exc: yaml.MarkedYAMLError, text: str, lines: list[str]) -> _Mistake | None:
    problem, context = exc.problem or "", exc.context or ""
    where = exc.problem_mark or exc.context_mark
    at = (where.line, where.column)
    if "cannot start any token" in problem:
        return _cannot_start(lines, *at)
    if context in ("while scanning an alias", "while scanning an anchor"):
        start = exc.context_mark
        sign = lines[start.line][start.column]
        meaning = "an alias" if sign == "*" else "an anchor"
        return _Mistake(f"a text cannot start with {sign} (YAML reads it as {meaning}); put "
                        f"the whole text in quotes: `{_quoted(lines[start.line], start.column)}`",
                        start.line, start.column)
    if "quoted scalar" in context and "unknown escape" in problem:
        line, column = at[0], at[1] - 1
        return _Mistake("a backslash in double quotes starts an escape such as `\\n`; write "
                        "`\\\\` for a backslash, or put the text in single quotes instead",
                        line, column)
    if "quoted scalar" in context and exc.context_mark:
        start = exc.context_mark
        return _Mistake("a quoted text is never closed (its closing quote is missing)",
                        start.line, start.column)
    if context.startswith("while parsing a flow") and exc.context_mark:
        start = exc.context_mark
        bracket, closing = ("[", "]") if "sequence" in context else ("{", "}")
        return _Mistake(f"the `{bracket}` opened here is never closed with `{closing}`, or an "
                        "item in it holds a comma, colon or bracket: close it with "
                        f"`{closing}` on this line, or put such an item in quotes",
                        start.line, start.column)
    if context in ("while scanning a directive", "while scanning a tag"):
        start = exc.context_mark
        return _cannot_start(lines, start.line, start.column)
    if context == "while scanning a block scalar":
        return _Mistake("after `|` or `>` only a digit, `+` or `-` may follow on its line: "
                        "start the text on the next line, indented", *at)
    if problem == "mapping values are not allowed here":
        return _colon_in_value(text, lines, where)
    if problem == "could not find expected ':'" and exc.context_mark:
        return _no_colon(lines, exc.context_mark.line)
    if problem == "sequence entries are not allowed here":
        return _Mistake("a list item (`- `) cannot go here: a list starts on the line after "
                        "its key, each item on a line of its own, indented more than the key",
                        *at)
    if context == "expected a single document in the stream":
        return _Mistake("a second document starts here: a topic file holds one; remove this "
                        "line", *at)
    if problem.startswith("expected <block end>") and exc.context_mark:
        return _misaligned(text, lines, exc, context)
    return None


def _cannot_start(lines: list[str], line: int, column: int) -> _Mistake:
    here = lines[line]
    if here[column] == "\t":
        if not here[:column].strip(" \t"):
            return _Mistake("this line is indented with a tab; YAML indents with spaces "
                            "only: replace the tab with spaces", line, column)
        return _Mistake("a tab here; YAML separates with spaces only: replace the tab with "
                        "a space", line, column)
    return _Mistake(f"a text cannot start with {here[column]}; put the whole text in quotes: "
                    f"`{_quoted(here, column)}`", line, column)


def _colon_in_value(text: str, lines: list[str], where: yaml.Mark) -> _Mistake:
    """A colon and a space where YAML cannot take a key: inside a value on its line, after
    a colon written without a space (`label:Motto`) on a line above, or in a line
    indented under a key that already has its value."""
    tokens = _tokens_before(text, where.index)
    scalars = [i for i, token in enumerate(tokens) if isinstance(token, ScalarToken)]
    if not scalars:
        return _Mistake("a colon and a space cannot go here; put the text in quotes",
                        where.line, where.column)
    value = tokens[scalars[-1]]
    start = value.start_mark
    if start.line == where.line:
        return _Mistake("a colon and a space inside a value; put the value in quotes: "
                        f"`{_quoted(lines[start.line], start.column)}`", start.line,
                        start.column)
    if found := _no_space(lines, start.line, start.column):
        return found
    key = _key_of(tokens, scalars[-1])
    above = lines[start.line].strip()
    if key is None:
        return _Mistake(f"indented more than line {start.line + 1} (`{above}`), as if inside "
                        "it, but that line is complete; line it up with the line it goes "
                        "with", where.line, _indent(lines[where.line]))
    return _Mistake(
        f"indented more than `{key.value}` on line {start.line + 1} (`{above}`), as if inside "
        f"it, but `{key.value}` already has its value there; line it up with `{key.value}` "
        f"({_spaces(key.start_mark.column)})", where.line, _indent(lines[where.line]))


def _no_colon(lines: list[str], line: int) -> _Mistake:
    """A line in a mapping that is not `key: value`."""
    if found := _no_space(lines, line, 0):
        return found
    here = lines[line]
    word = here.strip()
    hint = f"write `{word}:`" if re.fullmatch(r"[\w-]+", word) else "write `key: value`"
    return _Mistake(f"this line has no colon: {hint}, or, if it goes on from the text on the "
                    "line above, indent it more than that text's key", line, _indent(here))


def _misaligned(text: str, lines: list[str], exc: yaml.MarkedYAMLError,
                context: str) -> _Mistake:
    """A line that lines up with nothing above it, or text after a closed quote or bracket."""
    where, block = exc.problem_mark, exc.context_mark
    tokens = _tokens_before(text, where.index)
    last = tokens[-1] if tokens else None
    if last is not None and last.end_mark.line == where.line:
        if isinstance(last, FlowSequenceEndToken | FlowMappingEndToken):
            start = _opening(tokens)
            return _Mistake("text after a closing bracket: a text that starts with `[` or `{` "
                            "is read as a list; put the whole text in quotes: "
                            f"`{_quoted(lines[start.line], start.column)}`",
                            start.line, start.column)
        if isinstance(last, ScalarToken) and last.style in ("'", '"'):
            start = last.start_mark
            return _Mistake("text after the closing quote; put the whole text in quotes: "
                            f"`{_quoted(lines[start.line], start.column)}`",
                            start.line, start.column)
    line, indent = where.line, _indent(lines[where.line])
    outer, outer_indent = block.line, block.column
    shown = f"line {outer + 1} (`{lines[outer].strip()}`)"
    dash = lines[line][indent:].startswith("-")
    if context == "while parsing a block collection":  # a list: its items start with -
        item = _item_start(lines, outer_indent, outer, line)
        key = re.match(r"([\w-]+):(\s|$)", lines[item.line][item.column:]) if item else None
        if item is None or key is None:
            placed = ("lined up with" if indent == outer_indent else
                      f"indented {_spaces(indent)}, against {_spaces(outer_indent)} for")
            return _Mistake(f"{placed} the list on {shown}, but not a list item: begin it "
                            "with `- ` to add an item, or indent it less to end the list",
                            line, indent)
        to_item = (f"line it up with `{key[1]}` on line {item.line + 1} "
                   f"({_spaces(item.column)})")
        if indent == outer_indent:
            return _Mistake(f"not a list item, but indented like the `- ` of the list on "
                            f"{shown}: to add it to the item above, {to_item}; to start "
                            "a new item, begin it with `- `", line, indent)
        return _Mistake(f"indented {_spaces(indent)}, which lines it up with nothing above: "
                        f"to add it to the list item above, {to_item}", line, indent)
    if dash and indent == outer_indent:
        return _Mistake(f"a list item lined up with the keys of {shown}: a list goes under "
                        "a key with nothing after its colon, indented more than the key",
                        line, indent)
    if dash and (item := _item_start(lines, None, outer, line)) is not None:
        first = item.line
        return _Mistake(f"indented {_spaces(indent)}, against the `- ` of line {first + 1} "
                        f"(`{lines[first].strip()}`, {_spaces(_indent(lines[first]))}): "
                        "line up the items of a list", line, indent)
    return _Mistake(f"indented {_spaces(indent)}, but the keys it goes with, from {shown}, "
                    f"are indented {_spaces(outer_indent)}: line it up with them",
                    line, indent)


def _no_space(lines: list[str], line: int, column: int) -> _Mistake | None:
    """`label:Motto` on `line` (from `column`): a colon that needs a space after it."""
    match = _NO_SPACE.search(lines[line], column)
    if match is None:
        return None
    colon = match.end()
    here = lines[line]
    fixed = f"{here[match.start():colon]} {here[colon:].strip()}"
    return _Mistake(f"no space after the colon: write `{fixed}`", line, colon - 1)


def _tokens_before(text: str, index: int) -> list[Token]:
    """The tokens PyYAML reads before `index` (it may stop with an error of its own)."""
    found: list[Token] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= index:
                break
            found.append(token)
    except yaml.YAMLError:
        pass
    return found


def _key_of(tokens: list[Token], value: int) -> ScalarToken | None:
    """The key whose value is the scalar at `tokens[value]`, if it is a key's value."""
    if value >= 2 and isinstance(tokens[value - 1], ValueToken):
        key = tokens[value - 2]
        return key if isinstance(key, ScalarToken) else None
    return None


def _opening(tokens: list[Token]) -> yaml.Mark:
    """Where the flow collection that the last token closes opens."""
    depth = 0
    for token in reversed(tokens):
        name = type(token).__name__
        depth += name.endswith("EndToken") and name.startswith("Flow")
        depth -= name.endswith("StartToken") and name.startswith("Flow")
        if depth == 0:
            return token.start_mark
    return tokens[-1].start_mark


@dataclass
class _Item:
    line: int
    column: int  # where the item's text starts, after `- `


def _item_start(lines: list[str], dash: int | None, first: int, before: int) -> _Item | None:
    """The last list item (`- ` at column `dash`, or any) from line `first` to `before`."""
    for line in range(before - 1, first - 1, -1):
        here = lines[line]
        at = _indent(here) if dash is None else dash
        if _indent(here) == at and here[at:].startswith("- "):
            rest = here[at + 1:]
            return _Item(line, at + 1 + len(rest) - len(rest.lstrip(" ")))
    return None


def _quoted(line: str, column: int) -> str:
    """The line with its text from `column` in quotes: the fix to write."""
    before, value = line[:column].lstrip(), line[column:].strip()
    if '"' not in value:
        return f'{before}"{value}"'
    return before + "'" + value.replace("'", "''") + "'"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(count: int) -> str:
    return f"{count} space" + ("" if count == 1 else "s")
