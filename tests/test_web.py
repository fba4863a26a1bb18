"""The web edition (`guide web`): the sample topics as pages read in Chromium, which parses
them as any browser would: the facts each audience sees, answers on request, the Hindi
page's language, every asset beside the pages, the same bytes twice, and nothing axe-core
finds wrong, light or dark."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page

from guide.api import build_web
from guide.cli import main
from guide.source.resources import Project

from browser import axe_violations, chromium
from samples import copy_samples

AUDIENCES = ["classroom", "teacher", "worksheet"]
PAGES = [f"{topic}-{audience}.html" for topic in ("csto", "csto.hi", "nato")
         for audience in AUDIENCES]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples written as web pages once for the module, in a copy of the project."""
    root = tmp_path_factory.mktemp("web")
    copy_samples(root)
    report = build_web([root / "data"], AUDIENCES, root / "out", project=Project(root))
    assert report.ok and not report.failed, report.problems
    assert sorted(p.name for p in report.built) == sorted([*PAGES, "index.html"])
    return root / "out"


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with chromium() as browser:
        yield browser.new_page(viewport={"width": 390, "height": 844})


def _open(page: Page, path: Path, scheme: str = "light") -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(path.as_uri())


def _words(text: str) -> str:
    """Text with its spaces, no-break ones (between a date's parts) too, as plain spaces."""
    return " ".join(text.split())


def test_the_index_links_each_topic_for_each_audience(site: Path, page: Page) -> None:
    _open(page, site / "index.html")
    hrefs = page.eval_on_selector_all("main a", "links => links.map(a => a.getAttribute('href'))")
    assert set(hrefs) == set(PAGES)
    assert page.locator("main h2").all_inner_texts() == [
        "Collective Security Treaty Organisation (CSTO)",
        "सामूहिक सुरक्षा संधि संगठन (सीएसटीओ (ОДКБ))",
        "North Atlantic Treaty Organization (NATO)",
    ]


def test_a_page_holds_the_facts_at_its_audiences_level(site: Path, page: Page) -> None:
    _open(page, site / "csto-classroom.html")
    assert page.title() == "Collective Security Treaty Organisation (CSTO)"
    facts = dict(zip(page.locator("table.facts th").all_inner_texts(),
                     page.locator("table.facts td").all_inner_texts(), strict=True))
    assert facts["Headquarters"] == "Moscow, Russia"
    assert facts["Established"] == "2002"
    assert "Treaty in force" not in facts  # level 3: a teacher's
    assert "15 May 1992" in _words(page.locator("#timeline").inner_text())
    assert page.locator("#comparison svg[role=img]").count() >= 1  # the comparison's chart
    source = page.get_by_role("link", name="Sweden officially joins NATO", exact=True)
    assert source.get_attribute("href") == "https://www.nato.int/cps/en/natohq/news_223446.htm"
    _open(page, site / "csto-teacher.html")
    assert "20 April 1994" in _words(page.locator("table.facts").inner_text())  # in force
    _open(page, site / "nato-classroom.html")
    figure = page.locator("figure.figure img")
    assert figure.get_attribute("alt") and figure.evaluate("img => img.naturalWidth") > 0


def test_answers_are_shown_on_request_and_open_in_a_teachers_copy(
    site: Path, page: Page
) -> None:
    first = "Formed in 1949 with the signing of the Washington Treaty"
    _open(page, site / "csto-classroom.html")
    assert page.evaluate("[...document.querySelectorAll('.a')].every(a => a.closest("
                         "'details.answer'))")
    answer = page.locator("#questions .a").first
    assert first in answer.text_content() and not answer.is_visible()
    page.locator("#questions summary").first.click()
    assert answer.is_visible()
    _open(page, site / "csto-teacher.html")
    assert page.locator("#questions .a").first.is_visible()
    _open(page, site / "csto-worksheet.html")
    items = page.locator("#practice ol.practice-items > li")
    assert items.count() == 12
    assert page.locator("#practice details.answer").count() == 12
    assert not page.locator("#practice .a").first.is_visible()


