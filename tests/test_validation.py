"""Stage 2: every mistake in a topic is reported as file:line:col: key.path: what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.build import check, load_topic
from guide.errors import GuideError, Severity

GOOD = "title: T\nsummary: [A point.]\n"


def errors(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "t.yaml"
    path.write_text(text)
    with pytest.raises(GuideError) as caught:
        load_topic(path)
    return [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]


@pytest.mark.parametrize(
    ("text", "start", "gist"),
    [
        ("summary: [x]\n", "t.yaml:1:1: title:", "required key is missing; expected text"),
        ("title: T\n", "t.yaml:1:1: summary:", "required key is missing"),
        ("title: T\nsummary: []\n", "t.yaml:2:1: summary:", "expected 1 to 8 items, got 0"),
        ("title: T\nsummary: [a, b, c, d, e, f, g, h, i]\n", "t.yaml:2:1: summary:",
         "expected 1 to 8 items, got 9"),
        ("title: [a, b]\nsummary: [x]\n", "t.yaml:1:1: title:", "expected text, got a list"),
        ('title: ""\nsummary: [x]\n', "t.yaml:1:1: title:", "is empty; expected text"),
        ("title:\nsummary: [x]\n", "t.yaml:1:1: title:", "expected text, got nothing"),
        ("tittle: T\ntitle: T\nsummary: [x]\n", "t.yaml:1:1: tittle:",
         "unknown key 'tittle'; did you mean 'title'?"),
        (GOOD + "zzz: 1\n", "t.yaml:3:1: zzz:", "expected one of: title, short_name"),
        (GOOD + "facts: {label: A}\n", "t.yaml:3:1: facts:", "expected a list, got a mapping"),
        (GOOD + "facts:\n  - label: A\n    value: {x: 1}\n", "t.yaml:5:5: facts[0].value:",
         "expected text or a list of texts, got a mapping"),
        (GOOD + "facts:\n  - label: A\n", "t.yaml:4:5: facts[0].value:", "required key"),
        ("title: T\nsummary:\n  - [a]\n", "t.yaml:3:5: summary[0]:",
         "expected text, or a mapping with text and level, got a list"),
        ("title: T\nsummary:\n  - text: a\n    level: 0\n", "t.yaml:4:5: summary[0].level:",
         "expected 1, 2 or 3, got '0'"),
        ("title: T\nsummary:\n  - text: a\n    level: 4\n", "t.yaml:4:5: summary[0].level:",
         "expected 1, 2 or 3, got '4'"),
        ("title: T\nsummary:\n  - text: a\n    level: high\n", "t.yaml:4:5: summary[0].level:",
         "expected 1, 2 or 3, got 'high'"),
        (GOOD + "timeline:\n  - date: 92-05\n    event: e\n", "t.yaml:4:5: timeline[0].date:",
         "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '92-05'"),
        (GOOD + "timeline:\n  - date: 1992-13\n    event: e\n", "t.yaml:4:5: timeline[0].date:",
         "1992-13 is not a real date"),
        (GOOD + "timeline:\n  - date: 1992-02-30\n    event: e\n", "t.yaml:4:5: timeline[0].date:",
         "1992-02-30 is not a real date"),
        (GOOD + "timeline:\n  - date: May 1992\n    event: e\n", "t.yaml:4:5: timeline[0].date:",
         "got 'May 1992'"),
        (GOOD + "timeline:\n  - date: 1992\n    evnt: e\n", "t.yaml:5:5: timeline[0].evnt:",
         "did you mean 'event'?"),
        (GOOD + "as_of: yesterday\n", "t.yaml:3:1: as_of:", "expected a date"),
        (GOOD + "sources:\n  - title: S\n    date: 2024-2-3\n", "t.yaml:5:5: sources[0].date:",
         "expected a date"),
        (GOOD + "sources:\n  - title: S\n    url: javascript:alert(1)\n",
         "t.yaml:5:5: sources[0].url:", "expected an http, https or mailto link"),
        (GOOD + "comparison:\n  aspects: [A]\n", "t.yaml:3:1: comparison.with:",
         "required key is missing; expected the id of another topic"),
        (GOOD + "comparison:\n  wiht: nato\n  with: nato\n", "t.yaml:4:3: comparison.wiht:",
         "did you mean 'with'?"),
        (GOOD + "questions:\n  - q: Why?\n    answer: Because.\n",
         "t.yaml:5:5: questions[0].answer:", "unknown key 'answer'"),
        (GOOD + "facts:\n  - label: Est\n    value: 1\n  - label: est\n    value: 2\n",
         "t.yaml:6:5: facts[1].label:", "duplicate fact label 'est'"),
    ],
)
# Columns point at the key whose value is wrong; a missing key, at the mapping that lacks it.
def test_each_mistake_is_located_and_explained(
    tmp_path: Path, text: str, start: str, gist: str
) -> None:
    found = errors(tmp_path, text)
    assert any(m.startswith(start) and gist in m for m in found), found


def test_all_errors_of_a_file_come_at_once_in_file_order(tmp_path: Path) -> None:
    found = errors(tmp_path, "tittle: T\nsummary:\n  - text: a\n    level: 9\n"
                             "timeline:\n  - date: nope\n    event: e\n")
    lines = [int(message.split(":")[1]) for message in found]
    assert len(found) == 4  # tittle unknown, title missing, level, date
    assert lines == sorted(lines)


@pytest.mark.parametrize(
    ("date", "shown"),
    [("2004", "2004"), ("'2004'", "2004"), ("1992-05", "May 1992"),
     ("1992-05-15", "15 May 1992"), ('"1992-05-15"', "15 May 1992")],
)
def test_dates_keep_their_precision(tmp_path: Path, date: str, shown: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(GOOD + f"timeline:\n  - date: {date}\n    event: e\n")
    assert str(load_topic(path).timeline[0].date) == shown


def test_fact_values_keep_their_text(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(GOOD + "facts:\n  - {label: A, value: No}\n  - {label: B, value: 1.10}\n"
                    "  - {label: C, value: [x, 2002]}\n")
    assert [f.text for f in load_topic(path).facts] == ["No", "1.10", "x, 2002"]


PAIR = {
    "csto.yaml": GOOD + "facts:\n  - {label: Est, value: 2002}\n"
                 "comparison:\n  with: nato\n  aspects: [Est, Seat]\n",
    "nato.yaml": "title: N\nsummary: [x]\nfacts:\n  - {label: Est, value: 1949}\n",
}


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_a_missing_aspect_is_a_warning_only(tmp_path: Path) -> None:
    report = check([write(tmp_path / "data", PAIR)])
    assert report.ok
    assert len(report.problems) == 2  # 'Seat' is in neither topic
    for warning, side in zip(report.problems, ("T", "N"), strict=True):
        assert warning.severity is Severity.WARNING
        assert (warning.line, warning.path) == (7, "comparison.aspects[1]")
        assert f"no fact 'Seat' in {side}" in warning.message


def test_with_naming_no_topic_is_an_error(tmp_path: Path) -> None:
    files = {**PAIR, "csto.yaml": PAIR["csto.yaml"].replace("with: nato", "with: natto")}
    report = check([write(tmp_path / "data", files)])
    assert not report.ok
    [error] = report.errors
    assert (error.line, error.path) == (6, "comparison.with")
    assert "no topic 'natto'" in error.message and "did you mean 'nato'?" in error.message


def test_with_naming_an_invalid_topic_is_an_error(tmp_path: Path) -> None:
    files = {**PAIR, "nato.yaml": "title: N\n"}
    report = check([write(tmp_path / "data", files)])
    assert any("'nato'" in p.message and "not valid" in p.message for p in report.errors)
    assert any(p.file.name == "nato.yaml" and p.path == "summary" for p in report.errors)


def test_a_valid_pair_checks_clean(tmp_path: Path) -> None:
    files = {**PAIR, "csto.yaml": PAIR["csto.yaml"].replace(", Seat", "")}
    report = check([write(tmp_path / "data", files)])
    assert report.ok and report.problems == []
