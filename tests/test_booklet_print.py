"""Booklets made to be bound: the paper they are laid out on, imposed on A4 and on Letter,
and stylesheets that WeasyPrint takes whole."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from guide.audience import load_audience
from guide.booklet import build_booklet
from guide.impose import saddle_order, two_up_order
from guide.resources import Project

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
    from guide.pdf import lay_out
    from guide.render import booklet_html

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
    pdf = pdfium.PdfDocument(make(folder, impose=mode, paper=paper))
    sheet = {"A4": (842, 595), "Letter": (792, 612)}[paper]
    assert all((round(p.get_size()[0]), round(p.get_size()[1])) == sheet for p in pdf)
    seen = [_numbers(page, half) for page in pdf for half in (0, 1)]
    count = max(n for found in seen for n in found)
    order = saddle_order(count) if mode == "saddle" else two_up_order(count)
    assert len(pdf) == len(order)
    for page, side in zip(pdf, order, strict=True):
        for half, index in enumerate(side):
            # The cover (index 0) and the padding have no number; every other page its own.
            assert _numbers(page, half) == ([] if index in (None, 0) else [index + 1])
        # Nothing crosses the fold: each character lies in one half.
        text = page.get_textpage()
        for i in range(text.count_chars()):
            left, _, right, _ = text.get_charbox(i)
            assert right <= sheet[0] / 2 + 0.5 or left >= sheet[0] / 2 - 0.5
