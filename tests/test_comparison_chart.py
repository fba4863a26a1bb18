"""Comparison at a glance: numbers and years found in compared facts, drawn as small charts
with a scale, whose bars and dots stand where the values say; printed under the comparison
table and its caption, each topic in one colour on both sheets of a pair.

The printed tests lay out the CSTO sheet in every built-in audience with both charts on, and
read the PDF: chart text is never smaller than the audience's smallest text (measured on the
same PDF) nor under 8 pt, and the charts print as wide as the text they stand in."""

from __future__ import annotations

import ctypes
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from guide.api import build, load_topic
from guide.content.marks import plain
from guide.content.view import ComparisonTable, View, compare, select
from guide.errors import GuideError
from guide.press.fetch import weasyprint
from guide.press.pdf import lay_out
from guide.render.comparison_chart import comparison_chart, measures, series
from guide.render.page import render_html
from guide.render.timeline_svg import DEFAULT_PALETTE, ChartTheme
from guide.source.audience import audience_files, load_audience
from guide.source.resources import Project

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
PX_PT = 0.75  # a CSS px in points
MM_PT = 72 / 25.4


def table(*rows: tuple[str, str, str]) -> ComparisonTable:
    return ComparisonTable("A and B compared", "A", "B", list(rows))


def test_numbers_and_years_are_found_and_the_rest_left_out() -> None:
    found = measures(compare(load_topic(REPO / "data" / "csto.yaml"),
                             load_topic(REPO / "data" / "nato.yaml")))
    assert [(m.aspect, m.this, m.other, m.years) for m in found] == [
        ("Established", 2002, 1949, True), ("Member count", 6, 32, False)]
    assert measures(table(("Signed", "15 May 1992", "1949"), ("Seat", "Paris", "Rome"))) == []


def test_bars_are_proportional_on_a_scale_and_years_in_order() -> None:
    chart = comparison_chart(table(("Members", "8", "32"), ("Founded", "1990", "1950")))
    svg = ET.fromstring(str(chart))
    bars, years = svg.findall(f"{SVG}g")
    widths = [float(r.get("width")) for r in bars.iter(f"{SVG}rect")]
    assert widths[1] / widths[0] == pytest.approx(32 / 8, rel=0.01)
    ticks = [t.text for t in bars.iter(f"{SVG}text") if t.get("class") == "tick"]
    assert ticks == ["0", "10", "20", "30", "40"]
    dots = [float(c.get("cx")) for c in years.iter(f"{SVG}circle")]
    assert dots[0] > dots[1]  # A (1990) to the right of B (1950)
    labels = [t.text for t in years.iter(f"{SVG}text") if t.get("class") != "tick"]
    assert "1990" in labels and "1,990" not in labels
    ticks = [t.text for t in years.iter(f"{SVG}text") if t.get("class") == "tick"]
    assert ticks == ["1950", "1960", "1970", "1980", "1990"]


def test_text_is_escaped() -> None:
    chart = comparison_chart(ComparisonTable("t", "<b>&", "B", [("<i>x", "3", "4")]))
    assert "<b>" not in chart and "<i>" not in chart and "&amp;" in chart
    ET.fromstring(f"<div>{chart}</div>")


def test_the_pair_takes_colours_by_its_ids_in_sorted_order() -> None:
    pair = ComparisonTable(None, "Zeta", "Alpha", [("Members", "1", "2")])
    assert series(pair, ("aaa", "zzz")) == (1, 2)
    assert series(pair, ("zzz", "aaa")) == (2, 1)
    assert series(pair) == (2, 1)  # no ids: by name


def style_of(chart: str) -> str:
    return ET.fromstring(chart).find(f"{SVG}style").text or ""


