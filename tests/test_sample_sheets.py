"""The sample CSTO and NATO sheets, as printed: text, pages, metadata, outline, links, pixels."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from pdftools import pdf_text, squash

A4 = (595.28, 841.89)

# Every fact of ../shared/seed/csto-article.txt, as words that must reach the PDF.
SEED_FACTS = [
    "intergovernmental military alliance in Eurasia",
    "established in 2002",
    "Russia", "Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan",
    "15 May 1992", "Tashkent", "Uzbekistan", "Azerbaijan", "Georgia",
    "20 April 1994",
    "14 May 2002", "international regional organi",
    "2004", "observer status", "UN General Assembly",
    "Collective Security Council", "Council of Foreign Ministers",
    "Council of Ministers of Defen", "Committee of Secretaries of Security Council",
    "national and collective security", "politico-military cooperation",
    "foreign policy coordination", "multilateral cooperation mechanisms",
    "military component", "modern challenges and security threats",
    "Headquarters", "Moscow",
    "Prime Minister", "frozen its participation", "failed",
    "What is NATO?", "1949", "Washington Treaty", "31", "North America and Europe",
    "freedom and security", "political and military means",
    "Armenia freezes participation in Russia-led security bloc",
]


@pytest.fixture(scope="module")
def csto(sample_out: Path) -> Path:
    return sample_out / "csto-classroom.pdf"


@pytest.fixture(scope="module")
def csto_text(csto: Path) -> str:
    return squash(" ".join(pdf_text(csto)))


@pytest.mark.parametrize("fact", SEED_FACTS)
def test_every_seed_fact_reaches_the_pdf(csto_text: str, fact: str) -> None:
    assert squash(fact) in csto_text


def test_corrections_are_printed_with_their_sources(csto_text: str) -> None:
    # The article's 31 NATO members and odd abbreviations are kept and corrected.
    for words in ["32", "Sweden", "7 March 2024", "CMFA", "CMD", "CSSC"]:
        assert squash(words) in csto_text


@pytest.mark.parametrize("name", ["csto", "nato"])
def test_sheets_are_a4_and_short(sample_out: Path, name: str) -> None:
    reader = PdfReader(sample_out / f"{name}-classroom.pdf")
    assert 2 <= len(reader.pages) <= 9
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(A4, abs=0.5)


def test_metadata(csto: Path) -> None:
    reader = PdfReader(csto)
    meta = reader.metadata
    assert meta.title == "Collective Security Treaty Organisation"
    assert meta.subject == "Intergovernmental military alliance in Eurasia"  # its subtitle
    assert meta["/Keywords"] == "international organisations, security, Eurasia, current affairs"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_outline_has_every_part(csto: Path) -> None:
    outline = PdfReader(csto).outline
    top = outline[0]
    assert top["/Title"].startswith("Collective Security Treaty Organisation")
    titles = [entry["/Title"] for entry in outline[1]]
    for part in ["Summary", "Key facts", "Timeline", "CSTO and NATO compared",
                 "Study questions", "Sources", "Answer key"]:
        assert part in titles


def test_links_are_clickable_and_web_only(csto: Path) -> None:
    uris = [
        annot.get_object()["/A"]["/URI"]
        for page in PdfReader(csto).pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    ]
    assert uris, "the sources should be links"
    assert all(uri.startswith(("https://", "http://", "mailto:")) for uri in uris)


def _margin_text(page: pdfium.PdfPage, top: bool) -> str:
    """The text in the top or bottom 18 mm of a page: its running header or footer."""
    width, height = page.get_size()
    band = 18 / 25.4 * 72
    bottom, upper = (height - band, height) if top else (0, band)
    return page.get_textpage().get_text_bounded(0, bottom, width, upper)


def _is_blank(page: pdfium.PdfPage) -> bool:
    """Whether a page has nothing but its running header and footer."""
    width, height = page.get_size()
    band = 18 / 25.4 * 72
    return not page.get_textpage().get_text_bounded(0, band, width, height - band).strip()


def test_running_header_and_footer(csto: Path) -> None:
    pdf = pdfium.PdfDocument(csto)
    total = len(pdf)
    for number in range(1, total + 1):
        page = pdf[number - 1]
        footer = _margin_text(page, top=False)
        assert f"Page {number} of {total}" in footer
        if _is_blank(page):  # left for notes, before the key
            assert "Notes" in _margin_text(page, top=True)
            continue
        assert "Facts as of 13\u00a0February\u00a02026" in footer
        assert "Sources:" in footer
        if number > 1:
            assert "CSTO" in _margin_text(page, top=True)


def test_timeline_is_sorted_and_shown_at_its_own_precision(sample_out: Path) -> None:
    html = (sample_out / "csto-classroom.html").read_text()
    timeline = html[html.index('<table class="timeline"'):]
    timeline = timeline[: timeline.index("</table>")]
    dates = re.findall(r'<time datetime="([\d-]+)">([^<]+)</time>', timeline)
    keys = [tuple(int(n) for n in iso.split("-")) for iso, _ in dates]
    assert keys == sorted(keys, key=lambda k: (*k, 0, 0)[:3])
    shown = dict(dates)
    assert shown["1992-05-15"] == "15\u00a0May\u00a01992"
    assert any(len(iso) == 4 and label == iso for iso, label in dates)


def test_answer_key_is_on_its_own_last_page(csto: Path) -> None:
    pages = pdf_text(csto)
    assert "Answer key" in pages[-1]
    assert all("Answer key" not in page for page in pages[:-1] if "last page" not in page)
    assert squash("North America and Europe") in squash(pages[-1])


def _box(image, colour: tuple[int, int, int], tolerance: int = 3):
    """The bounding box (left, top, right, bottom) of a filled area of one colour, or None.

    Only rows where the colour covers over a third of the page count, so anti-aliased text
    edges that happen to share the colour are not mistaken for a box.
    """
    pixels = image.convert("RGB").load()

    def matches(x: int, y: int) -> bool:
        return all(abs(a - c) <= tolerance for a, c in zip(pixels[x, y], colour, strict=True))

    rows = []
    for y in range(image.height):
        xs = [x for x in range(image.width) if matches(x, y)]
        if len(xs) > image.width / 3:
            rows.append((y, min(xs), max(xs)))
    if len(rows) < 5:
        return None
    return min(r[1] for r in rows), rows[0][0], max(r[2] for r in rows), rows[-1][0]


def test_summary_box_is_under_the_news_on_page_one_and_whole(csto: Path) -> None:
    pdf = pdfium.PdfDocument(csto)
    pages = [pdf[i].render(scale=1).to_pil() for i in range(len(pdf))]
    summary_colour, news_colour = (0xEA, 0xF3, 0xF7), (0xFF, 0xF4, 0xE0)
    boxes = [_box(page, summary_colour) for page in pages]
    first = boxes[0]
    assert first is not None, "no summary box on page one"
    assert all(box is None for box in boxes[1:]), "the summary box continues on another page"
    news = _box(pages[0], news_colour)
    assert news is not None
    left, top, right, bottom = first
    width = pages[0].width
    assert news[3] < top, "the summary should sit below the news callout"
    assert 0.55 * width < right - left < 0.75 * width, "the summary box should span the measure"
    assert bottom < 0.8 * pages[0].height
