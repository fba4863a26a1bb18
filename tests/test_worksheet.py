"""Worksheets and generated practice on the printed page: fields to fill in, ruled lines,
practice marked as generated, every answer in a key on its own page; an author's switch."""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml

from guide.api import build, load_topic
from guide.content.practice import ARROW, BLANK, generate
from guide.source.resources import Project

from pdftools import pdf_text, squash

REPO = Path(__file__).resolve().parent.parent
CONTRACT = Path(__file__).resolve().parent / "contract"


@pytest.fixture(scope="module")
def worksheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("worksheet")
    report = build([REPO / "data" / "csto.yaml"], ["worksheet"], out, strict=True, cache=False,
                   project=Project(REPO))
    assert report.ok, report.problems
    return out / "csto-worksheet.pdf"


def ruled_lines(page: pdfium.PdfPage) -> int:
    """Horizontal lines at least half the page wide, counted once however thick."""
    image = page.render(scale=1).to_pil().convert("L")
    width = image.width
    rows = [sum(1 for x in range(width) if image.getpixel((x, y)) < 235) > width / 2
            for y in range(image.height)]
    return sum(1 for y in range(1, len(rows)) if rows[y] and not rows[y - 1])


def test_a_worksheet_has_fields_and_room_to_write(worksheet: Path) -> None:
    first = pdf_text(worksheet)[0]
    assert all(field in first for field in ("Name", "Class", "Date"))
    pdf = pdfium.PdfDocument(worksheet)
    questions_on_page = first.count("?")
    assert ruled_lines(pdf[0]) >= 2 * questions_on_page


def test_practice_is_marked_and_every_answer_is_in_the_key_on_its_own_page(
    worksheet: Path,
) -> None:
    pages = [squash(text) for text in pdf_text(worksheet)]
    key = next(i for i, text in enumerate(pages) if text.startswith(squash("CSTO Answer key"))
               or text.startswith(squash("Answer key")))
    before, after = "".join(pages[:key]), "".join(pages[key:])
    assert squash("Practice") in before and squash("not by its author") in before
    topic = load_topic(REPO / "data" / "csto.yaml")
    items = generate(topic, load_topic(REPO / "data" / "nato.yaml"), limit=12)
    assert len(items) == 12
    for item in items:
        assert all(squash(part) in before for part in item.prompt.split(BLANK))
        if item.kind in {"choice", "either-or"}:  # the letter, then the answer
            letter = "abcd"[item.choices.index(item.answer)]
            assert squash(f"{letter}) {item.answer}") in after
        elif item.kind == "order":  # the letters of the events in order
            events = item.answer.split(ARROW)
            letters = ", ".join("abcde"[item.choices.index(e)] for e in events)
            assert squash(letters) in after and squash(events[0]) not in after
            for letter, event in zip("abcde", item.choices, strict=False):
                assert squash(f"{letter}) {event}") in before, "events lettered"
        else:
            assert squash(item.answer) in after
    # A key gives numbers and answers: no question is printed again.
    for question in topic.questions:
        assert squash(question.q) not in after, question.q
    assert squash("What is the CSTO?") not in after


def test_an_author_can_switch_practice_off_or_leave_an_item_out(tmp_path: Path) -> None:
    shutil.copytree(CONTRACT, tmp_path / "data")
    treaty = tmp_path / "data" / "treaty.yaml"
    first = generate(load_topic(treaty), load_topic(tmp_path / "data" / "pact.yaml"))[0]
    treaty.write_text(treaty.read_text() + f"practice:\n  exclude:\n    - {first.source}\n")
    report = build([treaty], ["worksheet"], tmp_path / "out", cache=False,
                   project=Project(tmp_path))
    assert report.ok, report.problems
    text = squash(" ".join(pdf_text(tmp_path / "out" / "treaty-worksheet.pdf")))
    assert squash("Practice") in text and squash(first.prompt) not in text

    treaty.write_text(treaty.read_text().replace("  exclude:", "  generate: false\n  exclude:"))
    build([treaty], ["worksheet"], tmp_path / "out", cache=False, project=Project(tmp_path))
    text = squash(" ".join(pdf_text(tmp_path / "out" / "treaty-worksheet.pdf")))
    assert squash("Made by guide") not in text


