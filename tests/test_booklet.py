"""Booklets: cover, contents with the right page numbers, topics on new pages, continuous
numbering, one outline and one answer key; topic order; duplex; imposition order."""

from __future__ import annotations

import re
import shutil
from io import BytesIO
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from guide.api import build_booklet
from guide.cli import main
from guide.press.impose import impose, saddle_order, two_up_order
from guide.source.resources import Project

from pdftools import pdf_text

REPO = Path(__file__).resolve().parent.parent
CONTRACT = Path(__file__).resolve().parent / "contract"
TITLES = {"pact": "Example Pact", "treaty": "Treaty of Example",
          "csto": "Collective Security Treaty Organisation"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(CONTRACT, tmp_path / "data")
    shutil.copy(REPO / "data" / "csto.yaml", tmp_path / "data")
    # csto compares with nato: a small stand-in keeps the booklet short.
    (tmp_path / "data" / "nato.yaml").write_text("title: NATO\nshort_name: NATO\nsummary: [x]\n")
    return tmp_path


def make(folder: Path, *paths: str, **options: object) -> Path:
    report = build_booklet([folder / p for p in paths or ("data",)], "term", ["classroom"],
                           folder / "out", project=Project(folder), **options)
    made = report.built + report.cached
    assert report.ok and made, report.problems
    return made[0]


def starts(pages: list[str]) -> dict[str, int]:
    """The 1-based page where each topic's title first stands at the top of a page."""
    found = {}
    for number, text in enumerate(pages, start=1):
        for topic, title in TITLES.items():
            head = text.replace("\n", " ")[:400]
            if topic not in found and title in head and "Contents" not in text:
                found[topic] = number
    return found


def test_a_booklet_has_cover_contents_topics_and_one_key(folder: Path) -> None:
    path = make(folder)
    pages = pdf_text(path)
    assert "term" not in pages[0] and "Page" not in pages[0]
    assert "Contents" in pages[1]
    first = starts(pages)
    # Contents lists topics by title, each with the page it starts on.
    for topic, title in TITLES.items():
        line = next(x for x in pages[1].splitlines() if x.startswith(title[:20]))
        assert int(re.findall(r"(\d+)\s*$", line)[0]) == first[topic], line
    assert list(first) == sorted(first, key=lambda t: TITLES[t].casefold())
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text
    key = [n for n, text in enumerate(pages, start=1) if "Answer key" in text.splitlines()[:3]
           or text.lstrip().startswith("Answer key")]
    assert key and key[0] > max(first.values())
    assert "On 15 March 1990." in " ".join(pages[key[0] - 1:])
    # One key for the whole booklet, naming each topic with questions and its first page.
    assert len(key) == 1 and "Answer key" in pages[1]  # and in the contents
    key_text = " ".join(pages[key[0] - 1:])
    assert f"CSTO, page {first['csto']}" in key_text
    assert f"TOE, page {first['treaty']}" in key_text


def test_the_outline_has_each_topic_and_its_sections(folder: Path) -> None:
    outline = PdfReader(make(folder)).outline
    titles = [e["/Title"] for e in outline if not isinstance(e, list)]
    for title in TITLES.values():
        assert any(t.startswith(title) for t in titles)
    assert "Answer key" in titles
    children = [e for e in outline if isinstance(e, list)]
    assert all(any(c["/Title"] == "Summary" for c in kids) for kids in children[:3])


def test_contents_entries_link_to_the_pages_they_name(folder: Path) -> None:
    path = make(folder)
    first = starts(pdf_text(path))
    pdf = pikepdf.open(path)
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    targets = [pages[link.A.D[0].objgen] for link in pdf.pages[1].Annots]
    assert set(first.values()) <= set(targets)


def test_every_page_shows_its_text_under_the_page_numbers(folder: Path) -> None:
    """The page numbers are printed apart and laid over: they must not hide the page."""
    path = make(folder)
    pdf = pdfium.PdfDocument(path)
    for number, text in enumerate(pdf_text(path), start=1):
        if not text.strip():
            continue
        image = pdf[number - 1].render(scale=2).to_pil().convert("L")
        body = image.crop((0, 0, image.width, int(image.height * 0.9)))
        ink = sum(body.histogram()[:160])
        letters = len("".join(text.split()))
        assert ink > letters, f"page {number} is blank above its footer ({ink} dark pixels)"


def test_fonts_are_embedded_once_and_tags_are_joined(folder: Path) -> None:
    pdf = pikepdf.open(make(folder))
    files = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and "/Length1" in o]
    names = {str(f.BaseFont) for page in pdf.pages for f in page.Resources.Font.values()}
    assert len(files) <= len(names) <= 8
    assert not any("/GuideFont" in f for f in files)
    # Cut down to the glyphs used: the bundled files are over 400 kB each.
    assert all(int(f.Length1) < 100_000 for f in files)
    tree = pdf.Root.StructTreeRoot
    assert tree.K.S == "/Document" and len(tree.K.K) >= 3 * len(TITLES)
    keys = list(tree.ParentTree.Nums)[::2]
    assert len(keys) == len(set(keys))
    used = [page.StructParents for page in pdf.pages if "/StructParents" in page.obj]
    used += [a.StructParent for page in pdf.pages for a in page.obj.get("/Annots", [])]
    assert len(used) == len(set(used)) and set(used) <= set(keys)