def test_a_topic_may_pin_its_colour_unless_the_theme_says_none() -> None:
    pinned = ComparisonTable(None, "A", "B", [("Members", "1", "2")], None, "#7a1f3d")
    assert "#7a1f3d" in style_of(comparison_chart(pinned))
    greys = ChartTheme({**DEFAULT_PALETTE, "chart-topic-colours": "none"}, 8, 8, 170, 250)
    assert "#7a1f3d" not in style_of(comparison_chart(pinned, greys))
    both = replace(pinned, this_colour="#7a1f3d")  # the same pin twice: the theme's pair
    assert "#7a1f3d" not in style_of(comparison_chart(both))


def test_the_colour_key_is_checked(tmp_path: Path) -> None:
    topic = tmp_path / "t.yaml"
    topic.write_text("title: T\nsummary: [S]\ncolour: 7a1f3d\n", encoding="utf-8")
    assert load_topic(topic).colour == "#7a1f3d"
    topic.write_text("title: T\nsummary: [S]\ncolour: dark red\n", encoding="utf-8")
    with pytest.raises(GuideError) as caught:
        load_topic(topic)
    assert str(caught.value.problems[0]).endswith(
        ':3:1: colour: expected a colour such as "#7a1f3d" (quoted) or 7a1f3d, got \'dark red\'')


# --- printed -------------------------------------------------------------------------------


@dataclass
class Chart:
    """One chart SVG as printed: its page, its box in PDF points (y from the top), the
    width of the column it stands in (points), and its element."""

    page: int
    box: tuple[float, float, float, float]
    column: float
    element: Any


@cache
def printed(audience_name: str) -> tuple[list[Chart], bytes, View]:
    """The CSTO sheet laid out for a built-in audience with both charts on."""
    project = Project(REPO)
    audience = load_audience(audience_name, project)
    missing = tuple(p for p in ("timeline", "comparison") if p not in audience.sections)
    audience = replace(audience, timeline="chart", comparison_chart=True,
                       sections=audience.sections + missing)
    view = select(load_topic(REPO / "data" / "csto.yaml"), audience,
                  load_topic(REPO / "data" / "nato.yaml"))
    document = lay_out(render_html(view, project, "csto"), project)
    charts = []
    for number, page in enumerate(document.pages):
        for box, column in _svgs(page._page_box, 0.0):
            charts.append(Chart(number, (box.content_box_x() * PX_PT,
                                         box.content_box_y() * PX_PT,
                                         box.width * PX_PT, box.height * PX_PT),
                                column * PX_PT, box.element))
    return charts, document.write_pdf(), view


def walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from walk(child)


def _svgs(box: Any, column: float) -> Iterator[tuple[Any, float]]:
    if getattr(box, "element_tag", None) in ("section", "figure"):
        column = box.width
    if getattr(box, "element_tag", None) == f"{SVG}svg":
        yield box, column
    for child in getattr(box, "children", ()):
        yield from _svgs(child, column)


def characters(pdf: bytes) -> Iterator[tuple[int, str, float, float, float]]:
    """Each printed character: page, text, centre (points from the top left), and its
    size in points as printed (the font size scaled by the character's matrix)."""
    document = pdfium.PdfDocument(pdf)
    for number in range(len(document)):
        page = document[number]
        height = page.get_size()[1]
        text = page.get_textpage()
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if pdfium_c.FPDFText_IsGenerated(text, i) or not char.strip():
                continue
            matrix = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFText_GetMatrix(text, i, ctypes.byref(matrix))
            size = pdfium_c.FPDFText_GetFontSize(text, i) * math.sqrt(
                abs(matrix.a * matrix.d - matrix.b * matrix.c))
            left, bottom, right, top = text.get_charbox(i)
            yield number, char, (left + right) / 2, height - (top + bottom) / 2, size


def inside(chart: Chart, page: int, x: float, y: float) -> bool:
    left, top, width, height = chart.box
    return page == chart.page and left <= x <= left + width and top <= y <= top + height


BUILT_IN = sorted(set(audience_files(Project(REPO))) - {"default"})


