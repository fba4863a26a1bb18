"""Booklets made to be bound: the paper they are laid out on, imposed on A4 and on Letter,
and stylesheets that WeasyPrint takes whole."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from guide.api import build_booklet
from guide.cli import main
from guide.press.impose import saddle_order, two_up_order
from guide.source.audience import load_audience
from guide.source.resources import Project

from pdftools import pdf_text

REPO = Path(__file__).resolve().parent.parent
CONTRACT = Path(__file__).resolve().parent / "contract"
PAPERS = ("A4", "A5", "Letter", "Legal", "half-letter")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(CONTRACT, tmp_path / "data")
    return tmp_path


def make(folder: Path, *paths: str, audience: str = "classroom", **options: object) -> Path:
    report = build_booklet([folder / p for p in paths or ("data",)], "term", [audience],
                           folder / "out", project=Project(folder), **options)
    made = report.built + report.cached
    assert report.ok and made, report.problems
    assert not [p for p in report.problems if "Ignored" in p.message], report.problems
    return made[0]


class _Ignored(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("Ignored"):
            self.messages.append(record.getMessage())


@pytest.mark.parametrize("audience", ["classroom", "large-print", "exam-cram", "ink-saver",
                                      "dyslexia-friendly", "teacher", "worksheet"])
def test_weasyprint_takes_every_rule_of_our_stylesheets(audience: str) -> None:
    """Any CSS WeasyPrint ignores (an unknown property, a bad value, the orientation word
    after explicit lengths that once broke half-Letter) fails here, for each paper."""
    from guide.press.pdf import lay_out
    from guide.render.page import booklet_html

    project = Project(REPO)
    handler = _Ignored()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        for paper in PAPERS:
            for orientation in ("portrait", "landscape"):
                chosen = replace(load_audience(audience, project), paper=paper,
                                 orientation=orientation)
                html = booklet_html([], chosen, project, {"title": "t", "description": "d",
                                                           "keywords": [], "author": None},
                                    dt.datetime(2024, 1, 1))
                lay_out(html, project)
    finally:
        logger.removeHandler(handler)
    assert handler.messages == []


def _numbers(page: pdfium.PdfPage, half: int) -> list[int]:
    width, height = page.get_size()
    text = page.get_textpage().get_text_bounded(half * width / 2, 0, (half + 1) * width / 2,
                                                height)
    return [int(n) for n in re.findall(r"Page (\d+)", text)]


@pytest.mark.parametrize("mode", ["saddle", "2up"])
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_imposed_booklets_are_half_sheets_in_print_order(folder: Path, mode: str,
                                                          paper: str) -> None:
    """Two half-sheet pages a side, every page whole in its half, none cropped or lost."""
    # The treaty alone ends on a right-hand page: its key needs a blank before it.
    pdf = pdfium.PdfDocument(make(folder, "data/treaty.yaml", impose=mode, paper=paper))
    sheet = {"A4": (842, 595), "Letter": (792, 612)}[paper]
    assert all((round(p.get_size()[0]), round(p.get_size()[1])) == sheet for p in pdf)
    seen = [_numbers(page, half) for page in pdf for half in (0, 1)]
    count = max(n for found in seen for n in found)
    order = saddle_order(count) if mode == "saddle" else two_up_order(count)
    assert len(pdf) == len(order)
    keyed = False
    for page, side in zip(pdf, order, strict=True):
        for half, index in enumerate(side):
            # The cover (index 0) and the padding have no number; every other page its own.
            assert _numbers(page, half) == ([] if index in (None, 0) else [index + 1])
            if mode == "saddle" and index not in (None, 0):
                # on the outer edge, away from the fold
                _, left, right = _number_box(page, half)
                assert (right < sheet[0] / 4) if half == 0 else (left > sheet[0] * 3 / 4)
            half_text = page.get_textpage().get_text_bounded(
                half * sheet[0] / 2, 0, (half + 1) * sheet[0] / 2, sheet[1])
            if "Answer key\r\n" in half_text and "Contents" not in half_text:
                assert index is not None and index % 2 == 0  # a right-hand page
                keyed = True
        # Nothing crosses the fold: each character lies in one half.
        text = page.get_textpage()
        for i in range(text.count_chars()):
            left, _, right, _ = text.get_charbox(i)
            assert right <= sheet[0] / 2 + 0.5 or left >= sheet[0] / 2 - 0.5
    assert keyed


def test_the_cover_has_what_a_school_prints_and_nothing_internal(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    styles = folder / "styles"
    styles.mkdir()
    shutil.copy(REPO / "docs" / "example-school" / "styles" / "audiences" / "hillside-logo.svg",
                styles / "logo.svg")
    (folder / "guide.yaml").write_text(
        "booklet:\n  title: Treaties\n  school: Hillside School\n  subject: History\n"
        "  class: Year 10\n  date: Spring term 2025\n  logo: styles/logo.svg\n")
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["build", "--booklet", "term", "--class", "Year 11",
                                       "--impose", "saddle", "data"])
    assert result.exit_code == 0, result.output
    # (Not --strict, which leaves out the contract's unfinished topics: no print warning.)
    assert "booklet term-classroom.pdf" not in result.stderr
    pdf = pdfium.PdfDocument(folder / "out" / "term-classroom.pdf")
    width, height = pdf[0].get_size()
    cover = pdf[0].get_textpage().get_text_bounded(width / 2, 0, width, height)
    for text in ("HILLSIDE SCHOOL", "Treaties", "History", "Year 11", "Spring term 2025"):
        assert text in cover
    assert "Year 10" not in cover and "term-" not in cover and "Student" not in cover
    assert not re.search(r"\bterm\b", cover.replace("Spring term", ""))
    # The logo is drawn above the school's name, on the cover's half of the sheet.
    text = pdf[0].get_textpage()
    first = next(i for i in range(text.count_chars())
                 if text.get_charbox(i)[0] >= width / 2 and text.get_text_range(i, 1) == "H")
    top = text.get_charbox(first)[3]
    image = pdf[0].render(scale=1).to_pil().convert("L")
    above = image.crop((int(width / 2), 0, int(width), int(height - top) - 2))
    assert sum(above.histogram()[:200]) > 200


def test_a_cover_without_a_title_names_its_topics(folder: Path) -> None:
    cover = pdfium.PdfDocument(make(folder))[0].get_textpage().get_text_range()
    assert "Pact \u00b7 TOE" in cover  # their short names
    assert "term" not in cover and "Student" not in cover


@pytest.mark.parametrize("flags", [["--school", "Hillside"], ["--duplex"], ["--title", "T"],
                                   ["--impose", "2up"], ["--class", "10B"]])
def test_booklet_flags_without_a_booklet_are_refused(folder: Path, flags: list[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["build", *flags, "data"])
    assert result.exit_code == 2
    assert f"{flags[0]} is only for a booklet" in result.output
    assert not (folder / "out").exists()


def test_flags_a_booklet_cannot_honour_are_refused(folder: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["build", "--booklet", "b", "--flashcards", "data"])
    assert result.exit_code == 2 and "--flashcards is not for a booklet" in result.output


MM = 72 / 25.4


def _chars(page: pdfium.PdfPage) -> list[tuple[str, tuple[float, float, float, float]]]:
    text = page.get_textpage()
    return [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())
            if text.get_text_range(i, 1).strip()]


def _number_box(page: pdfium.PdfPage, half: int | None = None) -> tuple[str, float, float]:
    """The page number's text and its left and right edges (in one `half` of a sheet)."""
    text = page.get_textpage()
    width = page.get_size()[0]
    chars = [i for i in range(text.count_chars()) if half is None
             or (half * width / 2 <= text.get_charbox(i)[0] < (half + 1) * width / 2)]
    line = "".join(text.get_text_range(i, 1) for i in chars)
    found = re.search(r"Page \d+( of \d+)?", line)
    assert found, line[-200:]
    boxes = [text.get_charbox(chars[i]) for i in range(found.start(), found.end())]
    return found[0], min(b[0] for b in boxes), max(b[2] for b in boxes)


