"""Flashcards: questions on the fronts, answers on the backs, placed so that duplex printing
(flipped on the long edge) puts each answer behind its question, on A4 and on Letter."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from guide.build import build, load_topic
from guide.cli import main
from guide.resources import Project

from pdftools import squash

REPO = Path(__file__).resolve().parent.parent
SIZES = {"A4": (595.28, 841.89), "Letter": (612, 792)}


def centre(page: pdfium.PdfPage, label: str) -> tuple[float, float] | None:
    """The centre of the first whole-word `label` on the page, in points."""
    text = page.get_textpage()
    found = text.search(label, match_case=True, match_whole_word=True).get_next()
    if found is None:
        return None
    boxes = [text.get_charbox(i) for i in range(found[0], found[0] + found[1])]
    left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return (left + right) / 2, (bottom + top) / 2


@pytest.mark.parametrize("paper", SIZES)
def test_each_answer_prints_behind_its_question(tmp_path: Path, paper: str) -> None:
    report = build([REPO / "data" / "csto.yaml"], ["classroom"], tmp_path, paper=paper,
                   flashcards=True, cache=False, project=Project(REPO))
    assert report.ok, report.problems
    pdf = pdfium.PdfDocument(tmp_path / "csto-classroom-flashcards.pdf")
    assert len(pdf) % 2 == 0
    topic = load_topic(REPO / "data" / "csto.yaml")
    questions = [q for q in topic.questions if q.a and q.level <= 2]  # classroom: level 2
    number, checked = 1, 0
    for sheet in range(0, len(pdf), 2):
        front, back = pdf[sheet], pdf[sheet + 1]
        width, height = front.get_size()
        assert (width, height) == pytest.approx(SIZES[paper], abs=0.5)
        assert back.get_size() == front.get_size()
        while (asked := centre(front, f"Q{number}")) is not None:
            answered = centre(back, f"A{number}")
            assert answered is not None, f"no answer {number}"
            # Flipped on the long edge, a point at x on the front is at width - x behind.
            assert answered[0] == pytest.approx(width - asked[0], abs=2)
            assert answered[1] == pytest.approx(asked[1], abs=2)
            if number <= len(questions):  # the author's cards come first, in order
                card = back.get_textpage().get_text_bounded(
                    answered[0] - width / 4 + 10, answered[1] - 150, answered[0] + width / 4 - 10,
                    answered[1] + 10)
                assert squash(questions[number - 1].a)[:40] in squash(card)
            number, checked = number + 1, checked + 1
    assert checked >= len(questions) + 8


def test_the_cli_prints_flashcards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    for name in ("csto", "nato"):
        (tmp_path / "data" / f"{name}.yaml").write_bytes(
            (REPO / "data" / f"{name}.yaml").read_bytes())
    result = CliRunner().invoke(main, ["build", "data/nato.yaml", "--flashcards",
                                       "--no-cache"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "nato-classroom-flashcards.pdf").is_file()
