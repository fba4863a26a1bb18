"""Stage 2, validate: every mistake a user can make in a topic file, located exactly.

Each test writes a topic on tmp_path and checks the line, the key path and the gist of
the message of every problem reported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.api import check, load_topic
from guide.errors import GuideError, Problem, Severity, UsageError
from guide.source.model import Topic

# Three lines; tests append from line 4 on.
BASE = "title: T\nsummary:\n  - one\n"


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def topic(tmp_path: Path, text: str) -> Topic:
    path = tmp_path / "topic.yaml"
    path.write_text(text, encoding="utf-8")
    return load_topic(path)


def problems(tmp_path: Path, text: str) -> list[Problem]:
    with pytest.raises(GuideError) as info:
        topic(tmp_path, text)
    found = info.value.problems
    assert found, "a GuideError must carry its problems"
    assert all(p.file == tmp_path / "topic.yaml" for p in found)
    assert all(p.severity is Severity.ERROR for p in found)
    return found


def one(tmp_path: Path, text: str) -> Problem:
    found = problems(tmp_path, text)
    assert len(found) == 1, found
    return found[0]


def where(problem: Problem) -> tuple[int | None, str]:
    return problem.line, problem.path


def by_path(found: list[Problem], path: str) -> Problem:
    [problem] = [p for p in found if p.path == path]
    return problem


# -- a valid topic -----------------------------------------------------------------------------


def test_a_minimal_topic_is_valid(tmp_path: Path) -> None:
    loaded = topic(tmp_path, BASE)
    assert loaded.title == "T"
    assert [(i.text, i.level) for i in loaded.summary] == [("one", 1)]


def test_scalars_become_text_and_levels_numbers(tmp_path: Path) -> None:
    loaded = topic(
        tmp_path,
        BASE + "facts:\n  - label: Established\n    value: 2002\n"
        "  - label: Members\n    value: [No, 1.10]\n    level: '2'\n",
    )
    assert [f.text for f in loaded.facts] == ["2002", "No, 1.10"]
    assert [f.level for f in loaded.facts] == [1, 2]


# -- required keys and list sizes --------------------------------------------------------------


def test_missing_title(tmp_path: Path) -> None:
    problem = one(tmp_path, "summary:\n  - one\n")
    assert where(problem) == (1, "title")
    assert problem.message == "required key is missing; expected text"


def test_missing_summary(tmp_path: Path) -> None:
    problem = one(tmp_path, "title: T\nsubtitle: S\n")
    assert where(problem) == (1, "summary")
    assert problem.message.startswith("required key is missing")


def test_missing_summary_says_a_list_is_expected(tmp_path: Path) -> None:
    problem = one(tmp_path, "title: T\n")
    assert problem.message == "required key is missing; expected a list of 1 to 8 points"


@pytest.mark.parametrize(("count", "line"), [(0, 2), (9, 2)])
def test_summary_needs_1_to_8_items(tmp_path: Path, count: int, line: int) -> None:
    items = "".join(f"  - point {i}\n" for i in range(count)) if count else "  []\n"
    problem = one(tmp_path, f"title: T\nsummary:\n{items}")
    assert where(problem) == (line, "summary")
    assert problem.message == f"expected 1 to 8 items, got {count}"


@pytest.mark.parametrize("count", [1, 8])
def test_summary_of_1_or_8_items_is_valid(tmp_path: Path, count: int) -> None:
    items = "".join(f"  - point {i}\n" for i in range(count))
    assert len(topic(tmp_path, f"title: T\nsummary:\n{items}").summary) == count


def test_summary_with_nothing_under_it(tmp_path: Path) -> None:
    problem = one(tmp_path, "title: T\nsummary:\n")
    assert where(problem) == (2, "summary")
    assert problem.message == "expected a list of 1 to 8 points, got nothing"


# -- unknown keys ------------------------------------------------------------------------------


def test_unknown_top_level_key_suggests_the_close_one(tmp_path: Path) -> None:
    found = problems(tmp_path, "tittle: T\nsummary:\n  - one\n")
    assert [where(p) for p in found] == [(1, "title"), (1, "tittle")]
    assert by_path(found, "tittle").message == "unknown key 'tittle'; did you mean 'title'?"
    assert by_path(found, "title").message.startswith("required key is missing")


def test_unknown_key_further_down(tmp_path: Path) -> None:
    problem = one(tmp_path, BASE + "subtitel: S\n")
    assert where(problem) == (4, "subtitel")
    assert "did you mean 'subtitle'?" in problem.message


def test_unknown_nested_key_suggests_the_close_one(tmp_path: Path) -> None:
    text = BASE + (
        "timeline:\n"  # 4
        "  - date: 2001\n"  # 5
        "    event: first\n"  # 6
        "  - date: 2002\n"  # 7
        "    evnt: second\n"  # 8
    )
    found = problems(tmp_path, text)
    assert [where(p) for p in found] == [(7, "timeline[1].event"), (8, "timeline[1].evnt")]
    assert found[1].message == "unknown key 'evnt'; did you mean 'event'?"
    assert found[0].message.startswith("required key is missing")


@pytest.mark.parametrize(
    ("text", "line", "path", "hint"),
    [
        ("comparison:\n  with: nato\n  aspect: [a]\n", 6, "comparison.aspect", "'aspects'"),
        ("comparison:\n  wiht: nato\n", 5, "comparison.wiht", "'with'"),
        ("sources:\n  - title: a\n    pubisher: b\n", 6, "sources[0].pubisher", "'publisher'"),
        ("questions:\n  - q: a\n    answer: b\n", 6, "questions[0].answer", None),
        (
            "sections:\n  - heading: h\n    points:\n      - text: a\n        points:\n"
            "          - text: b\n            lvl: 2\n",
            10,
            "sections[0].points[0].points[0].lvl",
            "'level'",
        ),
    ],
)
def test_unknown_keys_anywhere(
    tmp_path: Path, text: str, line: int, path: str, hint: str | None
) -> None:
    found = problems(tmp_path, BASE + text)
    problem = by_path(found, path)
    assert problem.line == line
    assert problem.message.startswith(f"unknown key {path.rsplit('.', 1)[-1]!r}; ")
    if hint:
        assert problem.message.endswith(f"did you mean {hint}?")
    else:
        assert "expected one of: level, q, a" in problem.message


def test_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    problem = one(tmp_path, BASE + "zzzqqq: 1\n")
    assert where(problem) == (4, "zzzqqq")
    assert "did you mean" not in problem.message
    allowed = problem.message.split("expected one of: ")[1].split(", ")
    contract = [
        "title",
        "short_name",
        "subtitle",
        "as_of",
        "tags",
        "in_the_news",
        "summary",
        "facts",
        "sections",
        "timeline",
        "comparison",
        "questions",
        "sources",
    ]
    assert set(contract) <= set(allowed)


def test_unknown_nested_key_without_a_close_match_lists_that_mappings_keys(
    tmp_path: Path,
) -> None:
    problem = one(tmp_path, BASE + "facts:\n  - label: a\n    value: b\n    qqqzzz: 1\n")
    assert where(problem) == (7, "facts[0].qqqzzz")
    assert problem.message == "unknown key 'qqqzzz'; expected one of: level, label, value"


def test_the_python_name_of_with_is_not_a_key(tmp_path: Path) -> None:
    found = problems(tmp_path, BASE + "comparison:\n  with_: nato\n")
    assert by_path(found, "comparison.with_").message.endswith("did you mean 'with'?")


# -- wrong types -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "path", "message"),
    [
        ("title: [a, b]\nsummary:\n  - one\n", 1, "title", "expected text, got a list"),
        ("title:\n  - a\nsummary:\n  - one\n", 1, "title", "expected text, got a list"),
        ("title:\n  a: b\nsummary:\n  - one\n", 1, "title", "expected text, got a mapping"),
        ("title: T\nsummary: one\n", 2, "summary",
         "expected a list of 1 to 8 points, got 'one'"),
        ("title: T\nsummary:\n  a: b\n", 2, "summary",
         "expected a list of 1 to 8 points, got a mapping"),
        (
            "title: T\nsummary:\n  - one\n  - [a, b]\n",
            4,
            "summary[1]",
            "expected text, or a mapping with text and level, got a list",
        ),
        (BASE + "facts:\n  label: a\n  value: b\n", 4, "facts", "expected a list, got a mapping"),
        (
            BASE + "facts:\n  - label: a\n    value:\n      x: 1\n",
            6,
            "facts[0].value",
            "expected text or a list of texts, got a mapping",
        ),
        (
            BASE + "facts:\n  - label: a\n    value:\n",
            6,
            "facts[0].value",
            "expected text or a list of texts, got nothing",
        ),
        (
            BASE + "facts:\n  - Members\n",
            5,
            "facts[0]",
            "expected a mapping with 'label', 'value', got 'Members'",
        ),
        (BASE + "tags: {a: 1}\n", 4, "tags", "expected a list, got a mapping"),
        (BASE + "tags: [a, ~]\n", 4, "tags[1]", "expected text, got nothing"),
        (BASE + "timeline: soon\n", 4, "timeline", "expected a list, got 'soon'"),
        (
            BASE + "sections:\n  - heading: h\n    text: [a]\n",
            6,
            "sections[0].text",
            "expected text, got a list",
        ),
        (
            BASE + "comparison:\n  with: x\n  aspects: Members\n",
            6,
            "comparison.aspects",
            "expected a list, got 'Members'",
        ),
    ],
)
def test_wrong_types(tmp_path: Path, text: str, line: int, path: str, message: str) -> None:
    problem = one(tmp_path, text)
    assert where(problem) == (line, path)
    assert problem.message == message


@pytest.mark.parametrize("value", ["nato", "[nato]"])
def test_comparison_must_be_a_mapping(tmp_path: Path, value: str) -> None:
    problem = one(tmp_path, BASE + f"comparison: {value}\n")
    assert where(problem) == (4, "comparison")
    assert problem.message.startswith("expected a mapping with 'with', got ")


# -- levels ------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["0", "4", "high", "-1", "1.5", "yes"])
def test_level_must_be_1_2_or_3(tmp_path: Path, level: str) -> None:
    problem = one(tmp_path, f"title: T\nsummary:\n  - text: one\n    level: {level}\n")
    assert where(problem) == (4, "summary[0].level")
    assert problem.message == f"expected 1, 2 or 3, got {level!r}"


@pytest.mark.parametrize(
    ("text", "line", "path"),
    [
        ("facts:\n  - label: a\n    value: b\n    level: 4\n", 7, "facts[0].level"),
        ("sections:\n  - heading: h\n    level: 0\n", 6, "sections[0].level"),
        ("timeline:\n  - date: 2001\n    event: e\n    level: high\n", 7, "timeline[0].level"),
        ("questions:\n  - q: a\n    level: 4\n", 6, "questions[0].level"),
        (
            "comparison:\n  with: x\n  rows:\n    - aspect: a\n      this: b\n      other: c\n"
            "      level: 9\n",
            10,
            "comparison.rows[0].level",
        ),
    ],
)
def test_level_is_checked_everywhere(tmp_path: Path, text: str, line: int, path: str) -> None:
    problem = one(tmp_path, BASE + text)
    assert where(problem) == (line, path)
    assert problem.message.startswith("expected 1, 2 or 3, got ")


@pytest.mark.parametrize(("level", "expected"), [("1", 1), ("2", 2), ("'3'", 3)])
def test_valid_levels(tmp_path: Path, level: str, expected: int) -> None:
    loaded = topic(tmp_path, f"title: T\nsummary:\n  - text: one\n    level: {level}\n")
    assert loaded.summary[0].level == expected


# -- dates -------------------------------------------------------------------------------------

DATE_PLACES = {
    "timeline": ("timeline:\n  - date: {}\n    event: e\n", 5, "timeline[0].date"),
    "as_of": ("as_of: {}\n", 4, "as_of"),
    "sources": ("sources:\n  - title: a\n    date: {}\n", 6, "sources[0].date"),
}


@pytest.mark.parametrize("place", DATE_PLACES)
@pytest.mark.parametrize(
    ("value", "gist"),
    [
        ("92-05", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '92-05'"),
        ("1992-13", "1992-13 is not a real date"),
        ("1992-02-30", "1992-02-30 is not a real date"),
        ("1993-02-29", "1993-02-29 is not a real date"),
        ("May 1992", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got 'May 1992'"),
        ("1992-5-3", "expected a date as YYYY"),
        ("15/05/1992", "expected a date as YYYY"),
        ("'1992-13'", "1992-13 is not a real date"),
    ],
)
def test_bad_dates(tmp_path: Path, place: str, value: str, gist: str) -> None:
    template, line, path = DATE_PLACES[place]
    problem = one(tmp_path, BASE + template.format(value))
    assert where(problem) == (line, path)
    assert gist in problem.message


@pytest.mark.parametrize("value", ["1992-00", "1992-05-00", "1992-00-00"])
def test_a_zero_month_or_day_is_not_a_real_date(tmp_path: Path, value: str) -> None:
    problem = one(tmp_path, BASE + f"as_of: {value}\n")
    assert where(problem) == (4, "as_of")
    assert "is not a real date" in problem.message


def test_a_date_on_the_line_below_its_key_is_located_at_the_key(tmp_path: Path) -> None:
    problem = one(tmp_path, BASE + "timeline:\n  - event: e\n    date:\n      1992-13\n")
    assert where(problem) == (6, "timeline[0].date")


def test_a_missing_timeline_date(tmp_path: Path) -> None:
    problem = one(tmp_path, BASE + "timeline:\n  - event: e\n")
    assert where(problem) == (5, "timeline[0].date")
    assert problem.message.startswith("required key is missing; expected a date")


@pytest.mark.parametrize(
    ("value", "iso", "shown"),
    [
        ("2004", "2004", "2004"),
        ('"2004"', "2004", "2004"),
        ("1992-05", "1992-05", "May 1992"),
        ("'1992-05'", "1992-05", "May 1992"),
        ("1992-05-15", "1992-05-15", "15 May 1992"),
        ('"1992-05-15"', "1992-05-15", "15 May 1992"),
        ("1992-02-29", "1992-02-29", "29 February 1992"),
    ],
)
def test_dates_keep_their_precision(tmp_path: Path, value: str, iso: str, shown: str) -> None:
    loaded = topic(
        tmp_path,
        BASE + f"as_of: {value}\ntimeline:\n  - date: {value}\n    event: e\n"
        f"sources:\n  - title: s\n    date: {value}\n",
    )
    for date in (loaded.as_of, loaded.timeline[0].date, loaded.sources[0].date):
        assert date is not None
        assert date.iso() == iso
        assert str(date) == shown


# -- facts, links, comparison, empty text ------------------------------------------------------


def test_duplicate_fact_labels_are_refused_ignoring_case(tmp_path: Path) -> None:
    text = BASE + (
        "facts:\n"  # 4
        "  - label: Members\n"  # 5
        "    value: a\n"  # 6
        "  - label: Founded\n"  # 7
        "    value: b\n"  # 8
        "  - label: members\n"  # 9
        "    value: c\n"  # 10
        "  - label: MEMBERS\n"  # 11
        "    value: d\n"  # 12
    )
    found = problems(tmp_path, text)
    assert [where(p) for p in found] == [(9, "facts[2].label"), (11, "facts[3].label")]
    assert found[0].message == "duplicate fact label 'members' (first given on line 5)"
    assert found[1].message == "duplicate fact label 'MEMBERS' (first given on line 5)"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "' javascript:alert(1)'",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "ftp://example.org/x",
        "example.org/article",
        "'https://example.org/a b'",
    ],
)
def test_a_source_url_must_be_a_web_or_mail_link(tmp_path: Path, url: str) -> None:
    problem = one(tmp_path, BASE + f"sources:\n  - title: a\n    url: {url}\n")
    assert where(problem) == (6, "sources[0].url")
    assert problem.message.startswith("expected an http, https or mailto link, got ")


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=c#d", "http://example.org", "mailto:desk@example.org"]
)
def test_good_source_urls(tmp_path: Path, url: str) -> None:
    assert topic(tmp_path, BASE + f"sources:\n  - title: a\n    url: {url}\n").sources[0].url == url


def test_a_comparison_needs_with(tmp_path: Path) -> None:
    problem = one(tmp_path, BASE + "comparison:\n  title: X and Y\n  aspects: [Members]\n")
    assert where(problem) == (4, "comparison.with")
    assert problem.message.startswith("required key is missing; expected the id of another")


def test_a_comparison_row_needs_all_three_cells(tmp_path: Path) -> None:
    problem = one(
        tmp_path, BASE + "comparison:\n  with: x\n  rows:\n    - aspect: a\n      other: c\n"
    )
    assert where(problem) == (7, "comparison.rows[0].this")
    assert problem.message == "required key is missing; expected text"


@pytest.mark.parametrize(
    ("text", "line", "path"),
    [
        ('title: ""\nsummary:\n  - one\n', 1, "title"),
        ("title: ''\nsummary:\n  - one\n", 1, "title"),
        ("title: T\nsummary:\n  - ''\n", 3, "summary[0]"),
        ("title: T\nsummary:\n  - text: ''\n    level: 2\n", 3, "summary[0].text"),
        (BASE + "facts:\n  - label: ''\n    value: b\n", 5, "facts[0].label"),
        (BASE + "comparison:\n  with: ''\n", 5, "comparison.with"),
    ],
)
def test_empty_text_is_refused(tmp_path: Path, text: str, line: int, path: str) -> None:
    problem = one(tmp_path, text)
    assert where(problem) == (line, path)
    assert problem.message == "is empty; expected text"


def test_no_text_at_all_is_refused(tmp_path: Path) -> None:
    problem = one(tmp_path, "title:\nsummary:\n  - one\n")
    assert where(problem) == (1, "title")
    assert problem.message == "expected text, got nothing"


def test_a_blank_title_is_refused(tmp_path: Path) -> None:
    problem = one(tmp_path, "title: '   '\nsummary:\n  - one\n")
    assert where(problem) == (1, "title")


# -- every problem at once ---------------------------------------------------------------------

MANY = """\
tittle: T
summary: []
facts:
  - label: a
    value: {x: 1}