def test_a_duplex_booklet_has_its_gutter_inside_and_numbers_outside(folder: Path) -> None:
    pdf = pdfium.PdfDocument(make(folder, duplex=True))
    width = pdf[0].get_size()[0]
    assert len(pdf) >= 6
    for index in range(1, len(pdf)):
        page = pdf[index]
        chars = _chars(page)
        if not chars:
            continue  # a blank before a right-hand start
        number, left, right = _number_box(page)
        assert number == f"Page {index + 1}"  # no "of N" in a bound booklet
        body = [box for _, box in chars if box[1] > 25 * MM]  # above the footer
        text_left = min(box[0] for box in body)
        text_right = max(box[2] for box in body)
        if index % 2 == 0:  # a right-hand page: the spine on its left
            assert right == pytest.approx(width - 17 * MM, abs=1.5)
            assert text_left == pytest.approx(25 * MM, abs=1.5)  # 17 mm and an 8 mm gutter
            assert width - text_right >= 17 * MM - 1
        else:  # a left-hand page: the spine on its right
            assert left == pytest.approx(17 * MM, abs=1.5)
            assert text_left == pytest.approx(17 * MM, abs=1.5)
            assert width - text_right >= 25 * MM - 1


def test_a_loose_booklet_numbers_every_page_on_the_right_of_all(folder: Path) -> None:
    pdf = pdfium.PdfDocument(make(folder))
    width = pdf[0].get_size()[0]
    for index in range(1, len(pdf)):
        number, _, right = _number_box(pdf[index])
        assert number == f"Page {index + 1} of {len(pdf)}"
        assert right == pytest.approx(width - 17 * MM, abs=1.5)
        body = [box for _, box in _chars(pdf[index]) if box[1] > 25 * MM]
        assert min(box[0] for box in body) == pytest.approx(17 * MM, abs=1.5)


