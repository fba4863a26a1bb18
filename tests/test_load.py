"""Stage 1, load: YAML read safely into plain text values, with the line of every node."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.errors import GuideError, Problem
from guide.source import load
from guide.source.load import MAX_DEPTH, MAX_FILE_BYTES, Document, load_document, parse_document

FILE = Path("topic.yaml")


def parse(text: str | bytes) -> Document:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_document(raw, FILE)


def refused(text: str | bytes) -> list[Problem]:
    """The problems of a file the loader must refuse."""
    with pytest.raises(GuideError) as info:
        parse(text)
    problems = info.value.problems
    assert problems, "a GuideError must carry its problems"
    assert all(p.file == FILE for p in problems)
    return problems


def only(text: str | bytes) -> Problem:
    problems = refused(text)
    assert len(problems) == 1, problems
    return problems[0]


# -- scalars are kept as the text that was typed ---------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("No", "No"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("true", "true"),
        ("False", "False"),
        ("1.10", "1.10"),
        ("2002", "2002"),
        ("007", "007"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("1e3", "1e3"),
        (".inf", ".inf"),
        ("12:30", "12:30"),
        ("2024-02-23", "2024-02-23"),
        ("1992-05", "1992-05"),
        ("'No'", "No"),
        ('"1.10"', "1.10"),
        ("''", ""),
        ('"null"', "null"),
        ("'null'", "null"),
        ("'~'", "~"),
        ("~", None),
        ("null", None),
        ("Null", None),
        ("", None),
    ],
)
def test_scalars_are_kept_as_typed_text(typed: str, expected: str | None) -> None:
    assert parse(f"value: {typed}\n").data == {"value": expected}


def test_scalars_in_lists_and_nested_mappings_stay_text() -> None:
    doc = parse("members: [No, 1.10, 2002, ~]\nfacts:\n  - value: Yes\n    level: 2\n")
    assert doc.data == {
        "members": ["No", "1.10", "2002", None],
        "facts": [{"value": "Yes", "level": "2"}],
    }


def test_keys_are_text_too() -> None:
    assert parse("No: 1\n2002: x\n1.10: y\n").data == {"No": "1", "2002": "x", "1.10": "y"}


def test_block_scalars_keep_their_text() -> None:
    doc = parse("text: |\n  one\n  two\nfolded: >-\n  a\n  b\n")
    assert doc.data == {"text": "one\ntwo\n", "folded": "a b"}


def test_standard_tags_are_accepted_as_text() -> None:
    assert parse("a: !!str 2002\nb: !!int 3\nc: !!float 1.5\n").data == {
        "a": "2002",
        "b": "3",
        "c": "1.5",
    }


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    assert parse("\ufefftitle: Café\n".encode()).data == {"title": "Café"}


# -- duplicate keys ----------------------------------------------------------------------------


def test_a_duplicate_key_names_both_lines() -> None:
    problem = only("title: A\nsummary: [x]\ntitle: B\n")
    assert (problem.line, problem.column, problem.path) == (3, 1, "title")
    assert "duplicate key 'title'" in problem.message
    assert "first given on line 1" in problem.message


def test_a_nested_duplicate_key_names_its_key_path() -> None:
    problem = only("title: T\nfacts:\n  - label: A\n    value: x\n    label: B\n")
    assert (problem.line, problem.column, problem.path) == (5, 5, "facts[0].label")
    assert "duplicate key 'label' (first given on line 3)" in problem.message


def test_a_duplicate_of_a_key_whose_value_spans_lines_names_the_key_line() -> None:
    problem = only("a:\n  b: 1\n  c: 2\na: 3\n")
    assert (problem.line, problem.path) == (4, "a")
    assert "first given on line 1" in problem.message


def test_every_duplicate_is_reported() -> None:
    problems = refused("a: 1\nb: 2\na: 3\nb: 4\na: 5\n")
    assert [(p.line, p.path) for p in problems] == [(3, "a"), (4, "b"), (5, "a")]
    assert all("first given on line" in p.message for p in problems)


# -- tags --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tagged", "tag"),
    [
        ("!!python/object/apply:os.system ['true']", "python/object/apply:os.system"),
        ("!!python/object/new:builtins.list [[1]]", "python/object/new:builtins.list"),
        ("!!python/name:os.system ''", "python/name:os.system"),
        ("!!binary aGVsbG8=", "binary"),
        ("!!set {a, b}", "set"),
        ("!!omap [{a: 1}]", "omap"),
        ("!foo bar", "!foo"),
        ("!foo {a: 1}", "!foo"),
        ("!foo [a, b]", "!foo"),
    ],
)
def test_tags_are_refused_with_their_line(tagged: str, tag: str) -> None:
    problem = only(f"title: T\nvalue: {tagged}\n")
    assert (problem.line, problem.column, problem.path) == (2, 8, "value")
    assert "not allowed" in problem.message
    assert tag in problem.message


def test_an_object_tag_never_runs_anything(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    topic = tmp_path / "evil.yaml"
    topic.write_text(f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(GuideError) as info:
        load_document(topic)
    assert [(p.line, p.path) for p in info.value.problems] == [(1, "title")]
    assert not marker.exists()


def test_a_tag_on_the_whole_document_is_refused() -> None:
    problem = only("!foo\ntitle: T\n")
    assert (problem.line, problem.path) == (1, "")
    assert "'!foo' are not allowed" in problem.message


def test_a_tagged_key_is_refused() -> None:
    problem = only("title: T\n!foo summary: x\n")
    assert problem.line == 1  # the mapping holding the key
    assert "keys must be plain words" in problem.message


# -- anchors, aliases and merge keys -----------------------------------------------------------


def test_an_anchor_is_refused_at_its_line() -> None:
    problem = only("title: &t Hello\nsubtitle: *t\n")
    assert (problem.line, problem.column) == (1, 8)
    assert "anchors and aliases" in problem.message


def test_an_unused_anchor_is_refused_too() -> None:
    problem = only("title: T\nbase: &b\n  k: v\n")
    assert (problem.line, problem.column) == (2, 7)


def test_an_alias_bomb_is_refused_at_its_first_anchor() -> None:
    bomb = "a: &a [x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20)
    )
    problem = only(bomb)
    assert (problem.line, problem.column) == (1, 4)


def test_an_alias_without_an_anchor_is_refused_at_the_alias() -> None:
    problem = only("title: T\nlist:\n  - one\n  - *b\n")
    assert (problem.line, problem.column) == (4, 5)
    assert "anchors and aliases" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("title: T\nbox:\n  x: 1\n  <<: {k: v}\n", 4, 3),
        ("title: T\nbox:\n  <<: {k: v}\n  x: 1\n", 3, 3),
        ("title: T\nbox: {x: 1, <<: {k: v}}\n", 2, 13),
    ],
)
def test_a_merge_key_is_refused_by_name_on_its_own_line(text: str, line: int, column: int) -> None:
    problem = only(text)
    assert (problem.line, problem.column, problem.path) == (line, column, "box")
    assert "merge keys (<<) are not supported" in problem.message


def test_a_quoted_merge_key_is_an_ordinary_key() -> None:
    assert parse("box:\n  '<<': {k: v}\n").data == {"box": {"<<": {"k": "v"}}}


# -- encoding, empty files and the top level --------------------------------------------------


def test_non_utf8_bytes_are_refused_with_their_line() -> None:
    problem = only(b"title: T\nsummary:\n  - caf\xe9 au lait\n")
    assert problem.line == 3
    assert "not UTF-8" in problem.message


def test_utf16_is_refused_as_not_utf8() -> None:
    problem = only("title: T\n".encode("utf-16"))
    assert problem.line == 1
    assert "UTF-8" in problem.message


@pytest.mark.parametrize(("char", "shown"), [(b"\x00", "0x00"), (b"\x07", "0x07")])
def test_a_control_character_is_refused_with_its_line(char: bytes, shown: str) -> None:
    problem = only(b"title: T\nsubtitle: a" + char + b"b\n")
    assert problem.line == 2
    assert f"control character {shown} is not allowed" in problem.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(text: str | bytes) -> None:
    problem = only(text)
    assert problem.line is None
    assert "the file is empty; expected a mapping of keys" in problem.message


@pytest.mark.parametrize("text", ["---\n", "---\n...\n"])
def test_an_empty_document_is_refused(text: str) -> None:
    assert "expected a mapping of keys" in only(text).message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- title\n- summary\n", 1),
        ("just a sentence\n", 1),
        ("2002\n", 1),
        ("~\n", 1),
        ("# a comment\n\n- a\n", 3),
        ("[a, b]\n", 1),
    ],
)
def test_a_top_level_that_is_not_a_mapping_is_refused(text: str, line: int) -> None:
    problem = only(text)
    assert problem.line == line
    assert problem.path == ""
    assert "expected a mapping of keys at the top of the file" in problem.message


# -- syntax errors -----------------------------------------------------------------------------


# Each kind of mistake an author makes, said in plain words at the line and column where the
# fix goes (never PyYAML's "expected <block end>, but found '<block mapping start>'").
SYNTAX = [
    ("a key indented 1 space among keys at 0",
     "title: T\nsummary:\n  - a\n  - b\n bad: x\n", 5, 2,
     "indented 1 space, but the keys it goes with, from line 1 (`title: T`), are indented "
     "0 spaces: line it up with them"),
    ("a list item out of line with the one above",
     "title: T\nsummary:\n  - a\n - b\n", 4, 2,
     "indented 1 space, against the `- ` of line 3 (`- a`, 2 spaces): line up the items of "
     "a list"),
    ("a key of a list item lined up with its dash",
     "title: T\nfacts:\n  - label: A\n  value: B\n", 4, 3,
     "not a list item, but indented like the `- ` of the list on line 3 (`- label: A`): to "
     "add it to the item above, line it up with `label` on line 3 (4 spaces); to start a new "
     "item, begin it with `- `"),
    ("a key of a list item between its dash and its keys",
     "title: T\nfacts:\n  - label: A\n    value: B\n   level: 2\n", 5, 4,
     "indented 3 spaces, which lines it up with nothing above: to add it to the list item "
     "above, line it up with `label` on line 3 (4 spaces)"),
    ("a key indented under a key that has its value",
     "title: T\n  extra: x\n", 2, 3,
     "indented more than `title` on line 1 (`title: T`), as if inside it, but `title` "
     "already has its value there; line it up with `title` (0 spaces)"),
    ("a tab as indentation",
     "title: T\nsummary:\n\t- a\n", 3, 1,
     "this line is indented with a tab; YAML indents with spaces only: replace the tab with "
     "spaces"),
    ("a tab after a colon",
     "title:\tT\nsummary: [a]\n", 1, 7,
     "a tab here; YAML separates with spaces only: replace the tab with a space"),
    ("no space after a colon, noticed a line later",
     "title: T\nsummary: [a]\nfacts:\n  - label:Motto\n    value: x\n", 4, 10,
     "no space after the colon: write `label: Motto`"),
    ("no space after a colon, at the top",
     "title:T\nsummary: [a]\n", 1, 6,
     "no space after the colon: write `title: T`"),
    ("a colon and a space inside a value",
     "title: T\nsummary: a: b\n", 2, 10,
     'a colon and a space inside a value; put the value in quotes: `summary: "a: b"`'),
    ("a key without its colon",
     "title: T\nsummary\n  - a\n", 2, 1,
     "this line has no colon: write `summary:`, or, if it goes on from the text on the line "
     "above, indent it more than that text's key"),
    ("a bracket never closed",
     "title: T\nsummary: [a, b\nfacts: x\n", 2, 10,
     "the `[` opened here is never closed with `]`, or an item in it holds a comma, colon or "
     "bracket: close it with `]` on this line, or put such an item in quotes"),
    ("a text starting with a bold mark",
     "title: T\nsummary:\n  - **Bold** start\n", 3, 5,
     'a text cannot start with * (YAML reads it as an alias); put the whole text in quotes: '
     '`- "**Bold** start"`'),
    ("a text starting with a link",
     "title: T\nsummary:\n  - [Link](https://x.org) text\n", 3, 5,
     "text after a closing bracket: a text that starts with `[` or `{` is read as a list; put "
     'the whole text in quotes: `- "[Link](https://x.org) text"`'),
    ("text after a closing quote",
     'title: "A" B\nsummary: [a]\n', 1, 8,
     "text after the closing quote; put the whole text in quotes: `title: '\"A\" B'`"),
    ("a list item on its key's line",
     "title: T\nsummary: - a\n", 2, 10,
     "a list item (`- `) cannot go here: a list starts on the line after its key, each item "
     "on a line of its own, indented more than the key"),
    ("a second document",
     "title: T\n---\nsummary: [a]\n", 2, 1,
     "a second document starts here: a topic file holds one; remove this line"),
    ("a backslash in double quotes",
     'title: "C:\\path"\nsummary: [a]\n', 1, 11,
     "a backslash in double quotes starts an escape such as `\\n`; write `\\\\` for a "
     "backslash, or put the text in single quotes instead"),
]


@pytest.mark.parametrize(("text", "line", "column", "message"),
                         [case[1:] for case in SYNTAX], ids=[case[0] for case in SYNTAX])
def test_a_syntax_error_is_said_in_plain_words_where_the_fix_goes(
        text: str, line: int, column: int, message: str) -> None:
    problem = only(text)
    assert problem.message == f"YAML syntax: {message}"
    assert (problem.line, problem.column) == (line, column)
    assert problem.source == text.split("\n")[line - 1]


def test_a_syntax_error_shows_its_line_with_a_caret_under_the_fix() -> None:
    problem = only("title: T\nfacts:\n  - label:Motto\n    value: x\nsummary: [a]\n")
    assert str(problem).splitlines() == [
        "topic.yaml:3:10: YAML syntax: no space after the colon: write `label: Motto`",
        "      - label:Motto",
        "             ^",
    ]


def test_the_caret_keeps_the_tabs_of_its_line() -> None:
    """A terminal widens a tab to its next stop: the caret's line copies the tab, so the
    caret stays under its character."""
    problem = Problem(FILE, "YAML syntax: x", 1, 4, source="\tab: c")
    assert str(problem).splitlines()[1:] == ["    \tab: c", "    \t  ^"]


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_is_located_where_it_opens(quote: str) -> None:
    problem = only(f"title: T\nsubtitle: {quote}Collective Security\nsummary:\n  - a\n  - b\n")
    assert (problem.line, problem.column) == (2, 11)
    assert "never closed" in problem.message


# -- size and depth limits ---------------------------------------------------------------------


def test_a_file_over_the_size_cap_is_refused_before_parsing() -> None:
    raw = b"title: '" + b"x" * MAX_FILE_BYTES + b"'\n"
    problem = only(raw)
    assert "larger than 1,000,000 bytes" in problem.message


def test_the_size_cap_is_inclusive(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = b"title: T\nsummary: [a]\n"
    monkeypatch.setattr(load, "MAX_FILE_BYTES", len(raw))
    assert parse(raw).data == {"title": "T", "summary": ["a"]}
    problem = only(raw + b"\n")
    assert f"larger than {len(raw):,} bytes" in problem.message


def test_load_document_applies_the_size_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\ntitle: T\n")
    with pytest.raises(GuideError) as info:
        load_document(big)
    [problem] = info.value.problems
    assert problem.file == big
    assert "larger than" in problem.message


def nested_lists(depth: int) -> str:
    return "deep: " + "[" * depth + "]" * depth + "\n"


def nested_mappings(depth: int) -> str:
    lines = ["title: T"]
    lines += ["  " * i + "k:" for i in range(depth)]
    lines += ["  " * depth + "v"]
    return "\n".join(lines) + "\n"


def test_nesting_up_to_max_depth_is_accepted() -> None:
    data = parse(nested_lists(MAX_DEPTH)).data["deep"]
    for _ in range(MAX_DEPTH - 1):
        [data] = data
    assert data == []


def test_nesting_deeper_than_max_depth_is_refused_with_a_line() -> None:
    problem = only(nested_lists(MAX_DEPTH + 1))
    assert problem.line == 1
    assert f"nested deeper than {MAX_DEPTH} levels" in problem.message
    assert problem.path == "deep" + "[0]" * MAX_DEPTH


def test_deep_block_mappings_are_refused_on_the_line_that_goes_too_deep() -> None:
    problem = only(nested_mappings(MAX_DEPTH + 5))
    # Line 2 holds the first `k:`; the value of the 33rd `k` starts on the 34th `k:` line.
    assert problem.line == MAX_DEPTH + 3
    assert problem.path == ".".join(["k"] * (MAX_DEPTH + 1))
    assert "nested deeper" in problem.message


@pytest.mark.parametrize("depth", [500, 5_000, 50_000])
def test_pathological_nesting_is_refused_without_a_crash(depth: int) -> None:
    problem = only(nested_lists(depth))
    assert "nested" in problem.message
    # The interpreter is still fine afterwards.
    assert parse("title: T\n").data == {"title": "T"}


def test_pathological_mapping_nesting_is_refused_without_a_crash() -> None:
    depth = 20_000
    assert "nested" in only("deep: " + "{k: " * depth + "v" + "}" * depth + "\n").message


# -- reading files and locating nodes ---------------------------------------------------------


def test_load_document_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("title: T\nsummary: [No]\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.path == path
    assert doc.data == {"title": "T", "summary": ["No"]}


def test_a_missing_file_is_refused_not_raised(tmp_path: Path) -> None:
    with pytest.raises(GuideError) as info:
        load_document(tmp_path / "nope.yaml")
    [problem] = info.value.problems
    assert problem.file == tmp_path / "nope.yaml"
    assert "cannot read the file" in problem.message


TOPIC = """\
title: T
summary:
  - one
  - text: two
    level: 2