@pytest.mark.parametrize("audience", BUILT_IN)
def test_chart_text_is_never_smaller_than_the_sheets_smallest_text(audience: str) -> None:
    charts, pdf, _ = printed(audience)
    kinds = {c.element.get("class") for c in charts}
    assert kinds == {"tl-timeline", "glance"}
    margin = 19 * MM_PT  # the running header and footer are not text to read
    in_charts, elsewhere = [], []
    for page, _, x, y, size in characters(pdf):
        if any(inside(c, page, x, y) for c in charts):
            in_charts.append(size)
        elif margin < y < 842 - margin:
            elsewhere.append(size)
    assert in_charts and elsewhere
    assert min(in_charts) >= max(8.0, min(elsewhere)) - 0.05, (min(in_charts), min(elsewhere))


@pytest.mark.parametrize("audience", BUILT_IN)
def test_charts_print_as_wide_as_the_text_and_as_drawn(audience: str) -> None:
    """As wide as the column they stand in, and at the width they are drawn for, so that the
    sizes in the SVG are the printed sizes."""
    charts, _, _ = printed(audience)
    for chart in charts:
        width = chart.box[2]
        assert width == pytest.approx(chart.column, abs=MM_PT)
        drawn = float(chart.element.get("viewBox").split()[2]) * MM_PT
        assert width == pytest.approx(drawn, abs=MM_PT)
        scale = width / drawn
        sizes = [float(t.get("font-size")) * MM_PT * scale
                 for t in chart.element.iter() if t.tag.endswith("text")]
        assert sizes and min(sizes) >= 8.0 - 0.05


def test_the_timeline_chart_prints_every_text_whole() -> None:
    charts, pdf, view = printed("dyslexia-friendly")
    timeline = [c for c in charts if c.element.get("class") == "tl-timeline"]
    printed_text = "".join(char for page, char, x, y, _ in characters(pdf)
                           if any(inside(c, page, x, y) for c in timeline))
    assert "\u2026" not in printed_text
    squashed = printed_text.replace("-", "")
    assert view.topic.timeline
    for event in view.topic.timeline:
        assert "".join(plain(event.event).split()).replace("-", "") in squashed


def page_image(pdf: Path | bytes, number: int, scale: float) -> Image.Image:
    return pdfium.PdfDocument(pdf)[number].render(scale=scale).to_pil().convert("RGB")


def hits(text: Any, label: str) -> list[tuple[int, int]]:
    """Every (index, length) where `label` is printed on a page, whole words only."""
    search = text.search(label, match_case=True, match_whole_word=True)
    return list(iter(search.get_next, None))


def bar_colours(pdf: Path) -> dict[str, tuple[int, int, int]]:
    """The colour of each row's bar in the "Member count" chart (the heading with the names
    right under it), from the pixels right of each name."""
    document = pdfium.PdfDocument(pdf)
    for number in range(len(document)):
        text = document[number].get_textpage()
        height = document[number].get_size()[1]
        for head, _ in hits(text, "Member count"):
            left, _, _, head_top = text.get_charbox(head)
            rows = {name: (*text.get_charbox(index), text.get_charbox(index + length - 1)[2])
                    for name in ("CSTO", "NATO") for index, length in hits(text, name)
                    if abs(text.get_charbox(index)[0] - left) < 1
                    and 0 < head_top - text.get_charbox(index)[3] < 40}
            if len(rows) < 2:
                continue
            scale = 4
            image = page_image(pdf, number, scale)
            colours = {}
            for name, (_, bottom, _, top, end) in rows.items():
                y = round((height - (top + bottom) / 2) * scale)
                row = [image.getpixel((x, y))
                       for x in range(round(end * scale), round((end + 60) * scale))]
                colours[name] = next(p for i, p in enumerate(row)
                                     if p != (255, 255, 255) and row[i:i + 6] == [p] * 6)
            return colours
    pytest.fail("no Member count chart")