def test_editing_one_topic_lays_out_only_that_topic_again(folder: Path) -> None:
    paths = [folder / "data" / name for name in ("pact.yaml", "treaty.yaml", "csto.yaml")]

    def build() -> dict[str, str]:
        seen: dict[str, str] = {}
        report = build_booklet(paths, "term", ["classroom"], folder / "out",
                               project=Project(folder),
                               progress=lambda part, status: seen.update({str(part): status}))
        assert report.ok, report.problems
        return seen

    assert set(build().values()) == {"built"}
    pact = folder / "data" / "pact.yaml"
    pact.write_text(pact.read_text().replace("value: 1975", "value: 1976"))
    again = build()
    # The treaty compares itself with the pact, so it shows the change too.
    assert again["term-classroom: pact"] == again["term-classroom: treaty"] == "built"
    assert again["term-classroom: csto"] == "cached"
    assert "1976" in " ".join(pdf_text(folder / "out" / "term-classroom.pdf"))


def test_order_from_guide_yaml_and_as_given(folder: Path) -> None:
    (folder / "guide.yaml").write_text("order: [treaty]\n")
    ordered = starts(pdf_text(make(folder)))
    assert list(ordered)[:1] == ["treaty"]
    given = starts(pdf_text(make(folder, "data/pact.yaml", "data/csto.yaml")))
    assert list(given) == ["pact", "csto"]


def test_duplex_starts_each_topic_on_a_right_hand_page(folder: Path) -> None:
    first = starts(pdf_text(make(folder, duplex=True)))
    assert all(page % 2 == 1 for page in first.values()), first


def test_saddle_and_two_up_orders() -> None:
    assert saddle_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert saddle_order(5) == [(None, 0), (1, None), (None, 2), (3, 4)]
    assert two_up_order(5) == [(0, 1), (2, 3), (4, None)]