facts:
  - label: Members
    value:
      - A
      - B
"""


def test_marks_point_at_keys_and_items() -> None:
    doc = parse(TOPIC)
    assert doc.line_of(()) == (1, 1)
    assert doc.line_of(("title",)) == (1, 1)
    assert doc.line_of(("summary",)) == (2, 1)
    assert doc.line_of(("summary", 0)) == (3, 5)
    assert doc.line_of(("summary", 1, "level")) == (5, 5)
    # A key whose value starts on a later line is located at the key.
    assert doc.line_of(("facts", 0, "value")) == (8, 5)
    assert doc.line_of(("facts", 0, "value", 1)) == (10, 9)


def test_line_of_falls_back_to_the_nearest_ancestor() -> None:
    doc = parse(TOPIC)
    assert doc.line_of(("summary", 1, "nope")) == (4, 5)
    assert doc.line_of(("facts", 7, "label")) == (6, 1)
    assert doc.line_of(("nope", 3, "deeper")) == (1, 1)


def test_line_of_without_any_mark_is_none() -> None:
    doc = Document(FILE, {})
    assert doc.line_of(("a", 0)) is None
    problem = doc.problem(("a", 0, "b"), "broken")
    assert (problem.line, problem.column, problem.path) == (None, None, "a[0].b")


def test_problem_uses_the_nearest_mark_and_formats_the_key_path() -> None:
    doc = Document(FILE, {}, {(): (1, 1), ("timeline",): (4, 1), ("timeline", 3): (9, 5)})
    problem = doc.problem(("timeline", 3, "date"), "bad date")
    assert (problem.line, problem.column, problem.path) == (9, 5, "timeline[3].date")
    assert str(problem) == "topic.yaml:9:5: timeline[3].date: bad date"