def test_each_topic_keeps_its_colour_on_both_sheets(tmp_path: Path) -> None:
    report = build([REPO / "data" / "csto.yaml", REPO / "data" / "nato.yaml"], ["classroom"],
                   tmp_path, cache=False, project=Project(REPO))
    assert report.ok, report.problems
    on_csto = bar_colours(tmp_path / "csto-classroom.pdf")
    on_nato = bar_colours(tmp_path / "nato-classroom.pdf")
    assert on_csto == on_nato
    assert on_csto["CSTO"] != on_csto["NATO"]


def solid_dark_blocks(image: Image.Image, box: tuple[float, float, float, float],
                      scale: float, side_mm: float = 1.5) -> int:
    """How many squares of `side_mm`, on a grid over `box` (points), are dark all over."""
    grey = image.convert("L")
    side = max(2, round(side_mm * MM_PT * scale))
    left, top, width, height = (round(v * scale) for v in box)
    found = 0
    for y in range(top, top + height - side, side // 2):
        for x in range(left, left + width - side, side // 2):
            if grey.crop((x, y, x + side, y + side)).getextrema()[1] < 110:
                found += 1
    return found


def test_ink_saver_bars_are_outlined_or_hatched_not_solid() -> None:
    for audience, solid in (("ink-saver", False), ("classroom", True)):
        charts, pdf, _ = printed(audience)
        glance = next(c for c in charts if c.element.get("class") == "glance")
        image = page_image(pdf, glance.page, 4)
        assert (solid_dark_blocks(image, glance.box, 4) > 0) == solid, audience


def test_the_csto_sheet_shows_them_under_the_heading_before_the_table(tmp_path: Path) -> None:
    """The charts are the comparison at a glance: under its heading, above its table."""
    report = build([REPO / "data" / "csto.yaml"], ["classroom"], tmp_path, cache=False,
                   project=Project(REPO))
    assert report.ok, report.problems
    pages = pdfium.PdfDocument(tmp_path / "csto-classroom.pdf")
    labels = ("CSTO and NATO compared", "Member count")
    for page in pages:
        text = page.get_textpage()
        found = {label: hits(text, label) for label in labels}
        if found[labels[0]]:
            assert found[labels[1]], "the charts are not on the heading's page"
            # The highest of each on the page (PDF y grows upwards): the chart's label under
            # the heading, and the table's row of the same name after both.
            tops = [max(text.get_charbox(i)[3] for i, _ in found[label]) for label in labels]
            assert tops == sorted(tops, reverse=True)
            break
    else:
        pytest.fail("no page holds the comparison's heading")


@pytest.mark.parametrize("lines", range(24, 36))
def test_the_charts_never_start_a_page_without_their_heading(lines: int) -> None:
    """However far down the page the comparison starts, its charts stay with its heading."""
    base = (REPO / "styles" / "base.css").as_uri()
    before = "".join(f"<p>Line {i}</p>" for i in range(lines))
    body = "".join(f"<tr><th>Row {i}</th><td>x</td><td>y</td></tr>" for i in range(8))
    chart = comparison_chart(table(("Members", "8", "32")))
    html = (f'<html><head><link rel="stylesheet" href="{base}"><style>@page {{ size: A4 }} '
            f"td, th {{ height: 9mm }}</style></head><body><main>{before}"
            f'<section class="comparison"><h2>A and B</h2><figure class="glance-charts">{chart}'
            f'</figure><table class="comparison">{body}</table></section><p>After</p>'
            f"</main></body></html>")
    pages = weasyprint().HTML(string=html).render().pages
    boxes = [list(walk(page._page_box)) for page in pages]
    chart = next(n for n, page in enumerate(boxes)
                 if any(getattr(b, "element_tag", None) == f"{SVG}svg" for b in page))
    assert any(getattr(b, "text", None) == "A and B" for b in boxes[chart])
