"""Worksheets and generated practice on the printed page: fields to fill in, ruled lines,
practice marked as generated, every answer in a key on its own page; an author's switch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from guide.build import build, load_topic
from guide.practice import generate
from guide.resources import Project

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
    items = generate(load_topic(REPO / "data" / "csto.yaml"),
                     load_topic(REPO / "data" / "nato.yaml"), limit=12)
    assert len(items) == 12
    for item in items:
        assert squash(item.prompt) in before
        assert squash(item.answer) in after
    assert squash("What is NATO?") not in after.split(squash("Practice"))[-1]


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
