"""`guide serve` in a real browser: headless Chromium (Debian's, which `make test`
installs) opens the preview, sees the pages and the messages, switches paper, and sees
the page change when a topic is edited on disk."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from guide.resources import Project
from guide.serve import Preview, make_server, watch_changes

CONTRACT = Path(__file__).resolve().parent / "contract"
CHROMIUM = Path("/usr/bin/chromium")
LOADED = """() => {
  const pages = [...document.querySelectorAll('#pages img.page')];
  return pages.length > 0 && pages.every((img) => img.complete && img.naturalWidth > 0);
}"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The preview of a copy of the contract's topics, served on a free loopback port."""
    shutil.copytree(CONTRACT, tmp_path / "data")
    project = Project(tmp_path)
    preview = Preview(project, [tmp_path / "data"], tmp_path / "preview")
    server = make_server(preview, "127.0.0.1", 0)
    stop = threading.Event()
    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               threading.Thread(target=watch_changes, args=(preview, stop), daemon=True)]
    for thread in threads:
        thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", tmp_path / "data"
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def browser_page() -> Iterator[Page]:
    assert CHROMIUM.is_file(), "Debian's chromium is missing: `make test` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            yield browser.new_page()
        finally:
            browser.close()


def ratio(page: Page) -> float:
    return page.eval_on_selector("#pages img.page", "img => img.naturalHeight / img.naturalWidth")


def test_the_preview_shows_pages_messages_and_follows_an_edit(
    site: tuple[str, Path], browser_page: Page,
) -> None:
    url, data = site
    page = browser_page
    assert url.startswith("http://127.0.0.1:")  # loopback only
    page.goto(url)
    page.select_option("#topic", "treaty")
    page.wait_for_function(LOADED, timeout=60_000)
    assert ratio(page) == pytest.approx(297 / 210, abs=0.01)  # A4
    messages = page.inner_text("#problems")
    assert "no fact 'Parties' in Pact" in messages

    before = page.locator("#pages img.page").first.screenshot()
    version = int(page.get_attribute("#pages", "data-version"))
    treaty = data / "treaty.yaml"
    treaty.write_text(treaty.read_text().replace("Treaty of Example", "Treaty of Change"))
    page.wait_for_function(f"() => +document.querySelector('#pages').dataset.version > "
                           f"{version}", timeout=30_000)
    page.wait_for_function(LOADED, timeout=60_000)
    assert page.locator("#pages img.page").first.screenshot() != before

    page.select_option("#paper", "Letter")
    page.wait_for_function(f"() => {{ const i = document.querySelector('#pages img.page');"
                           f" return i && i.complete && Math.abs(i.naturalHeight / "
                           f"i.naturalWidth - {792 / 612}) < 0.01; }}", timeout=60_000)

    treaty.write_text(treaty.read_text().replace("title:", "tittle:", 1))
    page.wait_for_function("() => document.querySelector('#problems').innerText"
                           ".includes('tittle')", timeout=30_000)
    assert page.locator("#pages img.page").count() == 0