timeline:
  - date: 1992-13
    event: e
  - date: 2001
sources:
  - title: s
    url: javascript:alert(1)
"""


def test_all_problems_of_a_file_are_reported_at_once_in_line_order(tmp_path: Path) -> None:
    found = problems(tmp_path, MANY)
    assert [where(p) for p in found] == [
        (1, "title"),
        (1, "tittle"),
        (2, "summary"),
        (5, "facts[0].value"),
        (7, "timeline[0].date"),
        (9, "timeline[1].event"),
        (12, "sources[0].url"),
    ]
    assert [p.line for p in found] == sorted(p.line or 0 for p in found)


def test_problem_text_is_file_line_column_key_path_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    found = problems(tmp_path, MANY)
    lines = [str(p) for p in found]
    assert "topic.yaml:1:1: tittle: unknown key 'tittle'; did you mean 'title'?" in lines
    assert "topic.yaml:2:1: summary: expected 1 to 8 items, got 0" in lines
    assert (
        "topic.yaml:7:5: timeline[0].date: 1992-13 is not a real date "
        "(month must be in 1..12)" in lines
    )


def test_duplicate_labels_are_reported_with_the_other_problems(tmp_path: Path) -> None:
    text = BASE + "facts:\n  - label: A\n    value: x\n  - label: a\n    value: y\nzzz: 1\n"
    found = problems(tmp_path, text)
    assert [where(p) for p in found] == [(7, "facts[1].label"), (9, "zzz")]


# -- check: comparisons across topics ----------------------------------------------------------

CSTO = """\
title: Collective Security Treaty Organisation
short_name: CSTO
summary:
  - An alliance.
