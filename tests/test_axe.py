"""Accessibility of the HTML that `guide build --html` writes beside what it prints, checked
by axe-core in Chromium: every topic in data/ for every built-in audience (teacher copies and
worksheets included), a booklet, flashcards and a topic beside its translation have nothing
axe finds wrong. The preview page is checked in test_serve.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from guide.api import build, build_booklet
from guide.source.resources import Project

from browser import axe_violations, chromium
from pdftools import pdf_text, squash
from samples import BUILTIN

REPO = Path(__file__).resolve().parent.parent
TOPICS = sorted(p.stem for p in (REPO / "data").glob("*.yaml"))


@pytest.fixture(scope="module")
def browser_page() -> Iterator[Page]:
    with chromium() as browser:
        yield browser.new_page()


@pytest.mark.parametrize("audience", BUILTIN)
@pytest.mark.parametrize("topic", TOPICS)
def test_a_sheets_html_has_no_axe_violations(
    sheets: dict[str, Path], browser_page: Page, topic: str, audience: str
) -> None:
    html = sheets["A4"] / f"{topic}-{audience}.html"
    browser_page.goto(html.as_uri())
    found = axe_violations(browser_page)
    assert not found, f"axe-core finds in {html.name}:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML of what holds more than one sheet or topic, each built once: a booklet of
    data/ (cover, contents, topics in two languages, one answer key), NATO's
    flashcards (more than one sheet of cards) and CSTO printed beside its Hindi translation."""
    root = tmp_path_factory.mktemp("compiled")
    report = build_booklet([REPO / "data"], "sample", ["classroom"], root / "booklet",
                           html_too=True, cache=False, title="Organisations",
                           school="Hillside School", subject="History", project=Project(REPO))
    assert report.ok, report.problems
    report = build([REPO / "data" / "nato.yaml"], ["classroom"], root / "cards",
                   flashcards=True, html=True, cache=False, project=Project(REPO))
    assert report.ok, report.problems
    (root / "data").mkdir()
    for name in ("csto.yaml", "csto.hi.yaml", "nato.yaml"):  # CSTO is compared with NATO
        shutil.copy(REPO / "data" / name, root / "data")
    shutil.copytree(REPO / "images", root / "images")  # NATO's figure
    (root / "styles" / "audiences").mkdir(parents=True)
    (root / "styles" / "audiences" / "both.yaml").write_text("bilingual: hi\n")
    report = build([root / "data"], ["both"], root / "bilingual", html=True, cache=False,
                   project=Project(root))
    assert report.ok, report.problems
    return {"booklet": root / "booklet" / "sample-classroom.html",
            "flashcards": root / "cards" / "nato-classroom-flashcards.html",
            "bilingual": root / "bilingual" / "csto-both.html"}


@pytest.mark.parametrize("kind", ["booklet", "flashcards", "bilingual"])
def test_booklets_flashcards_and_translations_have_no_axe_violations(
    compiled: dict[str, Path], browser_page: Page, kind: str
) -> None:
    html = compiled[kind]
    text = html.read_text(encoding="utf-8")
    # what each must hold for the check to mean something: many topics, sheets or editions
    assert {"booklet": text.count('<article class="topic"') == 3 and "booklet-key" in text,
            "flashcards": text.count('class="cards cards-front"') > 1,
            "bilingual": text.count('class="edition"') == 2}[kind]
    browser_page.goto(html.as_uri())
    found = axe_violations(browser_page)
    assert not found, f"axe-core finds in {html.name}:\n" + "\n".join(found)


def test_the_flashcards_heading_shows_on_screen_only(
    compiled: dict[str, Path], browser_page: Page
) -> None:
    """The cards' <h1> is for the HTML; the printed cards stay as they were, without it."""
    browser_page.goto(compiled["flashcards"].as_uri())
    heading = browser_page.get_by_role("heading", level=1)
    assert heading.is_visible() and "North Atlantic Treaty" in heading.inner_text()
    printed = squash(" ".join(pdf_text(compiled["flashcards"].with_suffix(".pdf"))))
    assert squash("NATO") in printed and squash(heading.inner_text()) not in printed
