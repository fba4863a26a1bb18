"""Flashcards: questions on the fronts, answers on the backs, placed so that duplex printing
(flipped on the long edge) puts each answer behind its question, on A4 and on Letter."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from guide.api import build, load_topic
from guide.cli import main
from guide.content.practice import ARROW, generate
from guide.source.resources import Project

from pdftools import pdf_text, squash
from samples import copy_samples

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
    given = "" if paper == "A4" else f"-{paper.lower()}"  # a paper not the audience's own
    pdf = pdfium.PdfDocument(tmp_path / f"csto-classroom-flashcards{given}.pdf")
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
    (tmp_path / "images").mkdir()  # NATO's figure
    (tmp_path / "images" / "nato-structure.svg").write_bytes(
        (REPO / "images" / "nato-structure.svg").read_bytes())
    result = CliRunner().invoke(main, ["build", "data/nato.yaml", "--flashcards",
                                       "--no-cache"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "nato-classroom-flashcards.pdf").is_file()


@pytest.fixture(scope="module")
def csto_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cards")
    report = build([REPO / "data" / "csto.yaml"], ["classroom"], out, flashcards=True,
                   strict=True, cache=False, project=Project(REPO))
    assert report.ok, report.problems
    return out / "csto-classroom-flashcards.pdf"


def line_starts(page: pdfium.PdfPage, number: str) -> list[float]:
    """The left edge of each line of text on the card whose number is `number`, above its
    footer line."""
    x, y = centre(page, number)  # type: ignore[misc]
    width = page.get_size()[0]
    text = page.get_textpage()
    lines: dict[int, float] = {}
    for i in range(text.count_chars()):
        left, bottom, right, _ = text.get_charbox(i, loose=True)  # the line's box, not the glyph's
        inside = abs((left + right) / 2 - x) < width / 4 - 5 and y - 190 < bottom < y - 10
        if inside and right > left:
            key = round(bottom / 4)
            lines[key] = min(lines.get(key, left), left)
    return [lines[k] for k in sorted(lines, reverse=True)][:-1]  # the footer is last


def test_long_text_is_set_left_and_short_text_centred(csto_cards: Path) -> None:
    pdf = pdfium.PdfDocument(csto_cards)
    # A1: the author's answer to "What is NATO?", nine lines in a card's width.
    starts = line_starts(pdf[1], "A1")
    assert len(starts) >= 4 and max(starts) - min(starts) < 1.5, starts
    # A short question stays centred on its card.
    for index in range(0, len(pdf), 2):
        page = pdf[index]
        found = page.get_textpage().search("When was the CSTO established?").get_next()
        if found is None:
            continue
        boxes = [page.get_textpage().get_charbox(i) for i in range(found[0], found[0] + found[1])]
        middle = (min(b[0] for b in boxes) + max(b[2] for b in boxes)) / 2
        number = next(centre(page, f"Q{n}") for n in range(1, 40)
                      if (c := centre(page, f"Q{n}")) and abs(c[0] - middle) < 60)
        assert number is not None and abs(number[0] - middle) < 2
        break
    else:
        raise AssertionError("no card asks when the CSTO was established")


def test_events_to_order_are_lettered_and_no_fact_is_asked_twice(csto_cards: Path) -> None:
    pages = pdf_text(csto_cards)
    fronts = squash(" ".join(pages[0::2]))
    backs = squash(" ".join(pages[1::2]))
    items = generate(load_topic(REPO / "data" / "csto.yaml"),
                     load_topic(REPO / "data" / "nato.yaml"), limit=16)
    order = next(i for i in items if i.kind == "order")
    for letter, event in zip("abcde", order.choices, strict=False):
        assert squash(f"{letter}) {event}") in fronts
    events = order.answer.split(ARROW)
    assert squash(", ".join("abcde"[order.choices.index(e)] for e in events)) in backs
    # Of the first sample's 21 cards, four asked for the headquarters: now one does.
    assert " ".join(pages[0::2]).casefold().count("headquarter") <= 1


def test_landscape_cards_are_four_across_two_down(tmp_path: Path) -> None:
    copy_samples(tmp_path)
    (tmp_path / "styles" / "audiences").mkdir(parents=True)
    (tmp_path / "styles" / "audiences" / "wide.yaml").write_text("orientation: landscape\n")
    report = build([tmp_path / "data" / "csto.yaml"], ["wide"], tmp_path / "out",
                   flashcards=True, cache=False, project=Project(tmp_path))
    assert report.ok and report.built, report.problems
    pdf = pdfium.PdfDocument(report.built[0])
    assert len(pdf) % 2 == 0
    assert all(page.get_size() == pytest.approx((841.89, 595.28), abs=0.5) for page in pdf)
    front, back = pdf[0], pdf[1]
    assert centre(front, "Q8") is not None and centre(front, "Q9") is None  # eight a side
    asked = [centre(front, f"Q{n}") or (0.0, 0.0) for n in range(1, 9)]
    top, under = asked[:4], asked[4:]
    # Q1 to Q4 across the top row from the left, a quarter of the sheet apart; Q5 to Q8 under
    assert [x for x, _ in top] == pytest.approx([126, 323, 519, 716], abs=2)
    assert [x for x, _ in under] == pytest.approx([x for x, _ in top], abs=2)
    assert len({round(y) for _, y in top}) == len({round(y) for _, y in under}) == 1
    assert top[0][1] - under[0][1] > 595.28 / 3
    for n, (x, y) in enumerate(asked, start=1):
        # each answer behind its question: the sheet turned over sideways
        assert centre(back, f"A{n}") == pytest.approx((841.89 - x, y), abs=2)