def _labelled(count: int, size: tuple[float, float]) -> bytes:
    """A PDF of `count` pages of `size`, page n showing `Pn` near its left edge."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    for number in range(1, count + 1):
        pdf.add_blank_page(page_size=size)
        page = pdf.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(f"BT /F1 24 Tf 20 300 Td (P{number}) Tj ET".encode())
    out = BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("mode", "sheets"), [
    ("saddle", [("P4", "P1"), ("P2", "P3")]),
    ("2up", [("P1", "P2"), ("P3", "P4")]),
])
def test_half_letter_pages_are_imposed_on_letter(mode: str, sheets: list[tuple[str, str]]
                                                 ) -> None:
    flat = _labelled(4, (396, 612))
    alone = pdfium.PdfDocument(flat)[0].get_textpage()
    own = alone.get_charbox(alone.search("P1").get_next()[0])[0]  # type: ignore[index]
    imposed = pdfium.PdfDocument(impose(flat, mode, "half-letter"))
    assert [tuple(round(v) for v in page.get_size()) for page in imposed] == [(792, 612)] * 2
    for page, (left, right) in zip(imposed, sheets, strict=True):
        text = page.get_textpage()
        assert text.get_text_bounded(0, 0, 396, 612).split() == [left]
        assert text.get_text_bounded(396, 0, 792, 612).split() == [right]
        # the right-hand page where it was on its own, moved by half the sheet
        found = text.search(right).get_next()
        assert found is not None
        assert text.get_charbox(found[0])[0] == pytest.approx(own + 396, abs=0.1)


def _number(page: pdfium.PdfPage, half: int) -> int | None:
    width, height = page.get_size()
    text = page.get_textpage().get_text_bounded(half * width / 2, 0, (half + 1) * width / 2,
                                                height)
    found = re.search(r"Page (\d+)", text)
    return int(found[1]) if found else None


@pytest.mark.parametrize("mode", ["saddle", "2up"])
def test_imposed_pages_come_in_print_order(folder: Path, mode: str) -> None:
    flat_path = make(folder, "data/pact.yaml", "data/treaty.yaml", paper="A5")
    assert flat_path.name == "term-classroom-a5.pdf"  # not the audience's own paper: named
    flat = len(PdfReader(flat_path).pages)
    path = make(folder, "data/pact.yaml", "data/treaty.yaml", impose=mode)
    pdf = pdfium.PdfDocument(path)
    width, height = pdf[0].get_size()
    assert width > height  # landscape sheets of two A5 pages
    assert (round(width), round(height)) == (842, 595)
    order = saddle_order(flat) if mode == "saddle" else two_up_order(flat)
    assert len(pdf) == len(order)
    for page, side in zip(pdf, order, strict=True):
        for half, index in enumerate(side):
            # The cover has no page number; every other page shows its own.
            expected = None if index is None or index == 0 else index + 1
            assert _number(page, half) == expected


def test_the_cli_builds_a_booklet(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(folder)
    (folder / "guide.yaml").write_text("booklet: {title: From the file, subtitle: Kept}\n")
    result = CliRunner().invoke(main, ["build", "--booklet", "term", "-a", "teacher",
                                       "--title", "Spring term", "data/pact.yaml"])
    assert result.exit_code == 0, result.output
    assert "1 booklet(s), 0 topic(s) left out" in result.output
    cover = pdf_text(folder / "out" / "term-teacher.pdf")[0]
    assert "Spring term" in cover and "Kept" in cover and "From the file" not in cover


def test_titles_sort_naturally_after_the_configured_order() -> None:
    from types import SimpleNamespace

    from guide.products.booklet import order_topics

    titles = {"a": "Topic 10", "b": "Topic 2", "c": "Alpha", "d": "Zulu"}
    loaded = [SimpleNamespace(id=i, topic=SimpleNamespace(title=t)) for i, t in titles.items()]
    ordered = order_topics(loaded, ["d"], explicit=False)
    assert [t.topic.title for t in ordered] == ["Zulu", "Alpha", "Topic 2", "Topic 10"]
    assert order_topics(loaded, ["d"], explicit=True) == loaded


def test_an_unchanged_booklet_comes_from_the_cache_and_html_is_written(folder: Path) -> None:
    project = Project(folder)
    paths = [folder / "data" / "pact.yaml", folder / "data" / "treaty.yaml"]
    first = build_booklet(paths, "term", ["classroom"], folder / "out", html_too=True,
                          project=project)
    assert first.built and (folder / "out" / "term-classroom.html").is_file()
    again = build_booklet(paths, "term", ["classroom"], folder / "out", project=project)
    assert again.built == [] and again.cached == first.built
    pact = folder / "data" / "pact.yaml"
    pact.write_text(pact.read_text().replace("value: 1975", "value: 1976"))
    changed = build_booklet(paths, "term", ["classroom"], folder / "out", project=project)
    assert changed.built == first.built


def test_a_booklet_is_the_same_bytes_from_the_cache_or_not_and_anywhere(folder: Path) -> None:
    first = make(folder, "data/pact.yaml", "data/treaty.yaml").read_bytes()
    elsewhere = folder / "elsewhere"
    shutil.copytree(folder / "data", elsewhere / "data")
    second = make(elsewhere, "data/pact.yaml", "data/treaty.yaml", cache=False)
    assert second.read_bytes() == first
    with pikepdf.open(second) as pdf:
        assert pdf.check_pdf_syntax() == []
