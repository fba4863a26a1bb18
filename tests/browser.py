"""Debian's Chromium, headless, for the browser tests (`make test` installs it), and
axe-core (`make test` installs it from tests/js) to check a page's accessibility in it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
# No sandbox (tests may run as root); nothing fetched behind the tests' back.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def chromium() -> Iterator[Browser]:
    assert CHROMIUM.is_file(), "Debian's chromium is missing: `make test` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page: Page) -> list[str]:
    """What axe-core finds wrong with the page as it stands, one line per element and rule:
    the rule, its impact, the element and what to fix."""
    assert AXE.is_file(), f"{AXE} is missing: `make test` installs it (npm ci --prefix tests/js)"
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run()).violations")
    return [f"{v['id']} ({v['impact']}): {' '.join(node['target'])}: "
            f"{' '.join(node['failureSummary'].split())}"
            for v in violations for node in v["nodes"]]
