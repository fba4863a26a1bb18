"""Accessibility of the HTML that `guide build --html` writes beside each sheet, checked by
axe-core in Chromium: every topic in data/ for every built-in audience (teacher copies and
worksheets included) has nothing axe finds wrong. The preview page is checked in
test_serve.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from browser import axe_violations, chromium
from samples import BUILTIN

TOPICS = sorted(p.stem for p in (Path(__file__).resolve().parent.parent / "data").glob("*.yaml"))


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