def test_the_hindi_page_is_marked_hindi_and_linked_both_ways(site: Path, page: Page) -> None:
    _open(page, site / "csto.hi-classroom.html")
    assert page.locator("html").get_attribute("lang") == "hi"
    assert page.locator("#summary h2").inner_text() == "सारांश"
    assert _words(page.locator("#questions summary").first.inner_text()) == "उत्तर 1"
    back = page.locator("header.site a[hreflang=en]")
    assert back.get_attribute("href") == "csto-classroom.html"
    assert back.get_attribute("lang") == "en"
    _open(page, site / "csto-classroom.html")
    there = page.locator("header.site a[hreflang=hi]")
    assert there.get_attribute("lang") == "hi" and there.inner_text() == "हिन्दी"
    _open(page, site / "index.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h2", has_text="सामूहिक").get_attribute("lang") == "hi"


def test_assets_are_files_beside_the_pages(site: Path, page: Page) -> None:
    """Nothing fetched from the network or found by an absolute path: the folder reads the
    same copied anywhere, offline; and the bundled fonts are the ones drawn."""
    written = [p for p in site.rglob("*") if p.suffix in (".html", ".css")]
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert str(site.parent) not in text and "file:" not in text, path.name
        assets = re.findall(r'<(?:link|img|script|source)\b[^>]*?(?:href|src)="([^"]*)"', text)
        assets += re.findall(r"url\(([^)]*)\)", text)
        for asset in assets:
            assert not re.match(r"[a-z]+:|/", asset), f"{path.name}: {asset}"
            assert (path.parent / asset.split("#")[0]).is_file(), f"{path.name}: {asset}"
    _open(page, site / "csto.hi-classroom.html")
    loaded = page.evaluate("document.fonts.ready.then(set => [...set].filter("
                           "f => f.status === 'loaded').map(f => f.family))")
    assert {'"Noto Serif"', '"Noto Sans"', '"Noto Serif Devanagari"'} <= {
        f if f.startswith('"') else f'"{f}"' for f in loaded}


def test_the_same_topic_gives_the_same_bytes(site: Path, tmp_path: Path) -> None:
    root = site.parent
    build_web([root / "data" / "nato.yaml"], AUDIENCES, tmp_path, project=Project(root))
    again = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*")
             if p.is_file() and p.name != "index.html"}  # the index lists NATO alone
    assert len(again) > len(AUDIENCES)
    assert again == {name: (site / name).read_bytes() for name in again}


# The index; a teacher's copy, its answers open, every part, in dark mode; the Hindi
# worksheet's practice; NATO's figure.
@pytest.mark.parametrize(("name", "scheme"), [
    ("index.html", "light"), ("csto-teacher.html", "dark"),
    ("csto.hi-worksheet.html", "light"), ("nato-classroom.html", "light"),
])
def test_pages_have_no_axe_violations(site: Path, page: Page, name: str, scheme: str) -> None:
    _open(page, site / name, scheme)
    found = axe_violations(page)
    assert not found, f"axe-core finds in {name} ({scheme}):\n" + "\n".join(found)


def test_the_command_writes_the_pages_and_refuses_what_cannot_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "good.yaml").write_text("title: Good\nsummary: [A point.]\n")
    (tmp_path / "data" / "bad.yaml").write_text("title: Bad\nsummary: [A point.]\nfacts: 3\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["web", "-a", "classroom", "-o", "site"])
    assert result.exit_code == 1
    assert "data/bad.yaml:3:1: facts: expected a list" in result.stderr
    assert (tmp_path / "site" / "good-classroom.html").is_file()
    assert not (tmp_path / "site" / "bad-classroom.html").exists()
    result = CliRunner().invoke(main, ["web", "-a", "nobody"])
    assert result.exit_code == 2 and "unknown audience 'nobody'" in result.stderr
    result = CliRunner().invoke(main, ["web", "--paper", "A5"])
    assert result.exit_code == 2 and "No such option" in result.stderr
