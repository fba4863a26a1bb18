"""Stage 1: YAML read as typed text with line marks; unsafe or ambiguous YAML refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.errors import GuideError
from guide.load import MAX_DEPTH, MAX_FILE_BYTES, parse_document

FILE = Path("t.yaml")


def load(text: str | bytes) -> dict:
    raw = text.encode() if isinstance(text, str) else text
    return parse_document(raw, FILE).data


def problems(text: str | bytes) -> list[str]:
    with pytest.raises(GuideError) as caught:
        load(text)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("yaml_text", "value"),
    [
        ("v: No", "No"),
        ("v: yes", "yes"),
        ("v: 1.10", "1.10"),
        ("v: 2002", "2002"),
        ("v: 0x1F", "0x1F"),
        ("v: 1992-05-15", "1992-05-15"),
        ("v: '007'", "007"),
        ("v: \"null\"", "null"),
        ("v: ~", None),
        ("v:", None),
        ("v: [a, 2]", ["a", "2"]),
    ],
)
def test_scalars_are_kept_as_typed(yaml_text: str, value: object) -> None:
    assert load(yaml_text)["v"] == value


def test_every_node_has_its_line() -> None:
    doc = parse_document(b"title: T\nsummary:\n  - one\n  - text: two\n    level: 2\n", FILE)
    assert doc.marks[("title",)] == (1, 1)
    assert doc.marks[("summary", 1)] == (4, 5)
    assert doc.marks[("summary", 1, "level")][0] == 5
    assert doc.line_of(("summary", 1, "missing", 3)) == doc.marks[("summary", 1)]


def test_duplicate_keys_are_refused_at_the_second() -> None:
    [message] = problems("title: A\nsummary: [x]\ntitle: B\n")
    assert message.startswith("t.yaml:3:1: title: duplicate key 'title'")
    assert "first given on line 1" in message


def test_nested_duplicate_keys_are_refused() -> None:
    [message] = problems("facts:\n  - label: A\n    value: 1\n    label: B\n")
    assert message.startswith("t.yaml:4:5: facts[0].label: duplicate key")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("v: !!python/object/apply:os.system [echo hi]\n", 1),
        ("a: 1\nv: !!binary aGk=\n", 2),
        ("v: !custom thing\n", 1),
        ("v: !!set {a, b}\n", 1),
    ],
)
def test_tags_are_refused(text: str, line: int) -> None:
    [message] = problems(text)
    assert message.startswith(f"t.yaml:{line}:")
    assert "tags" in message


def test_aliases_are_refused_with_their_line() -> None:
    [message] = problems("a: &x [1, 2]\nb: *x\n")
    assert message.startswith("t.yaml:2:4:")
    assert "aliases" in message


def test_an_alias_bomb_is_refused() -> None:
    bomb = "a: &a [x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(20)
    )
    [message] = problems(bomb)
    assert "aliases" in message


def test_merge_keys_are_refused() -> None:
    assert "merge keys" in problems("a: {x: 1}\nb:\n  <<: {x: 2}\n")[0]


def test_non_utf8_is_refused_with_its_line() -> None:
    [message] = problems(b"title: ok\nsummary: caf\xe9\n")
    assert message.startswith("t.yaml:2:")
    assert "UTF-8" in message


def test_a_utf8_byte_order_mark_is_fine() -> None:
    assert load("\ufefftitle: T".encode())["title"] == "T"


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_an_empty_file_is_refused(text: str) -> None:
    assert "empty" in problems(text)[0]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
def test_the_top_must_be_a_mapping(text: str) -> None:
    assert "expected a mapping" in problems(text)[0]


def test_syntax_errors_name_their_line() -> None:
    [message] = problems("title: T\nsummary: [a, b\nfacts: []\n")
    assert message.startswith("t.yaml:")
    assert "YAML syntax" in message
    assert message.split(":")[1] in {"2", "3"}


def test_a_tab_indent_is_a_syntax_error() -> None:
    assert "YAML syntax" in problems("title: T\nsummary:\n\t- a\n")[0]


def test_oversized_files_are_refused_before_parsing() -> None:
    assert "larger than" in problems(b"a: " + b"x" * MAX_FILE_BYTES)[0]


def test_deep_nesting_is_refused_without_a_crash() -> None:
    deep = "v: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    assert "nested" in problems(deep)[0]
    very_deep = "v: " + "[" * 5000 + "]" * 5000 + "\n"
    assert "nested" in problems(very_deep)[0]
