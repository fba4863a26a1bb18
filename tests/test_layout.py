"""Typography rules on long sheets: repeated table headers, unsplit rows and boxes, no orphaned
headings. Checked on WeasyPrint's laid-out pages and on the printed PDF's text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from guide.api import build, load_topic
from guide.content.view import select
from guide.press.pdf import lay_out
from guide.render.page import render_html
from guide.source.audience import load_audience
from guide.source.resources import Project

from pdftools import pdf_text, squash

WORDS = ["treaty", "council", "member", "security", "defence", "alliance", "summit", "charter"]


def sentence(n: int, length: int) -> str:
    return " ".join(WORDS[(n * 7 + i) % len(WORDS)] for i in range(length)).capitalize() + "."


def long_topic() -> dict:
    """A topic long enough to break every part across pages somewhere.

    The news is long enough to push the summary box to the foot of page one; sections
    of many lengths put some heading near a page foot; some rows run to many lines.
    """
    return {
        "title": "Long Topic",
        "short_name": "LT",
        "in_the_news": sentence(0, 330),
        "summary": [f"Summary point {i}: {sentence(i, 30)}" for i in range(8)],
        "facts": [{"label": f"Fact {i}", "value": sentence(i, 4 + i % 9)} for i in range(14)],
        "sections": [
            {"heading": f"Section {i}", "text": sentence(i, 8 + (i * 29) % 61)}
            for i in range(90)
        ],
        "timeline": [
            {"date": f"{1900 + i}", "event": f"Event {i:02d} happened. {event_words(i)}"}
            for i in range(45)
        ],
        "comparison": {
            "with": "other",
            "rows": [
                {"aspect": f"Row {i:02d}", "this": row_words(i), "other": f"Other {i:02d}."}
                for i in range(30)
            ],
        },
        "questions": [{"q": f"Question {i}?", "a": sentence(i, 12)} for i in range(8)],
    }


def event_words(i: int) -> str:
    return f"Event text {i:02d}: " + sentence(i, 120 if i % 4 == 0 else 10 + i % 25)


def row_words(i: int) -> str:
    return f"Cell text {i:02d}: " + sentence(i, 90 if i % 3 == 0 else 12 + i % 20)


@pytest.fixture(scope="module")
def long_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("long")
    (root / "data").mkdir()
    (root / "data" / "long.yaml").write_text(yaml.safe_dump(long_topic()))
    (root / "data" / "other.yaml").write_text("title: Other\nshort_name: OT\nsummary: [x]\n")
    return Project(root)


@pytest.fixture(scope="module")
def long_pdf(long_project: Project) -> Path:
    report = build([long_project.root / "data" / "long.yaml"], ["classroom"],
                   long_project.root / "out", project=long_project)
    assert report.ok, report.problems
    return report.built[0]


def boxes(box: object) -> Iterator[object]:
    yield box
    for child in getattr(box, "children", []):
        yield from boxes(child)


@pytest.fixture(scope="module")
def laid_out(long_project: Project) -> list[object]:
    """WeasyPrint's pages for the long topic (classroom audience)."""
    project = long_project
    topic = load_topic(project.root / "data" / "long.yaml")
    other = load_topic(project.root / "data" / "other.yaml")
    view = select(topic, load_audience("classroom", project), other)
    html = render_html(view, project, "long")
    return lay_out(html, project).pages


def content(page: object) -> list[object]:
    """Boxes of the page body, without the margin boxes."""
    body = [b for b in boxes(page._page_box) if getattr(b, "element_tag", None) == "body"]
    return list(boxes(body[0])) if body else []


def test_the_long_sheet_really_spans_pages(laid_out: list[object]) -> None:
    assert len(laid_out) >= 6


# The long topic's headings as printed: the sheet's parts and its 90 sections.
HEADINGS = {"IN THE NEWS", "Summary", "Key facts", "Timeline", "LT and OT compared",
            "Study questions", "Sources", "Answer key", *(f"Section {i}" for i in range(90))}


def test_no_heading_is_left_alone_at_a_page_foot(long_pdf: Path) -> None:
    """On every printed page, the last line above the running footer (the short name and
    the part going on, then the page number) is not a heading."""
    pages = [[line.strip() for line in text.splitlines() if line.strip()]
             for text in pdf_text(long_pdf)]
    assert len(pages) >= 6
    assert sum(line in HEADINGS for page in pages for line in page) >= 90
    for number, lines in enumerate(pages, start=1):
        assert lines[-1] == f"Page {number} of {len(pages)}"
        body = lines[:-2] if lines[-2].startswith("LT") else lines[:-1]
        assert body[-1] not in HEADINGS, f"{body[-1]!r} alone at the foot of page {number}"


def _rows(page: object, tag: str) -> list[object]:
    return [b for b in content(page) if getattr(b, "element_tag", "") == tag
            and type(b).__name__ == "TableRowBox"]


def test_table_rows_are_never_split(long_pdf: Path) -> None:
    pages = [squash(text) for text in pdf_text(long_pdf)]
    for i in range(45):
        text = squash(f"Event {i:02d} happened. {event_words(i)}")
        assert sum(text in page for page in pages) == 1, f"timeline row {i} split or missing"
    for i in range(30):
        text = squash(row_words(i))
        assert sum(text in page for page in pages) == 1, f"comparison row {i} split or missing"


def test_table_headers_repeat_on_every_page_of_the_table(long_pdf: Path) -> None:
    pages = pdf_text(long_pdf)
    timeline_pages = [p for p in pages if "happened." in p]
    comparison_pages = [p for p in pages if "Row " in p]
    assert len(timeline_pages) >= 2 and len(comparison_pages) >= 2
    assert all("Date" in p and "Event" in p.replace("Event 0", "") for p in timeline_pages)
    assert all("Aspect" in p and "LT" in p and "OT" in p for p in comparison_pages)


def test_summary_box_is_never_split(laid_out: list[object]) -> None:
    holders = [n for n, page in enumerate(laid_out)
               if any("summary" in ((getattr(b, "element", None) is not None
                                    and b.element.get("class")) or "")
                      for b in content(page))]
    assert len(holders) == 1


def test_answer_key_starts_its_own_page(laid_out: list[object]) -> None:
    def has(page: object, id_: str) -> bool:
        return any(getattr(b, "element", None) is not None and b.element.get("id") == id_
                   for b in content(page))

    key_pages = [n for n, page in enumerate(laid_out) if has(page, "answer-key")]
    assert key_pages and key_pages[0] == len(laid_out) - 1 - (len(key_pages) - 1)
    assert not has(laid_out[key_pages[0]], "questions")
