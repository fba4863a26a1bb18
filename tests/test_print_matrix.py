"""Every topic we ship or test against prints clean: each built-in audience on A4 and on
Letter, flashcards, and booklets (plain, duplex, saddle-stitched), strict about print (not
linted: `guide check`'s warnings have tests of their own), so that the print report
(guide/readiness.py) finds nothing on any page. `data/` in every audience is built by the
shared `sheets` fixture; here are the contract's topics and three of very different sizes
(tests/topics: three facts; a medium one; 40 events, 30 facts).

The large topic does not fit exam-cram's two pages at every level (about two and a half
at 8.5 pt, and still three at level 2): exam-cram has `fit: true`, so it prints its
essentials (level 1) in two pages and says so.

Every PDF of them embeds the bundled fonts only (styles/fonts/), whatever the machine has."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from guide.api import build, build_booklet, topic_files
from guide.source.resources import Project

from pdftools import broken_words, foreign_fonts_in, pdf_text, pdftotext, squash
from samples import BUILTIN, PAPERS

REPO = Path(__file__).resolve().parent.parent
FOLDERS = {"contract": REPO / "tests" / "contract", "topics": REPO / "tests" / "topics"}
# What is the truth about the topics, not a fault of the printing.
EXPECTED = (
    "no fact 'Parties' in Pact; printed as an em dash",  # the contract's own gap
    "eu.yaml: note: exam-cram: printed up to level 1 of 3, to fit its 2 pages (fit: true)",
)
BOOKLETS = {"plain": {}, "duplex": {"duplex": True}, "saddle": {"impose": "saddle"}}


def problems(report: object) -> str:
    return "\n".join(map(str, report.problems))  # type: ignore[attr-defined]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("folder", FOLDERS)
def test_every_audience_prints_clean(tmp_path: Path, folder: str, paper: str) -> None:
    report = build([FOLDERS[folder]], BUILTIN, tmp_path, paper=paper, cache=False,
                   lint=False, project=Project(REPO))
    found = list(map(str, report.problems))
    assert not [p for p in found if not p.endswith(EXPECTED)], "\n".join(found)
    assert len(report.built) == len(topic_files([FOLDERS[folder]])) * len(BUILTIN)
    assert not foreign_fonts_in(report.built)
    if folder == "topics":
        assert any(p.endswith(EXPECTED[1]) for p in found)


def test_a_topic_too_large_for_a_budget_prints_its_essentials_and_says_so(tmp_path: Path
                                                                          ) -> None:
    eu = FOLDERS["topics"] / "eu.yaml"
    report = build([eu], ["exam-cram"], tmp_path, strict=True, html=True, cache=False,
                   lint=False, project=Project(REPO))
    assert report.ok, problems(report)
    pdf = tmp_path / "eu-exam-cram.pdf"
    text = " ".join(" ".join(pdf_text(pdf)).split())
    assert len(pdf_text(pdf)) == 2
    assert "Essentials only, to fit 2 pages" in text
    # Level 1 only: a level-2 event of the topic is left out, a level-1 one kept.
    events = yaml.safe_load(eu.read_text(encoding="utf-8"))["timeline"]
    kept = [e for e in events if e.get("level", 1) == 1]
    left = [e for e in events if e.get("level", 1) > 1]
    assert kept and left
    assert squash(kept[0]["event"]) in squash(text)
    assert not any(squash(e["event"]) in squash(text) for e in left)
    assert "Essentials only" in (tmp_path / "eu-exam-cram.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("paper", PAPERS)
def test_flashcards_print_clean(tmp_path: Path, paper: str) -> None:
    folders = [REPO / "data", *FOLDERS.values()]
    report = build(folders, ["classroom"], tmp_path, paper=paper, flashcards=True,
                   lint=False, cache=False, project=Project(REPO))
    # Strict about print; the contract's own gap (a `guide check` warning) is expected.
    assert report.ok and not [p for p in map(str, report.problems)
                              if not p.endswith(EXPECTED)], problems(report)
    assert len(report.built) == len(topic_files(folders))
    assert not foreign_fonts_in(report.built)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind", BOOKLETS)
def test_booklets_print_clean(tmp_path: Path, kind: str, paper: str) -> None:
    report = build_booklet([FOLDERS["topics"], REPO / "data"], "all", ["classroom"], tmp_path,
                           paper=paper, strict=True, lint=False, cache=False,
                           project=Project(REPO),
                           title="Topics we test against", **BOOKLETS[kind])
    assert report.ok, problems(report)
    assert report.built
    assert not foreign_fonts_in(report.built)
    for booklet in report.built:
        # Its parts keep WeasyPrint's codes (guide/text_layer.py): pdf.js reads the Hindi
        # topic's words broken, poppler whole.
        hindi = (REPO / "data" / "csto.hi.yaml").read_text(encoding="utf-8")
        assert not broken_words(pdftotext(booklet), hindi)


def test_sheets_embed_only_bundled_fonts(sheets: dict[str, Path]) -> None:
    """`data/` (Hindi included) in every built-in audience, worksheet included."""
    pdfs = [pdf for out in sheets.values() for pdf in sorted(out.glob("*.pdf"))]
    assert len(pdfs) == 2 * len(topic_files([REPO / "data"])) * len(BUILTIN)
    assert not foreign_fonts_in(pdfs)
