"""`guide serve` in a real browser: headless Chromium (Debian's, which `make test`
installs) opens the preview, sees the pages and the messages, switches paper, sees the
page change when a topic is edited on disk and the last good pages stay beside an error;
axe-core finds nothing wrong with the page. Over plain HTTP, whatever is asked gets an
answer in words, never a dropped reply."""

from __future__ import annotations

import json
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from guide.source.resources import Project
from guide.studio.serve import Preview, make_server, watch_changes

from browser import axe_violations, chromium

CONTRACT = Path(__file__).resolve().parent / "contract"
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
    with chromium() as browser:
        yield browser.new_page()


def ratio(page: Page) -> float:
    return page.eval_on_selector("#pages img.page", "img => img.naturalHeight / img.naturalWidth")


def no_axe_violations(page: Page) -> None:
    found = axe_violations(page)
    assert not found, "axe-core finds in the preview page:\n" + "\n".join(found)


def get(url: str) -> tuple[int, str, bytes]:
    """The status, content type and body of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=120) as reply:
            return reply.status, reply.headers["Content-Type"], reply.read()
    except urllib.error.HTTPError as reply:
        return reply.code, reply.headers["Content-Type"], reply.read()


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
    no_axe_violations(page)

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

    # A mistake: the error is shown beside the last pages that built, marked as such.
    images = "() => [...document.querySelectorAll('#pages img.page')].map((i) => i.src)"
    good = page.evaluate(images)
    treaty.write_text(treaty.read_text().replace("title:", "tittle:", 1))
    page.wait_for_function("() => document.querySelector('#problems').innerText"
                           ".includes('tittle')", timeout=30_000)
    assert "treaty.yaml" in page.inner_text("#problems")
    assert page.evaluate(images) == good
    page.wait_for_function(LOADED, timeout=60_000)
    assert page.is_visible("#stale")
    assert page.get_attribute("#pages", "data-stale") is not None
    no_axe_violations(page)

    # Put right, the new pages replace them.
    treaty.write_text(treaty.read_text().replace("tittle:", "title:", 1))
    page.wait_for_selector("#stale", state="hidden", timeout=30_000)
    page.wait_for_function(LOADED, timeout=60_000)
    assert page.evaluate(images) != good
    assert page.get_attribute("#pages", "data-stale") is None


def test_bad_page_numbers_and_names_get_a_message(site: tuple[str, Path]) -> None:
    url, _ = site
    treaty = "topic=treaty&audience=classroom&paper=A4"
    status, kind, body = get(f"{url}page?topic=pact&audience=classroom&paper=A4&n=0")
    assert (status, kind) == (404, "text/plain; charset=utf-8")
    assert body.decode() == "pact for classroom on A4 is not built yet: ask /state first"

    status, _, body = get(f"{url}state?{treaty}")
    assert status == 200
    pages = json.loads(body)["pages"]
    assert pages > 1
    assert get(f"{url}page?{treaty}&n={pages - 1}")[:2] == (200, "image/png")
    # n=pages: the last page plus one, as when the sheet has shrunk since /state
    for n in (pages, 99, -1):
        status, kind, body = get(f"{url}page?{treaty}&n={n}")
        assert (status, kind) == (404, "text/plain; charset=utf-8")
        assert body.decode() == (f"treaty for classroom on A4 has no page n={n}: "
                                 f"it has {pages} pages, n=0 to {pages - 1}")
    asked = {
        f"page?{treaty}&n=two": (400, "n='two' is not a page number: write n=0 for the "
                                      "first page"),
        "state?topic=nonesuch&audience=classroom&paper=A4":
            (400, "unknown topic 'nonesuch'; known: pact, treaty"),
        "state?topic=treaty&paper=A4": (400, "unknown audience None; known: classroom, "
                                        "dyslexia-friendly, exam-cram, ink-saver, "
                                        "large-print, teacher, worksheet"),
        "page?topic=treaty&audience=classroom&paper=A3":
            (400, "unknown paper 'A3'; known: A4, A5, Letter, Legal"),
        "nowhere": (404, "no such address: /nowhere"),
    }
    for path, (status, message) in asked.items():
        assert get(url + path) == (status, "text/plain; charset=utf-8", message.encode()), path


def test_a_broken_guide_yaml_is_shown_not_dropped(site: tuple[str, Path]) -> None:
    url, data = site
    config = data.parent / "guide.yaml"
    config.write_text("default_audiences: [teacher\n")
    status, kind, body = get(url + "options")
    assert (status, kind) == (200, "application/json")
    options = json.loads(body)
    assert options["topics"] == ["pact", "treaty"] and options["audience"] == "classroom"

    status, kind, body = get(url + "state?topic=treaty&audience=classroom&paper=A4")
    assert (status, kind) == (200, "application/json")
    state = json.loads(body)
    assert state["pages"] == 0
    [problem] = state["problems"]
    assert problem["severity"] == "error"
    assert problem["text"].startswith(f"{config}:1:20: YAML syntax: the `[` opened here")


class _FailingPreview:
    """A preview whose every answer fails, as a bug or a full disk would make it."""

    def options(self) -> dict[str, object]:
        raise OSError(28, "No space left on device")


def test_a_failure_inside_the_preview_is_answered_not_dropped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The server's guard: the page gets a 500 with what failed (and the terminal a line),
    and the server goes on answering."""
    server = make_server(_FailingPreview(), "127.0.0.1", 0)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/"
    try:
        failed = get(url + "options")
        page = get(url)
    finally:
        server.shutdown()
        server.server_close()
    said = b"the preview failed: OSError: [Errno 28] No space left on device"
    assert failed == (500, "text/plain; charset=utf-8", said)
    assert page[:2] == (200, "text/html; charset=utf-8")
    assert "/options the preview failed: OSError" in capsys.readouterr().err
