"""The printed page as a typographer and a teacher read it: a key on a sheet of its own,
sources beside their codes, tables that say they go on, a comfortable measure, a teacher
mark nobody misses, and nothing meant for the author. Checked on the printed PDFs."""

from __future__ import annotations

import itertools
import re
import statistics
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
import zxingcpp

from guide.api import build, load_topic
from guide.content.view import select
from guide.render.page import render_html
from guide.source.audience import load_audience
from guide.source.resources import Project

from pdftools import pdf_text
from samples import PAPERS, sheet_name

REPO = Path(__file__).resolve().parent.parent
STUDENT = ["classroom", "dyslexia-friendly", "ink-saver", "large-print", "worksheet"]
BAND = 18 / 25.4 * 72  # the running header's and footer's band, in points


def body_text(page: pdfium.PdfPage) -> str:
    """A page's text between its running header and footer."""
    width, height = page.get_size()
    return page.get_textpage().get_text_bounded(0, BAND, width, height - BAND)


def key_page(path: Path) -> int:
    """The 1-based page on which the answer key's heading stands."""
    pages = pdf_text(path)
    return next(n for n, text in enumerate(pages, 1) if "Answer key" in text)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("audience", STUDENT)
def test_a_pupils_key_starts_a_sheet_of_its_own(sheets: dict, audience: str, paper: str
                                                 ) -> None:
    """Printed on both sides, the key is never on the back of a page of questions."""
    for topic in ("csto", "nato"):
        path = sheets[paper] / sheet_name(topic, audience, paper)
        assert key_page(path) % 2 == 1, f"{path.name}: the key starts on a left-hand page"


@pytest.mark.parametrize("topic", ["csto", "nato"])
def test_the_first_sheet_holds_the_topic_at_a_glance(sheets: dict, topic: str) -> None:
    """Pages 1 and 2, one sheet printed on both sides, carry the summary, the key facts, the
    timeline and the comparison's heading with its charts: what a pupil keeps if they keep
    one sheet. The comparison's table may run on."""
    path = sheets["A4"] / f"{topic}-classroom.pdf"
    first_sheet = "".join(pdf_text(path)[:2])
    for heading in ("Summary", "Key facts", "Timeline", "compared"):
        assert heading in first_sheet, f"{path.name}: {heading!r} is not on the first sheet"
    pdf = pdfium.PdfDocument(path)
    charts = [index for index in range(2) for shape in pdf[index].get_objects(
        filter=(pdfium_c.FPDF_PAGEOBJ_FORM,), max_depth=1)]
    assert charts, f"{path.name}: the comparison's charts are not on the first sheet"


def test_a_page_left_blank_before_the_key_is_ruled_for_notes(sheets: dict) -> None:
    blanks = 0
    for path in sorted(sheets["A4"].glob("*.pdf")):
        pdf = pdfium.PdfDocument(path)
        for index in range(len(pdf)):
            page = pdf[index]
            if body_text(page).strip():
                continue
            blanks += 1
            width, height = page.get_size()
            top = page.get_textpage().get_text_bounded(0, height - BAND, width, height)
            english = ".hi-" not in path.name  # Hindi text extracts badly (issue 13)
            assert ("Notes" if english else "") in top and top.strip(), f"{path.name}: bare"
            heading = "Answer key" if english else ""
            image = page.render(scale=1).to_pil().convert("L")
            middle = image.width // 2
            ruled = [y for y in range(image.height) if image.getpixel((middle, y)) < 230]
            lines = sum(1 for y, after in itertools.pairwise(ruled) if after > y + 1)
            assert lines >= 20, f"{path.name}: page {index + 1} has {lines} ruled lines"
            assert heading in pdf_text(path)[index + 1]
    assert blanks, "no sample sheet needed a page before its key"


def test_each_source_has_its_code_beside_it(tmp_path: Path) -> None:
    build([REPO / "data" / "csto.yaml"], ["classroom"], tmp_path, cache=False,
          project=Project(REPO))
    titles = {s.url: s.title for s in load_topic(REPO / "data" / "csto.yaml").sources if s.url}
    pdf = pdfium.PdfDocument(tmp_path / "csto-classroom.pdf")
    scale, found = 4, set()
    for page in pdf:
        text = page.get_textpage()
        height = page.get_size()[1]
        for code in zxingcpp.read_barcodes(page.render(scale=scale).to_pil()):
            found.add(code.text)
            code_top = height - code.position.top_left.y / scale
            code_left = code.position.top_left.x / scale
            # As typed, up to any quote or dash (guide prints those curly or long).
            searcher = text.search(re.split(r"['\"-]", titles[code.text])[0][:30],
                                   match_case=True)
            distances = []
            while (hit := searcher.get_next()) is not None:
                _, _, right, top = text.get_charbox(hit[0])
                if code_left > right:  # right of its text
                    distances.append(abs(top - code_top))
            # Level with the first line of its source.
            assert distances and min(distances) < 8, code.text
    assert found == set(titles)


def test_a_table_that_breaks_says_so_on_the_page_it_goes_on_to(tmp_path: Path) -> None:
    events = [{"date": str(1900 + i), "event": f"Event number {i} of a long run of years."}
              for i in range(70)]
    (tmp_path / "long.yaml").write_text(yaml.safe_dump(
        {"title": "Long timeline", "summary": ["A topic with many dated events."],
         "timeline": events}))
    build([tmp_path / "long.yaml"], ["classroom"], tmp_path, cache=False,
          project=Project(tmp_path))
    pdf = pdfium.PdfDocument(tmp_path / "long-classroom.pdf")
    heads = []
    for page in pdf:
        width, height = page.get_size()
        heads.append(page.get_textpage().get_text_bounded(0, height - BAND, width, height))
    assert len(pdf) >= 2
    assert "continued" not in heads[0]
    assert all("Timeline, continued" in head for head in heads[1:])