facts:
  - label: Established
    value: 2002
  - label: Members
    value: [Russia, Armenia]
comparison:
  with: {with_}
  aspects: [Established, Members]
"""

NATO = """\
title: North Atlantic Treaty Organization
short_name: NATO
summary:
  - An alliance.
facts:
  - label: Established
    value: 1949
  - label: members
    value: [Canada, France]
"""


def folder(tmp_path: Path, with_: str = "nato", nato: str = NATO) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    write(data, {"csto.yaml": CSTO.format(with_=with_), "nato.yaml": nato})
    return data


def test_a_valid_pair_checks_clean(tmp_path: Path) -> None:
    report = check([folder(tmp_path)], lint=False)
    assert report.ok
    assert report.problems == []
    assert report.failed == []


def test_a_valid_pair_checks_clean_given_one_file(tmp_path: Path) -> None:
    report = check([folder(tmp_path) / "csto.yaml"], lint=False)
    assert (report.ok, report.problems, report.failed) == (True, [], [])


def test_with_naming_a_missing_topic_suggests_a_near_miss(tmp_path: Path) -> None:
    data = folder(tmp_path, with_="natto")
    report = check([data], lint=False)
    assert not report.ok
    [problem] = report.problems
    assert (problem.file, problem.line, problem.path) == (data / "csto.yaml", 11, "comparison.with")
    assert problem.severity is Severity.ERROR
    assert "no topic 'natto'" in problem.message
    assert problem.message.endswith("; the topics there, closest first: nato")
    assert report.failed == [data / "csto.yaml"]


def test_with_naming_a_missing_topic_without_a_near_miss(tmp_path: Path) -> None:
    report = check([folder(tmp_path, with_="zzzzzz")], lint=False)
    [problem] = report.errors
    assert (problem.line, problem.path) == (11, "comparison.with")
    assert "no topic 'zzzzzz'" in problem.message
    assert "did you mean" not in problem.message


def test_with_naming_the_topic_itself_says_so(tmp_path: Path) -> None:
    report = check([folder(tmp_path, with_="csto")], lint=False)
    [problem] = report.errors
    assert (problem.line, problem.path) == (11, "comparison.with")
    assert "itself" in problem.message


@pytest.mark.parametrize("with_", ["../nato", "sub/nato"])
def test_with_holding_a_path_is_a_located_error(tmp_path: Path, with_: str) -> None:
    report = check([folder(tmp_path, with_=with_)], lint=False)
    [problem] = report.errors
    assert (problem.line, problem.path) == (11, "comparison.with")


def test_an_aspect_missing_from_one_side_is_a_warning(tmp_path: Path) -> None:
    data = folder(tmp_path, nato=NATO.replace("Established", "Founded"))
    report = check([data], lint=False)
    assert report.ok
    assert report.errors == []
    assert report.failed == []
    [warning] = report.problems
    assert warning.severity is Severity.WARNING
    assert report.warnings == [warning]
    assert (warning.file, warning.line, warning.path) == (
        data / "csto.yaml",
        12,
        "comparison.aspects[0]",
    )
    assert warning.message == "no fact 'Established' in NATO; printed as an em dash"
    assert ": warning: comparison.aspects[0]: " in str(warning)


def test_an_aspect_missing_from_both_sides_warns_for_each(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    write(
        data,
        {"csto.yaml": CSTO.format(with_="nato").replace("Members]", "Budget]"), "nato.yaml": NATO},
    )
    report = check([data], lint=False)
    assert report.ok
    assert [(w.line, w.path, w.severity) for w in report.problems] == [
        (12, "comparison.aspects[1]", Severity.WARNING)
    ] * 2
    assert "in CSTO" in report.problems[0].message
    assert "in NATO" in report.problems[1].message


def test_an_invalid_comparison_target_is_named_on_the_with_line(tmp_path: Path) -> None:
    data = folder(tmp_path, nato=NATO.replace("title:", "tittle:"))
    report = check([data], lint=False)
    assert not report.ok
    assert set(report.failed) == {data / "csto.yaml", data / "nato.yaml"}
    own = next(p for p in report.problems if p.file == data / "csto.yaml")
    assert (own.line, own.path) == (11, "comparison.with")
    assert "topic 'nato'" in own.message and "is not valid" in own.message
    theirs = [where(p) for p in report.problems if p.file == data / "nato.yaml"]
    assert theirs == [(1, "title"), (1, "tittle")]


def test_check_of_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as info:
        check([tmp_path / "nope"], lint=False)
    assert "no such file or folder" in str(info.value)
