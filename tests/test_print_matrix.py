"""Every topic we ship or test against prints clean: each built-in audience on A4 and on
Letter, flashcards, and booklets (plain, duplex, saddle-stitched), all with --strict, so
that the print report (guide/readiness.py) finds nothing on any page. `data/` in every
audience is built by the shared `sheets` fixture; here are the contract's topics and three
of very different sizes (tests/topics: three facts; a medium one; 40 events, 30 facts).

One warning is expected and right: the large topic does not fit exam-cram's two pages
(about two and a half at 8.5 pt, even at level 2), and the report says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.booklet import build_booklet
from guide.build import build, topic_files
from guide.resources import Project

from samples import BUILTIN, PAPERS

REPO = Path(__file__).resolve().parent.parent
FOLDERS = {"contract": REPO / "tests" / "contract", "topics": REPO / "tests" / "topics"}
# Warnings that are the truth about the topic, not faults of the printing.
EXPECTED = (
    "no fact 'Parties' in Pact; printed as an em dash",  # the contract's own gap
    "eu.yaml: warning: exam-cram: 3 pages, over the audience's budget of 2",
)
BOOKLETS = {"plain": {}, "duplex": {"duplex": True}, "saddle": {"impose": "saddle"}}


def problems(report: object) -> str:
    return "\n".join(map(str, report.problems))  # type: ignore[attr-defined]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("folder", FOLDERS)
def test_every_audience_prints_clean(tmp_path: Path, folder: str, paper: str) -> None:
    report = build([FOLDERS[folder]], BUILTIN, tmp_path, paper=paper, cache=False,
                   project=Project(REPO))
    unexpected = [p for p in map(str, report.problems) if not p.endswith(EXPECTED)]
    assert not unexpected, "\n".join(unexpected)
    assert len(report.built) == len(topic_files([FOLDERS[folder]])) * len(BUILTIN)


@pytest.mark.parametrize("paper", PAPERS)
def test_flashcards_print_clean(tmp_path: Path, paper: str) -> None:
    folders = [REPO / "data", *FOLDERS.values()]
    report = build(folders, ["classroom"], tmp_path, paper=paper, strict=True,
                   flashcards=True, cache=False, project=Project(REPO))
    assert report.ok, problems(report)
    assert len(report.built) == len(topic_files(folders))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind", BOOKLETS)
def test_booklets_print_clean(tmp_path: Path, kind: str, paper: str) -> None:
    report = build_booklet([FOLDERS["topics"], REPO / "data"], "all", ["classroom"], tmp_path,
                           paper=paper, strict=True, cache=False, project=Project(REPO),
                           title="Topics we test against", **BOOKLETS[kind])
    assert report.ok, problems(report)
    assert report.built