TREATY = """\
title: Treaty of Rome
as_of: 2026-11-01
sources:
  - title: Treaty establishing the European Economic Community
summary:
  - It was signed in the city of **Rome** by the six founding states.
  - >-
    It set up a customs union called the **European Economic Community (EEC)**, today
    part of a larger union.
questions:
  - q: Where was it signed?
    a: Rome.
  - q: What did it set up, and how did that change over the following decades?
    a: >-
      A customs union, the European Economic Community, with common policies on trade and
      agriculture; it grew from six members to twelve, was renamed the European Community in
      1993 and became part of the European Union, whose treaties replaced it in 2009.
  - q: Who signed it?
    a: Belgium, France, Italy, Luxembourg, the Netherlands and West Germany.
"""


@pytest.fixture(scope="module")
def rome(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rome")
    (folder / "data").mkdir()
    (folder / "data" / "rome.yaml").write_text(TREATY, encoding="utf-8")
    report = build([folder / "data" / "rome.yaml"], ["worksheet"], folder / "out", strict=True,
                   cache=False, project=Project(folder))
    assert report.ok, report.problems
    return folder / "out" / "rome-worksheet.pdf"


def text_box(page: pdfium.PdfPage, words: str) -> tuple[float, float, float, float]:
    """Left, bottom, right and top of the first occurrence of `words` on the page."""
    text = page.get_textpage()
    found = text.search(words, match_case=True).get_next()
    assert found is not None, words
    boxes = [text.get_charbox(i) for i in range(found[0], found[0] + found[1])]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def underlines(page: pdfium.PdfPage) -> list[tuple[float, float, float]]:
    """Thin horizontal strokes drawn on the page: (left, right, height above the foot)."""
    found = []
    for shape in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=5):
        left, bottom, right, top = shape.get_bounds()
        if top - bottom < 2 and right - left > 10:
            found.append((left, right, bottom))
    return found


def test_a_blank_is_as_wide_as_its_answer(rome: Path) -> None:
    pdf = pdfium.PdfDocument(rome)
    widths = {}
    for page in pdf:
        lines = underlines(page)
        for words in ("signed in the city of", "union called the"):
            if page.get_textpage().search(words).get_next() is None:
                continue
            _, bottom, right, _ = text_box(page, words)
            # On the line, after the words; or, too wide for what is left, on the next line.
            after = [(r - ll) for ll, r, y in lines if (abs(y - bottom) < 6 and ll > right - 1)
                     or (bottom - 20 < y < bottom and r - ll > 100)]
            widths[words] = max(after)
    short, long = widths["signed in the city of"], widths["union called the"]
    assert short < 70 and long > 2.5 * short, widths
    width = pdf[0].get_size()[0]
    assert long < width - 100, "never wider than the line"


def test_room_to_write_follows_the_expected_answer(rome: Path) -> None:
    page = pdfium.PdfDocument(rome)[0]
    image = page.render(scale=2).to_pil().convert("L")
    height = page.get_size()[1]
    tops = [2 * (height - text_box(page, q)[1]) for q in (
        "Where was it signed?", "What did it set up", "Who signed it?", "Practice")]

    def lines_between(top: float, bottom: float) -> int:
        """Rules across most of the text between two heights, in pixels."""
        rows = [sum(1 for x in range(image.width) if image.getpixel((x, y)) < 245)
                > image.width * 0.6 for y in range(int(top) + 4, int(bottom) - 30)]
        return sum(1 for a, b in pairwise(rows) if b and not a)

    short, long, names = (lines_between(a, b) for a, b in pairwise(tops))
    assert short == 1 and long >= 4 and 1 <= names < long, (short, long, names)


def test_the_ruled_lines_hold_the_answer_as_handwritten(rome: Path) -> None:
    """The lines are ruled only as long as the measure, so there are enough of them for the
    whole answer at a pupil's hand (about three quarters of an em a character, at 11pt)."""
    answer = yaml.safe_load(TREATY)["questions"][1]["a"]
    page = pdfium.PdfDocument(rome)[0]
    top, bottom = text_box(page, "What did it set up")[1], text_box(page, "Who signed it?")[3]
    rules = [shape.get_bounds() for shape in page.get_objects(
        filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=5)]  # each ruled line, as its box
    ruled = sum(right - left for left, low, right, high in rules
                if bottom < low < high < top and right - left > 100)
    assert ruled >= len(answer) * 0.75 * 11, (ruled, len(answer))
