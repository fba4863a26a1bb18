"""Markdown topics, `data/<id>.md`: they print as the same topic written in YAML does, their
problems are located at the .md file's own lines, and every command finds them."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from guide.api import build, check, load_topic, load_topic_document, topic_files
from guide.cli import main
from guide.errors import GuideError, Problem
from guide.source.model import validate_topic
from guide.source.resources import Project
from guide.studio.serve import Preview
from guide.studio.watch import saved_changes

from pdftools import pdf_text

REPO = Path(__file__).resolve().parent.parent

# Text that must print exactly as typed, in either format: HTML, an entity, a backslash, a
# reference link, an underscore; and the three marks.
LITERAL_YAML = r"""title: Marks
summary:
  - One.
sections:
  - heading: Typed as is
    text: |
      A <b>tag</b>, an &amp; entity, C:\temp and snake_case [words][ref].

      <script>alert(1)</script>
    points:
      - "**Bold**, *italic* and [a link](https://example.org)."
"""
LITERAL_MD = r"""---
title: Marks
summary:
  - One.
---

## Typed as is

A <b>tag</b>, an &amp; entity, C:\temp and snake_case [words][ref].

<script>alert(1)</script>

- **Bold**, *italic* and [a link](https://example.org).
"""


def to_markdown(yaml_path: Path) -> str:
    """A YAML topic written as Markdown by hand's rules: the file's own text but `sections`
    as front matter, then each section as `## heading`, paragraphs, `-` points and figure."""
    text = yaml_path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    lines = text.splitlines()
    start = lines.index("sections:")
    end = next(i for i in range(start + 1, len(lines)) if re.match(r"\S", lines[i]))
    body = []
    for section in data["sections"]:
        level = f" {{level={section['level']}}}" if "level" in section else ""
        body += [f"## {section['heading']}{level}", ""]
        for paragraph in re.split(r"\n\s*\n", section.get("text", "")):
            if paragraph.strip():
                body += [paragraph.strip(), ""]
        body += _points(section.get("points", []), 0)
        if figure := section.get("figure"):
            body += ["", f'![{figure["alt"]}]({figure["file"]} "{figure["caption"]}")',
                     f"Credit: {figure['credit']}"]
        body.append("")
    front = lines[:start] + lines[end:]
    return "\n".join(["---", *front, "---", "", *body])


def _points(points: list[Any], depth: int) -> list[str]:
    out = []
    for point in points:
        item = {"text": point} if isinstance(point, str) else point
        level = f" {{level={item['level']}}}" if "level" in item else ""
        out.append("  " * depth + "- " + " ".join(item["text"].split()) + level)
        out += _points(item.get("points", []), depth + 1)
    return out


def text_of(pdf: Path) -> list[str]:
    """Each page's text, as pdfium reads it (faster than pypdf for whole sheets)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


@pytest.fixture(scope="module")
def twins(sample_out: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The NATO and CSTO samples (a figure, levels, nested points, a comparison) written as
    Markdown and built, beside the session's build of them from YAML; and a topic of text
    that prints as typed, built from both formats side by side."""
    root = tmp_path_factory.mktemp("markdown")
    (root / "data").mkdir()
    shutil.copytree(REPO / "images", root / "images")
    for name in ("nato", "csto"):
        markdown = to_markdown(REPO / "data" / f"{name}.yaml")
        (root / "data" / f"{name}.md").write_text(markdown, encoding="utf-8")
    (root / "data" / "marks.md").write_text(LITERAL_MD, encoding="utf-8")
    (root / "data" / "marks-yaml.yaml").write_text(LITERAL_YAML, encoding="utf-8")
    report = build([root / "data"], ["classroom"], root / "out", html=True, cache=False,
                   project=Project(root))
    assert report.ok and len(report.built) == 4, report.problems
    out = root / "out"
    return {"nato": sample_out / "nato-classroom.pdf", "nato.md": out / "nato-classroom.pdf",
            "csto": sample_out / "csto-classroom.pdf", "csto.md": out / "csto-classroom.pdf",
            "marks": out / "marks-yaml-classroom.pdf", "marks.md": out / "marks-classroom.pdf",
            "marks.html": out / "marks-classroom.html"}


@pytest.mark.parametrize("name", ["nato", "csto", "marks"])
def test_a_markdown_topic_prints_the_same_as_in_yaml(twins: dict[str, Path], name: str) -> None:
    assert text_of(twins[f"{name}.md"]) == text_of(twins[name])


def test_what_the_markdown_twins_print(twins: dict[str, Path]) -> None:
    """The comparison above compares like with like: the parts it relies on are printed."""

    def words(name: str) -> str:
        return " ".join(" ".join(text_of(twins[name])).split())

    nato = words("nato.md")
    assert "How NATO\u2019s main bodies are linked. Diagram drawn for this guide." in nato
    assert "CSTO" in nato  # the comparison found csto.md
    csto = words("csto.md")
    assert "Membership changes" not in csto  # {level=3}, over the classroom's level 2
    assert "Signatories of 15 May 1992 (Tashkent): Armenia" in csto
    marks = words("marks.md")
    assert r"A <b>tag</b>, an &amp; entity, C:\temp and snake_case [words][ref]." in marks
    assert "<script>alert(1)</script>" in marks
    html = twins["marks.html"].read_text()
    assert "<strong>Bold</strong>, <em>italic</em> and <a href=\"https://example.org\"" in html


# -- where problems are reported ---------------------------------------------------------------


def problems(tmp_path: Path, text: str, name: str = "topic.md") -> list[Problem]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GuideError) as info:
        load_topic(path, Project(tmp_path))
    assert all(p.file == path for p in info.value.problems)
    return info.value.problems


def located(found: list[Problem]) -> list[tuple[int | None, str, str]]:
    return [(p.line, p.path, p.message) for p in found]


FRONT = "---\ntitle: T\nsummary:\n  - one\n---\n"  # five lines; the body starts on line 6


def test_front_matter_problems_are_at_their_md_lines(tmp_path: Path) -> None:
    found = problems(tmp_path, "---\ntitle: T\nsumary:\n  - one\nas_of: 2024-13\n---\n")
    assert located(found) == [
        (1, "summary", "required key is missing; expected a list of 1 to 8 points"),
        (3, "sumary", "unknown key 'sumary'; did you mean 'summary'?"),
        (5, "as_of", "2024-13 is not a real date (month must be in 1..12)"),
    ]


def test_a_yaml_syntax_error_in_front_matter_is_at_its_md_line(tmp_path: Path) -> None:
    [problem] = problems(tmp_path, "---\ntitle: T\nsummary:\n  - one\n - two\n---\n")
    assert problem.line == 5 and problem.message.startswith("YAML syntax")


def test_body_problems_are_at_their_md_lines(tmp_path: Path) -> None:
    body = ("## Background {level=4}\n"   # 6
            "\n"
            "- one\n"                      # 8
            "  - two {level=0}\n"          # 9
            "- \n"                         # 10
            "\n"
            "##\n")                        # 12
    found = problems(tmp_path, FRONT + body)
    assert [(p.line, p.column, p.path) for p in found] == [
        (6, 1, "sections[0].level"),
        (9, 3, "sections[0].points[0].points[0].level"),
        (10, 1, "sections[0].points[1]"),  # "is empty; expected text"
        (12, 1, "sections[1].heading"),
    ]
    assert found[0].message == "expected 1, 2 or 3, got '4'"


@pytest.mark.parametrize(("body", "line", "gist"), [
    ("Intro.\n\n## A\n", 6, "above the first ## heading"),
    ("# Other title\n\n## A\n", 6, "the title is title: in the front matter"),
    ("## A\n\n### Part\n", 8, "### headings are not part of a topic"),
    ("## A\n\n1. first\n2. second\n", 8, "write points with -"),
    ("## A\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", 8, "tables are not part of a topic"),
    ("## A\n\n```\ncode\n```\n", 8, "code blocks are not part of a topic"),
    ("## A\n\ntext\n\n    indented\n", 10, "take out the indent"),
    ("## A\n\n> quoted\n", 8, "quotes (>) are not part of a topic"),
    ("## A\n\ntext\n\n***\n", 10, "a rule (---) is not part of a topic"),
    ("## A\n\ntext\n\n---\n", 10, "a rule (---) is not part of a topic"),
    ("## A\n\ntext\n---\n", 8, "a line of --- or === under text makes it a heading"),
    ("## A\n\nTitle\n===\n", 8, "a line of --- or === under text makes it a heading"),
    ("## A\n\n- a point\n\n  > quoted\n", 10, "quotes (>) are not part of a topic"),
    ("## A\n\nSee ![map](map.png) here.\n", 8, "a picture goes in a paragraph of its own"),
    ("## A\n\n- ![map](map.png)\n", 8, "not in a point"),
    ("## A\n\n![map](map.png)\nand more\n", 8, "nothing else but a line Credit"),
    ("## A\n\n![a](a.png)\n\n![b](b.png)\n", 10, "a section has one figure"),
])
def test_blocks_with_no_place_in_a_topic_are_refused_at_their_line(
    tmp_path: Path, body: str, line: int, gist: str
) -> None:
    [problem] = problems(tmp_path, FRONT + body)
    assert problem.line == line and gist in problem.message, problem


def test_body_and_front_matter_problems_are_told_at_once(tmp_path: Path) -> None:
    found = problems(tmp_path, "---\ntitle: T\n---\n\n## A\n\n### B\n")
    assert [(p.line, p.path) for p in found] == [(1, "summary"), (7, "")]


def test_a_title_heading_that_repeats_the_title_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "topic.md"
    path.write_text(FRONT + "# T\n\n## A\n\nText.\n", encoding="utf-8")
    assert [s.heading for s in load_topic(path, Project(tmp_path)).sections] == ["A"]


@pytest.mark.parametrize(("text", "line", "gist"), [
    ("title: T\n", 1, "starts with its front matter"),
    ("---\ntitle: T\n", 1, "never closed"),
    ("---\n---\n", 1, "required key is missing"),
    ("---\ntitle: T\nsummary: [a]\nsections:\n  - heading: A\n---\n", 4, "under a ## heading"),
])
def test_front_matter_missing_unclosed_empty_or_holding_sections(
    tmp_path: Path, text: str, line: int, gist: str
) -> None:
    found = problems(tmp_path, text)
    assert found[0].line == line and gist in found[0].message, found


def test_a_markdown_topic_with_every_kind_of_section_content(tmp_path: Path) -> None:
    path = tmp_path / "topic.md"
    path.write_text(FRONT + "\n".join([
        "## Background {level=2}",      # 6
        "",
        "First paragraph,",
        "on two lines.",
        "",
        "- a point",                     # 11
        "  that runs on {level=3}",
        "  - nested",
        "",
        "Second paragraph.",             # 15
        "",
        '![A map](maps/map.svg "The caption")',
        "Credit: Drawn by a pupil",
        "",
    ]), encoding="utf-8")
    [section] = validate_topic(load_topic_document(path)).sections  # no picture: not checked
    assert section.heading == "Background" and section.level == 2
    assert section.paragraphs == ["First paragraph,\non two lines.", "Second paragraph."]
    [point] = section.points
    assert (point.text, point.level) == ("a point\nthat runs on", 3)
    assert [p.text for p in point.points] == ["nested"]
    assert section.figure is not None
    assert section.figure.model_dump() == {
        "file": "maps/map.svg", "alt": "A map", "caption": "The caption",
        "credit": "Drawn by a pupil"}


def test_the_example_in_the_format_docs_is_a_valid_topic(tmp_path: Path) -> None:
    docs = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```markdown\n(.*?)```", docs, re.DOTALL)
    path = tmp_path / "nato.md"
    path.write_text(example, encoding="utf-8")
    topic = validate_topic(load_topic_document(path))  # the picture is not checked here
    assert [(s.heading, s.level) for s in topic.sections] == [
        ("Background", 1), ("Membership changes", 3)]
    assert topic.sections[0].points[1].points[1].level == 2
    assert topic.sections[0].figure is not None


# -- every command finds them ------------------------------------------------------------------


def test_folders_hold_markdown_topics_and_with_finds_them(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.md").write_text(FRONT.replace("title: T", "title: A\ncomparison:\n  with: b"))
    (data / "b.yaml").write_text("title: B\nsummary: [one]\n")
    (data / "README.md").write_text("# What these topics are\n")  # no front matter: no topic
    assert topic_files([data]) == [data / "a.md", data / "b.yaml"]
    report = check([data], lint=False, project=Project(tmp_path))
    assert report.ok and not report.failed, report.problems


def test_an_id_written_as_yaml_and_as_markdown_is_an_error_naming_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "twice.md").write_text(FRONT)
    (data / "twice.yaml").write_text("title: T\nsummary: [one]\n")
    (data / "once.yaml").write_text("title: O\nsummary: [one]\n")
    report = check([data], lint=False, project=Project(tmp_path))
    assert report.failed == [data / "twice.md", data / "twice.yaml"]
    assert {str(p) for p in report.errors} == {
        f"data/{name}: topic 'twice' is written twice, as data/twice.yaml and data/twice.md; "
        "keep one of the two files" for name in ("twice.md", "twice.yaml")}


def test_check_reports_markdown_problems_as_file_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.md").write_text(FRONT + "## A\n\n- one {level=9}\n")
    (tmp_path / "todo.md").write_text(FRONT + "## A\n\n- TODO: the dates\n")
    result = CliRunner().invoke(main, ["check", "bad.md", "todo.md"])
    assert result.exit_code == 1, result.output
    assert "bad.md:8:1: sections[0].points[0].level: expected 1, 2 or 3, got '9'" in result.stderr
    assert "todo.md:8:1: warning: sections[0].points[0]: still to fill" in result.output + \
        result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_a_markdown_translation_prints_after_its_topic(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "t.md").write_text(FRONT + "## Background\n\nIn English.\n")
    (data / "t.fr.md").write_text(FRONT.replace("title: T", "title: T\nlang: fr") +
                                  "## Contexte\n\nEn français.\n")
    audiences = tmp_path / "styles" / "audiences"
    audiences.mkdir(parents=True)
    (audiences / "both.yaml").write_text("bilingual: fr\n")
    report = build([data], ["both"], tmp_path / "out", cache=False, project=Project(tmp_path))
    assert report.ok and [p.name for p in report.built] == ["t-both.pdf"], report.problems
    text = " ".join(pdf_text(tmp_path / "out" / "t-both.pdf"))
    assert text.index("In English.") < text.index("En français.")


def test_serve_lists_markdown_topics(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "t.md").write_text(FRONT)
    preview = Preview(Project(tmp_path), [tmp_path / "data"], tmp_path / "out")
    assert preview.topics() == {"t": tmp_path / "data" / "t.md"}


def test_watch_sees_markdown_topics_and_pictures(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "images").mkdir()
    stop = threading.Event()
    give_up = threading.Timer(60, stop.set)  # ends the batches, and the test, if none came
    give_up.start()
    try:
        batches = saved_changes(Project(tmp_path), [tmp_path / "data"], stop, debounce_ms=50)
        assert next(batches) == []  # watching has begun
        saved = {tmp_path / "data" / "t.md", tmp_path / "images" / "map.jpeg"}
        for path in saved:
            path.write_text("x")
        seen: set[Path] = set()
        for batch in batches:
            seen |= set(batch)
            if seen >= saved:
                break
        assert seen >= saved
    finally:
        stop.set()
        give_up.cancel()