def test_the_gutter_comes_from_guide_yaml(folder: Path) -> None:
    (folder / "guide.yaml").write_text("booklet: {gutter: 14}\n")
    pdf = pdfium.PdfDocument(make(folder, duplex=True))
    body = [box for _, box in _chars(pdf[2]) if box[1] > 25 * MM]
    assert min(box[0] for box in body) == pytest.approx(31 * MM, abs=1.5)


@pytest.fixture
def real(tmp_path: Path) -> Path:
    """The sample CSTO and NATO topics, whose keys are long: a key in two columns over
    pages, where the reviewer found a page holding only the heading "Answer key"."""
    (tmp_path / "data").mkdir()
    for name in ("csto.yaml", "nato.yaml"):
        shutil.copy(REPO / "data" / name, tmp_path / "data")
    shutil.copytree(REPO / "images", tmp_path / "images")  # NATO's figure
    return tmp_path


def _body(text: str) -> list[str]:
    """A page's lines without its running header and footer."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [line for line in lines if not re.fullmatch(
        r"(CSTO|NATO|Answer key|Page \d+( of \d+)?|Facts as of .*|Sources?: .*)", line)]


@pytest.mark.parametrize("options", [{}, {"duplex": True}])
def test_the_key_starts_on_a_right_hand_page_and_names_each_topics_page(
        real: Path, options: dict[str, object]) -> None:
    report = build_booklet([real / "data"], "term", ["classroom"], real / "out",
                           project=Project(real), **options)
    assert report.ok and report.built, report.problems
    assert not [p for p in report.problems if "heading" in p.message], report.problems
    pages = pdf_text(report.built[0])
    key = next(n for n, text in enumerate(pages, start=1) if "Answer key\nCSTO, page" in text)
    assert key % 2 == 1  # a right-hand page, bound or not: never on a topic's back
    titles = {"CSTO": "Collective Security Treaty Organisation",
              "NATO": "North Atlantic Treaty Organization"}
    found = dict(re.findall(r"\b(CSTO|NATO), page (\d+)", " ".join(pages[key - 1:])))
    assert set(found) == set(titles)
    for name, page in found.items():
        assert " ".join(_body(pages[int(page) - 1])[:3]).find(titles[name]) >= 0, name
        assert titles[name] not in " ".join(pages[int(page) - 2])  # and not before it
    # Each name in the key is a link to its topic's page.
    with pikepdf.open(report.built[0]) as pdf:
        numbers = {page.objgen: n for n, page in enumerate(pdf.pages, start=1)}
        targets = {numbers[a.A.D[0].objgen] for page in pdf.pages[key - 1:]
                   for a in page.obj.get("/Annots", []) if "/A" in a and a.A.S == "/GoTo"}
    assert targets == {int(page) for page in found.values()}
    # No page holds only a heading: every page has more than a line of its own.
    for number, text in enumerate(pages[1:], start=2):
        assert len(_body(text)) > 1 or _body(text) == ["NOTES"], (number, text)