def test_running_text_keeps_to_a_comfortable_measure(sheets: dict) -> None:
    """Lines set in the body text's size hold 75 characters or fewer on average, with
    none far past it; tables and small print are not running text."""
    sizes = {"classroom": 11, "dyslexia-friendly": 12, "large-print": 16, "ink-saver": 11}
    for paper in PAPERS:
        for audience, size in sizes.items():
            lengths = body_lines(sheets[paper] / sheet_name("csto", audience, paper), size)
            assert len(lengths) > 50
            assert statistics.mean(lengths) <= 75, (audience, paper)
            # (a few table rows set at the body size, cells run together, reach 90)
            assert max(lengths) <= 90, (audience, paper)
            assert statistics.mean(lengths) >= 55, (audience, paper)


def body_lines(path: Path, size: float) -> list[int]:
    """The length of every full printed line whose first letter is set at `size` points."""
    lengths = []
    for page in pdfium.PdfDocument(path):
        text = page.get_textpage()
        # pdfium joins a word hyphenated at a line's end, marking the break (U+0002 here);
        # lowercase on both sides, as pdf.js's find bar has it, is hyphenation.
        lines = re.sub(r"(?<=[a-z])[\x02\ufffe](?=[a-z])", "-\n", body_text(page))
        for line in lines.splitlines():
            hit = text.search(line[:30], match_case=True).get_next() if line.strip() else None
            if hit is None:
                continue
            # pdfium gives sizes in CSS pixels, as WeasyPrint wrote them.
            if abs(pdfium_c.FPDFText_GetFontSize(text, hit[0]) * 0.75 - size) < 0.2:
                lengths.append(len(line))
    return [n for n in lengths if n > 40]  # the last lines of paragraphs are short


def test_large_print_stacks_the_comparison(sheets: dict) -> None:
    text = " ".join(" ".join(pdf_text(sheets["A4"] / "csto-large-print.pdf")).split())
    assert "NATO: Brussels, Belgium" in text
    assert "CSTO: Moscow, Russia" in text


def test_the_teacher_mark_is_large_and_filled(sheets: dict) -> None:
    pdf = pdfium.PdfDocument(sheets["A4"] / "csto-teacher.pdf")
    for page in pdf:
        text = page.get_textpage()
        hit = text.search("TEACHER COPY", match_case=True).get_next()
        assert hit is not None
        assert pdfium_c.FPDFText_GetFontSize(text, hit[0]) * 0.75 >= 9.9
        left, _, _, top = text.get_charbox(hit[0])
        image = page.render(scale=2).to_pil().convert("RGB")
        height = page.get_size()[1]
        # Just left of the first letter: the mark's own dark red, not the white page.
        red, green, blue = image.getpixel((int((left - 3) * 2), int((height - top) * 2)))
        assert red > 120 and green < 80 and blue < 60


@pytest.mark.parametrize("topic", ["csto", "csto.hi", "nato"])
def test_pupils_see_nothing_meant_for_the_author(sheets: dict, topic: str) -> None:
    text = " ".join(pdf_text(sheets["A4"] / f"{topic}-classroom.pdf"))
    for word in ("seed", ".yaml", "data/", "TODO", "the article"):
        assert word not in text, word


@pytest.mark.parametrize(("topic", "chart"), [("csto", True), ("csto.hi", False)])
def test_a_timeline_in_a_script_svg_cannot_shape_prints_as_a_table(topic: str, chart: bool
                                                                   ) -> None:
    """WeasyPrint draws SVG text unshaped, so Devanagari labels would print broken: a Hindi
    topic's timeline and comparison charts give way to the table."""
    project = Project(REPO)
    view = select(load_topic(REPO / "data" / f"{topic}.yaml"),
                  load_audience("dyslexia-friendly", project))  # timeline: both
    html = render_html(view, project, topic)
    timeline = html[html.index('<section class="timeline"'):]
    timeline = timeline[:timeline.index("</section>")]
    assert ("<svg" in timeline) is chart
    assert '<table class="timeline"' in timeline


def test_a_summary_box_that_splits_closes_and_says_it_goes_on(sheets: dict) -> None:
    """Large print lets a tall summary run over: each part is a closed box, and the next
    page's running head says the summary goes on there (and the key facts after it)."""
    pdf = pdfium.PdfDocument(sheets["A4"] / "csto-large-print.pdf")
    heads = []
    for page in pdf:
        width, height = page.get_size()
        heads.append(page.get_textpage().get_text_bounded(0, height - BAND, width, height))
    first = next(n for n, head in enumerate(heads) if "Summary, continued" in head)
    assert first == 1 and "Key facts" in " ".join(pdf_text(sheets["A4"] / "csto-large-print.pdf")
                                                  [first:first + 1])
    # Page one's part of the box is closed at its foot: its border is drawn under its text.
    image = pdf[0].render(scale=1).to_pil().convert("RGB")
    border = (0x00, 0x3a, 0x52)  # large print's --summary-border
    rows = [y for y in range(image.height // 2, image.height)
            if sum(1 for x in range(0, image.width, 4)
                   if max(abs(a - b) for a, b in zip(image.getpixel((x, y)), border,
                                                     strict=True)) < 40) > image.width // 8]
    runs = sum(1 for y, after in itertools.pairwise([-9, *rows]) if after > y + 1)
    assert runs >= 2, "page one's part of the summary has its top border and no bottom one"
