"""The command line on bad input: located messages on stderr, exit statuses, no tracebacks,
and nothing written for a topic that fails."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from guide.cli import main

# Finished, so that `guide check` has nothing to say of it: dated (far ahead, so it never
# goes stale) and sourced.
GOOD = """\
title: Good Topic
as_of: 2026-11-01
summary:
  - A point.
sources:
  - title: A source
"""

BAD = """\
title: Bad Topic
summary:
  - A point.
tittle: oops
"""

# Loads and validates, but its comparison names no topic: it fails in the resolve step.
BAD_COMPARISON = """\
title: Lonely Topic
summary:
  - A point.
comparison:
  with: nosuch
"""

PREVIOUS = b"%PDF-1.7\n% a good sheet built before the topic broke\n%%EOF\n"


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_clean_exit(result: Result, status: int) -> None:
    """The exit status, reached through sys.exit, with no traceback anywhere."""
    assert result.exit_code == status, (result.stdout, result.stderr, result.exception)
    if status:
        assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- guide check -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BAD, "data/bad.yaml:4:1: tittle: unknown key 'tittle'; did you mean 'title'?"),
        ("title: T\nsummary: [a]\ntitle: U\n", "data/bad.yaml:3:1: title: duplicate key 'title'"),
        ("title: T\nsummary: [a, b\n", "data/bad.yaml:2:10: YAML syntax: the `[` opened here"),
        ("title: T\nsummary: []\n", "data/bad.yaml:2:1: summary: expected 1 to 8 items, got 0"),
        ("- a\n", "data/bad.yaml:1:1: expected a mapping of keys"),
        ("", "data/bad.yaml: the file is empty"),
    ],
)
def test_check_a_bad_file(project: Path, text: str, expected: str) -> None:
    write(project, {"data/bad.yaml": text})
    result = run("check", "data/bad.yaml")
    assert_clean_exit(result, 1)
    assert result.stderr.startswith(expected)
    assert result.stdout == ""


def test_check_reports_every_problem_as_file_line_lines(project: Path) -> None:
    write(project, {"data/bad.yaml": "tittle: T\nsummary: []\nas_of: 1992-13\n"})
    result = run("check", "data/bad.yaml")
    assert_clean_exit(result, 1)
    lines = result.stderr.splitlines()
    assert lines == [
        "data/bad.yaml:1:1: title: required key is missing; expected text",
        "data/bad.yaml:1:1: tittle: unknown key 'tittle'; did you mean 'title'?",
        "data/bad.yaml:2:1: summary: expected 1 to 8 items, got 0",
        "data/bad.yaml:3:1: as_of: 1992-13 is not a real date (month must be in 1..12)",
    ]


def test_check_a_folder_reports_only_the_bad_files(project: Path) -> None:
    write(
        project, {"data/good.yaml": GOOD, "data/bad.yaml": BAD, "data/lonely.yaml": BAD_COMPARISON}
    )
    result = run("check")
    assert_clean_exit(result, 1)
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("data/bad.yaml:4:1: tittle: ")
    assert lines[1].startswith("data/lonely.yaml:5:3: comparison.with: no topic 'nosuch'")
    assert all(re.match(r"data/\w+\.yaml:\d+:\d+: ", line) for line in lines)
    assert "good.yaml" not in result.stderr


def test_check_a_good_file(project: Path) -> None:
    write(project, {"data/good.yaml": GOOD})
    result = run("check", "data/good.yaml")
    assert_clean_exit(result, 0)
    assert result.stdout == "all valid\n"
    assert result.stderr == ""


@pytest.mark.parametrize(("as_of", "printed"), [
    ("2027-01-05", "5 January 2027"), ("2027", "2027"), ("2026-12-03", "3 December 2026"),
    ("2026-12", None), ("2026-12-02", None)])
def test_check_warns_of_an_as_of_after_today_at_its_line(project: Path, as_of: str,
                                                         printed: str | None) -> None:
    """Today is 2 December 2026 (conftest.py); a month or a year counts from its first day."""
    write(project, {"data/a.yaml": GOOD.replace("2026-11-01", as_of)})
    result = run("check", "data")
    assert_clean_exit(result, 0)
    warning = (f"data/a.yaml:2:1: warning: as_of: {printed} is after today, 2 December 2026: "
               "write the day the facts were last checked, not a day to come")
    assert result.stderr.splitlines() == ([warning] if printed else [])


def test_check_warnings_do_not_fail(project: Path) -> None:
    write(
        project,
        {
            "data/a.yaml": GOOD + "comparison:\n  with: b\n  aspects: [Members]\n",
            "data/b.yaml": GOOD.replace("Good Topic", "Other Topic"),
        },
    )
    result = run("check", "data")
    assert_clean_exit(result, 0)
    where = "data/a.yaml:9:13: warning: comparison.aspects[0]: no fact 'Members'"
    assert result.stderr.splitlines() == [
        f"{where} in Good Topic; printed as an em dash",
        f"{where} in Other Topic; printed as an em dash",
    ]
    assert result.stdout == "2 warning(s), no errors\n"


@pytest.mark.parametrize("args", [["check", "nope.yaml"], ["check", "data", "nope"], ["check"]])
def test_check_a_missing_path_is_a_usage_error(project: Path, args: list[str]) -> None:
    if args[1:2] == ["data"]:
        write(project, {"data/good.yaml": GOOD})
    result = run(*args)
    assert_clean_exit(result, 2)
    missing = args[-1] if len(args) > 1 else "data"
    assert result.stderr == f"{missing}: no such file or folder\n"


def test_check_a_file_with_a_nul_byte(project: Path) -> None:
    (project / "bad.yaml").write_bytes(b"title: T\nsummary: [a\x00]\n")
    result = run("check", "bad.yaml")
    assert_clean_exit(result, 1)
    assert result.stderr == "bad.yaml:2: YAML syntax: control character 0x00 is not allowed\n"


def test_check_a_comparison_id_holding_a_path(project: Path) -> None:
    write(project, {"data/a.yaml": GOOD + "comparison:\n  with: ../b\n", "data/b.yaml": GOOD})
    result = run("check", "data")
    assert_clean_exit(result, 1)
    assert result.stderr.startswith("data/a.yaml:8:3: comparison.with: ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: T\nsummary:\n  - one\n  - two\n bad: x\n", [
            "data/bad.yaml:5:2: YAML syntax: indented 1 space, but the keys it goes with, from "
            "line 1 (`title: T`), are indented 0 spaces: line it up with them",
            "     bad: x",
            "     ^",
        ]),
        ("title: T\nsummary:\n\t- one\n", [
            "data/bad.yaml:3:1: YAML syntax: this line is indented with a tab; YAML indents "
            "with spaces only: replace the tab with spaces",
            "    \t- one",
            "    ^",
        ]),
        ("title: T\nfacts:\n  - label:Motto\n    value: x\nsummary: [a]\n", [
            "data/bad.yaml:3:10: YAML syntax: no space after the colon: write `label: Motto`",
            "      - label:Motto",
            "             ^",
        ]),
    ],
    ids=["indentation", "tab", "colon without a space"],
)
def test_check_says_a_syntax_error_in_plain_words_with_its_line(
        project: Path, text: str, expected: list[str]) -> None:
    write(project, {"data/bad.yaml": text})
    result = run("check", "data/bad.yaml")
    assert_clean_exit(result, 1)
    assert result.stderr.splitlines() == expected
    assert "<block" not in result.stderr and "token" not in result.stderr


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("March 1999", "; write 1999-03"), ("5 March 1999", "; write 1999-03-05"),
     ("March 5, 1999", "; write 1999-03-05"), ("1999/03/05", "; write 1999-03-05"),
     ("05/03/1999", ""), ("spring 1999", "")],
)
def test_check_a_date_in_words_suggests_how_to_write_it(project: Path, typed: str,
                                                         hint: str) -> None:
    """Day and month both in figures (05/03/1999) could be either: no guess is offered."""
    write(project, {"data/bad.yaml": f"title: T\nsummary: [a]\nas_of: {typed}\n"})
    result = run("check", "data/bad.yaml")
    assert_clean_exit(result, 1)
    assert result.stderr == ("data/bad.yaml:3:1: as_of: expected a date as YYYY, YYYY-MM or "
                             f"YYYY-MM-DD, got {typed!r}{hint}\n")


def test_check_a_comparison_with_an_unknown_topic_lists_those_there(project: Path) -> None:
    write(project, {"data/a.yaml": GOOD + "comparison:\n  with: eu\n", "data/nato.yaml": GOOD,
                    "data/europe.yaml": GOOD, "data/csto.yaml": GOOD})
    result = run("check", "data/a.yaml")
    assert_clean_exit(result, 1)
    assert result.stderr == ("data/a.yaml:8:3: comparison.with: no topic 'eu' in data/; the "
                             "topics there, closest first: europe, csto, nato\n")


def test_check_a_glued_colon_in_a_list_item_says_to_add_a_space(project: Path) -> None:
    write(project, {"data/bad.yaml": "title: T\nsummary: [a]\nfacts:\n  - label:Motto\n"})
    result = run("check", "data/bad.yaml")
    assert_clean_exit(result, 1)
    assert result.stderr == ("data/bad.yaml:4:5: facts[0]: expected a mapping with 'label', "
                             "'value', got 'label:Motto'; a colon needs a space after it: "
                             "write `label: Motto`\n")


# -- guide build: usage errors -----------------------------------------------------------------


def test_build_an_unknown_audience_is_a_usage_error(project: Path) -> None:
    write(project, {"data/good.yaml": GOOD})
    result = run("build", "-a", "nosuch", "-o", "out")
    assert_clean_exit(result, 2)
    assert "unknown audience 'nosuch'" in result.stderr
    assert "classroom" in result.stderr
    assert not (project / "out").exists()


def test_build_a_misspelt_audience_suggests_the_right_one(project: Path) -> None:
    write(project, {"data/good.yaml": GOOD})
    result = run("build", "data", "-a", "classroom", "-a", "clasroom", "-o", "out")
    assert_clean_exit(result, 2)
    assert result.stderr == "unknown audience 'clasroom'; did you mean 'classroom'?\n"
    assert not (project / "out").exists()


def test_build_a_missing_path_is_a_usage_error(project: Path) -> None:
    write(project, {"data/good.yaml": GOOD})
    result = run("build", "data/good.yaml", "data/nope.yaml", "-o", "out")
    assert_clean_exit(result, 2)
    assert result.stderr == "data/nope.yaml: no such file or folder\n"
    assert not (project / "out").exists()


# -- guide build: one good topic, two bad ones (one build for the whole group) -----------------


@dataclass
class Built:
    root: Path
    result: Result
    previous_mtime: int


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    root = tmp_path_factory.mktemp("mixed")
    write(root, {"data/good.yaml": GOOD, "data/bad.yaml": BAD, "data/lonely.yaml": BAD_COMPARISON})
    (root / "out").mkdir()
    previous = root / "out" / "bad-classroom.pdf"
    previous.write_bytes(PREVIOUS)
    mtime = previous.stat().st_mtime_ns
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        yield Built(root, run("build", "data", "-a", "classroom", "-o", "out"), mtime)


def test_build_with_a_bad_topic_exits_1(built: Built) -> None:
    assert_clean_exit(built.result, 1)
    lines = built.result.stderr.splitlines()
    assert lines == [
        "data/bad.yaml:4:1: tittle: unknown key 'tittle'; did you mean 'title'?",
        "data/lonely.yaml:5:3: comparison.with: no topic 'nosuch' in data/; the topics there, "
        "closest first: good, bad",
        "failed: data/bad.yaml, data/lonely.yaml",
    ]


def test_build_still_builds_the_good_topic(built: Built) -> None:
    pdf = built.root / "out" / "good-classroom.pdf"
    assert f"built {Path('out') / 'good-classroom.pdf'}" in built.result.stdout
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "Good Topic" in PdfReader(pdf).pages[0].extract_text()


def test_build_writes_nothing_for_the_bad_topics(built: Built) -> None:
    written = sorted(p.name for p in (built.root / "out").iterdir())
    assert written == ["bad-classroom.pdf", "good-classroom.pdf"]  # the first was there before
    assert "bad" not in built.result.stdout
    assert "lonely" not in built.result.stdout


def test_build_leaves_an_earlier_pdf_of_a_bad_topic_untouched(built: Built) -> None:
    previous = built.root / "out" / "bad-classroom.pdf"
    assert previous.read_bytes() == PREVIOUS
    assert previous.stat().st_mtime_ns == built.previous_mtime
